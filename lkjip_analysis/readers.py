"""Reading one input file into text cells: a CSV in either dialect, or one sheet of an .xlsx workbook.

:func:`read_file` turns a file into a :class:`Sheet`: a frame of text cells (numbers already in
the canonical form the schemas coerce: dot decimal, no grouping), the spreadsheet row of each
frame row and the column letter of each column, the detected :class:`Dialect`, and every
problem the file has. Nothing here raises for bad input; every problem names the file (and
sheet), the row as a spreadsheet shows it, the column, the value found and what was expected.

Accepted input (the README documents it for users):

- CSV, UTF-8 (with or without BOM) or UTF-16 with BOM, in one of two dialects recognised by the
  header row: comma-separated with dot decimals and no thousands separator (:data:`CSV`), or
  semicolon-separated, as a spreadsheet saves it in the Indonesian locale, with decimal comma and
  thousands dot (:data:`CSV_ID`);
- ``.xlsx`` (:data:`XLSX`): every sheet named after a table, column names in row 1; typed cells
  are taken as typed, text cells holding numbers are read in the Indonesian format;
- in a column whose unit is rupiah a leading ``Rp`` (and a trailing ``,-``) is accepted, in a
  column whose unit is percent a trailing ``%``: ``93%`` is read as 93, never divided by 100; an
  Excel cell formatted as percent is read as the number it shows (0.9375 shown as 93,75% is 93.75);
- only regular files (a symlink to one is fine), at most :func:`max_file_bytes` bytes.

Refused, with the cell named: a number that is ambiguous (``1.234`` in a dot-decimal file),
not finite (``inf``, ``nan``) or larger than :data:`MAX_MAGNITUDE`; ``-`` or ``n/a`` for a
missing number (an empty cell means *not reported*); control characters in text; a column named
twice; rows with more or fewer cells than the header.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
import stat
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import ArgumentError, Problem, os_error_message
from .schemas import SCHEMAS
from .xlsxparts import bound_sheet, report_merged, sheet_for, unescape

MAX_FILE_MB_ENV = "LKJIP_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 100
XLSX_EXPANSION = 4
"""An .xlsx may unpack to at most this many times the file size limit (its XML is verbose)."""
MAX_MAGNITUDE = Decimal(10) ** 15
"""The largest absolute value of any number: 1.000 triliun rupiah, far above any agency's budget."""
MAX_PROBLEMS = 100
"""Problems listed per file; the rest are counted (a broken 50 MB file must not print a million lines)."""
CHUNK_ROWS = 8_192  # rows of Python strings held before they become Arrow arrays
HEADER_ROW = 1

_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"  # the characters (RE2 and re)
"""Control characters (tab, line feed and carriage return are text) and bidirectional overrides."""
_CONTROL_RE = re.compile(_CONTROL)


# --- dialects ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dialect:
    """How a file writes its cells: separator, decimal mark and thousands separator."""

    name: str
    label: str
    delimiter: str | None
    decimal: str
    thousands: str | None


CSV = Dialect("csv", "CSV baku (pemisah koma, titik desimal, tanpa pemisah ribuan)", ",", ".", None)
CSV_ID = Dialect("csv-id", "CSV format Indonesia (pemisah titik koma, koma desimal, titik ribuan)", ";", ",", ".")
XLSX = Dialect("xlsx", "Excel .xlsx (sel angka apa adanya, teks angka format Indonesia)", None, ",", ".")


def detect_dialect(header_line: str) -> Dialect:
    """The CSV dialect of a file, from its header row: semicolons (and no commas) mean Indonesian.

    >>> detect_dialect("instansi;tahun;target").name, detect_dialect("instansi,tahun,target").name
    ('csv-id', 'csv')
    """
    line = first_line(header_line)
    try:
        semicolons = len(next(csv.reader([line], delimiter=";"), []))
        commas = len(next(csv.reader([line], delimiter=","), []))
    except csv.Error:  # an unbalanced quote: count the separators themselves
        semicolons, commas = line.count(";"), line.count(",")
    return CSV_ID if semicolons > commas else CSV


def first_line(text: str) -> str:
    r"""The first line of ``text``, ended by LF, CRLF or a lone CR (old Mac files), as CSV reads it.

    >>> first_line("a;b\rc;d"), first_line("a,b\r\nc")
    ('a;b', 'a,b')
    """
    return re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]


# --- numbers -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NumberKind:
    """A numeric column: integer or not, and its unit (``Rp``, ``%``, ``tahun``, ...)."""

    integer: bool
    unit: str


def number_columns(table: str) -> dict[str, NumberKind]:
    """The numeric columns of ``table`` as its schema declares them (read anew: schemas grow).

    >>> number_columns("kepegawaian")["jumlah"]
    NumberKind(integer=True, unit='orang')
    """
    kinds = {}
    for name, column in SCHEMAS[table].to_schema().columns.items():
        dtype = str(column.dtype)
        unit = (column.metadata or {}).get("unit", "-")
        if re.fullmatch(r"u?int\d*", dtype, re.I):
            kinds[name] = NumberKind(True, unit)
        elif re.fullmatch(r"float\d*", dtype, re.I):
            kinds[name] = NumberKind(False, unit)
    return kinds


class NumberError(ValueError):
    """A cell that is not a number in the file's dialect; ``expected`` says what would be."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


_DOT_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_ID_NUMBER = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?([eE][+-]?\d+)?")
_AMBIGUOUS = re.compile(r"-?[1-9]\d{0,2}\.\d{3}")
_GROUPED = re.compile(r"-?\d{1,3}([.,]\d{3})+([.,]\d+)?")
_RUPIAH = re.compile(r"(-?)\s*Rp\.?\s*(-?)\s*(.+)", re.I)
_NON_FINITE = {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan", "-nan", "+nan"}
_MISSING_WORDS = {"-", "--", "–", "—", "n/a", "na", "#n/a", "null", "none", "nihil", "tidak ada", "t/a"}


def number_expectation(dialect: Dialect, kind: NumberKind) -> str:
    """What a cell of this kind must look like in this dialect, in Bahasa Indonesia."""
    if dialect.decimal == ".":
        text = (
            "harus bilangan bulat tanpa pemisah ribuan, mis. 1234"
            if kind.integer
            else "harus angka dengan titik desimal, tanpa pemisah ribuan, mis. 93.75"
        )
    else:
        text = (
            "harus bilangan bulat, mis. 1.234"
            if kind.integer
            else "harus angka format Indonesia (koma desimal, titik ribuan), mis. 93,75"
        )
    if kind.unit == "Rp":
        text += "; boleh diawali 'Rp'"
    elif kind.unit == "%":
        text += "; boleh diakhiri '%' (93% dibaca 93)"
    return text


def _strip_unit(text: str, kind: NumberKind) -> str:
    """``text`` without the ``Rp`` or ``%`` its column's unit allows."""
    if kind.unit == "Rp":
        text = text[:-2].rstrip() if text.endswith(",-") else text  # 'Rp 1.234.000,-': no sen
        match = _RUPIAH.fullmatch(text)
        return ("-" if match.group(1) or match.group(2) else "") + match.group(3).strip() if match else text
    if kind.unit == "%" and text.endswith("%"):
        return text[:-1].rstrip()
    return text


def _diagnose(text: str, dialect: Dialect, kind: NumberKind) -> str:
    """Why ``text`` is not a number of ``kind`` in ``dialect``: the most specific reason."""
    base = number_expectation(dialect, kind)
    lowered = text.lower()
    if lowered in _NON_FINITE:
        return "harus angka terhingga; inf dan NaN tidak diterima (kosongkan sel bila tidak dilaporkan)"
    if lowered in _MISSING_WORDS:
        return (
            f"bukan angka; kosongkan sel bila tidak dilaporkan ('{text}' tidak dibaca sebagai kosong maupun 0, "
            "karena bisa berarti keduanya)"
        )
    if re.search(r"rp", lowered) and kind.unit != "Rp":
        return f"{base}; 'Rp' hanya diterima di kolom bersatuan rupiah"
    if "%" in text and kind.unit != "%":
        return f"{base}; '%' hanya diterima di kolom bersatuan persen"
    if dialect.decimal == ".":
        if _GROUPED.fullmatch(text) and "," not in text:
            return f"{base}; pemisah ribuan tidak diterima di CSV baku, tulis {text.replace('.', '')}"
        if "," in text:
            return (
                f"{base}; CSV baku memakai titik desimal: tulis {text.replace('.', '').replace(',', '.')}, atau "
                "simpan berkas sebagai CSV format Indonesia (pemisah titik koma)"
            )
    elif re.fullmatch(r"-?\d+\.\d+", text):
        return f"{base}; di format Indonesia titik adalah pemisah ribuan, tulis {text.replace('.', ',')}"
    return base


def parse_number(text: str, dialect: Dialect, kind: NumberKind) -> str:
    """The canonical text (dot decimal, no grouping) of a number cell; NumberError when it is none.

    >>> parse_number("8.460.444.119", CSV_ID, NumberKind(True, "Rp")), parse_number("Rp 1.234.000,-", CSV_ID, NumberKind(True, "Rp"))
    ('8460444119', '1234000')
    >>> parse_number("93,75", CSV_ID, NumberKind(False, "%")), parse_number("93%", CSV, NumberKind(False, "%"))
    ('93.75', '93')
    >>> try:
    ...     parse_number("1.234", CSV, NumberKind(False, "satuan"))
    ... except NumberError as err:
    ...     print(err.expected[:59])
    ambigu: '1.234' bisa berarti 1234 (titik ribuan) atau 1,234
    """
    body = _strip_unit(text, kind)
    if dialect.decimal == ".":
        if _AMBIGUOUS.fullmatch(body):
            raise NumberError(
                f"ambigu: '{body}' bisa berarti {body.replace('.', '')} (titik ribuan) atau {body.replace('.', ',')} "
                f"(titik desimal); berkas ini memakai titik desimal: tulis {body.replace('.', '')} bila ribuan, "
                f"atau {body}0 bila desimal"
            )
        canonical = body if _DOT_NUMBER.fullmatch(body) else None
    else:
        canonical = body.replace(".", "").replace(",", ".") if _ID_NUMBER.fullmatch(body) else None
    if canonical is None:
        raise NumberError(_diagnose(text, dialect, kind))
    try:
        value = Decimal(canonical)
    except InvalidOperation:  # pragma: no cover - the patterns admit only decimals
        raise NumberError(_diagnose(text, dialect, kind)) from None
    if abs(value) > MAX_MAGNITUDE:
        raise NumberError("terlalu besar: nilai mutlak paling besar 10^15 (1.000 triliun)")
    if kind.integer:
        if value != value.to_integral_value():
            raise NumberError(number_expectation(dialect, kind))
        return str(int(value))
    if "e" in canonical.lower():
        return format(value.normalize(), "f")
    return canonical


# --- problems ------------------------------------------------------------------------------------
def shown(value: object, limit: int = 80) -> str:
    """A cell value as a message shows it: control characters escaped, long text cut.

    >>> shown("a\\x00b")
    'a\\\\x00b'
    """
    text = _CONTROL_RE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", str(value)
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Sheet:
    """One file (or one sheet of a workbook) read for one table, as text cells with their positions."""

    path: Path
    table: str
    dialect: Dialect | None = None
    frame: pd.DataFrame | None = None
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    letters: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sheet: str | None = None
    omitted: int = 0
    merged: list[str] = field(default_factory=list)  # merged ranges of an .xlsx sheet (A2:A5)

    @property
    def file(self) -> str:
        return str(self.path)

    @property
    def label(self) -> str:
        """The dialect as ``validate`` prints it."""
        if self.dialect is None:
            return "tidak terbaca"
        return self.dialect.label + (f", lembar '{self.sheet}'" if self.sheet else "")

    def problem(self, row: int | None, column: str | None, value: object, expected: str) -> None:
        """Record a problem of this file (at most :data:`MAX_PROBLEMS`; the rest are counted)."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.omitted += 1
            return
        letter = self.letters.get(column) if self.sheet is not None and column is not None else None
        self.problems.append(Problem(self.file, row, column, value, expected, self.sheet, letter))

    def finish(self) -> Sheet:
        if self.omitted:
            self.problems.append(
                Problem(
                    self.file,
                    None,
                    None,
                    None,
                    f"... dan {self.omitted} masalah lain di berkas ini (perbaiki yang di atas, lalu periksa lagi)",
                    self.sheet,
                )
            )
            self.omitted = 0
        return self

    def locate(self, index) -> tuple[str, int | None]:
        """(file, spreadsheet row) of frame row ``index`` (None: the whole file)."""
        return self.file, None if index is None else int(self.rows[int(index)])

    def origin(self) -> list[tuple[str, int]]:
        return [(self.file, int(r)) for r in self.rows]

    def refine(self, problems: list[Problem]) -> list[Problem]:
        """Validation problems of this file with sheet and column letter, without the cells this
        reader already reported (a refused number is missing to the schema, not a second problem)."""
        reported = {(p.row, p.column) for p in self.problems}
        out = []
        for p in problems:
            if p.file != self.file:
                out.append(p)
            elif (p.row, p.column) not in reported or p.row is None:
                letter = self.letters.get(p.column) if self.sheet is not None else None
                out.append(replace(p, sheet=self.sheet, column_letter=letter))
        return out


# --- files ---------------------------------------------------------------------------------------
def max_file_bytes() -> int:
    """The size limit of one input file: ``$LKJIP_MAX_FILE_MB`` megabytes, default 100."""
    raw = os.environ.get(MAX_FILE_MB_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_FILE_MB * 1024 * 1024
    try:
        megabytes = float(raw.replace(",", "."))
    except ValueError:
        megabytes = -1
    if not megabytes > 0 or not math.isfinite(megabytes):
        raise ArgumentError(f"{MAX_FILE_MB_ENV} harus angka MB lebih dari 0, bukan '{raw}'")
    return int(megabytes * 1024 * 1024)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + " MB"


def open_regular(path: Path, limit: int) -> tuple[io.BufferedReader | None, str | None]:
    """An open binary file, or why it cannot be read: only regular files up to ``limit`` bytes.

    The file is opened without blocking and checked on the open descriptor, so a FIFO, a
    device (``/dev/zero`` behind a symlink) or a directory is refused before anything is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None, "berkas tidak ada (tautan simbolik rusak, atau berkas dihapus saat dibaca)"
    except OSError as err:
        return None, f"tidak dapat dibuka: {os_error_message(err).split(': ', 1)[-1]}"
    info = os.fstat(fd)
    why = None
    if stat.S_ISDIR(info.st_mode):
        why = "ini direktori, bukan berkas; pindahkan atau ganti namanya"
    elif not stat.S_ISREG(info.st_mode):
        why = "bukan berkas biasa (perangkat, pipa atau soket); hanya berkas biasa yang dibaca"
    elif info.st_size > limit:
        why = (
            f"berkas terlalu besar: {_megabytes(info.st_size)}, batas {_megabytes(limit)} "
            f"(ubah dengan variabel {MAX_FILE_MB_ENV})"
        )
    if why:
        os.close(fd)
        return None, why
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb"), None


def read_bytes(path: Path, limit: int) -> tuple[bytes | None, str | None]:
    """The bytes of a regular file of at most ``limit`` bytes, or why not (a file growing while
    read is cut at the limit and refused)."""
    handle, why = open_regular(path, limit)
    if handle is None:
        return None, why
    try:
        with handle:
            raw = handle.read(limit + 1)
    except OSError as err:
        return None, f"tidak dapat dibaca: {os_error_message(err).split(': ', 1)[-1]}"
    if len(raw) > limit:
        return None, f"berkas terlalu besar: lebih dari {_megabytes(limit)} (ubah dengan variabel {MAX_FILE_MB_ENV})"
    return raw, None


def file_key(path: Path) -> tuple:
    """Path, size and modification time of a file (for the loaders' cache), never raising."""
    try:
        info = path.stat()
    except OSError:
        return (str(path), None, None)
    return (str(path.resolve()), info.st_size, info.st_mtime_ns)


_MAGIC = {
    b"PK\x03\x04": "berkas ini adalah Excel .xlsx (atau zip) dengan akhiran lain; beri akhiran .xlsx",
    b"\xd0\xcf\x11\xe0": "berkas ini adalah Excel lama (.xls); simpan ulang sebagai .xlsx atau 'CSV UTF-8'",
    b"%PDF": "berkas ini adalah PDF, bukan CSV",
}


def decode(raw: bytes) -> tuple[str | None, str, str | None, int]:
    """(text, encoding) of a CSV's bytes: UTF-8 (BOM optional) or UTF-16 with BOM; else
    (None, encoding tried, why, offset of the first bad byte)."""
    for magic, why in _MAGIC.items():
        if raw.startswith(magic):
            return None, "", why, 0
    encoding = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    head = raw[:1024]
    if encoding != "utf-16" and head.count(0) * 4 >= len(head) > 0:  # every other byte NUL: UTF-16
        return (
            None,
            encoding,
            "berkas berisi banyak byte NUL: teks UTF-16 tanpa BOM, atau berkas biner; "
            + ("simpan ulang sebagai 'CSV UTF-8'"),
            0,
        )
    try:
        return raw.decode(encoding), encoding, None, 0
    except UnicodeDecodeError as err:
        if encoding == "utf-16":
            return None, encoding, "berkas UTF-16 rusak; simpan ulang sebagai 'CSV UTF-8'", err.start
        why = "berkas bukan UTF-8 (mungkin Windows-1252/Latin-1 atau berkas biner); simpan ulang sebagai 'CSV UTF-8'"
        return None, encoding, why, err.start


# --- CSV -----------------------------------------------------------------------------------------
def _position(prefix: str, delimiter: str) -> tuple[int, str | None]:
    """(spreadsheet row, column name) of the end of ``prefix``, counting records, not lines."""
    records = list(csv.reader(io.StringIO(prefix + "\x00", newline=""), delimiter=delimiter))
    position = len(records[-1]) - 1
    header = records[0] if len(records) > 1 else []
    return len(records), header[position].strip() if position < len(header) else None


def _records(raw: bytes, encoding: str, dialect: Dialect) -> Iterator[list[str]]:
    """The CSV records of ``raw``, decoded as they are read (a StringIO of the whole text would
    hold four bytes per character)."""
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, newline="")
    return csv.reader(stream, delimiter=dialect.delimiter, strict=True)


def read_csv(path: Path, table: str, limit: int | None = None) -> Sheet:
    """Read one CSV file (either dialect) for ``table``."""
    sheet = Sheet(Path(path), table)
    raw, why = read_bytes(sheet.path, max_file_bytes() if limit is None else limit)
    if raw is None:
        sheet.problem(None, None, None, why)
        return sheet.finish()
    text, encoding, why, offset = decode(raw)
    if text is None:
        prefix = raw[:offset].decode("utf-8-sig", "replace")
        row, column = _position(prefix, detect_dialect(prefix).delimiter)
        if offset:
            sheet.problem(row, column, f"byte {raw[offset : offset + 1].hex()}", why)
        else:
            sheet.problem(None, None, None, why)
        return sheet.finish()
    empty, header_line = not text.strip(), first_line(text)
    del text  # the records are decoded again as they are read
    if empty:
        sheet.problem(None, None, None, "berkas kosong; baris pertama harus berisi nama kolom")
        return sheet.finish()
    if "\x00" in header_line:
        sheet.problem(
            HEADER_ROW,
            None,
            None,
            "baris judul berisi byte NUL: berkas biner, atau teks UTF-16 tanpa BOM; simpan ulang sebagai 'CSV UTF-8'",
        )
        return sheet.finish()
    sheet.dialect = detect_dialect(header_line)
    if "\t" in header_line and sheet.dialect == CSV and "," not in header_line:
        sheet.problem(
            HEADER_ROW, None, None, "berkas dipisah tab; simpan sebagai CSV (pemisah koma atau titik koma) atau .xlsx"
        )
        return sheet.finish()
    records = _records(raw, encoding, sheet.dialect)
    _assemble(sheet, _numbered(records, sheet), _ragged_hint(sheet.dialect))
    return sheet.finish()


def _numbered(records: Iterator[list[str]], sheet: Sheet) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row, cells) of every CSV record; a quoting error becomes a problem."""
    row = 0
    try:
        for row, record in enumerate(records, start=1):
            yield row, record
    except csv.Error as err:
        reason = str(err)
        if "unexpected end of data" in reason:
            why = 'tanda kutip pembuka tidak pernah ditutup; periksa tanda kutip (") di baris ini'
        elif "field larger than field limit" in reason:
            why = f'sel lebih dari {csv.field_size_limit()} karakter; periksa tanda kutip (") di baris ini'
        else:
            why = f'CSV tidak dapat dibaca ({reason}); periksa tanda kutip (") di baris ini'
        sheet.problem(row + 1, None, None, why)


def _ragged_hint(dialect: Dialect) -> str:
    if dialect.delimiter == ",":
        return "angka desimal ditulis dengan titik (1.85, bukan 1,85) dan teks berkoma diberi tanda kutip"
    return "teks yang memuat titik koma diberi tanda kutip"


# --- shared assembly -----------------------------------------------------------------------------
def _header(sheet: Sheet, cells: list) -> tuple[list[str], list[int]] | None:
    """Column names and their positions; problems for a blank row 1, blank names with data
    (checked later), control characters and names used twice."""
    names = ["" if c is None else str(c).strip() for c in cells]
    if not any(names):
        sheet.problem(HEADER_ROW, None, None, "baris 1 kosong; baris pertama harus berisi nama kolom")
        return None
    first: dict[str, int] = {}
    ok = True
    for position, name in enumerate(names):
        if not name:
            continue
        if _CONTROL_RE.search(name):
            sheet.problem(HEADER_ROW, shown(name), None, "nama kolom memuat karakter kendali; ketik ulang nama kolom")
            ok = False
        elif name in first:
            sheet.problem(
                HEADER_ROW,
                name,
                None,
                f"nama kolom ganda: muncul di kolom {column_letter(first[name])} dan {column_letter(position)}; "
                "hapus atau ganti nama salah satunya",
            )
            ok = False
        else:
            first[name] = position
    if not ok:
        return None
    return names, list(range(len(names)))


def _assemble(sheet: Sheet, numbered: Iterable[tuple[int, list[str]]], ragged_hint: str | None) -> None:
    """Fill ``sheet.frame`` (text cells, NA when empty) and ``sheet.rows`` from (row, cells)
    records whose first record is the header (cells are text, "" when empty). Blank rows are
    skipped but keep their number. ``ragged_hint``: a CSV, whose rows must match the header."""
    iterator = iter(numbered)
    first = next(iterator, None)
    if first is None:
        sheet.problem(None, None, None, "berkas kosong; baris pertama harus berisi nama kolom")
        return
    header_row, header_cells = first
    if header_row != HEADER_ROW:
        sheet.problem(HEADER_ROW, None, None, "baris 1 kosong; baris pertama harus berisi nama kolom")
        return
    parsed = _header(sheet, header_cells)
    if parsed is None:
        return
    names, _ = parsed
    width = len(names)
    named = [i for i, n in enumerate(names) if n]
    unnamed = [i for i, n in enumerate(names) if not n]
    sheet.letters = {names[i]: column_letter(i) for i in named}
    records: list[list[str]] = []
    chunks: list[list[pa.Array]] = [[] for _ in named]
    rows: list[int] = []
    unnamed_used: dict[int, int] = {}
    shape_ok = True
    for row, cells in iterator:
        if not "".join(cells).strip():
            continue
        if len(cells) != width:
            overflow = bool("".join(cells[width:]).strip())
            if ragged_hint is not None:  # CSV: a cell more or less shifts every value after it
                sheet.problem(
                    row, None, None, f"baris ini berisi {len(cells)} kolom, baris judul {width}; {ragged_hint}"
                )
                shape_ok = False
                continue
            if overflow:
                sheet.problem(
                    row,
                    None,
                    None,
                    f"sel di luar kolom bernama (kolom {column_letter(width)} dan seterusnya); "
                    "beri nama kolomnya di baris 1 atau hapus selnya",
                )
                shape_ok = False
                continue
            cells = list(cells[:width]) + [""] * (width - len(cells))
        for i in unnamed:
            if cells[i].strip():
                unnamed_used.setdefault(i, row)
        records.append(cells)
        rows.append(row)
        if len(records) == CHUNK_ROWS:
            _flush(records, named, chunks)
    for i, row in unnamed_used.items():
        sheet.problem(
            HEADER_ROW,
            None,
            None,
            f"kolom {column_letter(i)} tanpa nama berisi nilai (mis. baris {row}); beri nama di baris 1 atau hapus kolomnya",
        )
        shape_ok = False
    if not shape_ok:
        return
    _flush(records, named, chunks)
    data = {
        names[i]: pd.Series(pa.chunked_array(chunks[k], type=pa.large_string()), dtype="str")
        for k, i in enumerate(named)
    }
    del chunks  # the frame holds the only copy of the cells from here on
    frame = pd.DataFrame(data, copy=False)
    del data
    sheet.rows = np.asarray(rows, dtype=np.int64)
    sheet.frame = _clean(sheet, frame)


def _flush(records: list[list[str]], named: list[int], chunks: list[list[pa.Array]]) -> None:
    """Move ``records`` (rows of cells) into one Arrow array per named column."""
    if records:
        columns = list(zip(*records))
        for chunk, i in zip(chunks, named):
            chunk.append(pa.array(columns[i], type=pa.large_string()))
        records.clear()


def _located(sheet: Sheet, bad: np.ndarray) -> np.ndarray:
    """Positions of the bad cells worth a problem each; the others are only counted."""
    positions = np.flatnonzero(bad)
    room = max(MAX_PROBLEMS - len(sheet.problems), 0)
    sheet.omitted += max(len(positions) - room, 0)
    return positions[:room]


def _clean(sheet: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells as the schemas see them: control characters refused, line breaks as ``\\n``,
    surrounding spaces removed, empty as NA, numbers in canonical form."""
    for name in frame.columns:
        column = frame[name]
        bad = column.str.contains(_CONTROL, regex=True).fillna(False).to_numpy(dtype=bool)
        for position in _located(sheet, bad):
            value = column.iloc[position]
            at = _CONTROL_RE.search(value)
            sheet.problem(
                int(sheet.rows[position]),
                name,
                shown(value),
                f"memuat karakter kendali U+{ord(at.group()):04X} pada posisi {at.start() + 1}; hapus karakter itu",
            )
        if bad.any():
            column = column.mask(bad)
        if column.str.contains("\r", regex=False).fillna(False).any():
            column = column.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
        column = column.str.strip()
        frame[name] = column.mask(column == "")
    return _numbers(sheet, frame)


def _numbers(sheet: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    """Numeric columns rewritten to canonical text; a cell that is no number is reported and
    becomes NA (so the schema does not report it twice)."""
    for name, kind in number_columns(sheet.table).items():
        if name not in frame.columns:
            continue
        column = frame[name]
        mapping: dict[str, object] = {}
        refused: dict[str, str] = {}
        for value in column.dropna().unique():
            try:
                mapping[value] = parse_number(value, sheet.dialect, kind)
            except NumberError as err:
                refused[value] = err.expected
                mapping[value] = None
        if refused:
            for position in _located(sheet, column.isin(list(refused)).to_numpy(dtype=bool)):
                value = column.iloc[position]
                sheet.problem(int(sheet.rows[position]), name, shown(value), refused[value])
        if refused or any(k != v for k, v in mapping.items()):
            frame[name] = column.map(mapping).astype("str")
    return frame


# --- xlsx ----------------------------------------------------------------------------------------
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def workbook_sheets(path: Path) -> list[str] | None:
    """The sheet names of an .xlsx (from its workbook part, without loading any sheet), or None
    when the file is not a readable workbook (reading it then reports why)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with zipfile.ZipFile(path) as book:
            info = book.getinfo("xl/workbook.xml")
            if info.file_size > 16 * 1024 * 1024:
                return None
            root = ElementTree.fromstring(book.read(info))
    except (OSError, zipfile.BadZipFile, KeyError, ElementTree.ParseError, RuntimeError, ValueError):
        return None
    return [s.get("name", "") for s in root.iter(f"{_MAIN_NS}sheet")]


def _is_percent_format(number_format: str | None) -> bool:
    """Whether an Excel number format shows the value times 100 with '%' (quoted text excluded).

    >>> _is_percent_format("0.00%"), _is_percent_format('0.00"%"'), _is_percent_format("General")
    (True, False, False)
    """
    if not number_format:
        return False
    bare = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in bare


def _excel_number_text(value: float | int, percent: bool) -> str:
    """A typed Excel number as Indonesian-format text (decimal comma, no grouping), exact."""
    if isinstance(value, float) and not math.isfinite(value):
        return "inf" if value > 0 else ("-inf" if value < 0 else "nan")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if percent:
        number *= 100
    if abs(number) > MAX_MAGNITUDE:
        return repr(value).replace(".", ",")
    return format(number.normalize(), "f").replace(".", ",")


ROW_UNIT = "satuan"
"""The unit of a column whose values are in the row's own ``satuan`` (target, realisasi, ...)."""


def is_percent_satuan(satuan: str | None) -> bool:
    """Whether a row's ``satuan`` is percent (as :data:`lkjip_analysis.indikator.UNIT_ALIASES` reads it).

    >>> is_percent_satuan(" Persen "), is_percent_satuan("%"), is_percent_satuan("indeks"), is_percent_satuan(None)
    (True, True, False, False)
    """
    from .indikator import UNIT_ALIASES

    return satuan is not None and UNIT_ALIASES.get(re.sub(r"\s+", " ", str(satuan).strip().lower())) == "%"


def _percent_cell(cell, kind: NumberKind, satuan: str | None) -> bool:
    """Whether a percent-formatted number cell is read as the number it shows (x 100): in a percent column,
    or in a column in the row's satuan when that satuan is percent. NumberError for a percent-formatted cell
    in a row of another satuan: which number is meant cannot be told."""
    if not _is_percent_format(getattr(cell, "number_format", None)):
        return False
    if kind.unit == "%" or (kind.unit == ROW_UNIT and is_percent_satuan(satuan)):
        return True
    if kind.unit == ROW_UNIT:
        raise NumberError(
            f"sel berformat persen (tampil {_excel_number_text(cell.value, True)}%) tetapi satuan baris ini "
            f"'{satuan or ''}', bukan persen; ubah format sel menjadi angka, atau satuan menjadi '%'"
        )
    return False


def excel_cell_text(cell, kind: NumberKind | None, satuan: str | None = None) -> str | None:
    """The text of one Excel cell for a column of ``kind`` (None: a text column); NumberError when
    a numeric column holds what is no number."""
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "e":
        raise NumberError(f"sel berisi galat Excel {value}; perbaiki rumusnya atau ketik nilainya")
    if isinstance(value, bool):
        if kind is not None:
            raise NumberError("harus angka, bukan nilai logika TRUE/FALSE")
        return "TRUE" if value else "FALSE"
    if isinstance(value, (datetime, date)):
        if kind is not None and kind.unit == "tahun":
            return str(value.year)
        if kind is not None:
            raise NumberError("harus angka, bukan tanggal; ubah format sel menjadi angka")
        return value.date().isoformat() if isinstance(value, datetime) and value.time() == time() else value.isoformat()
    if isinstance(value, (time, timedelta)):
        if kind is not None:
            raise NumberError("harus angka, bukan waktu; ubah format sel menjadi angka")
        return str(value)
    if isinstance(value, (int, float)):
        if kind is None:
            return str(int(value)) if float(value).is_integer() and abs(value) < 2**53 else repr(value)
        return _excel_number_text(value, _percent_cell(cell, kind, satuan))
    return unescape(str(value))


class _Broken(Exception):
    """openpyxl failed on a damaged workbook."""


def _guarded(rows: Iterator) -> Iterator:
    """openpyxl's rows; any failure inside openpyxl becomes :class:`_Broken`."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as err:  # a damaged workbook can fail anywhere inside openpyxl
            raise _Broken(f"{type(err).__name__}: {err}") from err
        yield row


def _has_formulas(handle, part_name: str | None) -> bool:
    """Whether a sheet's XML holds any formula (streamed, so a large sheet costs one quick pass)."""
    if part_name is None:
        return True
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        try:
            part = archive.open(part_name.lstrip("/"))
        except KeyError as err:
            raise _Broken(f"bagian {part_name} tidak ada") from err
        with part:
            tail = b""
            for block in iter(lambda: part.read(1 << 20), b""):
                if re.search(rb"<(\w+:)?f[ >/]", tail + block):
                    return True
                tail = block[-16:]
    return False


def _formula_cells(handle, sheet_name: str, part_name: str | None) -> set[tuple[int, int]]:
    """(row, column) of every formula cell of a sheet; the workbook is opened a second time (with
    formulas instead of cached values) only when the sheet's XML holds a formula."""
    import openpyxl

    if not _has_formulas(handle, part_name):
        return set()
    handle.seek(0)
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds on a damaged file
        raise _Broken(f"{type(err).__name__}: {err}") from err
    try:
        worksheet = book[sheet_name]
        worksheet.reset_dimensions()
        return {
            (cell.row, cell.column)
            for row in _guarded(worksheet.iter_rows())
            for cell in row
            if getattr(cell, "data_type", None) == "f"
        }
    finally:
        book.close()


def read_xlsx(path: Path, table: str, limit: int | None = None) -> Sheet:
    """Read the sheet named after ``table`` of an .xlsx workbook (typed cells taken as typed)."""
    sheet = Sheet(Path(path), table, XLSX)
    limit = max_file_bytes() if limit is None else limit
    handle, why = open_regular(sheet.path, limit)
    if handle is None:
        sheet.problem(None, None, None, why)
        return sheet.finish()
    with handle, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            _read_workbook(sheet, handle, limit)
        except (_Broken, zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as err:
            sheet.frame = None
            sheet.problem(
                None,
                None,
                None,
                f"bukan berkas Excel .xlsx yang sah atau rusak ({shown(err, 120)}); simpan ulang dari Excel",
            )
    return sheet.finish()


def _read_workbook(sheet: Sheet, handle, limit: int) -> None:
    import openpyxl

    with zipfile.ZipFile(handle) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > XLSX_EXPANSION * limit:
        sheet.problem(
            None,
            None,
            None,
            f"isi .xlsx terlalu besar setelah dibuka: {_megabytes(unpacked)}, batas {_megabytes(XLSX_EXPANSION * limit)} "
            f"({XLSX_EXPANSION} x batas berkas; ubah dengan variabel {MAX_FILE_MB_ENV})",
        )
        return
    name = bound_sheet(sheet, handle)
    if name is False:
        return
    handle.seek(0)
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds on a damaged file
        raise _Broken(f"{type(err).__name__}: {err}") from err
    try:
        name = name or sheet_for(book.sheetnames, sheet.table)
        if name is None or name not in book.sheetnames:
            sheet.problem(None, None, None, f"tidak ada lembar bernama '{sheet.table}'")
            return
        sheet.sheet = name
        worksheet = book[name]
        formulas = _formula_cells(handle, name, getattr(worksheet, "_worksheet_path", None))
        worksheet.reset_dimensions()  # a damaged dimension would pad every row to 16384 columns
        kinds = number_columns(sheet.table)
        _assemble(sheet, _excel_rows(sheet, _guarded(worksheet.iter_rows()), kinds, formulas), None)
        report_merged(sheet, sheet.merged)
    finally:
        book.close()


def _row_satuan(cells, header: list[str]) -> str | None:
    """The row's ``satuan`` cell, as text (None when the sheet has no such column or the cell is empty)."""
    if ROW_UNIT not in header:
        return None
    position = header.index(ROW_UNIT)
    value = cells[position].value if position < len(cells) else None
    return None if value is None else str(value)


def _excel_rows(
    sheet: Sheet, rows: Iterator, kinds: dict[str, NumberKind], formulas: set
) -> Iterator[tuple[int, list]]:
    """(row, text cells) of every sheet row; the header row names the columns' kinds."""
    header: list[str] = []
    for number, cells in enumerate(rows, start=1):
        if number == HEADER_ROW:
            header = ["" if c.value is None else unescape(str(c.value)).strip() for c in cells]
            sheet.letters = {n: column_letter(i) for i, n in enumerate(header) if n}
            yield number, header
            continue
        texts: list[str] = []
        satuan = _row_satuan(cells, header)
        for position, cell in enumerate(cells):
            name = header[position] if position < len(header) else ""
            kind = kinds.get(name)
            try:
                text = excel_cell_text(cell, kind, satuan)
            except NumberError as err:
                sheet.problem(number, name or column_letter(position), shown(cell.value), err.expected)
                text = None
            if text is None and (number, position + 1) in formulas:
                sheet.problem(
                    number,
                    name or column_letter(position),
                    None,
                    "rumus tanpa nilai tersimpan (berkas belum pernah dihitung ulang oleh Excel); "
                    "buka lalu simpan di Excel, atau ketik nilainya",
                )
            texts.append("" if text is None else text)
        yield number, texts


# --- entry points --------------------------------------------------------------------------------
def is_workbook(path: Path) -> bool:
    return path.suffix.lower() == ".xlsx"


def read_file(path: str | os.PathLike, table: str) -> Sheet:
    """Read one input file for ``table``: a CSV (either dialect) or the table's sheet of an .xlsx.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kepegawaian.csv"
    >>> _ = p.write_text("instansi;tahun;jumlah\\nDinas A;2023;1.234\\n\\nDinas B;2024;7\\n", encoding="utf-8")
    >>> s = read_file(p, "kepegawaian")
    >>> s.dialect.name, s.frame["jumlah"].tolist(), s.rows.tolist()
    ('csv-id', ['1234', '7'], [2, 4])
    """
    path = Path(path)
    return read_xlsx(path, table) if is_workbook(path) else read_csv(path, table)


def table_sources(directory: Path, table: str) -> list[Path]:
    """The files of ``table`` in ``directory``: ``<table>.csv``, ``<table>_*.csv`` and every .xlsx
    with a sheet named after the table (or that cannot be opened, so that reading reports it);
    Excel's lock files (``~$...``) and hidden files are skipped."""
    csvs = {*directory.glob(f"{table}.csv"), *directory.glob(f"{table}_*.csv")}
    books = {
        path
        for path in directory.iterdir()
        if is_workbook(path)
        and not path.name.startswith(("~$", "."))
        and ((sheets := workbook_sheets(path)) is None or sheet_for(sheets, table) is not None)
    }
    return sorted(csvs | books)


def ignored_workbooks(directory: Path, tables: Iterable[str]) -> list[Path]:
    """Workbooks in ``directory`` with no sheet named after any table (``validate`` lists them)."""
    tables = list(tables)
    return sorted(
        path
        for path in directory.iterdir()
        if is_workbook(path)
        and not path.name.startswith(("~$", "."))
        and (sheets := workbook_sheets(path)) is not None
        and not any(sheet_for(sheets, t) for t in tables)
    )


def describe(path: Path, table: str) -> str:
    """The dialect of one input file as ``validate`` prints it, from its first bytes only."""
    if is_workbook(path):
        sheets = workbook_sheets(path) or []
        return f"{XLSX.label}, lembar '{sheet_for(sheets, table) or table}'"
    handle, why = open_regular(path, max_file_bytes())
    if handle is None:
        return why
    with handle:
        head = handle.read(64 * 1024)
    encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    text = head.decode(encoding, "replace")
    return detect_dialect(text).label
