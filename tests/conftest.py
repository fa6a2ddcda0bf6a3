import shutil
from pathlib import Path

import pytest

from lkjip_analysis.config import RAW_DATA_DIR


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A writable copy of the shipped raw data, for breaking on purpose."""
    target = tmp_path / "raw"
    shutil.copytree(RAW_DATA_DIR, target)
    return target


def edit_csv(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
