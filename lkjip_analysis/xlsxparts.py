"""Bounding an .xlsx before it is parsed: the parts of the zip are inspected, streamed and counted, so a
small file that unpacks to millions of rows or a huge shared-strings table is refused in seconds.

openpyxl loads the whole shared-strings table when it opens a workbook and then turns every cell into a
Python object: a 1 MB file can hold 8 million one-cell rows or 391 MB of shared strings, and cost minutes
and gigabytes inside the file size limit. :func:`inspect_sheet` reads the workbook part to find the
sheet's XML, then streams that XML once (counting ``<row>`` and ``<c>`` elements and collecting the
merged ranges ``<mergeCell ref="A2:A5"/>``), and checks the shared-strings part's unpacked size and
count, stopping at the first limit exceeded. Limits (the README documents them):

- rows: at most :data:`MAX_ROWS` (Excel's own maximum);
- cells: at most ``$LKJIP_MAX_XLSX_CELLS`` (default :data:`DEFAULT_MAX_CELLS`);
- shared strings: at most :data:`MAX_SHARED_STRINGS_MB` MB unpacked and no more strings than cells allowed;
- every other part openpyxl reads whole (styles, theme, workbook): at most :data:`MAX_SHARED_STRINGS_MB` MB.

The same module holds the other rules of a workbook's structure the reader applies: which sheet is a
table's (:func:`sheets_for`; two that match are ambiguous), merged ranges over data rows
(:func:`report_merged`) and Excel's ``_xHHHH_`` escapes (:func:`unescape`).
"""

from __future__ import annotations

import math
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from .errors import ArgumentError

MAX_ROWS = 1_048_576
MAX_CELLS_ENV = "LKJIP_MAX_XLSX_CELLS"
DEFAULT_MAX_CELLS = 2_000_000
"""About 110 thousand indikator rows of 18 columns; openpyxl reads 50-100 thousand cells a second."""
MAX_SHARED_STRINGS_MB = 64
_HEADER_ROW = 1
_BLOCK = 1 << 20
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_STRING = re.compile(rb"<(?:\w+:)?si[\s>/]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\"")


def max_cells() -> int:
    """The cell limit of one sheet: ``$LKJIP_MAX_XLSX_CELLS``, default :data:`DEFAULT_MAX_CELLS`."""
    raw = os.environ.get(MAX_CELLS_ENV, "").strip().replace(".", "")
    if not raw:
        return DEFAULT_MAX_CELLS
    if not raw.isdigit() or int(raw) < 1:
        raise ArgumentError(f"{MAX_CELLS_ENV} harus bilangan bulat lebih dari 0, bukan '{raw}'")
    return int(raw)


@dataclass
class Inspection:
    """What streaming a sheet found: its size, merged ranges, or why it is refused (``problem``)."""

    rows: int = 0
    cells: int = 0
    merged: list[str] = field(default_factory=list)
    problem: str | None = None


def _number(count: int) -> str:
    return f"{count:,}".replace(",", ".")


def sheet_names(archive: zipfile.ZipFile) -> list[str] | None:
    """The sheet names of the workbook part, or None when it cannot be read (openpyxl then says why)."""
    try:
        info = archive.getinfo("xl/workbook.xml")
        if info.file_size > 16 * 1024 * 1024:
            return None
        root = ElementTree.fromstring(archive.read(info))
    except (KeyError, ElementTree.ParseError, RuntimeError, ValueError, OSError, zipfile.BadZipFile):
        return None
    return [s.get("name", "") for s in root.iter(f"{_MAIN}sheet")]


def sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip member holding ``sheet_name``'s XML (from the workbook part and its relationships)."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    rid = next((s.get(f"{_REL}id") for s in book.iter(f"{_MAIN}sheet") if s.get("name") == sheet_name), None)
    target = next((r.get("Target") for r in rels if r.get("Id") == rid), None)
    if not target:
        return None
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return path if path in archive.namelist() else None


def _stream(archive: zipfile.ZipFile, member: str):
    """The XML of ``member`` in pieces that each end before a ``<`` (so no tag is split between two)."""
    with archive.open(member) as part:
        tail = b""
        for block in iter(lambda: part.read(_BLOCK), b""):
            data = tail + block
            cut = data.rfind(b"<")
            cut = len(data) if cut <= 0 else cut
            yield data[:cut]
            tail = data[cut:]
        if tail:
            yield tail


def _count_sheet(archive: zipfile.ZipFile, member: str, cell_limit: int) -> Inspection:
    found = Inspection()
    for piece in _stream(archive, member):
        found.rows += len(_ROW.findall(piece))
        found.cells += len(_CELL.findall(piece))
        found.merged += [m.decode() for m in _MERGE.findall(piece)]
        if found.rows > MAX_ROWS:
            found.problem = (
                f"lembar berisi lebih dari {_number(MAX_ROWS)} baris (batas Excel); hapus baris kosong di bawah data"
            )
            return found
        if found.cells > cell_limit:
            found.problem = (
                f"lembar berisi lebih dari {_number(cell_limit)} sel; batas sel per lembar {_number(cell_limit)} "
                f"(ubah dengan variabel {MAX_CELLS_ENV}), atau hapus sel terisi di luar tabel, atau simpan sebagai CSV"
            )
            return found
    return found


def _check_parts(archive: zipfile.ZipFile) -> str | None:
    """Why a part openpyxl reads whole when it opens a workbook (styles, theme, workbook, ...; every part
    but the sheets, which are streamed) is refused: larger than :data:`MAX_SHARED_STRINGS_MB` unpacked."""
    limit = MAX_SHARED_STRINGS_MB * 1024 * 1024
    for info in archive.infolist():
        name = info.filename
        if info.file_size > limit and not name.startswith("xl/worksheets/") and name.lower() != "xl/sharedstrings.xml":
            return (
                f"bagian {name} {math.ceil(info.file_size / 1024 / 1024)} MB setelah dibuka; batas "
                f"{MAX_SHARED_STRINGS_MB} MB; simpan ulang dari Excel atau simpan sebagai CSV"
            )
    return None


def _check_strings(archive: zipfile.ZipFile, cell_limit: int) -> str | None:
    """Why the shared-strings part is refused, if it is: too large unpacked, or more strings than cells."""
    member = next((n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if member is None:
        return _check_parts(archive)
    size = archive.getinfo(member).file_size
    if size > MAX_SHARED_STRINGS_MB * 1024 * 1024:
        return (
            f"tabel teks bersama (xl/sharedStrings.xml) {math.ceil(size / 1024 / 1024)} MB setelah dibuka; batas "
            f"{MAX_SHARED_STRINGS_MB} MB; hapus teks yang tidak dipakai atau simpan sebagai CSV"
        )
    why = _check_parts(archive)
    if why:
        return why
    count = 0
    for piece in _stream(archive, member):
        count += len(_STRING.findall(piece))
        if count > cell_limit:
            return (
                f"tabel teks bersama berisi lebih dari {_number(cell_limit)} teks (batas sel, ubah dengan variabel "
                f"{MAX_CELLS_ENV})"
            )
    return None


def inspect_sheet(handle, sheet_name: str) -> Inspection:
    """Stream the parts of the workbook open as ``handle`` that openpyxl would load for ``sheet_name``;
    ``problem`` says which limit is exceeded (nothing is parsed beyond the first one exceeded)."""
    limit = max_cells()
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        why = _check_strings(archive, limit)
        if why:
            return Inspection(problem=why)
        member = sheet_part(archive, sheet_name)
        if member is None:
            return Inspection()  # openpyxl says what is wrong with the workbook
        return _count_sheet(archive, member, limit)


def split_range(ref: str) -> tuple[str, int, str, int]:
    """(first column, first row, last column, last row) of ``A2:B5``.

    >>> split_range("A2:B5"), split_range("C3")
    (('A', 2, 'B', 5), ('C', 3, 'C', 3))
    """
    first, _, last = ref.partition(":")
    last = last or first
    a, b = re.fullmatch(r"([A-Z]+)(\d+)", first), re.fullmatch(r"([A-Z]+)(\d+)", last)
    return a[1], int(a[2]), b[1], int(b[2])


def sheets_for(sheets: list[str], table: str) -> list[str]:
    """The sheets named after ``table``, ignoring case and spaces (more than one is ambiguous).

    >>> sheets_for(["indikator", "Indikator ", "anggaran"], "indikator")
    ['indikator', 'Indikator ']
    """
    return [s for s in sheets if re.sub(r"\s+", "", s).lower() == table.lower()]


def sheet_for(sheets: list[str], table: str) -> str | None:
    """The (first) sheet of ``table`` among ``sheets`` (see :func:`sheets_for`)."""
    return next(iter(sheets_for(sheets, table)), None)


def bound_sheet(sheet, handle) -> str | bool | None:
    """The table's sheet of the workbook open as ``handle``, checked against the limits before openpyxl parses
    anything (``sheet``: the :class:`~lkjip_analysis.readers.Sheet` being read, which records problems);
    False (with the problem recorded) when it is missing, ambiguous or too large; None when the workbook
    part cannot be read here (openpyxl then says why)."""
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        names = sheet_names(archive)
    if names is None:
        return None
    matches = sheets_for(names, sheet.table)
    if not matches:
        sheet.problem(None, None, None, f"tidak ada lembar bernama '{sheet.table}'")
        return False
    if len(matches) > 1:
        listed = " dan ".join(f"'{m}'" for m in matches)
        sheet.problem(
            None,
            None,
            None,
            f"lembar {listed} sama-sama dibaca sebagai tabel '{sheet.table}' (nama hanya berbeda huruf besar/kecil "
            "atau spasi); gabungkan isinya ke satu lembar atau ganti nama lembar yang bukan tabel",
        )
        return False
    sheet.sheet = matches[0]
    found = inspect_sheet(handle, matches[0])
    if found.problem:
        sheet.problem(None, None, None, found.problem)
        return False
    sheet.merged = found.merged
    return matches[0]


def report_merged(sheet, ranges: list[str]) -> None:
    """A problem for every merged range over data rows: Excel keeps the value in the first cell only, so
    the others would read as *not reported*."""
    names = {letter: name for name, letter in sheet.letters.items()}
    for ref in ranges:
        first_col, first_row, _, last_row = split_range(ref)
        if last_row <= _HEADER_ROW:
            continue
        sheet.problem(
            first_row,
            names.get(first_col, first_col),
            None,
            f"sel digabung {ref}: Excel menyimpan nilainya hanya di sel {first_col}{first_row}, sel lain di "
            "gabungan itu terbaca kosong (tidak dilaporkan); pisahkan gabungan sel (Unmerge) dan isi nilainya "
            "di setiap baris",
        )


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Text of an Excel string as Excel shows it: ``_xHHHH_`` is the character U+HHHH (how the file format
    stores control characters), ``_x005F_`` a literal underscore; openpyxl leaves them as typed.

    >>> unescape("Golongan_x0001_IV"), unescape("abc_x202E_def"), unescape("_x005F_x0001_")
    ('Golongan\\x01IV', 'abc\u202edef', '_x0001_')
    """
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
