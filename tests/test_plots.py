"""Charts and report tables: hand-built frames with the columns of the analysis functions."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lkjip_analysis import plots  # noqa: E402
from lkjip_analysis.errors import ArgumentError  # noqa: E402


@pytest.fixture(autouse=True)
def _theme():
    plots.set_theme()
    yield
    plt.close("all")


def texts(fig: Figure) -> list[str]:
    out = [fig._suptitle.get_text()] if fig._suptitle else []
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()] + [t.get_text() for t in ax.texts]
        out += [t.get_text() for t in ax.get_yticklabels()]
    return out


def test_theme_is_colour_blind_palette():
    assert sns.color_palette()[:3] == sns.color_palette("colorblind")[:3]
    assert matplotlib.rcParams["axes.titlesize"] >= 12


def test_komposisi_pegawai_labels_count_and_percent():
    df = pd.DataFrame({"instansi": "X", "tahun": 2023, "sumber": "s", "dimensi": "golongan",
                       "kategori": ["Golongan IV", "Golongan III"], "jumlah": [12, 40], "persen": [23.08, 76.92]})
    fig = plots.komposisi_pegawai(df, "golongan")
    labels = texts(fig)
    assert "Komposisi pegawai menurut pangkat/golongan — X 2023" in labels
    assert "12 (23,1%)" in labels and "40 (76,9%)" in labels
    assert "Jumlah (orang)" in labels


def test_penempatan_two_sources_side_by_side():
    df = pd.DataFrame({"instansi": "X", "tahun": 2023, "sumber": ["a", "a", "b", "b"],
                       "kategori": ["JPT", "Pengawas", "JPT", "Pengawas"], "jumlah": [34, 455, 35, 651]})
    fig = plots.penempatan(df)
    assert len(fig.axes[0].containers) == 2
    assert {"34", "455", "35", "651"} <= set(texts(fig))


def test_refocusing_rupiah_labels():
    df = pd.DataFrame({"instansi": "X", "tahun": 2023, "tingkat": ["program", "kegiatan"],
                       "program": ["PROGRAM A", "PROGRAM A"], "kegiatan": [None, "Kegiatan 1"],
                       "anggaran_murni": [15625599024, 372405842], "anggaran_perubahan": [8460444119, 181635200]})
    labels = texts(plots.anggaran_refocusing(df, "program"))
    assert "Rp 15,6 M" in labels and "Rp 8,5 M" in labels
    assert "Anggaran (Rp)" in labels
    assert "Rp 372,4 jt" in texts(plots.anggaran_refocusing(df, "kegiatan"))
    with pytest.raises(ArgumentError, match="tingkat"):
        plots.anggaran_refocusing(df, "rekening")


def test_serapan_rekening_draws_leaves_only():
    df = pd.DataFrame({"instansi": "X", "tahun": 2023, "kode_rekening": ["5", "5.1.01"],
                       "uraian": ["BELANJA DAERAH", "Belanja Pegawai"], "jenis_baris": ["total", "rincian"],
                       "anggaran": [14231127419, 6389561900], "realisasi": [13598914845, 6201526596],
                       "serapan": [95.557537, 97.057149]})
    fig = plots.serapan_rekening(df)
    labels = texts(fig)
    assert "Rp 6,2 M (97,06%)" in labels
    assert not any("95,56%" in t for t in labels)


def test_tren_capaian_one_panel_per_indicator():
    df = pd.DataFrame({"instansi": "X", "kode_indikator": ["a", "a", "b"], "indikator": ["Indeks Merit", "Indeks Merit", "IPP"],
                       "satuan": ["indeks", "indeks", "nilai"], "tahun": [2022, 2023, 2023],
                       "target": [0.75, 0.8, 80], "realisasi": [0.65, 0.75, 75.5]})
    fig = plots.tren_capaian(df)
    assert [ax.get_title() for ax in fig.axes[:2]] == ["Indeks Merit", "IPP"]
    assert {"0,75", "0,8", "0,65", "75,5"} <= set(texts(fig))


def test_capaian_and_skenario_percent_labels():
    df = pd.DataFrame({"indikator": ["Indeks Merit"], "capaian": [93.75], "predikat": ["Sangat Berhasil"],
                       "capaian_awal": [93.75], "capaian_skenario": [87.5]})
    assert "93,75% · Sangat Berhasil" in texts(plots.capaian_indikator(df))
    assert {"93,75%", "87,50%"} <= set(texts(plots.skenario_capaian(df)))


def test_empty_frame_gives_a_message_not_an_error():
    df = pd.DataFrame(columns=["dimensi", "kategori", "jumlah"])
    assert "Tidak ada data untuk ditampilkan." in texts(plots.komposisi_pegawai(df, "golongan"))


def test_missing_column_names_the_column():
    with pytest.raises(ArgumentError, match="kategori"):
        plots.peran_tkpk(pd.DataFrame({"jumlah": [1]}))


def test_tabel_formats_and_escapes():
    df = pd.DataFrame({"tahun": [2023], "uraian": ['<script>alert("x")</script>'], "anggaran": [14231127419.0],
                       "realisasi": [13598914845.0], "serapan": [95.557537], "jumlah": [1234.5], "direvisi": [True]})
    df["<img src=x>"] = ["a&b"]
    html = plots.tabel(df, judul="<b>judul</b>").to_html()
    assert "Rp 14.231.127.419" in html and "Rp 13.598.914.845" in html
    assert "95,56%" in html and "1.234,5" in html and ">2023<" in html and ">ya<" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "<b>" not in html and "a&amp;b" in html


def test_tabel_missing_values_show_dash():
    html = plots.tabel(pd.DataFrame({"indikator": ["a", None], "capaian": [None, 50.0]})).to_html()
    assert html.count(">-<") == 2


def test_angka_kunci():
    capaian = pd.DataFrame({"capaian": [93.75, 100.0, None], "predikat": ["Sangat Berhasil", "Sangat Berhasil", None]})
    rekening = pd.DataFrame({"jenis_baris": ["total"], "anggaran": [14231127419], "realisasi": [13598914845],
                             "serapan": [95.557537], "sisa": [632212574]})
    table = dict(plots.angka_kunci(capaian, rekening).to_numpy().tolist())
    assert table["Indikator terukur"] == "2"
    assert table["Indikator berpredikat Sangat Berhasil"] == "2"
    assert table["Serapan anggaran"] == "95,56%"
    assert table["Anggaran (perubahan)"] == "Rp 14.231.127.419"


def test_tabel_years_print_without_separators():
    from lkjip_analysis.plots import tabel

    html_text = tabel(pd.DataFrame({"tahun_terakhir": [2023], "tahun_akhir": [2026], "sisa_tahun": [3.0],
                                    "realisasi_terakhir": [5273.0]})).to_html()
    assert ">2023<" in html_text and ">2026<" in html_text and "2.023" not in html_text
    assert "5.273" in html_text
