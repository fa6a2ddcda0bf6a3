"""Indicator tables on the source documents and on hand-built frames: measurement of record, PK basis,
coverage, distinct measured indicators, progress toward the end-of-plan target, revisions, batas."""

import math

import pandas as pd
import pytest

from lkjip_analysis import ArgumentError, load_indikator, load_periode, load_skala
from lkjip_analysis.indikator import (
    BELUM_ADA_REALISASI,
    KOMPONEN,
    TAMBAHAN,
    TERUKUR,
    TIDAK_DIUKUR,
    compare_targets,
    count_measured,
    select_measurements,
    tabulate_batas_realisasi,
    tabulate_capaian,
    tabulate_coverage,
    track_progress,
    value_range,
)

from .helpers import table_frame

SURAKARTA = "BKPSDM Kota Surakarta"
BKPD = "Badan Ketahanan Pangan Daerah Provinsi Jawa Barat"
DISNAKER = "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Barat"


@pytest.fixture(scope="module")
def skala():
    return load_skala()


def of(frame, instansi):
    return frame[frame["instansi"] == instansi]


# --- measurement of record -----------------------------------------------------------------------


def test_measurement_of_record_is_the_marked_row(ind):
    p = select_measurements(of(ind, SURAKARTA)).set_index(["kode_indikator", "tahun"])
    assert p.loc[("penempatan_sesuai_kompetensi", 2022), "sumber"] == "Bab III.A Tabel 3.3"
    assert p.loc[("skm", 2023), "sumber"] == "Bab III.A tabel Sasaran 1.3"
    # the narrative says the 2023 data was not collected: that row is the measurement, without realisasi
    kinerja = p.loc[("kinerja_di_atas_90", 2023)]
    assert kinerja["sumber"].startswith("Bab III.A narasi") and math.isnan(kinerja["realisasi"])
    assert not p.index.duplicated().any()


def test_without_a_mark_the_fullest_row_wins():
    rows = [
        {"sumber": "narasi", "target": 90.0},
        {"sumber": "tabel", "target": 90.0, "realisasi": 80.0},
        {"sumber": "ringkasan", "capaian_dilaporkan": 88.0},
    ]
    frame = table_frame("indikator", rows, instansi="X", tahun=2024, dokumen="Pengukuran", kode_indikator="a",
                        indikator="A", polaritas="positif")  # fmt: skip
    assert select_measurements(frame)["sumber"].tolist() == ["tabel"]
    marked = frame.assign(utama=["ya", None, None])
    assert select_measurements(marked)["sumber"].tolist() == ["narasi"]


# --- capaian on the PK basis ----------------------------------------------------------------------


def test_capaian_against_the_pk_beside_the_table(ind, skala):
    t = tabulate_capaian(of(ind, SURAKARTA), skala).set_index(["kode_indikator", "tahun"])
    pen = t.loc[("penempatan_sesuai_kompetensi", 2023)]
    assert (pen["dasar"], pen["target"], pen["target_tabel"], pen["realisasi"]) == ("PK Perubahan", 93, 75, 75)
    assert round(pen["capaian"], 2) == 80.65 and pen["predikat"] == "Berhasil"
    assert pen["capaian_tabel"] == 100 and pen["predikat_tabel"] == "Sangat Berhasil" and pen["predikat_berubah"]
    skm = t.loc[("skm", 2023)]
    assert (skm["target"], skm["target_tabel"]) == (68.58, 90) and not skm["predikat_berubah"]
    merit = t.loc[("indeks_merit", 2023)]  # in no PK: measured against its own table
    assert merit["dasar"] == "tabel pengukuran" and merit["capaian"] == 93.75 and merit["predikat"] == "Sangat Berhasil"
    ipp = t.loc[("ipp", 2022)]
    assert round(ipp["capaian"], 2) == 66.76 and ipp["predikat"] == "Cukup Berhasil"
    assert t.loc[("ipp", 2023), "delta_realisasi"] == pytest.approx(23.43)


def test_pk_indicators_without_realisasi_stay_in_the_table(ind, skala):
    t = tabulate_capaian(of(ind, SURAKARTA), skala).set_index(["kode_indikator", "tahun"])
    for kode in ("pelanggaran_disiplin", "kinerja_di_atas_90"):
        row = t.loc[(kode, 2023)]
        assert (
            row["dasar"] == "PK Perubahan" and math.isnan(row["capaian"]) and row["predikat"] == "Tidak ada penilaian"
        )
    assert t.loc[("pelanggaran_disiplin", 2023), "polaritas"] == "negatif"


def test_a_pk_indicator_bab_iii_never_measures_is_kept():
    rows = [{"dokumen": "PK", "target": 90.0}, {"dokumen": "PK", "kode_indikator": "b", "indikator": "B", "target": 5.0},
            {"dokumen": "Pengukuran", "target": 90.0, "realisasi": 45.0}]  # fmt: skip
    frame = table_frame("indikator", rows, instansi="X", tahun=2024, kode_indikator="a", indikator="A",
                        polaritas="positif", sumber="s")  # fmt: skip
    t = tabulate_capaian(frame).set_index("kode_indikator")
    assert t.loc["a", "capaian"] == 50 and math.isnan(t.loc["b", "capaian"]) and t.loc["b", "sumber"] == "PK"


def test_distinct_measured_indicators(ind):
    t = tabulate_capaian(of(ind, SURAKARTA))
    year = t[t["tahun"] == 2023]
    # indeks merit, penempatan, ASN berkinerja, IPP, akurasi data (its 5.859/5.273 reading counts with it), SKM
    assert count_measured(year) == 6
    assert year["capaian"].notna().sum() == 7


# --- coverage -------------------------------------------------------------------------------------


def test_coverage_of_the_surakarta_pk(ind):
    c = tabulate_coverage(of(ind, SURAKARTA), 2023).set_index("kode_indikator")
    in_pk = c[c["dalam_pk"]]
    assert in_pk["status"].to_dict() == {
        "akurasi_data_kepegawaian": TERUKUR, "kinerja_di_atas_90": BELUM_ADA_REALISASI,
        "pelanggaran_disiplin": BELUM_ADA_REALISASI, "penempatan_sesuai_kompetensi": TERUKUR, "skm": TERUKUR,
    }  # fmt: skip
    assert in_pk.loc["penempatan_sesuai_kompetensi", ["IKU", "RKT", "PK Perubahan", "target_pengukuran"]].tolist() == [
        93,
        90,
        93,
        75,
    ]
    extra = c[~c["dalam_pk"] & (c["status"] != KOMPONEN)]
    assert set(extra.index) == {"indeks_merit", "ipp", "asn_berkinerja_minimal_baik", "pmprb"}
    assert set(extra["status"]) == {TAMBAHAN}
    # a second reading is listed right below its indicator, never as an indicator of its own
    order = list(c.index)
    assert c.loc["jumlah_data_asn_terupdate", "status"] == KOMPONEN
    assert order.index("jumlah_data_asn_terupdate") == order.index("akurasi_data_kepegawaian") + 1


def test_a_pk_indicator_measured_through_its_components():
    """A PK indicator ('populasi ternak') that Bab III measures per kind counts as measured, once."""
    rows = [
        {"dokumen": "PK", "kode_indikator": "ternak", "indikator": "Populasi ternak", "target": 100.0},
        {"dokumen": "Pengukuran", "kode_indikator": "sapi", "induk_indikator": "ternak", "indikator": "Sapi",
         "target": 60.0, "realisasi": 66.0},
        {"dokumen": "Pengukuran", "kode_indikator": "domba", "induk_indikator": "ternak", "indikator": "Domba",
         "target": 40.0, "realisasi": 30.0},
    ]  # fmt: skip
    frame = table_frame("indikator", rows, instansi="X", tahun=2024, polaritas="positif", sumber="s")
    c = tabulate_coverage(frame).set_index("kode_indikator")
    assert c["status"].to_dict() == {"ternak": TERUKUR, "sapi": KOMPONEN, "domba": KOMPONEN}
    assert c.loc["sapi", "induk_indikator"] == "ternak"
    capaian = tabulate_capaian(frame)
    assert count_measured(capaian) == 1 and set(capaian["kode_indikator"]) == {"ternak", "sapi", "domba"}


def test_a_capaian_printed_without_target_and_realisasi_is_graded_as_reported():
    rows = [{"dokumen": "PK", "kode_indikator": "a", "target": 10.0},
            {"dokumen": "Pengukuran", "kode_indikator": "a", "capaian_dilaporkan": 100.0}]  # fmt: skip
    frame = table_frame("indikator", rows, instansi="X", tahun=2024, indikator="A", polaritas="positif", sumber="s")
    row = tabulate_capaian(frame).iloc[0]
    assert (row["capaian"], row["asal_capaian"], row["predikat"]) == (100.0, "dilaporkan", "Sangat Tinggi")
    assert tabulate_coverage(frame).iloc[0]["status"] == TERUKUR


def test_coverage_of_the_disnakertrans_pk(ind):
    c = tabulate_coverage(of(ind, DISNAKER), 2016)
    assert len(c[c["dalam_pk"]]) == 11 and set(c["status"]) == {TERUKUR}


def test_coverage_statuses_on_a_hand_built_pk():
    rows = [
        {"dokumen": "PK", "kode_indikator": "a", "target": 1.0},
        {"dokumen": "PK", "kode_indikator": "b", "target": 1.0},
        {"dokumen": "PK", "kode_indikator": "c", "target": 1.0},
        {"dokumen": "Pengukuran", "kode_indikator": "a", "target": 1.0, "realisasi": 1.0},
        {"dokumen": "Pengukuran", "kode_indikator": "b", "target": 1.0},
        {"dokumen": "Pengukuran", "kode_indikator": "d", "target": 1.0, "realisasi": 2.0},
    ]
    frame = table_frame("indikator", rows, instansi="X", tahun=2024, indikator="I", polaritas="positif", sumber="s")
    status = tabulate_coverage(frame).set_index("kode_indikator")["status"].to_dict()
    assert status == {"a": TERUKUR, "b": BELUM_ADA_REALISASI, "c": TIDAK_DIUKUR, "d": TAMBAHAN}


# --- progress toward the end-of-plan target -------------------------------------------------------


def test_progress_against_the_end_of_plan_target(ind):
    p = track_progress(of(ind, SURAKARTA), load_periode(), 2023).set_index("kode_indikator")
    merit = p.loc["indeks_merit"]
    assert round(merit["progres"], 2) == 88.24 and merit["tahun_akhir"] == 2026 and merit["dokumen_rencana"] == "RPJMD"
    # two years of realisasi (2022, 2023) make a line, not a trend: no projection, no verdict
    assert math.isnan(merit["proyeksi_akhir"]) and merit["status"] == "belum dapat dinilai"
    assert merit["keterangan"] == "hanya 2 titik sebanding; proyeksi perlu paling sedikit 3"
    pen = p.loc["penempatan_sesuai_kompetensi"]
    assert (pen["sisa_gap"], pen["sisa_tahun"], pen["kebutuhan_per_tahun"]) == (15, 3, 5)
    assert math.isnan(pen["proyeksi_akhir"]) and pen["status"] == "belum dapat dinilai"
    # 2023 has no realisasi: neither 'tercapai' from 2022 nor a projection from 1,66 to 86
    kinerja = p.loc["kinerja_di_atas_90"]
    assert kinerja["status"] == "belum dapat dinilai" and math.isnan(kinerja["proyeksi_akhir"])
    assert kinerja["keterangan"] == "tahun 2023 tanpa realisasi"
    lo, hi = value_range(of(ind, SURAKARTA).query("kode_indikator == 'indeks_merit'"))
    assert (lo, hi) == (0.0, 1.0)


def test_cumulative_target_sums_realisasi_since_the_plan_began(ind):
    p = track_progress(of(ind, DISNAKER), load_periode(), 2016).set_index("kode_indikator")
    wirausaha = p.loc["wirausaha_baru"]  # 570 + 1.180 + 3.380 + 640 against 6.000 (target akumulasi)
    assert wirausaha["realisasi_terakhir"] == 5770 and round(wirausaha["progres"], 2) == 96.17
    assert p.loc["serapan_tenaga_kerja", "realisasi_terakhir"] == 72.16  # target tahunan


def _series(targets, realisasi, satuan="%", **extra):
    rows = [{"tahun": 2020 + i, "target": t, "realisasi": r} for i, (t, r) in enumerate(zip(targets, realisasi))]
    frame = table_frame("indikator", rows, instansi="X", dokumen="Pengukuran", kode_indikator="a", indikator="A",
                        polaritas="positif", sumber="s", satuan=satuan, tahun_akhir=2026, target_akhir=95.0, **extra)  # fmt: skip
    return track_progress(frame).iloc[0]


def test_projection_only_between_comparable_points():
    jump = _series([1.85, 1.85, 86.0], [1.5, 1.66, 86.0])  # the target's basis changed in the last year
    assert math.isnan(jump["proyeksi_akhir"]) and "dasar target berubah" in jump["keterangan"]
    one = _series([80.0], [70.0])
    assert math.isnan(one["proyeksi_akhir"]) and one["status"] == "belum dapat dinilai"
    steep = _series([80.0, 85.0, 90.0], [80.0, 90.0, 99.0])  # a percentage of staff cannot exceed 100
    assert steep["proyeksi_akhir"] == 100 and "dibatasi" in steep["keterangan"]
    loose = _series([80.0, 85.0, 90.0], [80.0, 90.0, 99.0], nilai_maks=200.0)
    assert loose["proyeksi_akhir"] == pytest.approx((80 + 90 + 99) / 3 + 9.5 * 5)  # least squares to 2026
    two = _series([80.0, 85.0], [80.0, 90.0], nilai_maks=200.0)  # two points: no 'off track' verdict
    assert math.isnan(two["proyeksi_akhir"]) and two["status"] == "belum dapat dinilai"
    rate = _series([10.0, 50.0, 150.0], [10.0, 50.0, 150.0], satuan="persen pertumbuhan", nilai_maks=1000.0)
    assert math.isnan(rate["proyeksi_akhir"]) and "jauh di luar" in rate["keterangan"]  # never 466


def test_negative_polarity_progress():
    rows = [{"tahun": 2021, "target": 1.2, "realisasi": 1.4}, {"tahun": 2022, "target": 1.0, "realisasi": 1.2},
            {"tahun": 2023, "target": 0.8, "realisasi": 1.0}]  # fmt: skip
    frame = table_frame("indikator", rows, instansi="X", dokumen="Pengukuran", kode_indikator="p", indikator="P",
                        polaritas="negatif", sumber="s", satuan="%", tahun_akhir=2026, target_akhir=0.5)  # fmt: skip
    r = track_progress(frame).iloc[0]
    assert r["sisa_gap"] == pytest.approx(0.5) and r["proyeksi_akhir"] == pytest.approx(0.4)
    assert r["status"] == "sesuai jalur"


# --- revisions and batas ---------------------------------------------------------------------------


def test_target_revisions(ind):
    r = compare_targets(of(ind, SURAKARTA), 2023).set_index("kode_indikator")
    assert r.loc[
        "penempatan_sesuai_kompetensi", ["IKU", "RKT", "PK Perubahan", "Pengukuran", "perubahan"]
    ].tolist() == [93, 90, 93, 75, -18]
    assert r.loc["kinerja_di_atas_90", ["IKU", "RKT", "PK Perubahan", "perubahan"]].tolist() == [1.85, 1.48, 1.85, 0]


def test_input_not_mutated(ind):
    before = ind.copy()
    tabulate_capaian(ind), track_progress(ind), compare_targets(ind), tabulate_coverage(ind)
    pd.testing.assert_frame_equal(ind, before)


def test_batas_realisasi_table_on_the_pk_basis(ind, skala):
    t = tabulate_batas_realisasi(of(ind, SURAKARTA), 2023, skala).set_index("kode_indikator")
    assert list(t.columns[-3:]) == ["Sangat Berhasil", "Berhasil", "Cukup Berhasil"]  # no column for the lowest
    assert t.loc["indeks_merit", ["target", "Sangat Berhasil", "Berhasil"]].tolist() == [0.8, 0.69, 0.57]
    pen = t.loc["penempatan_sesuai_kompetensi"]  # target 93 of the PK; counts of whole percent
    assert (pen["target"], pen["Sangat Berhasil"], pen["Berhasil"]) == (93, 80, 66)
    assert "pelanggaran_disiplin" in t.index and t.loc["pelanggaran_disiplin", "Sangat Berhasil"] == 0.11


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


def test_a_renstra_target_is_never_labelled_rpjmd():
    rows = [{"tahun": 2014 + i, "target": 10.0 + i, "realisasi": 10.0 + i} for i in range(3)]
    rows.append({"tahun": 2016, "dokumen": "Renstra", "target": 12.0, "target_akhir": 20.0, "tahun_awal": 2013,
                 "tahun_akhir": 2018})  # fmt: skip
    frame = table_frame("indikator", rows, instansi="X", dokumen="Pengukuran", kode_indikator="a", indikator="A",
                        polaritas="positif", sumber="s", satuan="orang")  # fmt: skip
    periode = table_frame("periode", [{"dokumen": d, "tahun_awal": 2013, "tahun_akhir": 2018} for d in ("RPJMD", "Renstra")],
                          instansi="X", sumber="s")  # fmt: skip
    row = track_progress(frame, periode, 2016).iloc[0]
    assert (row["dokumen_rencana"], row["tahun_akhir"], row["target_akhir"]) == ("Renstra", 2018, 20.0)


def test_the_loaded_data_brings_its_own_declarations():
    """tabulate_capaian(load_indikator()) grades on each agency's declared scale, as the reports do."""
    ind = load_indikator()
    plain = tabulate_capaian(ind)
    explicit = tabulate_capaian(ind, load_skala())
    pd.testing.assert_series_equal(plain["predikat"], explicit["predikat"])
    assert "Sangat Berhasil" in set(plain["predikat"])  # the Surakarta scale, not the default five levels
    hand_built = pd.DataFrame(ind.to_dict("list")).astype(ind.dtypes.to_dict())  # the same rows, no data directory
    assert "Sangat Berhasil" not in set(tabulate_capaian(hand_built)["predikat"])  # the default five levels
    progress = track_progress(of(ind, DISNAKER), tahun=2016).set_index("kode_indikator")
    assert progress.loc["wirausaha_baru", "dokumen_rencana"] == "Renstra"  # the declared plan, without passing it
