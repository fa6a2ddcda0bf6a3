"""Shared fixtures: a writable copy of the raw data, the loaded tables, one rendered report set."""

import shutil
from pathlib import Path

import pytest

from lkjip_analysis import load_anggaran, load_indikator, load_kepegawaian
from lkjip_analysis.config import RAW_DATA_DIR

from .helpers import run_lkjip


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A writable copy of the shipped raw data, for breaking on purpose."""
    target = tmp_path / "raw"
    shutil.copytree(RAW_DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def ind():
    """The shipped indikator table (tests must not modify it)."""
    return load_indikator()


@pytest.fixture(scope="session")
def ang():
    """The shipped anggaran table."""
    return load_anggaran()


@pytest.fixture(scope="session")
def kep():
    """The shipped kepegawaian table."""
    return load_kepegawaian()


@pytest.fixture(scope="session")
def reports(tmp_path_factory) -> Path:
    """The default batch of the shipped data, rendered once per session by ``lkjip render``."""
    out = tmp_path_factory.getbasetemp() / "laporan"
    if not (out / "index.html").exists() and not any(out.glob("*/index.html")):
        done = run_lkjip("render", "--output-dir", out)
        assert done.returncode in (0, 3), done.stdout + done.stderr  # 3: some reports have no data (listed)
    return out
