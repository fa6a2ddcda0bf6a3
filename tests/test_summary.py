"""Key figures and headline sentences: SAKIP counts on the source data and on hand-built frames."""

import pandas as pd

from lkjip_analysis import load_all
from lkjip_analysis.indikator import tabulate_capaian, tabulate_coverage
from lkjip_analysis.summary import headlines, summarize_key_figures

SURAKARTA = "BKPSDM Kota Surakarta"


def surakarta_2023():
    t = {k: v[v["instansi"] == SURAKARTA] for k, v in load_all().items()}
    capaian = tabulate_capaian(t["indikator"], t["skala"])
    return t, capaian[capaian["tahun"] == 2023], tabulate_coverage(t["indikator"], 2023)


def test_key_figures_count_what_sakip_counts():
    t, capaian, coverage = surakarta_2023()
    rekening = pd.DataFrame({"jenis_baris": ["total"], "anggaran": [14231127419], "realisasi": [13598914845]})
    table = dict(summarize_key_figures(capaian, coverage, rekening, t["kepegawaian"]).to_numpy().tolist())
    assert table["Indikator Perjanjian Kinerja"] == "5"
    assert table["Indikator PK terukur"] == "3" and table["Indikator PK belum ada realisasi"] == "2"
    assert table["Indikator terukur"] == "6"  # not 8: the 86/86 copy is not a measurement; two readings are one
    assert table["Indikator berpredikat Berhasil"] == "1"  # penempatan against the PK
    assert table["Serapan anggaran"] == "95,56%" and table["Anggaran"] == "Rp 14.231.127.419"
    assert table["Pegawai (menurut golongan)"] == "57 orang"


def test_headlines_are_generated_from_the_tables():
    _t, capaian, coverage = surakarta_2023()
    refocusing = pd.DataFrame({"tingkat": ["program"] * 2, "anggaran_murni": [15e9, 7.28e9],
                               "anggaran_perubahan": [9e9, 5.23e9]})  # fmt: skip
    lines = headlines(capaian, coverage, refocusing)
    assert lines[0] == ("Dari 5 indikator Perjanjian Kinerja, 3 terukur dan 2 belum ada realisasi "
                        "(tabel Cakupan Perjanjian Kinerja).")  # fmt: skip
    assert lines[1].startswith("6 indikator terukur: 5 Sangat Berhasil, 1 Berhasil")
    assert "80,65% (Berhasil) terhadap target PK 93" in lines[2] and "100,00% (Sangat Berhasil)" in lines[2]
    assert (
        lines[3]
        == "Anggaran program turun dari Rp 22,28 M (murni) menjadi Rp 14,23 M (perubahan), -36% (tabel Refocusing)."
    )
    assert 3 <= len(lines) <= 6
