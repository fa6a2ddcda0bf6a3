"""Key figures and headline sentences: SAKIP counts on the source data and on hand-built frames."""

import pandas as pd

from lkjip_analysis import load_all
from lkjip_analysis.anggaran import compare_refocusing, summarize_budget
from lkjip_analysis.audit import audit_tables, footnotes
from lkjip_analysis.indikator import tabulate_capaian, tabulate_coverage
from lkjip_analysis.summary import headlines, split_pk, stated_averages, summarize_key_figures

SURAKARTA = "BKPSDM Kota Surakarta"
DISNAKER = "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Barat"
BKPD = "Badan Ketahanan Pangan Daerah Provinsi Jawa Barat"


def agency_year(instansi, tahun):
    t = {k: v[v["instansi"] == instansi] for k, v in load_all().items()}
    capaian = tabulate_capaian(t["indikator"], t["skala"])
    temuan = footnotes(audit_tables(t["indikator"], t["anggaran"], t["kepegawaian"], t["skala"]), instansi, tahun)
    return {
        "capaian": capaian[capaian["tahun"] == tahun],
        "coverage": tabulate_coverage(t["indikator"], tahun),
        "budget": summarize_budget(t["anggaran"], tahun),
        "kepegawaian": t["kepegawaian"][t["kepegawaian"]["tahun"] == tahun],
        "temuan": temuan,
        "stated": stated_averages(t["indikator"][t["indikator"]["tahun"] == tahun]),
        "refocusing": compare_refocusing(t["anggaran"], tahun),
    }


def key_figures(instansi, tahun):
    a = agency_year(instansi, tahun)
    table = summarize_key_figures(a["capaian"], a["coverage"], a["budget"], a["kepegawaian"], a["temuan"], a["stated"])
    return list(table["ukuran"]), dict(table.to_numpy().tolist())


def test_key_figures_lead_with_coverage_and_reliability():
    order, table = key_figures(SURAKARTA, 2023)
    assert order[:5] == ["Indikator Perjanjian Kinerja", "Indikator PK terukur", "Indikator PK belum ada realisasi",
                         "Temuan audit yang mengubah angka atau predikat (tinggi)", "Temuan audit seluruhnya"]  # fmt: skip
    assert table["Indikator Perjanjian Kinerja"] == "5"
    assert table["Indikator PK terukur"] == "3" and table["Indikator PK belum ada realisasi"] == "2"
    assert table["Indikator terukur"] == "6"  # not 8: the 86/86 copy is not a measurement; two readings are one
    # averages over the 3 measured PK indicators only; the other 3 are counted apart
    assert table["Indikator terukur di luar PK (tidak ikut dirata-rata)"] == "3"
    assert table["Indikator PK berpredikat Berhasil"] == "1"  # penempatan against the PK
    assert table["Median capaian indikator PK"] == "96,77%"
    assert table["Serapan anggaran (APBD, seluruh belanja)"] == "95,56%"
    assert table["Anggaran (APBD, seluruh belanja)"] == "Rp 14.231.127.419"
    assert table["Pegawai (menurut golongan)"] == "57 orang"


def test_key_budget_figures_by_funding_source_and_scope():
    """Disnakertrans 2016: APBD Tabel 3.6 95,13% and APBN Tabel 3.7 98,39%, together 95,82%; BKPD 2016: the
    APBD figure is Belanja Langsung per sasaran (Tabel 5), never added to the APBN total."""
    _, table = key_figures(DISNAKER, 2016)
    assert table["Anggaran (APBD, seluruh belanja)"] == "Rp 67.811.725.837"
    assert table["Serapan anggaran (APBD, seluruh belanja)"] == "95,13%"
    assert table["Serapan anggaran (APBN, seluruh belanja)"] == "98,39%"
    assert table["Anggaran (APBD dan APBN, seluruh belanja)"] == "Rp 86.049.816.837"
    assert table["Realisasi anggaran (APBD dan APBN, seluruh belanja)"] == "Rp 82.451.534.280"
    assert table["Serapan anggaran (APBD dan APBN, seluruh belanja)"] == "95,82%"
    _, table = key_figures(BKPD, 2016)
    assert table["Anggaran (APBD, belanja per sasaran)"] == "Rp 17.567.750.000"
    assert table["Serapan anggaran (APBD, belanja per sasaran)"] == "91,52%"
    assert table["Anggaran (APBN, seluruh belanja)"] == "Rp 34.438.482.000"
    assert table["Serapan anggaran (APBN, seluruh belanja)"] == "95,62%"
    assert not any("APBD dan APBN" in k for k in table)


def test_stated_average_beside_the_recomputed_one():
    _, table = key_figures(DISNAKER, 2016)
    stated = {k: v for k, v in table.items() if k.startswith("Dinyatakan instansi")}
    assert sorted(stated.values()) == ["114,78%", "127,32%"]  # Ikhtisar hlm. ii and Bab IV hlm. 45
    assert table["Indikator PK berpredikat Sangat Baik"] == "5"


def test_headlines_are_generated_from_the_tables():
    a = agency_year(SURAKARTA, 2023)
    lines = headlines(a["capaian"], a["coverage"], a["refocusing"], a["budget"], a["temuan"], a["stated"])
    assert lines[0].startswith("Dari 5 indikator Perjanjian Kinerja, 3 terukur dan 2 belum ada realisasi; ")
    assert lines[1].startswith("3 indikator PK terukur: 2 Sangat Berhasil, 1 Berhasil; median capaian 96,77%")
    assert "80,65% (Berhasil) terhadap target PK 93" in lines[2] and "100,00% (Sangat Berhasil)" in lines[2]
    assert "APBD (seluruh belanja) Rp 13,6 M dari Rp 14,23 M (95,56%)" in lines[3]
    assert 3 <= len(lines) <= 6


def test_refocusing_headline_reads_one_table_per_funding_source():
    """Disnakertrans 2016: only the APBN has murni and perubahan (Tabel 2.3 and 3.7 list the same programs)."""
    a = agency_year(DISNAKER, 2016)
    lines = headlines(a["capaian"], a["coverage"], a["refocusing"], a["budget"], a["temuan"], a["stated"])
    text = " ".join(lines)
    assert "Anggaran program APBN turun dari Rp 21,84 M (murni) menjadi Rp 18,24 M (perubahan), -16,5%" in text
    assert "43,68" not in text


def test_pk_split_on_hand_built_frames():
    cap = pd.DataFrame({"induk_indikator": [None, None, "a", None], "capaian": [90.0, 70.0, 50.0, None],
                        "dasar": ["PK", "tabel pengukuran", "PK", "PK"]})  # fmt: skip
    pk, outside = split_pk(cap)
    assert pk["capaian"].tolist() == [90.0] and outside["capaian"].tolist() == [70.0]
