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
