"""runner.write_file leaves a record that already holds the same bytes as it is (no rename), and
replaces every other one whole, over a table of old and new contents."""

from __future__ import annotations

import os
from pathlib import PurePosixPath

import pytest

from famprog import runner
from famprog.errors import OutputError


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (None, "{}\n"),  # no file yet
        ("{}\n", "{}\n"),  # the same bytes: left as it is
        ("Straße\n", "Straße\n"),
        ("", ""),
        ('{"a": 1}\n', '{"a": 2}\n'),  # same size, other bytes
        ("{}\n", "{}\n\n"),  # the new text is longer
        ("{}\n\n", "{}\n"),  # the new text is a prefix of the old
        ("Strasse\n", "Straße\n"),  # same number of characters, not of bytes
    ],
)
def test_write_file_replaces_only_what_differs(tmp_path, monkeypatch, old, new):
    rel = PurePosixPath("sub/a.json")
    target = tmp_path / "sub" / "a.json"
    if old is not None:
        target.parent.mkdir()
        target.write_bytes(old.encode("utf-8"))
        inode = target.stat().st_ino
    renames = []
    real_replace = os.replace

    def counting_replace(*args, **kwargs):
        renames.append(args)
        return real_replace(*args, **kwargs)

    monkeypatch.setattr(runner.os, "replace", counting_replace)
    runner.write_file(tmp_path, rel, new)
    assert target.read_bytes() == new.encode("utf-8")
    assert len(renames) == (0 if old == new else 1)
    if old == new:
        assert target.stat().st_ino == inode  # the very same file
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]  # no temporary file left


def test_write_file_refuses_a_symlink_even_to_the_same_bytes(tmp_path):
    (tmp_path / "elsewhere.json").write_text("{}\n")
    os.symlink(tmp_path / "elsewhere.json", tmp_path / "a.json")
    with pytest.raises(OutputError):
        runner.write_file(tmp_path, PurePosixPath("a.json"), "{}\n")
    assert os.path.islink(tmp_path / "a.json")
