import pandas as pd

from lkjip_analysis import load_kepegawaian
from lkjip_analysis.kepegawaian import tabulate_composition, tabulate_penempatan, tabulate_peran_tkpk


def test_komposisi_sums_leaves_and_skips_totals():
    k = tabulate_composition(load_kepegawaian(), ["jabatan", "pendidikan"])
    jab = k[k["dimensi"] == "jabatan"][["kategori", "jumlah"]].reset_index(drop=True)
    expected = pd.DataFrame({"kategori": ["Eselon II", "Eselon III", "Eselon IV"], "jumlah": [1, 5, 11]})
    pd.testing.assert_frame_equal(jab, expected, check_dtype=False)
    pend = k[k["dimensi"] == "pendidikan"]
    assert pend["jumlah"].sum() == 57 and round(pend["persen"].sum(), 9) == 100
    assert "Jumlah" not in set(k["kategori"])


def test_penempatan_keeps_both_sets():
    p = tabulate_penempatan(load_kepegawaian())
    assert p.groupby("sumber").size().tolist() == [5, 5]
    assert p[p["kategori"] == "Jabatan Fungsional Tertentu"]["jumlah"].tolist() == [3919, 3539]


def test_peran_tkpk():
    assert tabulate_peran_tkpk(load_kepegawaian()).set_index("kategori")["jumlah"].to_dict() == {
        "Pengelola sistem informasi (tenaga IT)": 2,
        "Pengadministrasi keuangan": 1,
        "Pengelola layanan kehumasan": 1,
        "Pengemudi": 2,
        "Tenaga kebersihan kantor": 1,
    }


def test_satu_sumber_keeps_the_fullest_breakdown():
    k = tabulate_composition(load_kepegawaian(), "status", satu_sumber=True)
    assert k[["kategori", "jumlah"]].values.tolist() == [["PNS", 57], ["TKPK", 7]]
    assert set(k["sumber"]) == {"Bab I.A.1 narasi Menurut Status Pegawai"}
    assert len(tabulate_composition(load_kepegawaian(), "status")) == 3  # both places, without the option
