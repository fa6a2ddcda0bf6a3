"""Test helpers (plain functions; fixtures live in conftest.py)."""

import subprocess
import sys
from pathlib import Path


def edit_csv(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a CSV file, asserting that ``old`` is there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def run_lkjip(*args, cwd=None) -> subprocess.CompletedProcess:
    """Run the ``lkjip`` command in a fresh interpreter, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "lkjip_analysis.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


def table_frame(table: str, rows: list[dict], **common):
    """A hand-built frame of ``table`` with every schema column, typed as the loader types it: each
    row's values over ``common`` over the column defaults (missing cells empty)."""
    import pandas as pd

    from lkjip_analysis.data import empty_table
    from lkjip_analysis.schemas import column_defaults

    defaults = column_defaults(table)
    empty = empty_table(table)
    records = [{**defaults, **common, **row} for row in rows]
    frame = pd.DataFrame(records).reindex(columns=empty.columns)
    return frame.astype(empty.dtypes.to_dict())
