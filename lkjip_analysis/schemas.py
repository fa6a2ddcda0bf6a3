"""The tables' schemas, declared once as pandera models, and the closed vocabularies they use.

Each field carries its description (``description``) and unit (``metadata["unit"]``);
the loaders' docstrings, ``data/raw/README.md`` and ``data/raw/schema.yaml`` are all
generated from these classes by :mod:`lkjip_analysis.docs`.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

YEAR_RANGE = {"min_value": 2000, "max_value": 2100}

PENGUKURAN = "Pengukuran"
"""The ``dokumen`` of rows measured in the LKjIP itself (Bab III)."""
DOKUMEN = ["IKU", "RKT", "PK", "PK Perubahan", PENGUKURAN]
"""Planning documents in the order a target passes through them, the measurement last."""
POLARITAS = ["positif", "negatif"]
SATUAN = ["%", "nilai", "indeks", "orang", "data", "dokumen", "unit", "kali", "hari", "rupiah"]
TINGKAT = ["total", "program", "kegiatan", "rekening"]
JENIS_BARIS = ["rincian", "subtotal", "total"]
SLUG = r"^[a-z0-9]+(_[a-z0-9]+)*$"


def _f(description: str, unit: str = "-", **kwargs) -> object:
    return pa.Field(description=description, metadata={"unit": unit}, **kwargs)


class _Common(pa.DataFrameModel):
    instansi: Series[str] = _f("Nama instansi (OPD) pelapor, mis. 'BKPSDM Kota Surakarta'")
    tahun: Series[int] = _f("Tahun yang dirujuk angka pada baris ini", "tahun", in_range=YEAR_RANGE)
    sumber: Series[str] = _f(
        "Letak angka di dokumen sumber: bab dan tabel (mis. 'Bab III.A Tabel 3.2') atau 'narasi' dengan bagiannya"
    )

    class Config:
        coerce = True
        strict = True


class IndikatorSchema(_Common):
    """Indikator kinerja: target, realisasi dan capaian sebagaimana dilaporkan."""

    dokumen: Series[str] = _f(
        "Dokumen perencanaan asal baris: IKU (Renstra/Perwali IKU), RKT, PK, "
        "PK Perubahan, atau Pengukuran (pengukuran kinerja dalam LKjIP)",
        isin=DOKUMEN,
    )
    sasaran: Series[str] = _f(
        "Sasaran strategis sebagaimana tertulis (kosong bila tabel tidak memuatnya)", nullable=True
    )
    kode_indikator: Series[str] = _f(
        "Kode indikator yang sama di semua tabel (huruf kecil dan garis bawah), "
        "untuk menautkan penulisan nama yang berbeda",
        str_matches=SLUG,
    )
    indikator: Series[str] = _f("Nama indikator sebagaimana tertulis di sumber")
    satuan: Series[str] = _f("Satuan target dan realisasi", "-", isin=SATUAN, nullable=True)
    polaritas: Series[str] = _f(
        "'positif' bila makin tinggi makin baik, 'negatif' bila makin rendah makin baik",
        isin=POLARITAS,
    )
    target: Series[float] = _f("Target tahun ini", "satuan", ge=0, nullable=True)
    realisasi: Series[float] = _f(
        "Realisasi tahun ini; kosong (NaN) bila tidak dilaporkan", "satuan", ge=0, nullable=True
    )
    capaian_dilaporkan: Series[float] = _f("Capaian sebagaimana dilaporkan", "%", ge=0, nullable=True)
    predikat_dilaporkan: Series[str] = _f("Predikat sebagaimana dilaporkan", nullable=True)
    tahun_akhir: Series[pd.Int64Dtype] = _f(
        "Tahun akhir periode rencana (RPJMD)", "tahun", in_range=YEAR_RANGE, nullable=True
    )
    target_akhir: Series[float] = _f("Target akhir periode rencana", "satuan", ge=0, nullable=True)
    capaian_akhir: Series[float] = _f(
        "Capaian akhir periode yang direncanakan, sebagaimana dilaporkan", "%", ge=0, nullable=True
    )
    catatan: Series[str] = _f("Catatan transkripsi", nullable=True)

    class Config:
        unique = ["instansi", "tahun", "kode_indikator", "sumber"]


class AnggaranSchema(_Common):
    """Anggaran: pagu murni, perubahan dan realisasi satu baris anggaran, berdampingan."""

    tingkat: Series[str] = _f("Tingkat baris: total, program, kegiatan atau rekening", isin=TINGKAT)
    jenis_baris: Series[str] = _f(
        "'rincian' untuk komponen; 'subtotal'/'total' untuk jumlah yang dinyatakan sumber "
        "(jangan dijumlahkan bersama rinciannya)",
        isin=JENIS_BARIS,
    )
    program: Series[str] = _f("Program sebagaimana tertulis", nullable=True)
    kegiatan: Series[str] = _f("Kegiatan sebagaimana tertulis", nullable=True)
    kode_rekening: Series[str] = _f("Kode rekening sebagaimana tercetak", nullable=True)
    uraian: Series[str] = _f("Uraian baris sebagaimana tertulis")
    induk: Series[str] = _f(
        "Uraian baris subtotal/total (sumber yang sama) tempat baris ini dijumlahkan", nullable=True
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
    sumber_dana: Series[str] = _f("Sumber dana, mis. APBD", nullable=True)
    kode_indikator: Series[str] = _f(
        "Indikator yang oleh sumber dikaitkan dengan anggaran ini", nullable=True, str_matches=SLUG
    )
    catatan: Series[str] = _f("Catatan transkripsi", nullable=True)

    class Config:
        unique = ["instansi", "tahun", "sumber", "uraian"]


class KepegawaianSchema(_Common):
    """Komposisi pegawai per dimensi (golongan, pendidikan, status, jabatan, diklat, ...)."""

    dimensi: Series[str] = _f(
        "Dimensi komposisi, mis. golongan, pendidikan, status, jabatan, diklat_kepemimpinan, "
        "peran_tkpk, penempatan_jabatan",
        str_matches=SLUG,
    )
    kategori: Series[str] = _f("Kategori dalam dimensi; 'Jumlah' untuk total dimensi")
    subkategori: Series[str] = _f("Rincian di bawah kategori (mis. Sekretaris di Eselon III)", nullable=True)
    jumlah: Series[pd.Int64Dtype] = _f("Jumlah pegawai", "orang", ge=0)
    jenis_baris: Series[str] = _f(
        "'rincian' untuk komponen; 'subtotal' (jumlah satu kategori) atau 'total' (jumlah dimensi) "
        "sebagaimana dinyatakan sumber",
        isin=JENIS_BARIS,
    )
    catatan: Series[str] = _f("Catatan transkripsi", nullable=True)

    class Config:
        unique = ["instansi", "tahun", "sumber", "dimensi", "kategori", "subkategori"]


SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "indikator": IndikatorSchema,
    "anggaran": AnggaranSchema,
    "kepegawaian": KepegawaianSchema,
}
