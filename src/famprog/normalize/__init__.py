"""Pure functions from German surface text to normalized values. No spaCy, no CLI, no I/O but language data."""
