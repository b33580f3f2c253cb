"""famprog: German press releases about family-policy programs in, knowledge records out."""

__version__ = "0.1.0"
