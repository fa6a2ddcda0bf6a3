"""Export the validated tables to ``data/processed/``: Parquet (typed), CSV and a manifest.

An explicit export for other tools (a spreadsheet, a BI dashboard, another pipeline): the
notebooks and ``lkjip render`` read and validate ``data/raw`` themselves, so ``make report``
does not run it. Nothing is written unless every table validates, and every file goes through
:func:`lkjip_analysis.iorw.atomic_write`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from . import __version__
from .config import PROCESSED_DATA_DIR, resolve_data_dir
from .data import has_table, load_all, table_files
from .iorw import atomic_write, check_output, file_sha256, now_iso, protect_inputs, write_text
from .spreadsheet import write_export_csv


def build(data_dir=None, output_dir=None) -> list[Path]:
    """Validate all tables, then write ``<table>.parquet``, ``<table>.csv`` and ``manifest.json``.

    Returns the written paths. Raises DataError (writing nothing) when validation fails.
    """
    out = Path(output_dir) if output_dir is not None else PROCESSED_DATA_DIR
    with protect_inputs(resolve_data_dir(data_dir)):
        check_output(out, directory=True)
        return _build(data_dir, out)


def _build(data_dir, out: Path) -> list[Path]:
    tables = load_all(data_dir)
    written: list[Path] = []
    manifest = {
        "versi_lkjip_analysis": __version__,
        "dibuat": now_iso(),
        "data_dir": str(resolve_data_dir(data_dir)),
        "tabel": {},
    }
    # render every payload in memory first: a failure here leaves the directory untouched
    payloads: dict[str, pd.DataFrame] = dict(tables)
    for table, frame in payloads.items():
        written.append(atomic_write(out / f"{table}.parquet", lambda p, f=frame: f.to_parquet(p, index=False)))
        written.append(write_export_csv(frame, out / f"{table}.csv"))  # text neutralised for spreadsheets
        manifest["tabel"][table] = {
            "baris": len(frame),
            "berkas_sumber": {
                str(p.name): file_sha256(p)
                for p in (table_files(table, data_dir) if has_table(table, data_dir) else [])
            },
        }
    text = json.dumps(manifest, ensure_ascii=False, indent=2)
    written.append(write_text(out / "manifest.json", text))
    return written
