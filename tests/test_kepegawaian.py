"""Staff composition: leaves summed, stated totals left out, shares over the stated total, any dimension."""

import pandas as pd

from lkjip_analysis.kepegawaian import tabulate_composition

from .helpers import table_frame

SURAKARTA = "BKPSDM Kota Surakarta"
DISNAKER = "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Barat"


def test_composition_sums_leaves_and_skips_totals(kep):
    k = tabulate_composition(kep[kep["instansi"] == SURAKARTA], ["jabatan", "pendidikan"])
    jab = k[k["dimensi"] == "jabatan"][["kategori", "jumlah"]].reset_index(drop=True)
    expected = pd.DataFrame({"kategori": ["Eselon II", "Eselon III", "Eselon IV"], "jumlah": [1, 5, 11]})
    pd.testing.assert_frame_equal(jab, expected, check_dtype=False)
    pend = k[k["dimensi"] == "pendidikan"]
    assert pend["jumlah"].sum() == 57 and round(pend["persen"].sum(), 9) == 100
    assert "Jumlah" not in set(k["kategori"])


def test_two_placement_sets_are_kept_apart(kep):
    p = tabulate_composition(kep[kep["instansi"] == SURAKARTA], "penempatan_jabatan")
    assert p.groupby("sumber").size().tolist() == [5, 5]
    assert p[p["kategori"] == "Jabatan Fungsional Tertentu"]["jumlah"].tolist() == [3919, 3539]


def test_satu_sumber_keeps_the_fullest_breakdown(kep):
    k = tabulate_composition(kep[kep["instansi"] == SURAKARTA], "status", satu_sumber=True)
    assert k[["kategori", "jumlah"]].values.tolist() == [["PNS", 57], ["TKPK", 7]]
    assert set(k["sumber"]) == {"Bab I.A.1 narasi Menurut Status Pegawai"}
    assert len(tabulate_composition(kep[kep["instansi"] == SURAKARTA], "status")) == 3  # both places


def test_cross_table_of_education_by_unit_and_sex(kep):
    """Tabel 3.5 of the Disnakertrans LKIP: education per unit (summed) and sex, 191 staff."""
    k = tabulate_composition(kep[kep["instansi"] == DISNAKER], satu_sumber=True).set_index(["dimensi", "kategori"])
    assert k.loc[("pendidikan", "S1"), "jumlah"] == 56 and k.loc[("pendidikan", "SLTA"), "jumlah"] == 72
    assert k.loc[("jenis_kelamin", "Pria"), "jumlah"] == 120 and k.loc[("jenis_kelamin", "Wanita"), "jumlah"] == 71
    assert set(k["total"]) == {191}


def test_shares_over_the_stated_total():
    rows = [{"kategori": "Jumlah", "jumlah": 10, "jenis_baris": "total"}, {"kategori": "A", "jumlah": 4},
            {"kategori": "B", "jumlah": 4}]  # fmt: skip
    frame = table_frame(
        "kepegawaian", rows, instansi="X", tahun=2024, sumber="s", dimensi="usia", jenis_baris="rincian"
    )
    k = tabulate_composition(frame)
    assert k["persen"].tolist() == [40.0, 40.0] and k["total"].tolist() == [10, 10]  # 2 not broken down
