"""Loaders return the source's exact figures and refuse bad input with file/row/column."""

import math

import pandas as pd
import pytest

from lkjip_analysis import DataError, list_tables, load_all, load_indikator, load_kepegawaian
from lkjip_analysis.data import load_table

from .helpers import edit_csv


def one(df, **where):
    mask = pd.Series(True, index=df.index)
    for col, val in where.items():
        mask &= df[col] == val
    rows = df[mask]
    assert len(rows) == 1, f"{len(rows)} rows for {where}"
    return rows.iloc[0]


# --- indikator -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sumber, tahun, kode, target, realisasi, capaian, predikat",
    [
        ("Bab III.A Tabel 3.2", 2023, "indeks_merit", 0.80, 0.75, 93.75, "Baik"),
        ("Bab III.A Tabel 3.2", 2022, "indeks_merit", 0.75, 0.65, 86.7, None),
        ("Bab III.A Tabel 3.3", 2022, "penempatan_sesuai_kompetensi", 70, 72, 102.8, None),
        ("Bab III.A Tabel 3.3", 2023, "asn_berkinerja_minimal_baik", 86, 86, 100, "Sangat berhasil"),
        ("Bab III.A Tabel 3.4", 2022, "ipp", 78, 52.07, 66.75, None),
        ("Bab III.A Tabel 3.4", 2023, "ipp", 80, 75.5, 94.38, "Sangat Berhasil"),
        ("Bab III.A Tabel 3.5", 2022, "pmprb", 23.05, 32.44, 140.7, None),
        ("Bab III.A tabel Sasaran 1.3", 2022, "skm", 89, 89.43, None, None),
        ("Bab III.A tabel Sasaran 1.3", 2023, "skm", 90, 92.93, None, None),
        ("Bab III.A tabel 2023 dengan RPJMD 2026", 2023, "kinerja_di_atas_90", 86, 86, 100, None),
        (
            "Bab III.A narasi hasil pengukuran capaian kinerja di atas 90",
            2022,
            "kinerja_di_atas_90",
            1.85,
            1.66,
            None,
            None,
        ),
        ("Bab III.A narasi Sasaran 1.2", 2023, "penempatan_sesuai_kompetensi", 90, 87, None, None),
        (
            "Bab III.A narasi setelah tabel 2023 dengan RPJMD 2026",
            2023,
            "penempatan_sesuai_kompetensi",
            90,
            85,
            None,
            None,
        ),
        ("Bab III.A narasi Sasaran 1.2", 2023, "jumlah_data_asn_terupdate", 5859, 5273, None, None),
        ("Bab III.A narasi Sasaran 1.3", 2023, "skm", 90, 92.93, None, "B (Baik)"),
        ("Bab III.C narasi Pencapaian Lainnya", 2023, "nilai_sistem_merit", None, 308.5, None, "Kategori III Baik"),
    ],
)
def test_indikator_measurements(ind, sumber, tahun, kode, target, realisasi, capaian, predikat):
    row = one(ind, sumber=sumber, tahun=tahun, kode_indikator=kode)
    for col, expected in (("target", target), ("realisasi", realisasi), ("capaian_dilaporkan", capaian)):
        if expected is None:
            assert math.isnan(row[col]), col
        else:
            assert row[col] == pytest.approx(expected), col
    assert (None if pd.isna(row["predikat_dilaporkan"]) else row["predikat_dilaporkan"]) == predikat


@pytest.mark.parametrize(
    "dokumen, kode, target",
    [
        ("IKU", "pelanggaran_disiplin", 0.25),
        ("IKU", "kinerja_di_atas_90", 1.85),
        ("IKU", "penempatan_sesuai_kompetensi", 93),
        ("IKU", "akurasi_data_kepegawaian", 80),
        ("IKU", "skm", 68.58),
        ("IKU", "indeks_merit", 0.75),
        ("RKT", "pelanggaran_disiplin", 0.10),
        ("RKT", "kinerja_di_atas_90", 1.48),
        ("RKT", "penempatan_sesuai_kompetensi", 90),
        ("RKT", "akurasi_data_kepegawaian", 90),
        ("PK Perubahan", "kinerja_di_atas_90", 1.85),
        ("PK Perubahan", "akurasi_data_kepegawaian", 93),
        ("PK Perubahan", "skm", 68.58),
    ],
)
def test_indikator_planning_targets(ind, dokumen, kode, target):
    row = one(ind, dokumen=dokumen, kode_indikator=kode)
    assert row["target"] == pytest.approx(target)
    assert math.isnan(row["realisasi"])  # a plan has no realisasi: NaN, never 0


def test_indikator_rpjmd_targets_and_polarity(ind):
    tabel = ind[ind["sumber"].str.startswith("Bab III.A Tabel 3.")]
    latest = tabel[tabel["tahun"] == 2023].set_index("kode_indikator")
    assert latest["target_akhir"].to_dict() == {
        "indeks_merit": 0.85,
        "penempatan_sesuai_kompetensi": 90,
        "asn_berkinerja_minimal_baik": 95,
        "ipp": 86,
        "pmprb": 27.05,
    }
    assert set(latest["tahun_akhir"]) == {2026}
    assert one(ind, sumber="Bab III.A Tabel 3.4", tahun=2023)["capaian_akhir"] == 90
    pmprb = one(ind, sumber="Bab III.A Tabel 3.5", tahun=2023)
    assert pmprb["target"] == 24.05 and math.isnan(pmprb["realisasi"])
    assert pmprb["predikat_dilaporkan"] == "Tidak ada penilaian"
    negatif = set(
        ind.loc[(ind["polaritas"] == "negatif") & (ind["instansi"] == "BKPSDM Kota Surakarta"), "kode_indikator"]
    )
    assert negatif == {"pelanggaran_disiplin"}


def test_indikator_conclusion_table(ind):
    kes = ind[ind["sumber"] == "Bab IV.A tabel kesimpulan"].set_index("kode_indikator")
    assert kes["capaian_dilaporkan"].dropna().to_dict() == {
        "indeks_merit": 93.75,
        "penempatan_sesuai_kompetensi": 100,
        "asn_berkinerja_minimal_baik": 100,
        "ipp": 94.38,
    }
    assert kes.loc["pmprb", "predikat_dilaporkan"] == "Tidak Ada Penilaian"


def test_indikator_types(ind):
    assert ind["tahun"].dtype == "int64"
    for col in ("target", "realisasi", "capaian_dilaporkan", "target_akhir"):
        assert ind[col].dtype == "float64"
    assert str(ind["tahun_akhir"].dtype) == "Int64"
    assert not ind.duplicated(["instansi", "tahun", "kode_indikator", "sumber", "urutan"]).any()
    # optional columns a file leaves out take their documented default
    surakarta = ind[ind["instansi"] == "BKPSDM Kota Surakarta"]
    assert set(surakarta["tingkat"]) == {"indikator"} and set(surakarta["jenis_target"]) == {"tahunan"}


# --- anggaran --------------------------------------------------------------------------------
def test_anggaran_kode_rekening(ang):
    rek = ang[ang["sumber"] == "Bab III.B tabel realisasi per kode rekening"].set_index("kode_rekening")
    assert rek.loc["5.1.01", ["anggaran_perubahan", "realisasi"]].tolist() == [6389561900, 6201526596]
    assert rek.loc["5", ["anggaran_perubahan", "realisasi", "sisa_dilaporkan"]].tolist() == [
        14231127419,
        13598914845,
        632212574,
    ]
    assert rek.loc["5.01.02", "persen_realisasi_dilaporkan"] == 94.40
    assert rek.loc["5.2.05", ["anggaran_perubahan", "realisasi"]].tolist() == [2200000, 1975000]
    assert rek.loc["5.01.02", "induk"] == "BELANJA OPERASI"
    assert str(ang["realisasi"].dtype) == "Int64"  # to the last rupiah, no float rounding


def test_anggaran_program_table(ang):
    tab = ang[ang["sumber"] == "Bab II.D Tabel Program Kegiatan dan Anggaran 2023"].set_index("uraian")
    assert tab.loc[
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", ["anggaran_murni", "anggaran_perubahan"]
    ].tolist() == [15625599024, 8460444119]
    assert tab.loc["Administrasi Keuangan Perangkat Daerah", ["anggaran_murni", "anggaran_perubahan"]].tolist() == [
        13368926766,
        6368411100,
    ]
    assert (
        tab.loc["Pemeliharaan Barang Milik daerah Peunjang Urusan pemerintah daerah", "anggaran_perubahan"] == 293942740
    )
    assert tab.loc["Pengembangan Kompetensi Teknis", "sumber_dana"] == "APBD"
    assert (tab["jenis_baris"] == "subtotal").sum() == 3 and (tab["jenis_baris"] == "rincian").sum() == 13
    assert pd.isna(tab.loc["Mutasi dan Promosi ASN", "realisasi"])


def test_anggaran_narrative_and_2025(ang):
    iv = one(ang, sumber="Bab IV.A narasi Total Efisiensi Anggaran 2023")
    assert [iv["anggaran_murni"], iv["anggaran_perubahan"], iv["realisasi"], iv["sisa_dilaporkan"]] == [
        22278221230,
        14231127419,
        13598914845,
        502637577,
    ]
    assert iv["efisiensi_dilaporkan"] == 3.64
    pmprb = one(ang, kode_indikator="pmprb")
    assert [pmprb["anggaran_perubahan"], pmprb["realisasi"], pmprb["efisiensi_dilaporkan"]] == [
        8460444119,
        8149751661,
        3.67,
    ]
    assert one(ang, kode_indikator="indeks_merit")["anggaran_perubahan"] == 13964935419
    pagu = ang[ang["tahun"] == 2025]
    assert one(pagu, jenis_baris="total")["anggaran_murni"] == 28326872398
    assert one(pagu, uraian="Administrasi Keuangan Perangkat Daerah")["anggaran_murni"] == 11000199956
    assert len(pagu) == 12


# --- kepegawaian -----------------------------------------------------------------------------
def test_kepegawaian(kep):
    kep = kep[kep["instansi"] == "BKPSDM Kota Surakarta"]

    def n(dimensi, kategori, sub=None):
        rows = kep[(kep["dimensi"] == dimensi) & (kep["kategori"] == kategori)]
        rows = rows[rows["subkategori"].isna()] if sub is None else rows[rows["subkategori"] == sub]
        return rows["jumlah"].tolist()

    assert n("golongan", "Golongan III") == [40]
    assert n("golongan", "Jumlah") == [57]
    assert n("pendidikan", "S2") == [17] and n("pendidikan", "SLTP/sederajat") == [2]
    assert n("status", "TKPK") == [7, 7]  # stated in two places
    assert n("jabatan", "Eselon III") == [5] and n("jabatan", "Eselon III", "Kepala Bidang") == [4]
    assert n("diklat_kepemimpinan", "Jumlah") == [22]
    assert n("diklat_kepemimpinan", "Diklatpim Tingkat IV (PKP)") == [16]
    assert n("peran_tkpk", "Pengemudi") == [2]
    es4 = kep[(kep["dimensi"] == "penempatan_jabatan") & (kep["kategori"] == "Jabatan Pengawas (Es.IV)")]
    assert sorted(es4["jumlah"]) == [455, 651]  # the source's two sets, both kept
    assert str(kep["jumlah"].dtype) == "Int64"


def test_list_tables_and_load_all():
    assert list_tables() == ["indikator", "anggaran", "kepegawaian", "skala", "periode"]
    tables = load_all()  # Disnakertrans: its LKIP 2016 and its Review Renstra 2013-2018
    rows = {k: v.groupby("instansi").size().to_dict() for k, v in tables.items()}
    assert tables["indikator"].groupby("laporan").size().to_dict() == {
        "LAKIP 2016": 193, "LKIP 2016": 139, "LKjIP 2023": 48, "Review Renstra 2013-2018": 459
    }  # fmt: skip
    s, b, d = ("BKPSDM Kota Surakarta", "Badan Ketahanan Pangan Daerah Provinsi Jawa Barat",
               "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Barat")  # fmt: skip
    assert rows == {
        "indikator": {s: 48, b: 193, d: 139 + 459}, "anggaran": {s: 42, b: 63, d: 163 + 380}, "kepegawaian": {s: 40, d: 89},
        "skala": {s: 4, b: 4, d: 8}, "periode": {s: 4, b: 4, d: 3},
    }  # fmt: skip


def test_every_table_but_indikator_is_optional(tmp_path):
    from lkjip_analysis.config import RAW_DATA_DIR

    (tmp_path / "indikator.csv").write_bytes((RAW_DATA_DIR / "indikator.csv").read_bytes())
    tables = load_all(tmp_path)
    assert len(tables["indikator"]) == 48
    for name in ("anggaran", "kepegawaian", "skala", "periode"):
        assert tables[name].empty and list(tables[name].columns) == list(load_all()[name].columns)
    assert str(tables["anggaran"]["realisasi"].dtype) == "Int64"


def test_loader_does_not_mutate_and_data_dir_env(raw_copy, monkeypatch):
    edit_csv(raw_copy / "kepegawaian.csv", "Golongan III,,40", "Golongan III,,41")
    monkeypatch.setenv("LKJIP_DATA_DIR", str(raw_copy))
    assert 41 in load_kepegawaian()["jumlah"].dropna().tolist()
    # the argument beats the environment variable
    from lkjip_analysis.config import RAW_DATA_DIR

    assert 41 not in load_kepegawaian(RAW_DATA_DIR)["jumlah"].dropna().tolist()


def test_another_file_is_more_rows(raw_copy):
    lines = (raw_copy / "kepegawaian.csv").read_text(encoding="utf-8").splitlines()
    extra = [lines[0], lines[2].replace("BKPSDM Kota Surakarta", "Dinas Contoh").replace("2023", "2024", 1)]
    (raw_copy / "kepegawaian_dinas-contoh-2024.csv").write_text("\n".join(extra) + "\n", encoding="utf-8")
    df = load_kepegawaian(raw_copy)
    assert len(df) == 130 and "Dinas Contoh" in set(df["instansi"])


# --- broken input ----------------------------------------------------------------------------
def problems_of(raw_dir, table):
    with pytest.raises(DataError) as info:
        load_table(table, raw_dir)
    return info.value.problems


def test_missing_column(raw_copy):
    path = raw_copy / "anggaran.csv"
    edit_csv(path, "kode_rekening,", "rekening,")
    found = {(p.row, p.column) for p in problems_of(raw_copy, "anggaran")}
    assert (1, "kode_rekening") in found and (1, "rekening") in found


def test_non_numeric_target(raw_copy):
    edit_csv(raw_copy / "indikator.csv", "positif,1.48,", "positif,satu koma,")
    [p] = problems_of(raw_copy, "indikator")
    assert (p.file.endswith("indikator.csv"), p.row, p.column, p.value) == (True, 9, "target", "satu koma")
    assert "angka" in p.expected


def test_decimal_comma_shifts_columns(raw_copy):
    edit_csv(raw_copy / "indikator.csv", "positif,1.48,", "positif,1,48,")
    [p] = problems_of(raw_copy, "indikator")
    assert p.row == 9 and "1.85, bukan 1,85" in p.expected


def test_negative_count(raw_copy):
    edit_csv(raw_copy / "kepegawaian.csv", "Golongan II,,4,", "Golongan II,,-4,")
    [p] = problems_of(raw_copy, "kepegawaian")
    assert (p.row, p.column, p.value) == (5, "jumlah", -4)
    assert "negatif" in p.expected


def test_unknown_polaritas(raw_copy):
    edit_csv(
        raw_copy / "indikator.csv",
        "pelanggaran_disiplin,,Persentase aparatur yang melakukan pelanggaran disiplin,%,negatif",
        "pelanggaran_disiplin,,Persentase aparatur yang melakukan pelanggaran disiplin,%,turun",
    )
    [p] = problems_of(raw_copy, "indikator")
    assert (p.row, p.column, p.value) == (2, "polaritas", "turun")
    assert "positif" in p.expected and "negatif" in p.expected


def test_duplicate_key_within_and_across_files(raw_copy):
    path = raw_copy / "indikator.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[5]]) + "\n", encoding="utf-8")
    found = {(p.row, p.column) for p in problems_of(raw_copy, "indikator")}
    assert {r for r, _ in found} == {6, 50}
    # the same row in a second file is a duplicate too
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (raw_copy / "indikator_tambahan.csv").write_text(lines[0] + "\n" + lines[5] + "\n", encoding="utf-8")
    probs = problems_of(raw_copy, "indikator")
    assert {(p.file.rsplit("/", 1)[-1], p.row) for p in probs} == {("indikator.csv", 6), ("indikator_tambahan.csv", 2)}


def test_empty_file(raw_copy):
    (raw_copy / "kepegawaian.csv").write_text("", encoding="utf-8")
    [p] = problems_of(raw_copy, "kepegawaian")
    assert "kosong" in p.expected and p.file.endswith("kepegawaian.csv")


def test_not_utf8(raw_copy):
    path = raw_copy / "kepegawaian.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Kepala Badan", "Kepala Badan é").encode("latin-1"))
    [p] = problems_of(raw_copy, "kepegawaian")
    assert p.row == 22 and "UTF-8" in p.expected


def test_impossible_year(raw_copy):
    edit_csv(
        raw_copy / "kepegawaian.csv",
        "BKPSDM Kota Surakarta,LKjIP 2023,2023,",
        "BKPSDM Kota Surakarta,LKjIP 2023,20233,",
    )
    [p] = problems_of(raw_copy, "kepegawaian")
    assert (p.row, p.column, p.value) == (2, "tahun", 20233)
    assert "2000" in p.expected and "2100" in p.expected


def test_all_problems_at_once_and_message(raw_copy):
    edit_csv(raw_copy / "kepegawaian.csv", "Golongan II,,4,", "Golongan II,,-4,")
    edit_csv(raw_copy / "indikator.csv", "positif,1.48,", "positif,x,")
    with pytest.raises(DataError) as info:
        load_all(raw_copy)
    message = str(info.value)
    assert "2 masalah" in message
    assert "indikator.csv, baris 9, kolom 'target': nilai 'x'" in message
    assert "kepegawaian.csv, baris 5, kolom 'jumlah': nilai '-4'" in message


def test_missing_directory_and_table(tmp_path):
    with pytest.raises(DataError, match="direktori data tidak ada"):
        load_indikator(tmp_path / "tidak-ada")
    with pytest.raises(DataError, match="tidak ada berkas indikator.csv"):
        load_indikator(tmp_path)
    with pytest.raises(DataError, match="list_tables"):
        load_table("pegawai")


def test_repeated_load_is_cached_but_independent(raw_copy):
    first = load_kepegawaian(raw_copy)
    first.loc[0, "jumlah"] = 999  # a caller's change never reaches the next caller
    again = load_kepegawaian(raw_copy)
    assert again.loc[0, "jumlah"] == 57
    edit_csv(raw_copy / "kepegawaian.csv", "Golongan III,,40", "Golongan III,,41")
    assert 41 in load_kepegawaian(raw_copy)["jumlah"].dropna().tolist()  # a changed file is read anew


def test_empty_cells_of_an_optional_column_take_its_default(raw_copy):
    path = raw_copy / "indikator.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",tingkat", *(line + "," for line in lines[1:])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ind = load_indikator(raw_copy)
    assert set(ind.loc[ind["instansi"] == "BKPSDM Kota Surakarta", "tingkat"]) == {"indikator"}
