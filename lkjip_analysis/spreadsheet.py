"""Writing tables as files people open in a spreadsheet: formula-safe exports and the canonical CSV.

Two kinds of output, two rules:

- *Exports* (``lkjip build``'s CSV, ``lkjip audit --csv``) are opened in Excel or LibreOffice,
  so text that a spreadsheet would run as a formula is neutralised as the OWASP guidance on CSV
  injection says: a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return
  gets a leading ``'``, so ``=HYPERLINK(...)`` is shown, never run. Numbers are numbers and are
  left alone. In an .xlsx the same text is written as a string cell with Excel's quote prefix,
  which shows the exact text and keeps it text when edited (:func:`text_cell`). Parquet files
  and the loaders keep the exact text.
- The *canonical CSV* (``lkjip convert``) is raw data in the shipped format, read back by the
  loaders: it keeps the exact text, so a converted workbook and its CSV load to the same table.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pandas as pd

from .errors import ArgumentError
from .iorw import atomic_write, check_output, protect_inputs

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters a spreadsheet may take as the start of a formula (OWASP)."""


def neutralize(text: str) -> str:
    """Text a spreadsheet shows but never runs.

    >>> neutralize("=HYPERLINK(\\"http://x\\")"), neutralize("+cmd|' /C calc'!A0"), neutralize("Dinas A")
    ('\\'=HYPERLINK("http://x")', "'+cmd|' /C calc'!A0", 'Dinas A')
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def neutralize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are neutralised (numeric columns untouched)."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_string_dtype(column.dtype) or column.dtype == object:
            out[name] = column.map(lambda v: neutralize(v) if isinstance(v, str) else v)
    return out


def write_export_csv(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write ``frame`` as a UTF-8 CSV for spreadsheets (atomically), text neutralised."""
    safe = neutralize_frame(frame)
    return atomic_write(path, lambda p: safe.to_csv(p, index=False, encoding="utf-8"))


def text_cell(worksheet, row: int, column: int, text: str):
    """Put ``text`` into an openpyxl cell as text that Excel never evaluates, exactly as given."""
    cell = worksheet.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store '=...' as a formula
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell


def canonical_text(frame: pd.DataFrame) -> str:
    """A frame of text cells as the canonical CSV: comma-separated, quoted where needed, ``\\n``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    for record in frame.itertuples(index=False, name=None):
        writer.writerow(["" if pd.isna(v) else v for v in record])
    return buffer.getvalue()


def _output_name(table: str, source: Path, taken: set[str]) -> str:
    """``<table>.csv`` or ``<table>_<name>.csv`` for one source file, unique among ``taken``."""
    if source.suffix.lower() == ".csv":
        name = source.name
    else:
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", source.stem).strip("-") or "excel"
        name = f"{table}.csv" if stem == table else f"{table}_{stem}.csv"
    base, number = name[:-4], 2
    while name in taken:
        name = f"{base}_{number}.csv"
        number += 1
    taken.add(name)
    return name


def convert(data_dir=None, output_dir=None) -> list[Path]:
    """Write every file of every table in ``data_dir`` as a canonical CSV into ``output_dir``.

    Only accepted input is converted: the tables are validated first, and nothing is written when
    they fail (DataError). Each source file (or sheet) becomes one CSV named so that the loaders
    read it as the same table: ``indikator_dinas.csv`` stays, the sheet ``anggaran`` of
    ``dinas.xlsx`` becomes ``anggaran_dinas.csv``. Numbers are written with a dot decimal and no
    grouping, text exactly as read.
    """
    from .config import resolve_data_dir

    source_dir = resolve_data_dir(data_dir)
    if output_dir is None:
        raise ArgumentError("direktori keluaran wajib diisi (--output-dir)")
    out = Path(output_dir)
    with protect_inputs(source_dir):
        check_output(out, directory=True)
        return _convert(source_dir, out)


def _convert(source_dir: Path, out: Path) -> list[Path]:
    from .data import document_name, load_all, table_files
    from .errors import DataError
    from .readers import read_file

    tables = load_all(source_dir)
    payloads: dict[str, str] = {}
    taken: set[str] = set()
    for table in tables:
        try:
            sources = table_files(table, source_dir)
        except DataError:
            continue  # an optional table the data does not have
        for source in sources:
            sheet = read_file(source, table)
            if sheet.frame is None:  # pragma: no cover - load_all has accepted every file
                raise DataError(sheet.problems)
            frame = sheet.frame  # the document the file name gave its rows, written down
            laporan = frame["laporan"] if "laporan" in frame.columns else pd.Series("", index=frame.index)
            frame = frame.assign(laporan=laporan.fillna("").replace("", document_name(source, table, sheet.sheet)))
            payloads[_output_name(table, source, taken)] = canonical_text(frame)
    return [
        atomic_write(out / name, lambda p, t=text: p.write_text(t, encoding="utf-8", newline=""))
        for name, text in payloads.items()
    ]
