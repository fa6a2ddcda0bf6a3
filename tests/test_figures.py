"""Charts and report tables: hand-built frames with the columns of the analysis functions."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import seaborn as sns
from matplotlib.figure import Figure

from lkjip_analysis import figures
from lkjip_analysis.errors import ArgumentError


@pytest.fixture(autouse=True)
def _theme():
    figures.set_theme()
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
    df = pd.DataFrame(
        {
            "instansi": "X",
            "tahun": 2023,
            "sumber": "s",
            "dimensi": "golongan",
            "kategori": ["Golongan IV", "Golongan III"],
            "jumlah": [12, 40],
            "persen": [23.08, 76.92],
        }
    )
    fig = figures.plot_composition(df, "golongan")
    labels = texts(fig)
    assert "Komposisi pegawai menurut pangkat/golongan\nX 2023" in labels  # agency and year on a line of their own
    assert "12 (23,08%)" in labels and "40 (76,92%)" in labels  # percentages as the tables show them
    assert "Jumlah (orang)" in labels


def test_one_dimension_stated_in_two_places_side_by_side():
    df = pd.DataFrame(
        {
            "instansi": "X",
            "tahun": 2023,
            "sumber": ["a", "a", "b", "b"],
            "dimensi": "penempatan_jabatan",
            "kategori": ["JPT", "Pengawas", "JPT", "Pengawas"],
            "jumlah": [34, 455, 35, 651],
        }
    )
    fig = figures.plot_composition(df, "penempatan_jabatan")
    assert len(fig.axes[0].containers) == 2
    assert {"34", "455", "35", "651"} <= set(texts(fig))


def test_refocusing_rupiah_labels():
    df = pd.DataFrame(
        {
            "instansi": "X",
            "tahun": 2023,
            "tingkat": ["program", "kegiatan"],
            "program": ["PROGRAM A", "PROGRAM A"],
            "kegiatan": [None, "Kegiatan 1"],
            "anggaran_murni": [15625599024, 372405842],
            "anggaran_perubahan": [8460444119, 181635200],
        }
    )
    labels = texts(figures.plot_refocusing(df, "program"))
    assert "Rp 15,6 M" in labels and "Rp 8,5 M" in labels
    assert "Anggaran (Rp)" in labels
    assert "Rp 372,4 jt" in texts(figures.plot_refocusing(df, "kegiatan"))
    with pytest.raises(ArgumentError, match="tingkat"):
        figures.plot_refocusing(df, "rekening")


def test_serapan_rekening_draws_leaves_only():
    df = pd.DataFrame(
        {
            "instansi": "X",
            "tahun": 2023,
            "kode_rekening": ["5", "5.1.01"],
            "uraian": ["BELANJA DAERAH", "Belanja Pegawai"],
            "jenis_baris": ["total", "rincian"],
            "anggaran": [14231127419, 6389561900],
            "realisasi": [13598914845, 6201526596],
            "serapan": [95.557537, 97.057149],
        }
    )
    fig = figures.plot_serapan(df)
    labels = texts(fig)
    assert "Rp 6,2 M (97,06%)" in labels
    assert not any("95,56%" in t for t in labels)


def test_tren_capaian_one_panel_per_indicator():
    df = pd.DataFrame(
        {
            "instansi": "X",
            "kode_indikator": ["a", "a", "b"],
            "indikator": ["Indeks Merit", "Indeks Merit", "IPP"],
            "satuan": ["indeks", "indeks", "nilai"],
            "tahun": [2022, 2023, 2023],
            "target": [0.75, 0.8, 80],
            "realisasi": [0.65, 0.75, 75.5],
        }
    )
    fig = figures.plot_capaian_trend(df)
    assert [ax.get_title() for ax in fig.axes[:2]] == ["Indeks Merit", "IPP"]
    assert {"0,75", "0,8", "0,65", "75,5"} <= set(texts(fig))


def test_capaian_and_skenario_percent_labels():
    df = pd.DataFrame(
        {
            "indikator": ["Indeks Merit"],
            "capaian": [93.75],
            "predikat": ["Sangat Berhasil"],
            "capaian_awal": [93.75],
            "capaian_skenario": [87.5],
        }
    )
    assert "93,75% · Sangat Berhasil" in texts(figures.plot_capaian(df))
    assert {"93,75%", "87,50%"} <= set(texts(figures.plot_skenario(df)))


def test_empty_frame_gives_a_message_not_an_error():
    df = pd.DataFrame(columns=["dimensi", "kategori", "jumlah"])
    assert "Tidak ada data untuk ditampilkan." in texts(figures.plot_composition(df, "golongan"))


def test_missing_column_names_the_column():
    with pytest.raises(ArgumentError, match="kategori"):
        figures.plot_composition(pd.DataFrame({"dimensi": ["x"], "jumlah": [1]}), "x")


def test_rupiah_ticks_are_round_in_the_chart_unit_and_shown_exactly():
    locator, label = figures.rupiah_axis([22_280_000_000, 14_230_000_000])
    ticks = [t for t in locator.tick_values(0, 24e9) if 0 <= t <= 24e9]
    assert [label(t) for t in ticks] == ["Rp 0", "Rp 5 M", "Rp 10 M", "Rp 15 M", "Rp 20 M"]
    assert label(2.5e9) == "Rp 2,5 M" and label(7.5e9) == "Rp 7,5 M"  # not "Rp 2 M" / "Rp 8 M"


@pytest.mark.slow
@pytest.mark.xfail(reason="plan-path chart text check pending", strict=False)
def test_no_text_overlaps_or_leaves_any_figure_of_any_report(monkeypatch):
    """Every chart of every report of every shipped agency and year, measured with matplotlib's own text
    extents: no tick, value, legend or title text covers another or leaves the figure."""
    import IPython.display

    from lkjip_analysis import load_indikator
    from lkjip_analysis.sections import Report

    shown = []
    monkeypatch.setattr(
        IPython.display, "display", lambda *objs, **_: shown.extend(o for o in objs if hasattr(o, "savefig"))
    )
    monkeypatch.setattr(plt, "close", lambda *a, **k: None)
    ind = load_indikator()
    problems, count = [], 0
    for instansi in sorted(ind["instansi"].unique()):
        for tahun in sorted(
            ind.loc[(ind["instansi"] == instansi) & (ind["dokumen"] == "Pengukuran"), "tahun"].unique()
        ):
            report = Report(instansi, int(tahun))
            shown.clear()
            report.show_capaian_trend(), report.show_capaian_chart(), report.show_staff(), report.show_skenario()
            report.show_refocusing_chart("program"), report.show_refocusing_chart("kegiatan")
            report.show_serapan("kode rekening"), report.show_serapan("program"), report.show_serapan("kegiatan")
            report.show_capaian_serapan()
            for fig in shown:
                count += 1
                problems += [f"{instansi} {tahun}: {p}" for p in figures.text_problems(fig)]
                plt.matplotlib.pyplot.close(fig)
    assert count >= 30 and problems == []
