import pandas as pd
import pytest

from lkjip_analysis import ArgumentError, load_indikator
from lkjip_analysis.capaian import SKALA
from lkjip_analysis.indikator import (
    compare_targets,
    select_measurements,
    tabulate_batas_realisasi,
    tabulate_capaian,
    track_progress,
)


def test_tabel_capaian_values(ind):
    t = tabulate_capaian(ind).set_index(["kode_indikator", "tahun"])
    got = t.loc[
        [("indeks_merit", 2023), ("ipp", 2022), ("pmprb", 2022), ("pmprb", 2023)],
        ["target", "realisasi", "capaian", "predikat"],
    ].reset_index()
    got["capaian"] = got["capaian"].round(2)
    expected = pd.DataFrame(
        {
            "kode_indikator": ["indeks_merit", "ipp", "pmprb", "pmprb"],
            "tahun": [2023, 2022, 2022, 2023],
            "target": [0.80, 78, 23.05, 24.05],
            "realisasi": [0.75, 52.07, 32.44, float("nan")],
            "capaian": [93.75, 66.76, 140.74, float("nan")],
            "predikat": ["Sangat Berhasil", "Cukup Berhasil", "Sangat Berhasil", "Tidak ada penilaian"],
        }
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    ipp = t.loc[("ipp", 2023)]
    assert ipp["delta_realisasi"] == pytest.approx(23.43)
    assert ipp["delta_realisasi_persen"] == pytest.approx(23.43 / 52.07 * 100)
    assert ipp["delta_capaian"] == pytest.approx(75.5 / 80 * 100 - 52.07 / 78 * 100)


def test_pengukuran_prefers_measurement_tables(ind):
    p = select_measurements(ind).set_index(["kode_indikator", "tahun"])
    assert p.loc[("penempatan_sesuai_kompetensi", 2022), "sumber"] == "Bab III.A Tabel 3.3"
    assert p.loc[("skm", 2023), "sumber"] == "Bab III.A tabel Sasaran 1.3"
    assert not p.index.duplicated().any()


def test_input_not_mutated(ind):
    before = ind.copy()
    tabulate_capaian(ind), track_progress(ind), compare_targets(ind)
    pd.testing.assert_frame_equal(ind, before)


def test_progres_rpjmd(ind):
    p = track_progress(ind).set_index("kode_indikator")
    pen = p.loc["penempatan_sesuai_kompetensi"]
    assert (pen["sisa_gap"], pen["sisa_tahun"], pen["kebutuhan_per_tahun"]) == (15, 3, 5)
    assert pen["proyeksi_akhir"] == pytest.approx(84) and pen["status"] == "berisiko"
    assert p.loc["ipp", "status"] == "sesuai jalur"
    assert p.loc["pmprb", "status"] == "tercapai"  # 2022 realisasi 32.44 already beyond 27.05
    assert p.loc["skm", "status"] == "belum dapat dinilai"  # no end-of-plan target


def test_progres_negative_polarity():
    df = pd.DataFrame(
        {
            "instansi": "X",
            "tahun": [2022, 2023],
            "dokumen": "Pengukuran",
            "sumber": "Tabel 3.9",
            "sasaran": pd.NA,
            "kode_indikator": "pelanggaran",
            "indikator": "Pelanggaran",
            "satuan": "%",
            "polaritas": "negatif",
            "target": [1.0, 0.8],
            "realisasi": [1.2, 1.0],
            "capaian_dilaporkan": float("nan"),
            "predikat_dilaporkan": pd.NA,
            "tahun_akhir": pd.array([2026, 2026], dtype="Int64"),
            "target_akhir": [0.5, 0.5],
            "capaian_akhir": float("nan"),
            "catatan": pd.NA,
        }
    )
    r = track_progress(df).iloc[0]
    assert r["sisa_gap"] == pytest.approx(0.5)  # lower is better: still 0.5 above the target
    assert r["kebutuhan_per_tahun"] == pytest.approx(-0.5 / 3)
    assert r["proyeksi_akhir"] == pytest.approx(0.4) and r["status"] == "sesuai jalur"


def test_revisi_target(ind):
    r = compare_targets(ind, 2023).set_index("kode_indikator")
    assert r.loc["penempatan_sesuai_kompetensi", ["IKU", "RKT", "PK Perubahan", "Pengukuran"]].tolist() == [
        93,
        90,
        93,
        75,
    ]
    assert r.loc["pelanggaran_disiplin", "perubahan"] == pytest.approx(-0.15)
    assert bool(r.loc["skm", "direvisi"]) and not bool(r.loc["ipp", "direvisi"])


# --- tabulate_batas_realisasi on the shipped data ------------------------------------------------------------


def test_batas_realisasi_table_indeks_merit_2023():
    indikator = load_indikator()
    before = indikator.copy()
    table = tabulate_batas_realisasi(indikator)
    pd.testing.assert_frame_equal(indikator, before)
    assert set(table["tahun"]) == {2023}
    assert not table.duplicated(["instansi", "tahun", "kode_indikator"]).any()
    assert list(table.columns[-4:]) == list(SKALA["lkjip"].predikat)
    row = table.set_index("kode_indikator").loc["indeks_merit"]
    assert row["sumber"] == "Bab III.A Tabel 3.2" and row["target"] == pytest.approx(0.80)
    assert row["Sangat Berhasil"] == pytest.approx(0.68)
    assert row["Kurang Berhasil"] == 0.0


def test_batas_realisasi_table_prefers_tabel_source_and_other_year_and_scale():
    table = tabulate_batas_realisasi(load_indikator(), tahun=2022, skala="lima_tingkat").set_index("kode_indikator")
    assert list(table.columns[-5:]) == list(SKALA["lima_tingkat"].predikat)
    assert table.loc["penempatan_sesuai_kompetensi", "sumber"] == "Bab III.A Tabel 3.3"
    assert table.loc["ipp", "Sangat Tinggi"] == pytest.approx(78 * 0.91)


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: tabulate_batas_realisasi(pd.DataFrame({"x": [1]})), "indikator"),
        (lambda: tabulate_batas_realisasi(load_indikator(), tahun=1999), "tahun"),
    ],
)
def test_batas_realisasi_table_errors_name_the_argument(call, argument):
    with pytest.raises(ArgumentError, match=f"'{argument}'"):
        call()
