"""Every path the project uses, derived in one place.

``PROJ_ROOT`` is the repository root; the shipped data lives in ``data/raw`` and is
never written by the tools. ``data/processed`` and ``reports`` are generated.

The data directory can be overridden with the ``LKJIP_DATA_DIR`` environment variable
or, taking precedence, the ``data_dir`` argument of every loader.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJ_ROOT / "data"
RAW_DATA_DIR = DATA_DIR / "raw"
PROCESSED_DATA_DIR = DATA_DIR / "processed"
REPORTS_DIR = PROJ_ROOT / "reports"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

DATA_DIR_ENV = "LKJIP_DATA_DIR"


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The raw-data directory to read: the argument, else ``$LKJIP_DATA_DIR``, else ``data/raw``."""
    if data_dir is not None and str(data_dir) != "":
        return Path(data_dir).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return RAW_DATA_DIR
