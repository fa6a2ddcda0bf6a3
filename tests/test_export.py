"""The Excel workbook: typed cells read back equal to the report's tables; formulas from the data never run."""

import openpyxl
import pytest

from lkjip_analysis.export import WORKBOOK_NAME, export
from lkjip_analysis.sections import Report

from .helpers import edit_csv

SURAKARTA = "BKPSDM Kota Surakarta"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("ekspor")
    [path] = export(output_dir=out, tahun=[2023], instansi=[SURAKARTA])
    assert path == out / "2023" / "bkpsdm-kota-surakarta" / WORKBOOK_NAME
    return openpyxl.load_workbook(path)


def rows(sheet):
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]


def test_sheets_and_layout(book):
    assert book.sheetnames[:3] == ["Cakupan PK", "Capaian", "Capaian semua tahun"]
    assert {"Refocusing", "Serapan kode rekening", "Kepegawaian", "Temuan audit", "Provenans"} <= set(book.sheetnames)
    sheet = book["Capaian"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["A"].width > 20


def test_cells_are_typed_and_equal_the_tables(book):
    table = Report(SURAKARTA, 2023).export_tables()["Capaian"]
    read = {r["Indikator"]: r for r in rows(book["Capaian"])}
    for row in table.itertuples():
        got = read[row.indikator]
        assert got["Target"] == pytest.approx(row.target) if row.target == row.target else got["Target"] is None
        if row.capaian == row.capaian:
            assert isinstance(got["Capaian"], (int, float)) and got["Capaian"] == pytest.approx(row.capaian)
    assert book["Capaian"]["I2"].number_format == '0.00"%"'
    serapan = {r["Kode rekening"]: r for r in rows(book["Serapan kode rekening"])}
    assert serapan["5"]["Anggaran"] == 14231127419 and serapan["5"]["Realisasi"] == 13598914845
    rupiah = next(c for c in book["Serapan kode rekening"][2] if c.value == 14231127419)
    assert rupiah.number_format == '"Rp" #,##0'


def test_formula_text_in_the_data_is_shown_never_run(raw_copy, tmp_path):
    edit_csv(raw_copy / "indikator.csv", ",Nilai PMPRB,", ',"=HYPERLINK(""http://x"",""klik"")",', count=2)
    [path] = export(raw_copy, tmp_path, [2023], [SURAKARTA])
    sheet = openpyxl.load_workbook(path)["Capaian"]
    cell = next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.value == '=HYPERLINK("http://x","klik")' and cell.data_type == "s" and cell.quotePrefix
