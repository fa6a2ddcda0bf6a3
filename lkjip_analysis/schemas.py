"""The tables' schemas, declared once as pandera models, and the closed vocabularies they use.

Each field carries its description (``description``), unit (``metadata["unit"]``) and, for an
optional column, the value it takes when a file leaves it out (``metadata["default"]``); the
loaders' docstrings, ``data/raw/README.md`` and ``data/raw/schema.yaml`` are all generated from
these classes by :mod:`lkjip_analysis.docs`, and the loaders fill in the defaults.

Only the *indikator* table is required; an agency's data may hold any of the other tables.
Columns added after the first release are optional, so files valid then stay valid.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

YEAR_RANGE = {"min_value": 2000, "max_value": 2100}

PENGUKURAN = "Pengukuran"
"""The ``dokumen`` of rows measured in the LKjIP itself (Bab III)."""
PK, PK_PERUBAHAN = "PK", "PK Perubahan"
DOKUMEN = ["RPJMD", "Renstra", "IKU", "Renja", "RKT", PK, PK_PERUBAHAN, PENGUKURAN, "SPM"]
"""Planning documents in the order a target passes through them, the measurement last; 'SPM' for
Standar Pelayanan Minimal figures, reported beside the performance measurement, not part of it."""
POLARITAS = ["positif", "negatif"]
TINGKAT_INDIKATOR = ["indikator", "sasaran", "instansi"]
KUALIFIKASI = [">", ">=", "<", "<="]
YA_TIDAK = ["ya", "tidak"]
TINGKAT = ["total", "belanja_tidak_langsung", "belanja_langsung", "sasaran", "program", "kegiatan", "rekening"]
"""The scope of a budget row, broadest first: 'total' is all the spending of its funding source (belanja
total), then Belanja Tidak Langsung and Belanja Langsung, then sasaran, program, kegiatan and kode rekening."""
SUMBER_DANA_BAKU = "APBD"
"""The funding source of a budget row that states none."""
JENIS_BARIS = ["rincian", "subtotal", "total"]
SLUG = r"^[a-z0-9]+(_[a-z0-9]+)*$"
REQUIRED_TABLES = ["indikator"]
SKALA_INSTANSI = "instansi"
"""The name of an agency's own predikat scale (of capaian) in the skala table."""
DASAR_SKALA = ["capaian", "nilai"]
JENIS_TARGET = ["tahunan", "kumulatif"]


def _f(description: str, unit: str = "-", default=None, optional: bool = False, **kwargs) -> object:
    """A column: its description and unit; ``optional`` columns may be left out of a file and then
    take ``default`` (missing when None)."""
    metadata = {"unit": unit}
    if optional:
        metadata["default"] = default
        said = "bawaan:" in description  # the description says how the default is found
        description += (
            " (opsional)" if said else f" (opsional; bawaan: {'kosong' if default is None else repr(default)})"
        )
    return pa.Field(description=description, metadata=metadata, required=not optional, **kwargs)


def _optional(description: str, unit: str = "-", default=None, **kwargs) -> object:
    return _f(description, unit, default, optional=True, nullable=True, **kwargs)


LAPORAN_DOC = (
    "Dokumen asal baris, mis. 'LKjIP 2023', 'LKjIP 2022' atau 'Review Renstra 2013-2018'; membedakan beberapa "
    "dokumen satu instansi (bawaan: dari nama berkas, bagian setelah '<tabel>_', atau nama buku kerja)"
)


class _Common(pa.DataFrameModel):
    instansi: Series[str] = _f("Nama instansi (OPD) pelapor, mis. 'BKPSDM Kota Surakarta'")
    laporan: Series[str] = _optional(LAPORAN_DOC)
    tahun: Series[int] = _f("Tahun yang dirujuk angka pada baris ini", "tahun", in_range=YEAR_RANGE)
    sumber: Series[str] = _f(
        "Letak angka di dokumen sumber: bab dan tabel (mis. 'Bab III.A Tabel 3.2') atau 'narasi' dengan "
        "bagiannya, dan halamannya"
    )

    class Config:
        coerce = True
        strict = True


class IndikatorSchema(_Common):
    """Indikator kinerja: target, realisasi dan capaian sebagaimana dilaporkan."""

    dokumen: Series[str] = _f(
        "Dokumen asal baris: RPJMD, Renstra, IKU, Renja, RKT, PK (Perjanjian Kinerja), PK Perubahan, "
        "Pengukuran (pengukuran kinerja dalam LKjIP), atau SPM (capaian Standar Pelayanan Minimal)",
        isin=DOKUMEN,
    )
    tingkat: Series[str] = _optional(
        "Tingkat angka: 'indikator', 'sasaran' (capaian satu sasaran) atau 'instansi' (satu angka untuk "
        "seluruh instansi, mis. rata-rata capaian)",
        default="indikator",
        isin=TINGKAT_INDIKATOR,
    )
    sasaran: Series[str] = _f(
        "Sasaran strategis sebagaimana tertulis (kosong bila tabel tidak memuatnya)", nullable=True
    )
    kode_indikator: Series[str] = _f(
        "Kode indikator yang sama di semua tabel (huruf kecil dan garis bawah), "
        "untuk menautkan penulisan nama yang berbeda",
        str_matches=SLUG,
    )
    induk_indikator: Series[str] = _optional(
        "Kode indikator induk bila baris ini komponen atau bacaan kedua (satuan lain) dari indikator itu; "
        "keduanya dihitung sebagai satu indikator",
        str_matches=SLUG,
    )
    indikator: Series[str] = _f("Nama indikator sebagaimana tertulis di sumber")
    satuan: Series[str] = _f(
        "Satuan target dan realisasi sebagaimana tercetak (teks bebas; lihat normalisasi satuan)", nullable=True
    )
    polaritas: Series[str] = _f(
        "'positif' bila makin tinggi makin baik, 'negatif' bila makin rendah makin baik",
        isin=POLARITAS,
    )
    target_kualifikasi: Series[str] = _optional(
        "Tanda di depan target bila tercetak, mis. '>' untuk '> 100' atau '>=' untuk '≥ 90'", isin=KUALIFIKASI
    )
    target: Series[float] = _f("Target tahun ini", "satuan", nullable=True)
    realisasi_kualifikasi: Series[str] = _optional("Tanda di depan realisasi bila tercetak", isin=KUALIFIKASI)
    realisasi: Series[float] = _f("Realisasi tahun ini; kosong (NaN) bila tidak dilaporkan", "satuan", nullable=True)
    capaian_kualifikasi: Series[str] = _optional("Tanda di depan capaian bila tercetak", isin=KUALIFIKASI)
    capaian_dilaporkan: Series[float] = _f("Capaian sebagaimana dilaporkan", "%", nullable=True)
    predikat_dilaporkan: Series[str] = _f("Predikat atau kategori sebagaimana dilaporkan", nullable=True)
    skala_predikat: Series[str] = _optional(
        "Skala tempat predikat_dilaporkan berasal: 'instansi' (skala predikat capaian instansi, tabel skala), "
        "'skm' (mutu pelayanan PermenPAN-RB 14/2017, dari nilai SKM), atau nama skala lain di tabel skala "
        "(mis. 'kasn' untuk kategori sistem merit)",
        default=SKALA_INSTANSI,
        str_matches=SLUG,
    )
    tahun_awal: Series[pd.Int64Dtype] = _optional(
        "Tahun awal periode rencana (RPJMD/Renstra)", "tahun", in_range=YEAR_RANGE
    )
    tahun_akhir: Series[pd.Int64Dtype] = _f(
        "Tahun akhir periode rencana (RPJMD/Renstra)", "tahun", in_range=YEAR_RANGE, nullable=True
    )
    target_akhir: Series[float] = _f("Target akhir periode rencana", "satuan", nullable=True)
    jenis_target: Series[str] = _optional(
        "'tahunan' bila target akhir dibandingkan dengan realisasi satu tahun, 'kumulatif' bila dengan jumlah "
        "realisasi sejak awal periode",
        default="tahunan",
        isin=JENIS_TARGET,
    )
    capaian_akhir: Series[float] = _f(
        "Capaian akhir periode yang direncanakan, sebagaimana dilaporkan", "%", nullable=True
    )
    nilai_min: Series[float] = _optional(
        "Nilai terendah yang mungkin bagi indikator (mis. 0); kosong: menurut satuan", "satuan"
    )
    nilai_maks: Series[float] = _optional(
        "Nilai tertinggi yang mungkin bagi indikator (mis. 100 untuk persentase pegawai, 1 untuk indeks 0-1); "
        "kosong: menurut satuan",
        "satuan",
    )
    utama: Series[str] = _optional(
        "'ya' pada satu baris Pengukuran per indikator dan tahun: pengukuran yang dipakai (biasanya tabel "
        "pengukuran Bab III); tanpa tanda: baris Pengukuran pertama yang bertarget atau berrealisasi",
        isin=YA_TIDAK,
    )
    urutan: Series[pd.Int64Dtype] = _optional("Urutan baris di tabel sumber (1, 2, ...)", ge=1)
    tahun_judul: Series[pd.Int64Dtype] = _optional(
        "Tahun yang tercetak di judul tabel bila berbeda dari kolom tahun", "tahun", in_range=YEAR_RANGE
    )
    catatan: Series[str] = _f("Catatan transkripsi", nullable=True)

    class Config:
        unique = ["instansi", "laporan", "tahun", "kode_indikator", "sumber", "urutan"]


class AnggaranSchema(_Common):
    """Anggaran: pagu murni, perubahan dan realisasi satu baris anggaran, berdampingan."""

    tingkat: Series[str] = _f(
        "Cakupan baris: 'total' (seluruh belanja sumber dananya), 'belanja_tidak_langsung', 'belanja_langsung', "
        "'sasaran', 'program', 'kegiatan' atau 'rekening'; jumlah tidak pernah ditambahkan antarcakupan",
        isin=TINGKAT,
    )
    jenis_baris: Series[str] = _f(
        "'rincian' untuk komponen; 'subtotal'/'total' untuk jumlah yang dinyatakan sumber "
        "(jangan dijumlahkan bersama rinciannya)",
        isin=JENIS_BARIS,
    )
    sasaran: Series[str] = _optional("Sasaran yang didukung baris anggaran ini, bila sumber mengaitkannya")
    program: Series[str] = _f("Program sebagaimana tertulis", nullable=True)
    kegiatan: Series[str] = _f("Kegiatan sebagaimana tertulis", nullable=True)
    kode_rekening: Series[str] = _f("Kode rekening sebagaimana tercetak", nullable=True)
    uraian: Series[str] = _f("Uraian baris sebagaimana tertulis")
    induk: Series[str] = _f(
        "Uraian baris subtotal/total (sumber yang sama) tempat baris ini dijumlahkan; bila uraian itu "
        "muncul dua kali di tabel, 'uraian#urutan'",
        nullable=True,
    )
    anggaran_murni: Series[pd.Int64Dtype] = _f(
        "Anggaran sebelum perubahan (murni) atau pagu rencana", "Rp", ge=0, nullable=True
    )
    anggaran_perubahan: Series[pd.Int64Dtype] = _f(
        "Anggaran setelah perubahan (pagu akhir tahun)", "Rp", ge=0, nullable=True
    )
    realisasi: Series[pd.Int64Dtype] = _f("Realisasi belanja", "Rp", ge=0, nullable=True)
    persen_realisasi_dilaporkan: Series[float] = _f(
        "Persentase realisasi sebagaimana dilaporkan", "%", ge=0, nullable=True
    )
    sisa_dilaporkan: Series[pd.Int64Dtype] = _f(
        "Sisa anggaran / efisiensi dalam rupiah sebagaimana dilaporkan", "Rp", ge=0, nullable=True
    )
    efisiensi_dilaporkan: Series[float] = _f("Efisiensi sebagaimana dilaporkan", "%", ge=0, nullable=True)
    sumber_dana: Series[str] = _optional(
        "Sumber dana sebagaimana tercetak, mis. 'APBD', 'APBN Dekonsentrasi', 'APBN Tugas Pembantuan', 'DAK', 'BLUD'",
        default=SUMBER_DANA_BAKU,
    )
    kode_indikator: Series[str] = _f(
        "Indikator yang oleh sumber dikaitkan dengan anggaran ini", nullable=True, str_matches=SLUG
    )
    urutan: Series[pd.Int64Dtype] = _optional(
        "Urutan baris di tabel sumber; membedakan dua baris beruraian sama (mis. dua 'Jumlah')", ge=1
    )
    utama: Series[str] = _optional(
        "'ya' pada tabel yang menjadi bacaan resmi bila beberapa tabel menyebut uang yang sama (sumber dana dan "
        "cakupan sama); tanpa tanda: tabel yang paling banyak menyebut realisasi",
        isin=YA_TIDAK,
    )
    tahun_judul: Series[pd.Int64Dtype] = _optional(
        "Tahun yang tercetak di judul tabel bila berbeda dari kolom tahun", "tahun", in_range=YEAR_RANGE
    )
    catatan: Series[str] = _f("Catatan transkripsi", nullable=True)

    class Config:
        unique = ["instansi", "laporan", "tahun", "sumber", "uraian", "urutan"]


class KepegawaianSchema(_Common):
    """Komposisi pegawai per dimensi (golongan, pendidikan, status, jabatan, jenis kelamin, ...)."""

    dimensi: Series[str] = _f(
        "Dimensi komposisi (huruf kecil dan garis bawah), mis. golongan, pendidikan, status, jabatan, "
        "jenis_kelamin, diklat_kepemimpinan",
        str_matches=SLUG,
    )
    kategori: Series[str] = _f("Kategori dalam dimensi; 'Jumlah' untuk total dimensi")
    subkategori: Series[str] = _f(
        "Rincian di bawah kategori (mis. Sekretaris di Eselon III, atau unit kerja pada tabel silang)", nullable=True
    )
    jumlah: Series[pd.Int64Dtype] = _f("Jumlah pegawai; kosong bila sumber hanya menyebut persentase", "orang", ge=0,
                                        nullable=True)  # fmt: skip
    persen_dilaporkan: Series[float] = _optional("Bagian kategori dalam dimensi sebagaimana dilaporkan", "%", ge=0)
    jenis_baris: Series[str] = _f(
        "'rincian' untuk komponen; 'subtotal' (jumlah satu kategori) atau 'total' (jumlah dimensi) "
        "sebagaimana dinyatakan sumber",
        isin=JENIS_BARIS,
    )
    urutan: Series[pd.Int64Dtype] = _optional("Urutan baris di tabel sumber", ge=1)
    catatan: Series[str] = _f("Catatan transkripsi", nullable=True)

    class Config:
        unique = ["instansi", "laporan", "tahun", "sumber", "dimensi", "kategori", "subkategori"]


class SkalaSchema(_Common):
    """Skala predikat yang dinyatakan instansi: satu baris per predikat, dari yang tertinggi."""

    skala: Series[str] = _optional(
        "Nama skala: 'instansi' untuk predikat capaian kinerja, nama lain (mis. 'kasn') untuk kategori lain",
        default=SKALA_INSTANSI,
        str_matches=SLUG,
    )
    dasar: Series[str] = _optional(
        "Yang dinilai skala: 'capaian' (persen capaian) atau 'nilai' (nilai realisasi itu sendiri)",
        default="capaian",
        isin=DASAR_SKALA,
    )
    predikat: Series[str] = _f("Nama predikat sebagaimana tertulis, mis. 'Sangat Berhasil'")
    batas_bawah: Series[float] = _f("Batas bawah capaian (%) predikat ini; kosong: tanpa batas bawah", "%",
                                     nullable=True)  # fmt: skip
    inklusif_bawah: Series[str] = _f("'ya' bila batas bawah termasuk (>=), 'tidak' bila tidak (>)", isin=YA_TIDAK,
                                      nullable=True)  # fmt: skip
    batas_atas: Series[float] = _f("Batas atas capaian (%); kosong: tanpa batas atas", "%", nullable=True)
    inklusif_atas: Series[str] = _f("'ya' bila batas atas termasuk (<=), 'tidak' bila tidak (<)", isin=YA_TIDAK,
                                     nullable=True)  # fmt: skip
    urutan: Series[pd.Int64Dtype] = _f("Urutan predikat, 1 untuk yang tertinggi", ge=1)
    utama: Series[str] = _optional(
        "'ya' pada baris skala yang dipakai bila sumber menyatakan skala yang sama lebih dari sekali; "
        "tanpa tanda: sumber pertama",
        isin=YA_TIDAK,
    )
    catatan: Series[str] = _f("Catatan transkripsi", nullable=True)

    class Config:
        unique = ["instansi", "laporan", "tahun", "sumber", "skala", "predikat"]


class PeriodeSchema(pa.DataFrameModel):
    """Periode dokumen perencanaan instansi (RPJMD, Renstra, ...): tahun awal dan akhir."""

    instansi: Series[str] = _f("Nama instansi (OPD) pelapor")
    laporan: Series[str] = _optional(LAPORAN_DOC)
    dokumen: Series[str] = _f("Dokumen perencanaan", isin=DOKUMEN)
    tahun_awal: Series[int] = _f("Tahun awal periode", "tahun", in_range=YEAR_RANGE)
    tahun_akhir: Series[int] = _f("Tahun akhir periode", "tahun", in_range=YEAR_RANGE)
    sumber: Series[str] = _f("Letak pernyataan periode di dokumen sumber")
    catatan: Series[str] = _f("Catatan transkripsi", nullable=True)

    class Config:
        coerce = True
        strict = True
        unique = ["instansi", "laporan", "dokumen", "tahun_awal"]


SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "indikator": IndikatorSchema,
    "anggaran": AnggaranSchema,
    "kepegawaian": KepegawaianSchema,
    "skala": SkalaSchema,
    "periode": PeriodeSchema,
}


def column_defaults(table: str) -> dict[str, object]:
    """The optional columns of ``table`` and the value each takes when a file leaves it out.

    >>> column_defaults("indikator")["tingkat"]
    'indikator'
    """
    columns = SCHEMAS[table].to_schema().columns
    return {
        name: col.metadata["default"] for name, col in columns.items() if col.metadata and "default" in col.metadata
    }
