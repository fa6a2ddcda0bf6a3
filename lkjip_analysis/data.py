"""Loaders: read the raw tables (CSV or Excel), validate them against the schemas, return typed frames.

A table is every ``<table>.csv`` and ``<table>_*.csv`` in the data directory, plus the sheet
named after the table in every ``.xlsx`` there, so another year or agency is another file (or
more rows), never a code change. Reading a file (dialects, Excel cells, limits) is
:mod:`lkjip_analysis.readers`' job. All problems of all files are collected and raised
together as one :class:`~lkjip_analysis.errors.DataError`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors

from . import consistency
from .config import resolve_data_dir
from .docs import data_dictionary
from .errors import DataError, Problem
from .readers import Sheet, file_key, read_file, table_sources
from .schemas import REQUIRED_TABLES, SCHEMAS, column_defaults

HEADER_ROW = 1  # spreadsheet row of the header; data starts at row 2


def list_tables() -> list[str]:
    """The names of the tables a data directory holds.

    >>> list_tables()
    ['indikator', 'anggaran', 'kepegawaian', 'skala', 'periode']
    """
    return list(SCHEMAS)


def table_files(table: str, data_dir: str | os.PathLike | None = None) -> list[Path]:
    """The files that make up ``table`` in ``data_dir`` (CSV, and .xlsx with a sheet of that name), sorted.

    >>> [p.name for p in table_files("skala")]
    ['skala.csv', 'skala_bkpd-jabar-2016.csv', 'skala_disnakertrans-jabar-2016.csv']
    """
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
                    str(directory),
                    ("bukan direktori" if directory.exists() else "direktori data tidak ada")
                    + "; periksa argumen data_dir atau variabel LKJIP_DATA_DIR",
                )
            ]
        )
    files = table_sources(directory, table)
    if not files:
        others = sorted(p.name for p in directory.iterdir() if p.suffix.lower() in OTHER_SPREADSHEETS)
        unread = f" (tidak dibaca: {', '.join(others)}; simpan sebagai .xlsx atau CSV UTF-8)" if others else ""
        raise DataError(
            [
                Problem.about(
                    str(directory),
                    f"tidak ada berkas {table}.csv atau {table}_*.csv, atau berkas .xlsx dengan lembar '{table}', "
                    f"di direktori ini{unread}",
                )
            ]
        )
    return files


OTHER_SPREADSHEETS = {
    ".xlsm": "buku kerja Excel bermakro",
    ".xls": "Excel lama",
    ".xlsb": "Excel biner",
    ".ods": "LibreOffice/OpenDocument",
    ".numbers": "Apple Numbers",
}


def ignored_files(data_dir: str | os.PathLike | None = None) -> list[tuple[Path, str]]:
    """Every file of the data directory no table reads, with why (``validate`` lists them): other
    spreadsheet formats, workbooks without a table sheet, CSVs not named after a table, anything else.
    Hidden files and Excel's lock files (``~$...``) are not listed.

    >>> sorted(p.name for p, _ in ignored_files())
    ['README.md', 'schema.yaml']
    """
    from .readers import ignored_workbooks

    directory = resolve_data_dir(data_dir)
    if not directory.is_dir():
        return []
    read = {p for table in SCHEMAS for p in table_sources(directory, table)}
    no_sheet = set(ignored_workbooks(directory, SCHEMAS))
    out = []
    for path in sorted(directory.iterdir()):
        if path in read or path.name.startswith((".", "~$")):
            continue
        suffix = path.suffix.lower()
        if path in no_sheet:
            why = f"tidak ada lembar bernama {', '.join(SCHEMAS)}"
        elif suffix in OTHER_SPREADSHEETS:
            why = f"{OTHER_SPREADSHEETS[suffix]} ({suffix}) tidak dibaca; simpan sebagai .xlsx (Buku Kerja Excel) atau CSV UTF-8"
        elif suffix == ".csv":
            why = f"nama berkas tidak diawali nama tabel ({', '.join(f'{t}_' for t in SCHEMAS)}...)"
        elif path.is_dir():
            why = "direktori (subdirektori tidak dibaca)"
        else:
            why = "bukan berkas data (.csv atau .xlsx)"
        out.append((path, why))
    return out


def _read(path: Path, table: str) -> Sheet:
    """Read one file of ``table`` (CSV in either dialect, or its sheet of an .xlsx) as text cells
    with their spreadsheet rows; problems instead of exceptions (see :mod:`.readers`)."""
    return read_file(path, table)


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
            others = [
                f"baris {r}" if f == file else f"{Path(f).name} baris {r}" for f, r in located if (f, r) != (file, row)
            ]
            problems.append(Problem(file, row, key, None, f"kunci ({key}) ganda, sama dengan {', '.join(others)}"))
    return problems


_CACHE: dict[tuple, pd.DataFrame] = {}


def load_table(table: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read, validate and type one table; raise DataError listing every problem.

    >>> load_table("periode").query("instansi == 'BKPSDM Kota Surakarta'")["dokumen"].tolist()
    ['RPJMD', 'Renstra', 'Renstra', 'IKU']

    A validated table is kept in memory, keyed by each file's path, size and modification time,
    so loading it again in the same process (a notebook, then the audit) costs nothing; a
    changed file is read and validated anew. Callers get a copy (cheap under copy-on-write).
    """
    if table in SCHEMAS and table not in REQUIRED_TABLES and not has_table(table, data_dir):
        out = empty_table(table)
    else:
        files = table_files(table, data_dir)
        key = (table, *(file_key(p) for p in files))
        if key not in _CACHE:
            if len(_CACHE) > 32:
                _CACHE.clear()
            _CACHE[key] = _validate(table, files)
        out = _CACHE[key].copy()
    out.attrs[DATA_DIR_ATTR] = str(resolve_data_dir(data_dir))
    return out


DATA_DIR_ATTR = "lkjip_data_dir"
"""``DataFrame.attrs`` key under which a loaded table remembers its data directory, so that an analysis
function given only the table can read the declarations (scale, periods) of the same data."""


def declared(frame: pd.DataFrame, table: str) -> pd.DataFrame | None:
    """The declaration table (``skala``, ``periode``) of the data ``frame`` was loaded from, or None for a
    frame built by hand (then the documented default applies).

    >>> declared(load_indikator(), "skala")["instansi"].nunique(), declared(pd.DataFrame(), "skala")
    (3, None)
    """
    folder = getattr(frame, "attrs", {}).get(DATA_DIR_ATTR)
    return load_table(table, folder) if folder else None


def has_table(table: str, data_dir: str | os.PathLike | None = None) -> bool:
    """Whether ``data_dir`` holds any file of ``table`` (every table but indikator is optional).

    >>> has_table("kepegawaian"), has_table("kepegawaian", "/nonexistent")
    (True, False)
    """
    try:
        return bool(table_files(table, data_dir))
    except DataError:
        return False


def empty_table(table: str) -> pd.DataFrame:
    """A table with no rows: every column of the schema, typed (what a loader returns for a table
    the data does not have).

    >>> t = empty_table("periode")
    >>> len(t), str(t["tahun_awal"].dtype)
    (0, 'int64')
    """
    schema = SCHEMAS[table].to_schema()
    dtypes = {name: "str" if str(col.dtype).startswith(("str", "string")) else str(col.dtype)
              for name, col in schema.columns.items()}  # fmt: skip
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def _with_defaults(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` with the documented default in every optional column the file left out, and in the
    empty cells of such a column the file has (an empty ``tingkat`` is ``indikator``)."""
    defaults = column_defaults(table)
    missing = {name: default for name, default in defaults.items() if name not in frame.columns}
    present = {name: default for name, default in defaults.items() if name in frame.columns and default is not None}
    if present:
        frame = frame.assign(**{name: frame[name].fillna(default) for name, default in present.items()})
    if not missing:
        return frame
    added = pd.DataFrame({name: pd.Series([default] * len(frame), index=frame.index, dtype="str")
                          for name, default in missing.items()})  # fmt: skip
    return pd.concat([frame, added], axis=1)


def document_name(path: Path, table: str, sheet: str | None = None) -> str:
    """The document a file holds when its rows do not say (``laporan``): the part of the file name after
    ``<table>_``, the workbook's name for a sheet, else '' (the bare ``<table>.csv``).

    >>> document_name(Path("indikator_lkjip-2022.csv"), "indikator"), document_name(Path("indikator.csv"), "indikator")
    ('lkjip-2022', '')
    >>> document_name(Path("Dinas A 2024.xlsx"), "indikator", sheet="indikator")
    'Dinas A 2024'
    """
    if sheet is not None:
        return path.stem
    stem = path.stem
    return stem[len(table) + 1 :] if stem.lower().startswith(f"{table}_") else ""


def _with_document(frame: pd.DataFrame, sheet: Sheet, table: str) -> pd.DataFrame:
    """``frame`` with ``laporan`` filled from the file where a row leaves it empty (:func:`document_name`)."""
    name = document_name(sheet.path, table, sheet.sheet)
    laporan = frame["laporan"] if "laporan" in frame.columns else pd.Series(None, index=frame.index, dtype="str")
    return frame.assign(laporan=laporan.fillna(name).replace("", name))


def _validate(table: str, files: list[Path]) -> pd.DataFrame:
    """Validate every file, then all of them together (keys unique across files)."""
    model = SCHEMAS[table]
    order = list(model.to_schema().columns)
    problems: list[Problem] = []
    frames: list[pd.DataFrame] = []
    origin: list[tuple[str, int]] = []
    sheets: dict[str, Sheet] = {}
    for path in files:
        sheet = sheets[str(path)] = _read(path, table)
        problems += sheet.problems
        if sheet.frame is None:
            continue
        frame = _with_document(_with_defaults(sheet.frame, table), sheet, table)
        try:
            model.validate(frame, lazy=True)
        except pa_errors.SchemaErrors as err:
            problems += sheet.refine(_problems(err, table, sheet.locate))
            continue
        frames.append(frame)
        origin += sheet.origin()
    if problems:
        raise DataError(problems)
    combined = pd.concat([f.reindex(columns=[c for c in order if c in f.columns]) for f in frames], ignore_index=True)
    try:
        # second pass over all files together: the keys must be unique across files too
        result = model.validate(combined, lazy=True)
    except pa_errors.SchemaErrors as err:
        found = _problems(err, table, lambda i: origin[int(i)] if i is not None else (str(files[0]), None))
        raise DataError(
            [p for s in sheets.values() for p in s.refine([q for q in found if q.file == s.file])]
        ) from None
    findings = consistency.check(table, result)
    if findings:
        found = [Problem(*origin[int(i)], column, value, expected) for i, column, value, expected in findings]
        raise DataError(_capped([p for s in sheets.values() for p in s.refine([q for q in found if q.file == s.file])]))
    return result.reset_index(drop=True)


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most :data:`~lkjip_analysis.readers.MAX_PROBLEMS` problems per file, the rest counted in one line."""
    from .readers import MAX_PROBLEMS

    kept: list[Problem] = []
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.file] = counts.get(problem.file, 0) + 1
        if counts[problem.file] <= MAX_PROBLEMS:
            kept.append(problem)
    for file, count in counts.items():
        if count > MAX_PROBLEMS:
            kept.append(Problem.about(file, f"... dan {count - MAX_PROBLEMS} masalah lain di berkas ini (perbaiki yang di "
                                            "atas, lalu periksa lagi)"))  # fmt: skip
    return kept


def load_indikator(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    return load_table("indikator", data_dir)


def load_anggaran(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    return load_table("anggaran", data_dir)


def load_kepegawaian(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    return load_table("kepegawaian", data_dir)


def load_skala(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    return load_table("skala", data_dir)


def load_periode(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    return load_table("periode", data_dir)


def load_all(data_dir: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Every table, validated together: the DataError lists the problems of all tables (a table
    the data does not have is empty).

    >>> tables = load_all()
    >>> list(tables), tables["skala"]["instansi"].nunique()
    (['indikator', 'anggaran', 'kepegawaian', 'skala', 'periode'], 3)
    """
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
    "skala": "df.query(\"instansi == 'BKPSDM Kota Surakarta'\")['predikat'].tolist()[:2]\n['Sangat Berhasil', 'Berhasil']",
    "periode": "df.query(\"dokumen == 'RPJMD'\")[['tahun_awal', 'tahun_akhir']].to_numpy().tolist()[0]\n[2021, 2026]",
}

for _table, _loader in (
    ("indikator", load_indikator),
    ("anggaran", load_anggaran),
    ("kepegawaian", load_kepegawaian),
    ("skala", load_skala),
    ("periode", load_periode),
):
    _loader.__doc__ = _LOADER_DOC.format(
        table=_table,
        summary=SCHEMAS[_table].__doc__,
        dictionary=data_dictionary(_table),
        example=_EXAMPLES[_table],
    )
