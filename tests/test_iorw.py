"""Atomic writes, hashes and the one timestamp rule."""

import hashlib
import re

import pytest

from lkjip_analysis.iorw import atomic_write, file_sha256, now_iso, write_text


def test_atomic_write_replaces_whole_file_with_mode_0644(tmp_path):
    target = tmp_path / "sub" / "a.txt"
    write_text(target, "lama")
    write_text(target, "baru")
    assert target.read_text() == "baru"
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.txt"
    write_text(target, "lama")

    def broken(path):
        path.write_text("separuh")
        raise OSError("disk penuh")

    with pytest.raises(OSError):
        atomic_write(target, broken)
    assert target.read_text() == "lama"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_sha256_and_timestamp(tmp_path):
    path = write_text(tmp_path / "x", "abc")
    assert file_sha256(path) == hashlib.sha256(b"abc").hexdigest()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", now_iso())
