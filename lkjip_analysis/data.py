"""Loaders: read the raw CSV tables, validate them against the schemas, return typed frames.

A table is every ``<table>.csv`` and ``<table>_*.csv`` in the data directory, so another
year or agency is another file (or more rows), never a code change. All problems of all
files are collected and raised together as one :class:`~lkjip_analysis.errors.DataError`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors

from .config import resolve_data_dir
from .docs import data_dictionary
from .errors import DataError, Problem
from .schemas import SCHEMAS

HEADER_ROW = 1  # spreadsheet row of the header; data starts at row 2


def list_tables() -> list[str]:
    """The names of the tables a data directory holds.

    >>> list_tables()
    ['indikator', 'anggaran', 'kepegawaian']
    """
    return list(SCHEMAS)


def table_files(table: str, data_dir: str | os.PathLike | None = None) -> list[Path]:
    """The CSV files that make up ``table`` in ``data_dir``, sorted by name."""
    if table not in SCHEMAS:
        raise DataError(
            [
                Problem.about(
                    str(table),
                    f"tabel tidak dikenal; gunakan list_tables() untuk melihat tabel yang ada: {', '.join(SCHEMAS)}",
                )
            ]
        )
    directory = resolve_data_dir(data_dir)
    if not directory.is_dir():
        raise DataError(
            [
                Problem.about(
                    str(directory), "direktori data tidak ada; periksa argumen data_dir atau variabel LKJIP_DATA_DIR"
                )
            ]
        )
    files = sorted({*directory.glob(f"{table}.csv"), *directory.glob(f"{table}_*.csv")})
    if not files:
        raise DataError(
            [Problem.about(str(directory), f"tidak ada berkas {table}.csv atau {table}_*.csv di direktori ini")]
        )
    return files


def _read(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one CSV as text columns; problems instead of exceptions."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [
            Problem(
                str(path),
                line,
                None,
                raw[err.start : err.start + 1].hex(" "),
                "berkas bukan UTF-8; simpan ulang sebagai 'CSV UTF-8'",
            )
        ]
    if not text.strip():
        return None, [Problem(str(path), None, None, None, "berkas kosong; baris pertama harus berisi nama kolom")]
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        return None, [Problem(str(path), None, None, None, f"CSV tidak dapat dibaca ({err}); periksa tanda kutip")]
    header = [name.strip() for name in rows[0]]
    problems = [
        Problem(
            str(path),
            number,
            None,
            None,
            f"baris ini berisi {len(row)} kolom, baris judul {len(header)}; "
            "angka desimal ditulis dengan titik (1.85, bukan 1,85) dan teks berkoma diberi tanda kutip",
        )
        for number, row in enumerate(rows[1:], start=HEADER_ROW + 1)
        if row and len(row) != len(header)
    ]
    if problems:
        return None, problems
    records = [[cell.strip() for cell in row] for row in rows[1:] if row]
    frame = pd.DataFrame(records, columns=header, dtype="str")
    return frame.replace("", pd.NA), []


_EXPECTED = [
    (
        r"coerce_dtype\('(float64|Float64)'\)|dtype\('float64'\)",
        "harus angka (titik untuk desimal, tanpa pemisah ribuan, tanpa 'Rp' atau '%')",
    ),
    (
        r"coerce_dtype\('(int64|Int64)'\)|dtype\('(int64|Int64)'\)",
        "harus bilangan bulat (tanpa titik ribuan, tanpa 'Rp')",
    ),
    (r"in_range\((\d+), (\d+)\)", "harus antara {0} dan {1}"),
    (r"greater_than_or_equal_to\((\S+)\)", "tidak boleh negatif (harus >= {0})"),
    (r"isin\((.*)\)", "harus salah satu dari {0}"),
    (r"str_matches\(.*\)", "harus huruf kecil, angka dan garis bawah, mis. 'indeks_merit'"),
    (r"not_nullable", "wajib diisi"),
    (r"column_in_dataframe", "kolom wajib tidak ada; tambahkan kolom ini (lihat data/raw/README.md)"),
    (r"column_in_schema", "kolom tidak dikenal; hapus atau ganti nama sesuai data/raw/README.md"),
]


def _expected(check: str) -> str:
    for pattern, text in _EXPECTED:
        match = re.search(pattern, check)
        if match:
            return text.format(*match.groups())
    return f"gagal pemeriksaan {check}"


def _problems(err: pa_errors.SchemaErrors, table: str, locate) -> list[Problem]:
    """Translate pandera's failure cases into one Problem per bad cell."""
    cases = err.failure_cases
    unique_cols = SCHEMAS[table].to_schema().unique or []
    coerce_failed = set(cases.loc[cases["check"].str.startswith("coerce_dtype"), "column"])
    problems: list[Problem] = []
    dup_rows: dict[object, None] = {}
    for case in cases.itertuples():
        check = str(case.check)
        if check.startswith("dtype(") and case.column in coerce_failed:
            continue  # the coerce failure already names the cell
        if case.index is None and case.column in coerce_failed and "Error" in str(case.failure_case):
            continue  # a check that could not run because the column is not numeric
        if check == "multiple_fields_uniqueness":
            dup_rows[case.index] = None
            continue
        if check in ("column_in_dataframe", "column_in_schema"):
            problems.append(Problem(locate(None)[0], HEADER_ROW, str(case.failure_case), None, _expected(check)))
            continue
        file, row = locate(case.index)
        problems.append(Problem(file, row, str(case.column), case.failure_case, _expected(check)))
    if dup_rows:
        located = [locate(i) for i in dup_rows]
        key = ", ".join(unique_cols)
        for file, row in located:
            others = [f"{r}" if f == file else f"{f} baris {r}" for f, r in located if (f, r) != (file, row)]
            problems.append(
                Problem(file, row, key, None, f"kunci ({key}) ganda, sama dengan baris {', '.join(others)}")
            )
    return problems


_CACHE: dict[tuple, pd.DataFrame] = {}


def load_table(table: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read, validate and type one table; raise DataError listing every problem.

    A validated table is kept in memory, keyed by each file's path, size and modification time,
    so loading it again in the same process (a notebook, then the audit) costs nothing; a
    changed file is read and validated anew. Callers get a copy (cheap under copy-on-write).
    """
    files = table_files(table, data_dir)
    key = (table, *((str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files))
    if key not in _CACHE:
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[key] = _validate(table, files)
    return _CACHE[key].copy()


def _validate(table: str, files: list[Path]) -> pd.DataFrame:
    """Validate every file, then all of them together (keys unique across files)."""
    model = SCHEMAS[table]
    problems: list[Problem] = []
    frames: list[pd.DataFrame] = []
    origin: list[tuple[str, int]] = []
    for path in files:
        frame, read_problems = _read(path)
        problems += read_problems
        if frame is None:
            continue
        try:
            model.validate(frame, lazy=True)
        except pa_errors.SchemaErrors as err:
            problems += _problems(
                err, table, lambda i, p=str(path): (p, None if i is None else int(i) + HEADER_ROW + 1)
            )
            continue
        frames.append(frame)
        origin += [(str(path), i + HEADER_ROW + 1) for i in range(len(frame))]
    if problems:
        raise DataError(problems)
    combined = pd.concat(frames, ignore_index=True)
    try:
        # second pass over all files together: the keys must be unique across files too
        result = model.validate(combined, lazy=True)
    except pa_errors.SchemaErrors as err:
        raise DataError(
            _problems(err, table, lambda i: origin[int(i)] if i is not None else (str(files[0]), None))
        ) from None
    return result.reset_index(drop=True)


def load_indikator(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    return load_table("indikator", data_dir)


def load_anggaran(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    return load_table("anggaran", data_dir)


def load_kepegawaian(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    return load_table("kepegawaian", data_dir)


def load_all(data_dir: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Every table, validated together: the DataError lists the problems of all tables."""
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for table in SCHEMAS:
        try:
            tables[table] = load_table(table, data_dir)
        except DataError as err:
            problems += err.problems
    if problems:
        raise DataError(problems)
    return tables


_LOADER_DOC = """Load the *{table}* table: {summary}

Reads every ``{table}.csv`` and ``{table}_*.csv`` in ``data_dir`` (default: the
``LKJIP_DATA_DIR`` environment variable, else the shipped ``data/raw/``), validates it
and returns one typed, tidy DataFrame. Missing numbers are NaN/<NA>, never 0.

Raises :class:`~lkjip_analysis.errors.DataError` naming the file, row, column, value
found and what was expected for every problem at once.

{dictionary}

Example:

>>> df = load_{table}()
>>> {example}
"""

_EXAMPLES = {
    "indikator": (
        "df.query(\"kode_indikator == 'indeks_merit' and tahun == 2023 and sumber == 'Bab III.A Tabel 3.2'\")"
        "[['target', 'realisasi', 'capaian_dilaporkan']].to_numpy().tolist()\n[[0.8, 0.75, 93.75]]"
    ),
    "anggaran": "int(df.loc[df['uraian'] == 'Belanja Pegawai', 'realisasi'].iloc[0])\n6201526596",
    "kepegawaian": "int(df.query(\"dimensi == 'golongan' and kategori == 'Golongan III'\")['jumlah'].iloc[0])\n40",
}

for _table, _loader in (("indikator", load_indikator), ("anggaran", load_anggaran), ("kepegawaian", load_kepegawaian)):
    _loader.__doc__ = _LOADER_DOC.format(
        table=_table,
        summary=SCHEMAS[_table].__doc__,
        dictionary=data_dictionary(_table),
        example=_EXAMPLES[_table],
    )
