"""The Excel template follows the schemas, and a filled template loads to the same tables as the CSVs."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from lkjip_analysis.cli import main
from lkjip_analysis.config import RAW_DATA_DIR
from lkjip_analysis.data import load_table, table_files
from lkjip_analysis.readers import number_columns, read_file
from lkjip_analysis.schemas import SCHEMAS, column_defaults
from lkjip_analysis.spreadsheet import text_cell
from lkjip_analysis.template import GUIDE_SHEET, LISTS_SHEET, template_workbook, write_template


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The template as written to disk and read back."""
    path = write_template(tmp_path_factory.mktemp("templat") / "templat.xlsx")
    return openpyxl.load_workbook(path)


def test_one_sheet_per_table_with_the_schema_columns(book):
    assert book.sheetnames == [GUIDE_SHEET, *SCHEMAS, LISTS_SHEET]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    for table, model in SCHEMAS.items():
        sheet = book[table]
        assert [c.value for c in sheet[1]] == list(model.to_schema().columns)
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == 1  # nothing to delete before filling


def test_header_comments_carry_the_data_dictionary(book):
    columns = SCHEMAS["anggaran"].to_schema().columns
    header = {c.value: c for c in book["anggaran"][1]}
    comment = header["realisasi"].comment.text
    assert comment.startswith("realisasi\n" + columns["realisasi"].description)
    assert "Satuan: Rp" in comment and "Boleh kosong" in comment
    assert "Wajib diisi" in header["uraian"].comment.text
    assert header["jenis_baris"].comment.text.endswith("Pilihan: rincian, subtotal, total")


def _validations(sheet) -> dict[str, object]:
    return {str(v.sqref).split(":")[0].rstrip("0123456789"): v for v in sheet.data_validations.dataValidation}


def test_every_closed_vocabulary_has_a_dropdown_with_exactly_its_values(book):
    lists = book[LISTS_SHEET]
    checked = 0
    for table, model in SCHEMAS.items():
        sheet = book[table]
        letters = {c.value: c.column_letter for c in sheet[1]}
        rules = _validations(sheet)
        for name, column in model.to_schema().columns.items():
            allowed = next((c.statistics["allowed_values"] for c in column.checks if c.name == "isin"), None)
            if allowed is None:
                continue
            rule = rules[letters[name]]
            assert rule.type == "list" and str(rule.sqref) == f"{letters[name]}2:{letters[name]}1048576"
            reference = rule.formula1.split("!")[1].replace("$", "")
            values = [c.value for row in lists[reference] for c in row]
            assert values == [str(v) for v in allowed], (table, name)
            checked += 1
    assert checked >= 6  # polaritas, dokumen, jenis_baris, tingkat, ... whatever the schemas hold


def test_number_formats_and_range_checks(book):
    sheet = book["anggaran"]
    letters = {c.value: c.column_letter for c in sheet[1]}
    fmt = lambda name: sheet.column_dimensions[letters[name]].number_format
    assert fmt("realisasi") == '"Rp "#,##0'
    assert fmt("persen_realisasi_dilaporkan") == '#,##0.00"%"'  # the typed number is the percent
    assert fmt("tahun") == "0" and fmt("uraian") == "@" and fmt("kode_rekening") == "@"
    rules = _validations(sheet)
    year = rules[letters["tahun"]]
    assert (year.type, year.operator, year.formula1, year.formula2) == ("whole", "between", "2000", "2100")
    amount = rules[letters["realisasi"]]
    assert (amount.type, amount.operator, amount.formula1) == ("whole", "greaterThanOrEqual", "0")
    staff = book["kepegawaian"]
    jumlah = next(c.column_letter for c in staff[1] if c.value == "jumlah")
    assert staff.column_dimensions[jumlah].number_format == "#,##0"


def test_the_template_follows_a_new_table(monkeypatch):
    monkeypatch.setitem(SCHEMAS, "uji", SCHEMAS["periode"])
    workbook = template_workbook()
    assert "uji" in workbook.sheetnames
    assert [c.value for c in workbook["uji"][1]] == list(SCHEMAS["periode"].to_schema().columns)


def test_an_empty_template_in_the_data_directory_changes_nothing(raw_copy):
    before = load_table("kepegawaian", raw_copy)
    write_template(raw_copy / "templat.xlsx")
    assert raw_copy / "templat.xlsx" in table_files("kepegawaian", raw_copy)
    pd.testing.assert_frame_equal(load_table("kepegawaian", raw_copy), before)


def test_a_filled_template_loads_to_the_same_tables_as_the_shipped_csv(tmp_path):
    """What an analyst does: every row of the shipped data typed into the template, numbers as
    numbers (a column a CSV leaves out holds its documented default)."""
    book = template_workbook()
    for table in SCHEMAS:
        sheet = book[table]
        header = [c.value for c in sheet[1]]
        kinds = number_columns(table)
        row = 2
        for path in table_files(table, RAW_DATA_DIR):
            frame = read_file(path, table).frame
            defaults = {k: v for k, v in column_defaults(table).items() if k not in frame.columns}
            for record in frame.to_dict("records"):
                record = {**defaults, **record}
                for column, name in enumerate(header, start=1):
                    value = record.get(name)
                    if value is None or pd.isna(value):
                        continue
                    kind = kinds.get(name)
                    if kind is None:
                        text_cell(sheet, row, column, str(value))
                    else:
                        sheet.cell(row, column, int(value) if kind.integer else float(value))
                row += 1
    folder = tmp_path / "excel"
    folder.mkdir()
    book.save(folder / "lkjip.xlsx")
    for table in SCHEMAS:
        pd.testing.assert_frame_equal(load_table(table, folder), load_table(table, RAW_DATA_DIR))


def test_template_command(tmp_path, capsys):
    target = tmp_path / "isian.xlsx"
    assert main(["template", "--output", str(target)]) == 0
    assert f"Templat ditulis ke {target}" in capsys.readouterr().out
    first = target.read_bytes()
    assert main(["template", "--output", str(target)]) == 1  # a filled template is never overwritten silently
    assert "sudah ada; pakai --force untuk menimpanya" in capsys.readouterr().err
    assert target.read_bytes() == first
    assert main(["template", "--output", str(target), "--force"]) == 0
    assert main(["template", "--output", str(tmp_path / "isian.csv")]) == 1
    assert "harus berakhiran .xlsx" in capsys.readouterr().err
    assert main(["template", "--output", str(tmp_path / "isian.xlsx" / "x.xlsx")]) == 1
    assert "bukan direktori" in capsys.readouterr().err
