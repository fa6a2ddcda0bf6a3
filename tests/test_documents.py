"""Several documents of one agency (``laporan``): loaded together, the latest document's reading is the
record, the other named beside it, and a revised figure is an audit finding."""

import pytest

from lkjip_analysis import load_all, load_indikator
from lkjip_analysis.audit import audit_tables
from lkjip_analysis.indikator import tabulate_capaian

from .helpers import run_lkjip

HEADER = (
    "instansi,tahun,dokumen,sumber,kode_indikator,indikator,satuan,polaritas,target,realisasi,capaian_dilaporkan,"
    "predikat_dilaporkan,tahun_akhir,target_akhir,capaian_akhir,sasaran,catatan"
)


def _write(folder, name, rows):
    lines = [HEADER] + [",".join(map(str, r)) for r in rows]
    (folder / f"indikator_{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def two_reports(tmp_path):
    """The 2022 and the 2023 LKjIP of one agency: both print 2022 in 'Bab III Tabel 3.2', the 2023 report
    with a revised realisasi (72 where the 2022 report printed 70)."""
    data = tmp_path / "data"
    data.mkdir()
    common = ("Dinas A", "Bab III Tabel 3.2", "a", "Persentase A", "%", "positif")
    _write(data, "lkjip-2022", [
        ("Dinas A", 2022, "PK", "Bab II PK", "a", "Persentase A", "%", "positif", 75, "", "", "", "", "", "", "", ""),
        (common[0], 2022, "Pengukuran", *common[1:], 75, 70, "", "", "", "", "", "", ""),
    ])  # fmt: skip
    _write(data, "lkjip-2023", [
        ("Dinas A", 2023, "PK", "Bab II PK", "a", "Persentase A", "%", "positif", 80, "", "", "", "", "", "", "", ""),
        (common[0], 2022, "Pengukuran", *common[1:], 75, 72, "", "", "", "", "", "", ""),
        (common[0], 2023, "Pengukuran", *common[1:], 80, 78, "", "", "", "", "", "", ""),
    ])  # fmt: skip
    return data


def test_two_documents_of_one_agency_load_together(two_reports):
    ind = load_indikator(two_reports)  # the same key (tahun, sumber) in both: two documents, no collision
    assert sorted(ind["laporan"].unique()) == ["lkjip-2022", "lkjip-2023"]
    capaian = tabulate_capaian(ind).set_index("tahun")
    # the 2022 series uses the later document's figure of record, and names the other beside it
    assert capaian.loc[2022, "realisasi"] == 72 and capaian.loc[2022, "laporan"] == "lkjip-2023"
    assert capaian.loc[2022, "realisasi_lain"] == "70 (lkjip-2022, Bab III Tabel 3.2)"
    temuan = audit_tables(load_all(two_reports)["indikator"])
    revised = temuan[temuan["jenis"] == "angka direvisi antardokumen"]
    assert revised[["tahun", "dilaporkan", "dihitung"]].values.tolist() == [[2022, 70, 72]]
    assert revised.iloc[0]["tabel"] == "lkjip-2022: Bab III Tabel 3.2"


@pytest.mark.slow
def test_two_documents_render_and_export_together(two_reports, tmp_path):
    out = tmp_path / "laporan"
    rendered = run_lkjip("render", "--data-dir", two_reports, "--output-dir", out, "--notebook", "01", "--jobs", "1")
    assert rendered.returncode == 0, rendered.stderr
    page = (out / "2023" / "dinas-a" / "01_capaian_kinerja.html").read_text(encoding="utf-8")
    assert "lkjip-2022; lkjip-2023" in page or "lkjip-2023; lkjip-2022" in page  # the provenance names both
    exported = run_lkjip("export", "--data-dir", two_reports, "--output-dir", out)
    assert exported.returncode == 0, exported.stderr
    assert (out / "2023" / "dinas-a" / "tabel_analisis.xlsx").is_file()
