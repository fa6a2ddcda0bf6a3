"""Excel export: one workbook per agency and year with a sheet per analysis table (``lkjip export``).

Written with openpyxl (already the project's library for reading and writing workbooks): cells are
typed (numbers stay numbers, with Indonesian display formats: ``Rp #.##0`` for rupiah, ``0,00"%"``
for percentages), header rows frozen, column widths set, autofilter on. Every text cell goes
through :func:`lkjip_analysis.spreadsheet.text_cell`, so text from the data that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@``, ...) is shown, never run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from . import __version__
from .config import REPORTS_DIR, resolve_data_dir
from .errors import LkjipError
from .iorw import atomic_write, check_output, now_iso, protect_inputs
from .labels import column_label
from .spreadsheet import text_cell
from .tables import PERSEN_KOLOM, RUPIAH_KOLOM

WORKBOOK_NAME = "tabel_analisis.xlsx"
"""The workbook's name inside ``<output_dir>/<tahun>/<instansi-slug>/``, beside the HTML reports."""
RUPIAH_FORMAT = '"Rp" #,##0'
PERCENT_FORMAT = '0.00"%"'
NUMBER_FORMAT = "#,##0.##"
MAX_WIDTH = 60


def _number_format(column: str, frame: pd.DataFrame) -> str | None:
    if column in RUPIAH_KOLOM or (column == "realisasi" and any(c.startswith(("anggaran", "pagu")) for c in frame)):
        return RUPIAH_FORMAT
    if column in PERSEN_KOLOM or column in ("progres", "capaian_proyeksi", "capaian_tabel"):
        return PERCENT_FORMAT
    if column.startswith("tahun"):
        return "0"
    return NUMBER_FORMAT


def _write_sheet(book, title: str, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title[:31])
    columns = list(frame.columns)
    for j, name in enumerate(columns, start=1):
        text_cell(sheet, 1, j, column_label(str(name))).font = Font(bold=True)
    formats = {name: _number_format(str(name), frame) for name in columns}
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        for j, (name, value) in enumerate(zip(columns, row), start=1):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            if isinstance(value, str):
                text_cell(sheet, i, j, value)
            elif isinstance(value, (bool,)) or str(type(value).__name__) == "bool_":
                text_cell(sheet, i, j, "ya" if value else "tidak")
            else:
                cell = sheet.cell(row=i, column=j, value=float(value) if not float(value).is_integer() else int(value))
                cell.number_format = formats[name]
    for j, name in enumerate(columns, start=1):
        values = [column_label(str(name)), *(str(v) for v in frame[name].head(200))]
        sheet.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, max(len(v) for v in values) + 2)
    sheet.freeze_panes = "A2"
    if len(frame) and columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"


def workbook(report) -> object:
    """The openpyxl workbook of one :class:`~lkjip_analysis.sections.Report`."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, frame in report.export_tables().items():
        _write_sheet(book, title, frame)
    provenance = pd.DataFrame(
        [("instansi", report.instansi), ("tahun", str(report.tahun)), ("versi paket", f"lkjip-analysis {__version__}"),
         ("dibuat", now_iso())],
        columns=["ukuran", "nilai"],
    )  # fmt: skip
    _write_sheet(book, "Provenans", provenance)
    return book


def export(
    data_dir=None, output_dir=None, tahun: list[int] | None = None, instansi: list[str] | None = None
) -> list[Path]:
    """Write ``<output_dir>/<tahun>/<instansi-slug>/tabel_analisis.xlsx`` for every agency and year with
    measurement data (narrowed by ``tahun`` and ``instansi``); returns the paths written."""
    out = Path(output_dir) if output_dir is not None else REPORTS_DIR
    with protect_inputs(resolve_data_dir(data_dir)):
        check_output(out, directory=True)
        return _export(data_dir, out, tahun, instansi)


def _export(data_dir, out: Path, tahun, instansi) -> list[Path]:
    """Every workbook; one agency's failure (a file that cannot be written, a bad report) is named
    after the others are written, never stopping them."""
    from .errors import OutputError, os_error_message
    from .render.plan import plan, slug
    from .sections import Report

    written, failed = [], []
    for name, year in plan(data_dir, tahun, instansi):
        path = out / str(year) / slug(name) / WORKBOOK_NAME
        try:
            book = workbook(Report(name, year, str(data_dir or "")))
            written.append(atomic_write(path, lambda p, b=book: b.save(os.fspath(p))))
        except OutputError:
            raise
        except (LkjipError, OSError) as err:
            reason = os_error_message(err) if isinstance(err, OSError) and err.filename else str(err)
            failed.append(f"{name} ({year}): {reason}")
    if failed:
        raise ExportError(written, failed)
    return written


class ExportError(LkjipError):
    """Some workbooks could not be written; ``written`` are those that were."""

    def __init__(self, written: list[Path], failed: list[str]):
        self.written, self.failed = written, failed
        super().__init__(f"{len(failed)} buku kerja gagal ditulis ({len(written)} berhasil): " + "; ".join(failed))
