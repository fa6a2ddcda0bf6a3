"""Spreadsheet outputs: formula-safe exports, the canonical CSV of `lkjip convert`, and what
`lkjip validate` says about each file it read."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lkjip_analysis.cli import main
from lkjip_analysis.config import RAW_DATA_DIR
from lkjip_analysis.data import load_table
from lkjip_analysis.readers import CSV, CSV_ID, XLSX
from lkjip_analysis.schemas import SCHEMAS
from lkjip_analysis.spreadsheet import neutralize, neutralize_frame, text_cell, write_export_csv

CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize(
    "text, shown",
    [
        ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Dinas A", "Dinas A"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralize_follows_owasp(text, shown):
    assert neutralize(text) == shown


def test_exports_neutralise_text_only(tmp_path):
    frame = pd.DataFrame(
        {
            "uraian": pd.Series(["=1+1", "Belanja", None], dtype="str"),
            "realisasi": pd.array([-5, 7, None], dtype="Int64"),
            "persen": [-1.5, 2.0, float("nan")],
        }
    )
    safe = neutralize_frame(frame)
    assert safe["uraian"].tolist()[:2] == ["'=1+1", "Belanja"] and pd.isna(safe["uraian"].iloc[2])
    assert safe["realisasi"].tolist()[:2] == [-5, 7] and str(safe["realisasi"].dtype) == "Int64"
    assert frame["uraian"].iloc[0] == "=1+1"  # the caller's frame keeps the exact text
    path = write_export_csv(frame, tmp_path / "ekspor.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [
            ["uraian", "realisasi", "persen"],
            ["'=1+1", "-5", "-1.5"],
            ["Belanja", "7", "2.0"],
            ["", "", ""],
        ]
    assert [p.name for p in tmp_path.iterdir()] == ["ekspor.csv"]


def test_xlsx_text_cells_are_exact_and_never_formulas(tmp_path):
    book = openpyxl.Workbook()
    text_cell(book.active, 1, 1, '=HYPERLINK("http://x","klik")')
    text_cell(book.active, 2, 1, "Dinas A")
    book.save(tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert (sheet["A1"].value, sheet["A1"].data_type, sheet["A1"].quotePrefix) == ('=HYPERLINK("http://x","klik")', "s", True)  # fmt: skip
    assert (sheet["A2"].value, sheet["A2"].quotePrefix) == ("Dinas A", False)


def test_audit_csv_is_neutralised(tmp_path, monkeypatch, capsys):
    from lkjip_analysis import audit as audit_module

    real = audit_module.audit

    def hostile(data_dir=None):
        findings = real(data_dir)
        text_columns = [c for c in findings.columns if pd.api.types.is_string_dtype(findings[c].dtype)]
        findings.loc[findings.index[0], text_columns[-1]] = '=HYPERLINK("http://x","klik")'
        return findings

    monkeypatch.setattr(audit_module, "audit", hostile)
    assert main(["audit", "--csv", str(tmp_path / "temuan.csv")]) == 0
    with open(tmp_path / "temuan.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert '\'=HYPERLINK("http://x","klik")' in rows[1]
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


# --- lkjip convert ----------------------------------------------------------------------------
@pytest.fixture
def mixed_dir(tmp_path) -> Path:
    """A data directory in three formats: canonical CSV, Indonesian CSV and an .xlsx sheet."""
    folder = tmp_path / "campuran"
    folder.mkdir()
    shutil.copy(CORPUS / "kanonik" / "indikator.csv", folder / "indikator.csv")
    shutil.copy(CORPUS / "anggaran_format_indonesia.csv", folder / "anggaran_dinas.csv")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "kepegawaian"
    with open(CORPUS / "kanonik" / "kepegawaian.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([int(v) if n in ("tahun", "jumlah") else (v or None) for n, v in zip(rows[0], row)])
    book.save(folder / "Data Dinas.xlsx")
    return folder


def test_convert_writes_canonical_csv_that_loads_to_the_same_tables(mixed_dir, tmp_path, capsys):
    out = tmp_path / "baku"
    assert main(["convert", "--data-dir", str(mixed_dir), "--output-dir", str(out)]) == 0
    assert "3 berkas CSV baku ditulis" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [
        "anggaran_dinas.csv",
        "indikator.csv",
        "kepegawaian_Data-Dinas.csv",
    ]
    for table in ("indikator", "anggaran", "kepegawaian"):
        pd.testing.assert_frame_equal(load_table(table, out), load_table(table, mixed_dir))
    # Indonesian numbers become dot decimals without grouping; text stays exactly as it was
    assert (out / "anggaran_dinas.csv").read_text(encoding="utf-8").splitlines()[1] == (
        "Dinas Uji,2023,Tabel 2,program,rincian,,,,Program A,,15625599024,8460444119,8149751661,96.33,,3.67,,,,dinas"
    )  # the document the file name gave (laporan) is written down, so the new file name does not change it
    converted = (out / "kepegawaian_Data-Dinas.csv").read_text(encoding="utf-8").splitlines()
    canonical = (CORPUS / "kanonik" / "kepegawaian.csv").read_text(encoding="utf-8").splitlines()
    assert converted == [f"{line},{'laporan' if i == 0 else 'Data Dinas'}" for i, line in enumerate(canonical)]


def test_convert_of_canonical_data_changes_no_value(tmp_path):
    out = tmp_path / "baku"
    assert main(["convert", "--output-dir", str(out)]) == 0
    for source in RAW_DATA_DIR.glob("*.csv"):
        with (
            open(source, newline="", encoding="utf-8") as a,
            open(out / source.name, newline="", encoding="utf-8") as b,
        ):
            assert list(csv.reader(a)) == list(csv.reader(b)), source.name


def test_convert_refuses_bad_data_and_its_own_directory(raw_copy, tmp_path, capsys):
    out = tmp_path / "baku"
    (raw_copy / "kepegawaian_rusak.csv").write_text("instansi,tahun\nDinas,20x3\n", encoding="utf-8")
    assert main(["convert", "--data-dir", str(raw_copy), "--output-dir", str(out)]) == 1
    assert not out.exists()
    assert main(["convert", "--data-dir", str(raw_copy), "--output-dir", str(raw_copy)]) == 1
    assert "adalah direktori data" in capsys.readouterr().err


# --- lkjip validate names each file's dialect -------------------------------------------------
def test_validate_prints_each_file_and_its_dialect(mixed_dir, capsys):
    (mixed_dir / "rekap.xlsx").write_bytes((mixed_dir / "Data Dinas.xlsx").read_bytes())
    book = openpyxl.load_workbook(mixed_dir / "rekap.xlsx")
    book["kepegawaian"].title = "Sheet1"
    book.save(mixed_dir / "rekap.xlsx")
    assert main(["validate", "--data-dir", str(mixed_dir)]) == 0
    out = capsys.readouterr().out
    assert f"  indikator.csv (indikator): {CSV.label}\n" in out
    assert f"  anggaran_dinas.csv (anggaran): {CSV_ID.label}\n" in out
    assert f"  Data Dinas.xlsx (kepegawaian): {XLSX.label}, lembar 'kepegawaian'\n" in out
    assert f"  rekap.xlsx: diabaikan, tidak ada lembar bernama {', '.join(SCHEMAS)}" in out
