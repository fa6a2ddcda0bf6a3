"""Write the validated tables to ``data/processed/``: Parquet (typed), CSV and a manifest.

Nothing is written unless every table validates, and every file is first written to a
temporary file in the target directory and then renamed, so a reader never sees a
half-written file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from . import __version__
from .config import PROCESSED_DATA_DIR, resolve_data_dir
from .data import load_all, table_files


def atomic_write(path: Path, write) -> Path:
    """Call ``write(tmp_path)`` then rename the temporary file onto ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def build(data_dir=None, output_dir=None) -> list[Path]:
    """Validate all tables, then write ``<table>.parquet``, ``<table>.csv`` and ``manifest.json``.

    Returns the written paths. Raises DataError (writing nothing) when validation fails.
    """
    tables = load_all(data_dir)
    out = Path(output_dir) if output_dir is not None else PROCESSED_DATA_DIR
    written: list[Path] = []
    manifest = {
        "versi_lkjip_analysis": __version__,
        "dibuat": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "data_dir": str(resolve_data_dir(data_dir)),
        "tabel": {},
    }
    # render every payload in memory first: a failure here leaves the directory untouched
    payloads: dict[str, pd.DataFrame] = dict(tables)
    for table, frame in payloads.items():
        written.append(atomic_write(out / f"{table}.parquet", lambda p, f=frame: f.to_parquet(p, index=False)))
        written.append(atomic_write(out / f"{table}.csv", lambda p, f=frame: f.to_csv(p, index=False, encoding="utf-8")))
        manifest["tabel"][table] = {
            "baris": len(frame),
            "berkas_sumber": {str(p.name): file_sha256(p) for p in table_files(table, data_dir)},
        }
    text = json.dumps(manifest, ensure_ascii=False, indent=2)
    written.append(atomic_write(out / "manifest.json", lambda p: p.write_text(text, encoding="utf-8")))
    return written
