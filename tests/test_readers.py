"""Reading one file: dialects, numbers, text, positions, limits and Excel cells (lkjip_analysis.readers)."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

from lkjip_analysis import readers
from lkjip_analysis.data import load_table
from lkjip_analysis.errors import ArgumentError, DataError, Problem
from lkjip_analysis.readers import (
    CSV,
    CSV_ID,
    XLSX,
    NumberError,
    NumberKind,
    describe,
    ignored_workbooks,
    number_columns,
    parse_number,
    read_file,
    table_sources,
    workbook_sheets,
)
from lkjip_analysis.schemas import SCHEMAS

KEP = "instansi,tahun,sumber,dimensi,kategori,subkategori,jumlah,jenis_baris,catatan"
RUPIAH, PERCENT, INTEGER, DECIMAL = NumberKind(True, "Rp"), NumberKind(False, "%"), NumberKind(True, "orang"), NumberKind(False, "satuan")  # fmt: skip


def write(folder: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def cells(sheet) -> list[tuple]:
    return [(p.row, p.column, p.value) for p in sheet.problems]


# --- numbers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, dialect, kind, canonical",
    [
        ("93.75", CSV, DECIMAL, "93.75"),
        ("0.80", CSV, DECIMAL, "0.80"),  # the text is kept: a diff of the canonical CSV shows no change
        ("8460444119", CSV, RUPIAH, "8460444119"),
        ("-4", CSV, INTEGER, "-4"),  # the schema, not the reader, refuses negative counts
        ("0.125", CSV, DECIMAL, "0.125"),  # a leading zero is never a thousands group
        ("1e3", CSV, INTEGER, "1000"),
        ("1.5e-3", CSV, DECIMAL, "0.0015"),
        ("2023.0", CSV, INTEGER, "2023"),
        ("Rp 8460444119", CSV, RUPIAH, "8460444119"),
        ("Rp. 1234000,-", CSV, RUPIAH, "1234000"),
        ("-Rp 5", CSV, RUPIAH, "-5"),
        ("93%", CSV, PERCENT, "93"),  # a percent is the number shown, never divided by 100
        ("93.75 %", CSV, PERCENT, "93.75"),
        ("93,75", CSV_ID, DECIMAL, "93.75"),
        ("8.460.444.119", CSV_ID, RUPIAH, "8460444119"),
        ("1.234", CSV_ID, INTEGER, "1234"),  # unambiguous in the Indonesian dialect
        ("Rp 35.460.770.859,-", CSV_ID, RUPIAH, "35460770859"),
        ("Rp15.625.599.024,00", CSV_ID, RUPIAH, "15625599024"),
        ("0,5%", CSV_ID, PERCENT, "0.5"),
        ("1.234,5", CSV_ID, DECIMAL, "1234.5"),
        ("1000000000000000", CSV, RUPIAH, "1000000000000000"),  # 10^15, the largest accepted
        ("93,75", XLSX, DECIMAL, "93.75"),
    ],
)
def test_parse_number_accepts(text, dialect, kind, canonical):
    assert parse_number(text, dialect, kind) == canonical


@pytest.mark.parametrize(
    "text, dialect, kind, phrase",
    [
        ("1.234", CSV, DECIMAL, "ambigu: '1.234' bisa berarti 1234 (titik ribuan) atau 1,234 (titik desimal)"),
        ("1.000", CSV, RUPIAH, "tulis 1000 bila ribuan, atau 1.0000 bila desimal"),
        ("Rp 1.234", CSV, RUPIAH, "ambigu"),
        ("1.234.567", CSV, RUPIAH, "pemisah ribuan tidak diterima di CSV baku, tulis 1234567"),
        ("93,75", CSV, DECIMAL, "CSV baku memakai titik desimal: tulis 93.75"),
        ("93.75", CSV_ID, DECIMAL, "di format Indonesia titik adalah pemisah ribuan, tulis 93,75"),
        ("12,5", CSV_ID, INTEGER, "harus bilangan bulat, mis. 1.234"),
        ("12.5", CSV, INTEGER, "harus bilangan bulat tanpa pemisah ribuan"),
        ("Rp 5", CSV, DECIMAL, "'Rp' hanya diterima di kolom bersatuan rupiah"),
        ("5%", CSV, INTEGER, "'%' hanya diterima di kolom bersatuan persen"),
        ("inf", CSV, DECIMAL, "harus angka terhingga"),
        ("-Infinity", CSV_ID, DECIMAL, "harus angka terhingga"),
        ("nan", CSV, PERCENT, "harus angka terhingga"),
        ("1e308", CSV, DECIMAL, "terlalu besar"),
        ("-1000000000000001", CSV, RUPIAH, "terlalu besar"),
        ("-", CSV, DECIMAL, "kosongkan sel bila tidak dilaporkan"),
        ("n/a", CSV_ID, DECIMAL, "kosongkan sel bila tidak dilaporkan"),
        ("—", CSV, RUPIAH, "kosongkan sel bila tidak dilaporkan"),
        ("satu", CSV, DECIMAL, "harus angka dengan titik desimal"),
        ("0x10", CSV, INTEGER, "harus bilangan bulat"),
    ],
)
def test_parse_number_refuses_with_a_reason(text, dialect, kind, phrase):
    with pytest.raises(NumberError) as info:
        parse_number(text, dialect, kind)
    assert phrase in info.value.expected


def test_number_columns_follow_the_schemas():
    kinds = number_columns("anggaran")
    assert kinds["realisasi"] == NumberKind(True, "Rp") and kinds["efisiensi_dilaporkan"] == NumberKind(False, "%")
    assert kinds["tahun"] == NumberKind(True, "tahun") and "uraian" not in kinds


def _every_numeric_column():
    return [(table, name) for table in SCHEMAS for name in number_columns(table)]


@pytest.mark.parametrize("table, column", _every_numeric_column())
def test_every_numeric_column_refuses_non_finite_values(tmp_path, table, column):
    path = write(tmp_path, f"{table}.csv", [f"instansi,{column}", "A,inf", "B,-inf", "C,1e308", "D,NaN", "E,7"])
    sheet = read_file(path, table)
    assert cells(sheet) == [(2, column, "inf"), (3, column, "-inf"), (4, column, "1e308"), (5, column, "NaN")]
    assert sheet.frame[column].isna().tolist() == [True, True, True, True, False]  # refused, never inf
    assert sheet.frame[column].iloc[4] == "7"


def test_a_refused_number_is_reported_once(tmp_path):
    write(tmp_path, "kepegawaian.csv", [KEP, "Dinas A,2023,T,golongan,IV,,inf,rincian,", "Dinas A,inf,T,golongan,III,,1,rincian,"])  # fmt: skip
    with pytest.raises(DataError) as info:
        load_table("kepegawaian", tmp_path)
    # tahun is required: the schema would add 'wajib diisi' for the refused cell; it does not
    assert sorted((p.row, p.column, p.value) for p in info.value.problems) == [
        (2, "jumlah", "inf"),
        (3, "tahun", "inf"),
    ]


# --- rows, text, structure ---------------------------------------------------------------------
def test_rows_are_the_spreadsheet_rows_after_blank_lines_and_line_breaks(tmp_path):
    lines = [
        KEP,
        "Dinas A,2023,T,golongan,IV,,1,rincian,",
        "",
        'Dinas A,2023,T,golongan,III,,2,rincian,"dua\r\nbaris"',
        ",,,,,,,,",
        "  ,  ,,,,,,,",
        "Dinas A,2023,T,golongan,II,,x,rincian,",
    ]
    path = write(tmp_path, "kepegawaian.csv", lines)
    sheet = read_file(path, "kepegawaian")
    assert sheet.rows.tolist() == [2, 4, 7]
    assert sheet.frame["catatan"].iloc[1] == "dua\nbaris"  # CRLF inside a cell becomes a line feed
    assert cells(sheet) == [(7, "jumlah", "x")]


def test_control_characters_are_refused_with_their_position_tabs_are_text(tmp_path):
    lines = [KEP, "Dinas A,2023,T,golongan,IV\x07,,1,rincian,a\tb", "Dinas\u202eA,2023,T,golongan,III,,2,rincian,"]
    path = write(tmp_path, "kepegawaian.csv", lines)
    sheet = read_file(path, "kepegawaian")
    assert cells(sheet) == [(3, "instansi", "Dinas\\u202eA"), (2, "kategori", "IV\\x07")]
    assert [p.expected for p in sheet.problems] == [
        "memuat karakter kendali U+202E pada posisi 6; hapus karakter itu",
        "memuat karakter kendali U+0007 pada posisi 3; hapus karakter itu",
    ]
    assert sheet.frame["catatan"].iloc[0] == "a\tb"


def test_a_column_named_twice_is_refused_naming_both_letters(tmp_path):
    path = write(tmp_path, "kepegawaian.csv", [KEP.replace("subkategori", "jumlah"), "A,2023,T,g,IV,1,2,rincian,"])
    sheet = read_file(path, "kepegawaian")
    assert sheet.frame is None
    assert [(p.row, p.column, p.expected) for p in sheet.problems] == [
        (1, "jumlah", "nama kolom ganda: muncul di kolom F dan G; hapus atau ganti nama salah satunya")
    ]


def test_unnamed_columns_empty_are_ignored_with_values_refused(tmp_path):
    ok = read_file(write(tmp_path, "kepegawaian.csv", [KEP + ",,", "A,2023,T,g,IV,,1,rincian,,,"]), "kepegawaian")
    assert ok.problems == [] and list(ok.frame.columns) == KEP.split(",")
    bad = read_file(write(tmp_path, "kepegawaian_b.csv", [KEP + ",", "A,2023,T,g,IV,,1,rincian,,lupa"]), "kepegawaian")
    assert [(p.row, p.expected) for p in bad.problems] == [
        (1, "kolom J tanpa nama berisi nilai (mis. baris 2); beri nama di baris 1 atau hapus kolomnya")
    ]


def test_row_with_a_cell_too_many_or_too_few_is_refused(tmp_path):
    path = write(tmp_path, "kepegawaian.csv", [KEP, "A,2023,T,g,IV,,1,rincian,,", "A,2023,T,g,IV,,1,rincian"])
    hint = "angka desimal ditulis dengan titik (1.85, bukan 1,85) dan teks berkoma diberi tanda kutip"
    assert [(p.row, p.expected) for p in read_file(path, "kepegawaian").problems] == [
        (2, f"baris ini berisi 10 kolom, baris judul 9; {hint}"),
        (3, f"baris ini berisi 8 kolom, baris judul 9; {hint}"),
    ]


def test_problems_are_capped_per_file(tmp_path):
    path = write(tmp_path, "kepegawaian.csv", [KEP, *(f"A,2023,T,g,K{i},,x{i},rincian," for i in range(250))])
    sheet = read_file(path, "kepegawaian")
    assert len(sheet.problems) == readers.MAX_PROBLEMS + 1
    assert sheet.problems[-1].expected.startswith("... dan 150 masalah lain di berkas ini")


# --- encodings and dialects --------------------------------------------------------------------
def test_utf8_bom_and_utf16_read_like_plain_utf8(tmp_path):
    lines = [KEP.replace(",", ";"), "Dinas Ü;2023;T;g;IV;;1.234;rincian;é"]
    plain = read_file(write(tmp_path, "a.csv", lines), "kepegawaian")
    for encoding in ("utf-8-sig", "utf-16"):
        other = read_file(write(tmp_path, f"{encoding}.csv", lines, encoding), "kepegawaian")
        assert other.problems == [] and other.dialect is CSV_ID
        assert other.frame.equals(plain.frame)
    assert plain.frame["jumlah"].tolist() == ["1234"]


def test_windows_1252_names_row_column_and_byte(tmp_path):
    path = write(
        tmp_path, "kepegawaian.csv", [KEP, "A,2023,T,g,IV,,1,rincian,", "A,2023,T,g,Rp €,,1,rincian,"], "cp1252"
    )
    [problem] = read_file(path, "kepegawaian").problems
    assert (problem.row, problem.column, problem.value) == (3, "kategori", "byte 80")
    assert "simpan ulang sebagai 'CSV UTF-8'" in problem.expected


def test_describe_names_the_dialect(tmp_path):
    assert describe(write(tmp_path, "k.csv", [KEP]), "kepegawaian") == CSV.label
    assert describe(write(tmp_path, "j.csv", [KEP.replace(",", ";")]), "kepegawaian") == CSV_ID.label


# --- files -------------------------------------------------------------------------------------
def test_a_device_behind_a_symlink_is_refused_at_once(tmp_path):
    (tmp_path / "kepegawaian.csv").symlink_to("/dev/zero")
    start = time.perf_counter()
    sheet = read_file(tmp_path / "kepegawaian.csv", "kepegawaian")
    assert time.perf_counter() - start < 1
    assert [p.expected for p in sheet.problems] == [
        "bukan berkas biasa (perangkat, pipa atau soket); hanya berkas biasa yang dibaca"
    ]


def test_size_limit_from_the_environment(tmp_path, monkeypatch):
    path = write(tmp_path, "kepegawaian.csv", [KEP, "A,2023,T,g,IV,,1,rincian,"])
    monkeypatch.setenv("LKJIP_MAX_FILE_MB", "0,00005")  # 52 bytes; a decimal comma is fine
    assert readers.max_file_bytes() == 52
    [problem] = read_file(path, "kepegawaian").problems
    assert problem.expected.startswith(
        "berkas terlalu besar: 0,0 MB, batas 0,0 MB (ubah dengan variabel LKJIP_MAX_FILE_MB)"
    )
    monkeypatch.setenv("LKJIP_MAX_FILE_MB", "banyak")
    with pytest.raises(ArgumentError, match="LKJIP_MAX_FILE_MB harus angka MB lebih dari 0, bukan 'banyak'"):
        read_file(path, "kepegawaian")
    monkeypatch.delenv("LKJIP_MAX_FILE_MB")
    assert readers.max_file_bytes() == 100 * 1024 * 1024


def test_a_file_larger_than_its_stat_says_is_cut_at_the_limit():
    # /proc files report size 0 and have content: the read itself is bounded
    data, why = readers.read_bytes(Path("/proc/self/status"), 10)
    assert data is None and why.startswith("berkas terlalu besar: lebih dari")


def test_file_key_never_raises(tmp_path):
    assert readers.file_key(tmp_path / "tidak-ada.csv") == (str(tmp_path / "tidak-ada.csv"), None, None)


# --- Excel -------------------------------------------------------------------------------------
def workbook(path: Path, sheets: dict[str, list[list]], formats: dict[str, str] | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell, number_format in (formats or {}).items():
            sheet[cell].number_format = number_format
    book.save(path)
    return path


def test_excel_typed_cells_percent_formats_and_text_numbers(tmp_path):
    header = [
        "instansi",
        "tahun",
        "sumber",
        "tingkat",
        "jenis_baris",
        "uraian",
        "realisasi",
        "persen_realisasi_dilaporkan",
    ]
    header += ["efisiensi_dilaporkan", "kode_rekening"]
    rows = [
        header,
        ["A", 2023, "T", "program", "rincian", "P", 8460444119.0, 0.9375, 3.67, 5],
        ["A", "2023", "T", "program", "rincian", "Q", "Rp 8.460.444.119", "93,75%", "3,67", 5.1],
        [],
        ["A", 2023.0, "T", "program", "rincian", "R", 12, 93.75, None, "5.10"],
    ]
    path = workbook(tmp_path / "buku.xlsx", {"Anggaran": rows}, {"H2": "0.00%", "H5": '0.00"%"'})
    sheet = read_file(path, "anggaran")
    assert sheet.problems == [] and sheet.sheet == "Anggaran" and sheet.dialect is XLSX
    frame = sheet.frame
    assert sheet.rows.tolist() == [2, 3, 5]
    assert frame["realisasi"].tolist() == ["8460444119", "8460444119", "12"]
    # 0.9375 shown as 93,75% is 93.75; a literal "%" format shows the value itself
    assert frame["persen_realisasi_dilaporkan"].tolist() == ["93.75", "93.75", "93.75"]
    assert frame["efisiensi_dilaporkan"].tolist()[:2] == ["3.67", "3.67"]
    assert frame["tahun"].tolist() == ["2023", "2023", "2023"]
    assert frame["kode_rekening"].tolist() == ["5", "5.1", "5.10"]  # text stays text


def test_excel_problems_name_sheet_row_and_cell(tmp_path):
    rows = [
        KEP.split(","),
        ["A", 2023, "T", "g", "IV", None, "93.75", "rincian"],
        ["A", 2023, "T", "g", "III", None, True, "rincian", None, "lebih"],
    ]
    sheet = read_file(workbook(tmp_path / "b.xlsx", {"kepegawaian": rows}), "kepegawaian")
    assert sheet.frame is None  # a value outside the named columns: the rows are not read further
    assert [str(p) for p in sheet.problems] == [
        f"{tmp_path / 'b.xlsx'}, lembar 'kepegawaian', baris 3, kolom 'jumlah' (sel G3): nilai 'True': harus "
        "angka, bukan nilai logika TRUE/FALSE",
        f"{tmp_path / 'b.xlsx'}, lembar 'kepegawaian', baris 3: sel di luar kolom bernama (kolom J dan seterusnya); "
        "beri nama kolomnya di baris 1 atau hapus selnya",
    ]
    rows[2] = rows[2][:9]
    sheet = read_file(workbook(tmp_path / "c.xlsx", {"kepegawaian": rows}), "kepegawaian")
    assert sorted(str(p) for p in sheet.problems) == [
        f"{tmp_path / 'c.xlsx'}, lembar 'kepegawaian', baris 2, kolom 'jumlah' (sel G2): nilai '93.75': harus "
        "bilangan bulat, mis. 1.234; di format Indonesia titik adalah pemisah ribuan, tulis 93,75",
        f"{tmp_path / 'c.xlsx'}, lembar 'kepegawaian', baris 3, kolom 'jumlah' (sel G3): nilai 'True': harus "
        "angka, bukan nilai logika TRUE/FALSE",
    ]


def test_excel_formula_with_a_cached_value_is_taken_as_shown(tmp_path):
    rows = [KEP.split(","), ["A", 2023, "T", "g", "IV", None, "=1+1", "rincian"]]
    path = workbook(tmp_path / "rumus.xlsx", {"kepegawaian": rows})
    # what Excel writes after computing: the formula and its cached value
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet_part = next(n for n in parts if n.startswith("xl/worksheets/"))
    parts[sheet_part] = parts[sheet_part].replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>")
    assert b"<v>2</v>" in parts[sheet_part]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    sheet = read_file(path, "kepegawaian")
    assert sheet.problems == [] and sheet.frame["jumlah"].tolist() == ["2"]


def test_excel_unpacked_size_is_bounded(tmp_path):
    rows = [KEP.split(","), *([f"Dinas {'A' * 200}", 2023, "T", "g", "IV", None, 1, "rincian"] for _ in range(500))]
    path = workbook(tmp_path / "besar.xlsx", {"kepegawaian": rows})
    size = path.stat().st_size  # compresses well: unpacked it is many times larger
    sheet = readers.read_xlsx(path, "kepegawaian", limit=size)  # a zip bomb is refused before parsing
    assert [p.expected[:38] for p in sheet.problems] == ["isi .xlsx terlalu besar setelah dibuka"]


def test_excel_damaged_dimension_does_not_pad_rows(tmp_path):
    path = workbook(tmp_path / "dim.xlsx", {"kepegawaian": [KEP.split(","), ["A", 2023, "T", "g", "IV", None, 1, "rincian"]]})  # fmt: skip
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    part = next(n for n in parts if n.startswith("xl/worksheets/"))
    parts[part] = parts[part].replace(b'<dimension ref="A1:H2"', b'<dimension ref="A1:XFD1048576"')
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    start = time.perf_counter()
    sheet = read_file(path, "kepegawaian")
    assert time.perf_counter() - start < 5 and sheet.problems == [] and len(sheet.frame) == 1


def test_workbooks_found_by_sheet_name_lock_files_and_others_left_out(tmp_path):
    workbook(tmp_path / "data.xlsx", {"Petunjuk": [["x"]], " Kepegawaian ": [KEP.split(",")]})
    workbook(tmp_path / "rekap.xlsx", {"Sheet1": [["x"]]})
    (tmp_path / "~$data.xlsx").write_bytes(b"\x00lock")
    (tmp_path / "rusak.xlsx").write_bytes(b"bukan zip")
    write(tmp_path, "kepegawaian_2024.csv", [KEP])
    assert workbook_sheets(tmp_path / "data.xlsx") == ["Petunjuk", " Kepegawaian "]
    assert workbook_sheets(tmp_path / "rusak.xlsx") is None
    names = [p.name for p in table_sources(tmp_path, "kepegawaian")]
    assert names == ["data.xlsx", "kepegawaian_2024.csv", "rusak.xlsx"]  # a damaged workbook is read to say why
    assert [p.name for p in table_sources(tmp_path, "anggaran")] == ["rusak.xlsx"]
    assert [p.name for p in ignored_workbooks(tmp_path, SCHEMAS)] == ["rekap.xlsx"]
    assert describe(tmp_path / "data.xlsx", "kepegawaian") == f"{XLSX.label}, lembar ' Kepegawaian '"


def test_problem_text_with_sheet_and_cell():
    problem = Problem("data.xlsx", 9, "target", "x", "harus angka", "indikator", "J")
    assert str(problem) == "data.xlsx, lembar 'indikator', baris 9, kolom 'target' (sel J9): nilai 'x': harus angka"
    assert (
        str(Problem("a.csv", 9, "target", "x", "harus angka"))
        == "a.csv, baris 9, kolom 'target': nilai 'x': harus angka"
    )


def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    path = write(tmp_path, "kepegawaian.csv", [KEP])
    real_open = os.open

    def refusing_open(name, *args, **kwargs):
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(readers.os, "open", refusing_open)
    assert [p.expected for p in read_file(path, "kepegawaian").problems] == ["tidak dapat dibuka: izin ditolak"]


def test_old_mac_line_endings_are_read(tmp_path):
    path = tmp_path / "kepegawaian.csv"
    path.write_bytes(f"{KEP}\rA,2023,T,g,IV,,1,rincian,\rA,2023,T,g,III,,x,rincian,\r".replace(",", ";").encode())
    sheet = read_file(path, "kepegawaian")
    assert sheet.dialect is CSV_ID and sheet.rows.tolist() == [2, 3]
    assert cells(sheet) == [(3, "jumlah", "x")]
