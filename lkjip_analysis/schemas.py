"""The three tables' schemas, declared once as pandera models.

Each field carries its description (``description``) and unit (``metadata["unit"]``);
the loaders' docstrings, ``data/raw/README.md`` and ``data/raw/schema.yaml`` are all
generated from these classes (:func:`data_dictionary`, :func:`schema_yaml`).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

YEAR_RANGE = {"min_value": 2000, "max_value": 2100}

DOKUMEN = ["IKU", "RKT", "PK", "PK Perubahan", "Pengukuran"]
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
        "Letak angka di dokumen sumber: bab dan tabel (mis. 'Bab III.A Tabel 3.2') "
        "atau 'narasi' dengan bagiannya"
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
    sasaran: Series[str] = _f("Sasaran strategis sebagaimana tertulis (kosong bila tabel tidak memuatnya)", nullable=True)
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
    realisasi: Series[float] = _f("Realisasi tahun ini; kosong (NaN) bila tidak dilaporkan", "satuan", ge=0, nullable=True)
    capaian_dilaporkan: Series[float] = _f("Capaian sebagaimana dilaporkan", "%", ge=0, nullable=True)
    predikat_dilaporkan: Series[str] = _f("Predikat sebagaimana dilaporkan", nullable=True)
    tahun_akhir: Series[pd.Int64Dtype] = _f("Tahun akhir periode rencana (RPJMD)", "tahun", in_range=YEAR_RANGE, nullable=True)
    target_akhir: Series[float] = _f("Target akhir periode rencana", "satuan", ge=0, nullable=True)
    capaian_akhir: Series[float] = _f("Capaian akhir periode yang direncanakan, sebagaimana dilaporkan", "%", ge=0, nullable=True)
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
    induk: Series[str] = _f("Uraian baris subtotal/total (sumber yang sama) tempat baris ini dijumlahkan", nullable=True)
    anggaran_murni: Series[pd.Int64Dtype] = _f("Anggaran sebelum perubahan (murni) atau pagu rencana", "Rp", ge=0, nullable=True)
    anggaran_perubahan: Series[pd.Int64Dtype] = _f("Anggaran setelah perubahan (pagu akhir tahun)", "Rp", ge=0, nullable=True)
    realisasi: Series[pd.Int64Dtype] = _f("Realisasi belanja", "Rp", ge=0, nullable=True)
    persen_realisasi_dilaporkan: Series[float] = _f("Persentase realisasi sebagaimana dilaporkan", "%", ge=0, nullable=True)
    sisa_dilaporkan: Series[pd.Int64Dtype] = _f("Sisa anggaran / efisiensi dalam rupiah sebagaimana dilaporkan", "Rp", ge=0, nullable=True)
    efisiensi_dilaporkan: Series[float] = _f("Efisiensi sebagaimana dilaporkan", "%", ge=0, nullable=True)
    sumber_dana: Series[str] = _f("Sumber dana, mis. APBD", nullable=True)
    kode_indikator: Series[str] = _f("Indikator yang oleh sumber dikaitkan dengan anggaran ini", nullable=True, str_matches=SLUG)
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


def data_dictionary(table: str) -> str:
    """The Column | Description | Unit table of ``table``, as Markdown.

    >>> print(data_dictionary("kepegawaian").splitlines()[2])
    | instansi | Nama instansi (OPD) pelapor, mis. 'BKPSDM Kota Surakarta' (wajib) | - |
    """
    schema = SCHEMAS[table].to_schema()
    lines = ["| Column | Description | Unit |", "|---|---|---|"]
    for name, col in schema.columns.items():
        desc = col.description or ""
        allowed = [c for c in col.checks if c.name == "isin"]
        if allowed:
            desc += "; nilai: " + ", ".join(f"`{v}`" for v in allowed[0].statistics["allowed_values"])
        if not col.nullable:
            desc += " (wajib)"
        lines.append(f"| {name} | {desc} | {(col.metadata or {}).get('unit', '-')} |")
    return "\n".join(lines)


def schema_yaml() -> str:
    """All three schemas as one machine-readable YAML document (pandera's format)."""
    parts = [f"# {name}\n{model.to_schema().to_yaml()}" for name, model in SCHEMAS.items()]
    return "---\n".join(parts)


def write_data_docs(raw_dir) -> None:
    """Regenerate ``schema.yaml`` and the dictionary tables in ``README.md`` of ``raw_dir``.

    The README keeps its prose; only the text between ``<!-- kamus:TABLE -->`` markers is
    replaced. ``make schema`` calls this after a schema change.
    """
    import re
    from pathlib import Path

    raw_dir = Path(raw_dir)
    (raw_dir / "schema.yaml").write_text(schema_yaml(), encoding="utf-8")
    readme = raw_dir / "README.md"
    text = readme.read_text(encoding="utf-8")
    for table in SCHEMAS:
        text = re.sub(
            rf"(<!-- kamus:{table} -->\n).*?(\n<!-- /kamus:{table} -->)",
            lambda m, t=table: m.group(1) + data_dictionary(t) + m.group(2),
            text,
            flags=re.S,
        )
    readme.write_text(text, encoding="utf-8")


def require_columns(df, columns, argument: str, hint: str = "") -> None:
    """Raise ArgumentError naming ``argument`` when ``df`` is not a DataFrame with ``columns``.

    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "df")
    Traceback (most recent call last):
    ...
    lkjip_analysis.errors.ArgumentError: argumen 'df': kolom 'b' tidak ada (kolom yang ada: 'a')
    """
    from .errors import ArgumentError

    present = list(getattr(df, "columns", []))
    missing = [c for c in columns if c not in present]
    if missing or not hasattr(df, "columns"):
        raise ArgumentError(
            f"argumen '{argument}': kolom {', '.join(repr(c) for c in missing)} tidak ada "
            f"(kolom yang ada: {', '.join(repr(str(c)) for c in present) or '-'}){hint}")


def require_table(df, table: str, argument: str | None = None) -> None:
    """Raise ArgumentError unless ``df`` has every column of ``table`` (as ``load_<table>()`` returns)."""
    require_columns(df, SCHEMAS[table].to_schema().columns, argument or table,
                    f"; gunakan tabel dari load_{table}()")
