import pandas as pd
import pytest

from lkjip_analysis import load_indikator
from lkjip_analysis.anggaran import (
    compare_capaian_serapan,
    compare_refocusing,
    describe_budget_scope,
    missing_budget_link,
    sum_components,
    summarize_budget,
    tabulate_serapan,
    tabulate_serapan_rekening,
)


def test_refocusing(ang):
    r = compare_refocusing(ang, 2023).set_index("uraian")
    row = r.loc["Pengadaan Barang Milik Daerah Penunjang Pemerintah daerah"]
    assert (row["anggaran_murni"], row["anggaran_perubahan"], row["perubahan_rp"]) == (282829720, 495858000, 213028280)
    assert row["perubahan_persen"] == pytest.approx(213028280 / 282829720 * 100)
    assert len(r) == 16  # 3 programs + 13 kegiatan


def test_serapan_rekening(ang):
    s = tabulate_serapan_rekening(ang).set_index("kode_rekening")
    expected = pd.DataFrame(
        {
            "kode_rekening": ["5", "5.1", "5.1.01"],
            "anggaran": [14231127419, 13733069419, 6389561900],
            "realisasi": [13598914845, 13133796845, 6201526596],
            "sisa": [632212574, 599272574, 188035304],
        }
    ).set_index("kode_rekening")
    got = s.loc[["5", "5.1", "5.1.01"], ["anggaran", "realisasi", "sisa"]]
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert s.loc["5.2.05", "serapan"] == pytest.approx(89.7727, abs=1e-4)
    assert s.loc["5.2", "anggaran_dihitung"] == 498058000


def test_jumlah_rincian_program(ang):
    j = sum_components(ang).set_index("uraian")
    assert j.loc["PROGRAM KEPEGAWAIAN DAERAH", "anggaran_murni_dihitung"] == 4490649338
    assert j.loc["PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "jumlah_rincian"] == 7


def test_efisiensi_sasaran(ang):
    e = compare_capaian_serapan(load_indikator(), ang).set_index("kode_indikator")
    pmprb = e.loc["pmprb"]
    assert pmprb["serapan"] == pytest.approx(8149751661 / 8460444119 * 100)
    assert pmprb["klasifikasi"] == "tidak dapat dinilai"  # no 2023 realisasi for PMPRB
    merit = e.loc["indeks_merit"]
    assert merit["serapan_asal"] == "dari efisiensi dilaporkan" and merit["serapan"] == pytest.approx(95.55)
    assert merit["selisih"] == pytest.approx(93.75 - 95.55) and merit["klasifikasi"] == "cukup efisien"
    # measured against the PK target 93: capaian 80,65% beside serapan 94,65%
    pen = e.loc["penempatan_sesuai_kompetensi"]
    assert round(pen["capaian"], 2) == 80.65 and pen["klasifikasi"] == "tidak efisien"


def test_serapan_per_program_when_the_document_has_no_kode_rekening(ang):
    """Tabel 3.6 of the Disnakertrans LKIP: pagu and realisasi per program only."""
    s = tabulate_serapan(ang, "program", 2016).set_index("uraian")
    row = s.loc["Program Peningkatan Kualitas dan Produktivitas Tenaga Kerja"]
    assert (row["anggaran"], row["realisasi"]) == (15124767700, 14787225100)
    assert round(row["serapan"], 2) == 97.77 and row["sisa"] == 337542600
    # one table of record per funding source: APBD programs from Tabel 3.6, APBN programs from Tabel 3.7
    assert s.groupby("dana")["sumber"].nunique().to_dict() == {"APBD": 1, "APBN": 1}
    assert s.groupby("dana").size().to_dict() == {"APBD": 10, "APBN": 6}


# --- the budget model on hand-built frames (issue 15) ------------------------------------------------


def budget(rows, **common):
    from .helpers import table_frame

    base = {"instansi": "X", "tahun": 2024, "jenis_baris": "rincian", "tingkat": "program"}
    return table_frame("anggaran", rows, **{**base, **common})


def test_two_tables_of_one_budget_are_read_once():
    """A Bab II pagu table and a Bab III realisation table list the same programs: never added."""
    rows = [
        {"sumber": "Tabel 2.3", "program": p, "uraian": p, "anggaran_murni": m, "anggaran_perubahan": q}
        for p, m, q in (("P1", 100, 80), ("P2", 200, 150))
    ] + [
        {"sumber": "Tabel 3.7", "program": p, "uraian": p, "anggaran_murni": m, "anggaran_perubahan": q, "realisasi": r}
        for p, m, q, r in (("P1", 100, 80, 70), ("P2", 200, 150, 150))
    ]  # fmt: skip
    frame = budget(rows, sumber_dana="APBN Dekonsentrasi")
    r = compare_refocusing(frame)
    assert (r["anggaran_murni"].sum(), r["anggaran_perubahan"].sum(), set(r["sumber"])) == (300, 230, {"Tabel 3.7"})
    s = summarize_budget(frame)
    assert s[["dana", "tingkat", "anggaran", "realisasi"]].values.tolist() == [["APBN", "program", 230, 220]]


def test_apbd_and_apbn_are_added_only_when_both_are_whole():
    whole = [
        {"tingkat": "total", "jenis_baris": "total", "sumber": "Tabel 3.6", "uraian": "BELANJA",
         "anggaran_perubahan": 1000, "realisasi": 900},
        {"tingkat": "belanja_langsung", "jenis_baris": "subtotal", "sumber": "Tabel 3.6", "uraian": "BL",
         "anggaran_perubahan": 600, "realisasi": 500},
        {"tingkat": "total", "jenis_baris": "total", "sumber": "Tabel 3.7", "uraian": "JUMLAH", "sumber_dana": "APBN",
         "anggaran_perubahan": 200, "realisasi": 190},
    ]  # fmt: skip
    s = summarize_budget(budget(whole))
    assert s["dana"].tolist() == ["APBD", "APBN", "APBD dan APBN"]
    assert s.iloc[-1][["anggaran", "realisasi"]].tolist() == [1200, 1090]  # BL is inside BELANJA: not added again
    partial = [dict(whole[1]), dict(whole[2])]  # the APBD only as Belanja Langsung
    s = summarize_budget(budget(partial))
    assert s[["dana", "cakupan"]].values.tolist() == [["APBD", "Belanja Langsung"], ["APBN", "seluruh belanja"]]
    assert describe_budget_scope(s).endswith("Tidak dijumlahkan: cakupannya berbeda.")


def test_efficiency_says_which_link_is_missing():
    rows = [{"sumber": "Tabel 3.6", "program": "P", "uraian": "P", "anggaran_perubahan": 100, "realisasi": 90}]
    frame = budget(rows)
    assert compare_capaian_serapan(load_indikator(), frame).empty
    assert "kode_indikator" in missing_budget_link(frame) and "sasaran" in missing_budget_link(frame)
