"""Labels in Bahasa Indonesia for every code a reader could otherwise see: columns, dimensions, statuses.

One place for each label, so that no raw code (``kode_indikator``, ``diklat_kepemimpinan``,
``penempatan_jabatan``) reaches a report, a chart or an exported sheet.
"""

from __future__ import annotations

COLUMN_LABELS = {
    "instansi": "Instansi", "tahun": "Tahun", "sumber": "Sumber", "indikator": "Indikator", "satuan": "Satuan",
    "polaritas": "Polaritas", "dasar": "Dasar target", "target": "Target", "target_tabel": "Target tabel pengukuran",
    "target_pengukuran": "Target pengukuran", "realisasi": "Realisasi", "capaian": "Capaian",
    "predikat": "Predikat", "capaian_tabel": "Capaian thd tabel", "predikat_tabel": "Predikat thd tabel",
    "predikat_berubah": "Predikat berubah", "capaian_dilaporkan": "Capaian dilaporkan",
    "predikat_dilaporkan": "Predikat dilaporkan", "status": "Status", "catatan_audit": "Catatan audit",
    "dalam_pk": "Dalam PK", "sumber_pengukuran": "Sumber pengukuran", "tahun_terakhir": "Tahun terakhir",
    "realisasi_terakhir": "Realisasi terakhir", "dokumen_rencana": "Dokumen rencana", "tahun_akhir": "Tahun akhir",
    "target_akhir": "Target akhir", "progres": "Progres thd target akhir", "laju_per_tahun": "Laju per tahun",
    "kebutuhan_per_tahun": "Kebutuhan per tahun", "proyeksi_akhir": "Proyeksi akhir",
    "capaian_proyeksi": "Capaian proyeksi", "keterangan": "Keterangan", "perubahan": "Perubahan",
    "perubahan_persen": "Perubahan (%)", "direvisi": "Direvisi", "tingkat": "Tingkat", "program": "Program",
    "kegiatan": "Kegiatan", "kode_rekening": "Kode rekening", "uraian": "Uraian", "jenis_baris": "Jenis baris",
    "anggaran": "Anggaran", "anggaran_murni": "Anggaran murni", "anggaran_perubahan": "Anggaran perubahan",
    "perubahan_rp": "Perubahan (Rp)", "serapan": "Serapan", "sisa": "Sisa", "efisiensi": "Efisiensi",
    "pagu": "Pagu", "selisih": "Selisih", "klasifikasi": "Klasifikasi", "dimensi": "Dimensi",
    "kategori": "Kategori", "subkategori": "Rincian", "jumlah": "Jumlah", "persen": "Persen",
    "target_awal": "Target awal", "realisasi_awal": "Realisasi awal", "capaian_awal": "Capaian awal",
    "predikat_awal": "Predikat awal", "target_skenario": "Target skenario", "realisasi_skenario": "Realisasi skenario",
    "capaian_skenario": "Capaian skenario", "predikat_skenario": "Predikat skenario",
    "delta_capaian": "Perubahan capaian (poin)", "kelompok": "Kelompok", "jenis": "Jenis temuan",
    "tabel": "Letak di sumber", "butir": "Butir", "dilaporkan": "Dilaporkan", "dihitung": "Dihitung",
    "pesan": "Temuan", "ukuran": "Ukuran", "nilai": "Nilai", "catatan": "Catatan",
    "persen_realisasi_dilaporkan": "Realisasi dilaporkan (%)",
}  # fmt: skip
"""Column name -> heading in a report table or exported sheet."""

DIMENSION_LABELS = {
    "golongan": "pangkat/golongan", "pendidikan": "tingkat pendidikan", "status": "status kepegawaian",
    "jabatan": "jabatan (eselon)", "eselon": "eselon", "jenis_kelamin": "jenis kelamin",
    "diklat_kepemimpinan": "diklat kepemimpinan", "diklat_fungsional": "diklat fungsional",
    "peran_tkpk": "peran tenaga kerja dengan perjanjian kerja (TKPK)", "penempatan_jabatan": "penempatan jabatan",
    "usia": "kelompok usia", "unit_kerja": "unit kerja",
}  # fmt: skip
"""Staff dimension code -> words; a dimension not listed reads as its code in words."""


def column_label(name: str) -> str:
    """The heading of a column.

    >>> column_label("capaian_tabel"), column_label("IKU"), column_label("nilai_baru")
    ('Capaian thd tabel', 'IKU', 'Nilai baru')
    """
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    return name if any(c.isupper() for c in name) else name.replace("_", " ").capitalize()


def dimension_label(code: str) -> str:
    """A staff dimension in words.

    >>> dimension_label("diklat_kepemimpinan"), dimension_label("masa_kerja")
    ('diklat kepemimpinan', 'masa kerja')
    """
    return DIMENSION_LABELS.get(code, str(code).replace("_", " "))
