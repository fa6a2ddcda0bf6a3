"""Test helpers (plain functions; fixtures live in conftest.py)."""

import csv
import subprocess
import sys
from pathlib import Path

from lkjip_analysis.config import RAW_DATA_DIR
from lkjip_analysis.render import slug


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


def _table_of(name: str, tables: list[str]) -> str | None:
    for table in sorted(tables, key=len, reverse=True):
        if name.endswith(".csv") and (name == f"{table}.csv" or name.startswith(f"{table}_")):
            return table
    return None


def synthetic_data(dest: Path, names: list[str], source: Path = RAW_DATA_DIR) -> Path:
    """A data directory with one copy of the shipped data's first agency (the first row of
    ``indikator.csv``) under each of ``names``, in ``<table>_<slug>.csv`` files; files of a table
    without an ``instansi`` column are copied as they are."""
    from lkjip_analysis.data import list_tables

    dest.mkdir(parents=True, exist_ok=True)
    tables = list_tables()
    with (source / "indikator.csv").open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        template = next(reader)[header.index("instansi")]
    for path in sorted(source.glob("*.csv")):
        table = _table_of(path.name, tables)
        if table is None:
            continue
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        if "instansi" not in rows[0]:
            (dest / path.name).write_bytes(path.read_bytes())
            continue
        column = rows[0].index("instansi")
        mine = [row for row in rows[1:] if row and row[column] == template]
        if not mine:
            continue
        rest = path.stem[len(table) :]
        for name in names:
            with (dest / f"{table}_{slug(name)}{rest}.csv").open("w", encoding="utf-8", newline="") as f:
                out = csv.writer(f, lineterminator="\n")
                out.writerow(rows[0])
                out.writerows([*row[:column], name, *row[column + 1 :]] for row in mine)
    return dest
