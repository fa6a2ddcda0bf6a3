import pandas as pd
import pytest

from lkjip_analysis import load_indikator
from lkjip_analysis.indikator import pengukuran, progres_rpjmd, revisi_target, tabel_capaian


@pytest.fixture(scope="module")
def ind():
    return load_indikator()


def test_tabel_capaian_values(ind):
    t = tabel_capaian(ind).set_index(["kode_indikator", "tahun"])
    got = t.loc[[("indeks_merit", 2023), ("ipp", 2022), ("pmprb", 2022), ("pmprb", 2023)],
                ["target", "realisasi", "capaian", "predikat"]].reset_index()
    got["capaian"] = got["capaian"].round(2)
    expected = pd.DataFrame({
        "kode_indikator": ["indeks_merit", "ipp", "pmprb", "pmprb"], "tahun": [2023, 2022, 2022, 2023],
        "target": [0.80, 78, 23.05, 24.05], "realisasi": [0.75, 52.07, 32.44, float("nan")],
        "capaian": [93.75, 66.76, 140.74, float("nan")],
        "predikat": ["Sangat Berhasil", "Cukup Berhasil", "Sangat Berhasil", "Tidak ada penilaian"],
    })
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    ipp = t.loc[("ipp", 2023)]
    assert ipp["delta_realisasi"] == pytest.approx(23.43)
    assert ipp["delta_realisasi_persen"] == pytest.approx(23.43 / 52.07 * 100)
    assert ipp["delta_capaian"] == pytest.approx(75.5 / 80 * 100 - 52.07 / 78 * 100)


def test_pengukuran_prefers_measurement_tables(ind):
    p = pengukuran(ind).set_index(["kode_indikator", "tahun"])
    assert p.loc[("penempatan_sesuai_kompetensi", 2022), "sumber"] == "Bab III.A Tabel 3.3"
    assert p.loc[("skm", 2023), "sumber"] == "Bab III.A tabel Sasaran 1.3"
    assert not p.index.duplicated().any()


def test_input_not_mutated(ind):
    before = ind.copy()
    tabel_capaian(ind), progres_rpjmd(ind), revisi_target(ind)
    pd.testing.assert_frame_equal(ind, before)


def test_progres_rpjmd(ind):
    p = progres_rpjmd(ind).set_index("kode_indikator")
    pen = p.loc["penempatan_sesuai_kompetensi"]
    assert (pen["sisa_gap"], pen["sisa_tahun"], pen["kebutuhan_per_tahun"]) == (15, 3, 5)
    assert pen["proyeksi_akhir"] == pytest.approx(84) and pen["status"] == "berisiko"
    assert p.loc["ipp", "status"] == "sesuai jalur"
    assert p.loc["pmprb", "status"] == "tercapai"  # 2022 realisasi 32.44 already beyond 27.05
    assert p.loc["skm", "status"] == "belum dapat dinilai"  # no end-of-plan target


def test_progres_negative_polarity():
    df = pd.DataFrame({
        "instansi": "X", "tahun": [2022, 2023], "dokumen": "Pengukuran", "sumber": "Tabel 3.9", "sasaran": pd.NA,
        "kode_indikator": "pelanggaran", "indikator": "Pelanggaran", "satuan": "%", "polaritas": "negatif",
        "target": [1.0, 0.8], "realisasi": [1.2, 1.0], "capaian_dilaporkan": float("nan"),
        "predikat_dilaporkan": pd.NA, "tahun_akhir": pd.array([2026, 2026], dtype="Int64"),
        "target_akhir": [0.5, 0.5], "capaian_akhir": float("nan"), "catatan": pd.NA,
    })
    r = progres_rpjmd(df).iloc[0]
    assert r["sisa_gap"] == pytest.approx(0.5)  # lower is better: still 0.5 above the target
    assert r["kebutuhan_per_tahun"] == pytest.approx(-0.5 / 3)
    assert r["proyeksi_akhir"] == pytest.approx(0.4) and r["status"] == "sesuai jalur"


def test_revisi_target(ind):
    r = revisi_target(ind, 2023).set_index("kode_indikator")
    assert r.loc["penempatan_sesuai_kompetensi", ["IKU", "RKT", "PK Perubahan", "Pengukuran"]].tolist() == [93, 90, 93, 75]
    assert r.loc["pelanggaran_disiplin", "perubahan"] == pytest.approx(-0.15)
    assert bool(r.loc["skm", "direvisi"]) and not bool(r.loc["ipp", "direvisi"])
