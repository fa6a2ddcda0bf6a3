"""The Excel template (``lkjip template``): one sheet per table, generated from the schemas.

Each table of :data:`~lkjip_analysis.schemas.SCHEMAS` gets a sheet named after it with the
column names in row 1 (frozen, filterable), a comment on each header with the column's
description, unit and accepted values, a dropdown for every closed vocabulary (``isin``), range
checks for numbers, and number formats: ``Rp 1.234`` for rupiah, ``93,75%`` for percent (the
number typed is the percent: 93,75, never 0,9375), text format for text so that ``5.10`` stays
``5.10``. A filled template dropped into the data directory is read as it is (sheets that are not
tables, ``Petunjuk`` and the hidden ``_daftar``, are ignored). Everything is read from the schemas
when the template is made, so a new table or column appears without a change here.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ArgumentError
from .iorw import atomic_write
from .readers import number_columns
from .schemas import SCHEMAS
from .spreadsheet import text_cell

GUIDE_SHEET = "Petunjuk"
LISTS_SHEET = "_daftar"
LAST_ROW = 1_048_576  # Excel's last row: validation and formats cover every row a user can fill
REQUIRED_FILL = "FFF2CC"
OPTIONAL_FILL = "DDEBF7"
DEFAULT_NAME = "templat_lkjip.xlsx"

_OPERATORS = {  # pandera check -> (Excel operator, statistic, message)
    "greater_than_or_equal_to": ("greaterThanOrEqual", "min_value", "paling kecil {0}"),
    "greater_than": ("greaterThan", "min_value", "lebih dari {0}"),
    "less_than_or_equal_to": ("lessThanOrEqual", "max_value", "paling besar {0}"),
    "less_than": ("lessThan", "max_value", "kurang dari {0}"),
}


def _number_format(name: str, column, numbers: dict) -> str:
    """The Excel number format of a column: rupiah, percent as typed, year, count or text."""
    kind = numbers.get(name)
    if kind is None:
        return "@"
    if kind.unit == "Rp":
        return '"Rp "#,##0'
    if kind.unit == "%":
        return '#,##0.00"%"'  # a literal '%': the cell holds the percent itself
    if kind.unit == "tahun":
        return "0"
    return "#,##0" if kind.integer else "General"


def _allowed(column) -> list[str] | None:
    check = next((c for c in column.checks if c.name == "isin"), None)
    return [str(v) for v in check.statistics["allowed_values"]] if check is not None else None


def _comment_text(name: str, column) -> str:
    """The header comment: description, unit, whether required, accepted values."""
    lines = [name, column.description or ""]
    unit = (column.metadata or {}).get("unit", "-")
    if unit not in ("-", None):
        lines.append(f"Satuan: {unit}")
    lines.append("Boleh kosong (kosong = tidak dilaporkan, bukan 0)" if column.nullable else "Wajib diisi")
    allowed = _allowed(column)
    if allowed:
        lines.append("Pilihan: " + ", ".join(allowed))
    return "\n".join(line for line in lines if line)


def _number_validation(name: str, column, numbers: dict):
    """A whole/decimal data validation from the column's range checks, or None."""
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = numbers.get(name)
    if kind is None:
        return None
    kind_word = "whole" if kind.integer else "decimal"
    noun = "bilangan bulat" if kind.integer else "angka"
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "in_range":
            low, high = stats["min_value"], stats["max_value"]
            rule = DataValidation(type=kind_word, operator="between", formula1=str(low), formula2=str(high))
            rule.error = f"Harus {noun} antara {low} dan {high}."
            break
        if check.name in _OPERATORS:
            operator, statistic, text = _OPERATORS[check.name]
            rule = DataValidation(type=kind_word, operator=operator, formula1=str(stats[statistic]))
            rule.error = f"Harus {noun} {text.format(stats[statistic])}."
            break
    else:
        rule = DataValidation(type=kind_word, operator="between", formula1="-1E+15", formula2="1E+15")
        rule.error = f"Harus {noun}."
    rule.errorTitle = "Nilai tidak sah"
    rule.allow_blank = True
    rule.showErrorMessage = True
    return rule


def _table_sheet(book, table: str, lists, list_column: list[int]) -> None:
    """One table's sheet: header, comments, formats, validations."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    schema = SCHEMAS[table].to_schema()
    numbers = number_columns(table)
    sheet = book.create_sheet(table)
    for position, (name, column) in enumerate(schema.columns.items(), start=1):
        letter = get_column_letter(position)
        cell = text_cell(sheet, 1, position, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=OPTIONAL_FILL if column.nullable else REQUIRED_FILL)
        note = Comment(_comment_text(name, column), "lkjip")
        note.width, note.height = 320, 160
        cell.comment = note
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(12, min(42, len(name) + 4))
        dimension.number_format = _number_format(name, column, numbers)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        allowed = _allowed(column)
        if allowed:
            list_column[0] += 1
            list_letter = get_column_letter(list_column[0])
            text_cell(lists, 1, list_column[0], f"{table}.{name}")
            for row, value in enumerate(allowed, start=2):
                text_cell(lists, row, list_column[0], value)
            rule = DataValidation(
                type="list",
                formula1=f"'{LISTS_SHEET}'!${list_letter}$2:${list_letter}${len(allowed) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Nilai tidak dikenal",
                error="Pilih salah satu: " + ", ".join(allowed)[:200],
            )
        else:
            rule = _number_validation(name, column, numbers)
        if rule is not None:
            rule.add(cells)
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(schema.columns))}1"


def _guide(book) -> None:
    """The first sheet: how to fill the template, in Bahasa Indonesia."""
    from openpyxl.styles import Font

    from . import __version__, schemas

    required = getattr(schemas, "REQUIRED_TABLES", list(SCHEMAS))
    sheet = book.active
    sheet.title = GUIDE_SHEET
    lines = [
        f"Templat data LKjIP (lkjip-analysis {__version__})",
        "",
        "1. Isi satu lembar per tabel. Baris 1 berisi nama kolom: jangan diubah. Lembar yang tidak dipakai "
        "boleh dibiarkan kosong.",
        "2. Kepala kolom kuning wajib diisi; kepala biru boleh kosong. Sel kosong berarti tidak dilaporkan (bukan 0); "
        "jangan mengetik '-' atau 'n/a'.",
        "3. Angka diketik sebagai angka. Rupiah tanpa sen (format sel menampilkan 'Rp'). Persen diketik sebagai angka "
        "persen: 93,75 untuk 93,75% (format sel menampilkan '%', nilainya tidak dibagi 100).",
        "4. Arahkan kursor ke kepala kolom untuk keterangan, satuan dan pilihan; kolom berpilihan punya daftar tarik-turun.",
        "5. Simpan sebagai .xlsx di direktori data (boleh bersama berkas CSV), lalu jalankan: "
        "lkjip validate --data-dir DIREKTORI",
        "",
        "Tabel:",
    ]
    for table, model in SCHEMAS.items():
        keys = ", ".join(model.to_schema().unique or [])
        need = "wajib" if table in required else "opsional"
        lines.append(f"- {table} ({need}): {model.__doc__ or ''} Satu baris per ({keys}).")
    for row, line in enumerate(lines, start=1):
        text_cell(sheet, row, 1, line)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 140


def template_workbook():
    """The template as an openpyxl Workbook (built from the schemas as they are now)."""
    from openpyxl import Workbook

    book = Workbook()
    _guide(book)
    lists = book.create_sheet(LISTS_SHEET)
    list_column = [0]
    for table in SCHEMAS:
        _table_sheet(book, table, lists, list_column)
    book.move_sheet(lists, offset=len(book.sheetnames))
    lists.sheet_state = "hidden"
    return book


def write_template(path: str | os.PathLike = DEFAULT_NAME, force: bool = False) -> Path:
    """Write the template to ``path`` (an .xlsx); an existing file is replaced only with ``force``."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ArgumentError(f"berkas templat harus berakhiran .xlsx: {path}")
    if path.exists() and not force:
        raise ArgumentError(f"{path} sudah ada; pakai --force untuk menimpanya (isi berkas itu akan hilang)")
    book = template_workbook()
    return atomic_write(path, lambda p: book.save(p))
