"""Audit of the source: recompute what the report states and list every disagreement.

:func:`audit` checks, for every table of the data:

- each stated total/subtotal against the sum of its components (budget and staff);
- the same budget total or program amount stated in different places;
- each stated percentage (realisasi, efisiensi) and sisa against its amounts;
- each reported capaian against the recomputed one, and each reported predikat against
  the scale;
- the same indicator and year with different values in different tables or the narrative,
  and the measured target against the Perjanjian Kinerja Perubahan;
- identical values in rows that should differ.

A finding is information about the report, not an error of the tool. Severity
(``tingkat``): ``tinggi`` for amounts, counts and indicator values that disagree, ``sedang``
for predikat, targets and percentages off by more than rounding, ``rendah`` for rounding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import fmt
from .anggaran import jumlah_rincian
from .capaian import capaian as hitung_capaian
from .capaian import predikat as hitung_predikat
from .indikator import pengukuran
from .schemas import require_table

KOLOM = ["tingkat", "jenis", "instansi", "tahun", "tabel", "butir", "kolom", "dilaporkan", "dihitung", "selisih", "pesan"]
_TINGKAT_URUT = {"tinggi": 0, "sedang": 1, "rendah": 2}
_NAMA_KOLOM = {
    "anggaran_murni": "anggaran murni", "anggaran_perubahan": "anggaran perubahan", "realisasi": "realisasi",
    "target": "target", "capaian_dilaporkan": "capaian", "target_akhir": "target akhir", "jumlah": "jumlah",
    "persen_realisasi_dilaporkan": "persentase realisasi", "efisiensi_dilaporkan": "efisiensi",
    "sisa_dilaporkan": "sisa anggaran",
}


def _decimals(value: float) -> int:
    text = repr(float(value))
    return 0 if "e" in text or text.endswith(".0") else len(text.split(".")[1])


def _tolerance(reported: float) -> float:
    """Half a unit of the reported value's last decimal: 96 allows 95.56, 93.75 allows 93.745."""
    return 0.5 * 10 ** -_decimals(reported) + 1e-9


def _percent_severity(stated: float, computed: float) -> str | None:
    """None when ``stated`` is ``computed`` rounded to its decimals; 'rendah' for a rounding or
    truncation slip under 0.1 point; 'sedang' beyond that."""
    diff = abs(float(stated) - float(computed))
    if diff <= _tolerance(stated):
        return None
    return "rendah" if diff < 0.1 else "sedang"


def _finding(tingkat, jenis, row, butir, kolom, dilaporkan, dihitung, pesan) -> dict:
    return {"tingkat": tingkat, "jenis": jenis, "instansi": row["instansi"], "tahun": int(row["tahun"]),
            "tabel": row["sumber"], "butir": butir, "kolom": kolom, "dilaporkan": float(dilaporkan),
            "dihitung": float(dihitung), "selisih": float(dilaporkan) - float(dihitung), "pesan": pesan}


def _angka(kolom: str, value) -> str:
    """An indicator value: capaian in percent, the rest plain numbers."""
    return fmt.persen(value) if kolom == "capaian_dilaporkan" else fmt.angka(value)


# --- anggaran ----------------------------------------------------------------------------------
_AMOUNTS = ["anggaran_murni", "anggaran_perubahan", "realisasi"]


def _budget_sums(anggaran: pd.DataFrame) -> list[dict]:
    sums = jumlah_rincian(anggaran, _AMOUNTS)
    parents = anggaran.merge(sums, on=["instansi", "tahun", "sumber", "uraian"])
    out = []
    for _, row in parents.iterrows():
        for col in _AMOUNTS:
            stated, computed = row[col], row[f"{col}_dihitung"]
            if pd.isna(stated) or pd.isna(computed) or stated == computed:
                continue
            out.append(_finding(
                "tinggi", "jumlah tidak sama dengan rinciannya", row, row["uraian"], col, stated, computed,
                f"{row['uraian']}: {_NAMA_KOLOM[col]} dinyatakan {fmt.rupiah(stated)}, jumlah "
                f"{int(row['jumlah_rincian'])} rinciannya {fmt.rupiah(computed)} (selisih {fmt.rupiah(stated - computed)})."))
    return out


def _grand_totals(anggaran: pd.DataFrame) -> pd.DataFrame:
    """Per (instansi, tahun, sumber): the stated total, or for a table without one the sum of
    its top-level rows (rows no other row sums)."""
    totals = anggaran[anggaran["jenis_baris"] == "total"].assign(asal="dinyatakan")
    no_total = anggaran[~anggaran["sumber"].isin(totals["sumber"]) & anggaran["induk"].isna()
                        & anggaran["uraian"].isin(anggaran["induk"].dropna())]
    summed = (no_total.groupby(["instansi", "tahun", "sumber"], as_index=False)[_AMOUNTS].sum(min_count=1)
              .assign(uraian="jumlah program", asal="dijumlahkan"))
    return pd.concat([totals, summed], ignore_index=True)


def _budget_across_sources(anggaran: pd.DataFrame) -> list[dict]:
    out = []
    grand = _grand_totals(anggaran)
    for (instansi, tahun), group in grand.groupby(["instansi", "tahun"]):
        for col in _AMOUNTS:
            values = group.dropna(subset=[col])
            if len(values) < 2:
                continue
            ref = values[values["sumber"].str.contains("tabel", case=False)].iloc[0] if values["sumber"].str.contains(
                "tabel", case=False).any() else values.iloc[0]
            for _, row in values.iterrows():
                if row[col] != ref[col]:
                    out.append(_finding(
                        "tinggi", "total berbeda antar bagian", row, row["uraian"], col, row[col], ref[col],
                        f"Total {_NAMA_KOLOM[col]} {tahun}: {row['sumber']} menyebut {fmt.rupiah(row[col])}, "
                        f"{ref['sumber']} {fmt.rupiah(ref[col])}."))
    # a program amount stated in the narrative against the program's row in a table
    tables = anggaran[(anggaran["tingkat"] == "program") & anggaran["sumber"].str.contains("tabel", case=False)]
    narrative = anggaran[(anggaran["tingkat"] == "program") & ~anggaran["sumber"].str.contains("tabel", case=False)]
    merged = narrative.merge(tables, on=["instansi", "tahun", "program"], suffixes=("", "_tabel"))
    for _, row in merged.iterrows():
        for col in _AMOUNTS:
            a, b = row[col], row[f"{col}_tabel"]
            if pd.notna(a) and pd.notna(b) and a != b:
                out.append(_finding(
                    "tinggi", "angka program berbeda antar bagian", row, row["program"], col, a, b,
                    f"{row['program']}: {row['sumber']} menyebut {_NAMA_KOLOM[col]} {fmt.rupiah(a)}, "
                    f"{row['sumber_tabel']} {fmt.rupiah(b)}."))
    return out


def _budget_percentages(anggaran: pd.DataFrame) -> list[dict]:
    out = []
    for _, row in anggaran.iterrows():
        pagu = row["anggaran_perubahan"] if pd.notna(row["anggaran_perubahan"]) else row["anggaran_murni"]
        if pd.isna(pagu) or pagu == 0:
            continue
        sisa = pagu - row["realisasi"] if pd.notna(row["realisasi"]) else row["sisa_dilaporkan"]
        checks = [
            ("persen_realisasi_dilaporkan", row["realisasi"] / pagu * 100 if pd.notna(row["realisasi"]) else np.nan),
            ("efisiensi_dilaporkan", sisa / pagu * 100 if pd.notna(sisa) else np.nan),
            ("sisa_dilaporkan", sisa if pd.notna(row["realisasi"]) else np.nan),
        ]
        for col, computed in checks:
            stated = row[col]
            if pd.isna(stated) or pd.isna(computed):
                continue
            if col == "sisa_dilaporkan":
                if stated != computed:
                    out.append(_finding("tinggi", "sisa anggaran tidak sesuai", row, row["uraian"], col, stated, computed,
                                        f"{row['uraian']}: sisa/efisiensi dinyatakan {fmt.rupiah(stated)}, anggaran dikurangi "
                                        f"realisasi {fmt.rupiah(computed)}."))
            elif tingkat := _percent_severity(stated, computed):
                out.append(_finding(tingkat, "persentase tidak sesuai jumlahnya", row, row["uraian"], col, stated, computed,
                                    f"{row['uraian']}: {_NAMA_KOLOM[col]} dinyatakan {fmt.persen(stated)}, dihitung dari "
                                    f"jumlahnya {fmt.persen(computed, 2)}."))
    return out


def _identical_amounts(anggaran: pd.DataFrame) -> list[dict]:
    out = []
    leaves = anggaran[anggaran["jenis_baris"] == "rincian"]
    for col in _AMOUNTS:
        dup = leaves.dropna(subset=[col])
        dup = dup[dup.duplicated(["instansi", "tahun", "sumber", col], keep=False) & (dup[col] > 0)]
        for _, group in dup.groupby(["instansi", "tahun", "sumber", col]):
            first = group.iloc[0]
            names = " dan ".join(group["uraian"])
            out.append(_finding("sedang", "nilai kembar pada baris berbeda", first, names, col, first[col], first[col],
                                f"{names} sama-sama bernilai {fmt.rupiah(first[col])} ({_NAMA_KOLOM[col]}); "
                                "kemungkinan salin-tempel."))
    return out


# --- kepegawaian -------------------------------------------------------------------------------
def _staff(kepegawaian: pd.DataFrame) -> list[dict]:
    out = []
    leaves = kepegawaian[kepegawaian["jenis_baris"] == "rincian"]
    for _, row in kepegawaian[kepegawaian["jenis_baris"] != "rincian"].iterrows():
        parts = leaves[(leaves["instansi"] == row["instansi"]) & (leaves["tahun"] == row["tahun"])
                       & (leaves["sumber"] == row["sumber"]) & (leaves["dimensi"] == row["dimensi"])]
        if row["jenis_baris"] == "subtotal":
            parts = parts[parts["kategori"] == row["kategori"]]
        computed = int(parts["jumlah"].sum())
        if len(parts) and computed != row["jumlah"]:
            out.append(_finding("tinggi", "jumlah tidak sama dengan rinciannya", row, f"{row['dimensi']}: {row['kategori']}",
                                "jumlah", row["jumlah"], computed,
                                f"{row['dimensi']} {row['kategori']}: dinyatakan {fmt.angka(row['jumlah'])} orang, "
                                f"jumlah rinciannya {fmt.angka(computed)} orang ({' + '.join(fmt.angka(v) for v in parts['jumlah'])})."))
    # the same category stated with different counts in different places
    key = ["instansi", "tahun", "dimensi", "kategori", "subkategori"]
    for _, group in leaves.groupby(key, dropna=False):
        if group["jumlah"].nunique() > 1:
            ref = group.iloc[0]
            for _, row in group.iloc[1:].iterrows():
                if row["jumlah"] != ref["jumlah"]:
                    out.append(_finding("tinggi", "angka berbeda antar bagian", row, f"{row['dimensi']}: {row['kategori']}",
                                        "jumlah", row["jumlah"], ref["jumlah"],
                                        f"{row['kategori']}: {row['sumber']} menyebut {fmt.angka(row['jumlah'])} orang, "
                                        f"{ref['sumber']} {fmt.angka(ref['jumlah'])} orang."))
    return out


# --- indikator ---------------------------------------------------------------------------------
def _capaian_and_predikat(indikator: pd.DataFrame, skala) -> list[dict]:
    out = []
    computed = hitung_capaian(indikator["target"], indikator["realisasi"], indikator["polaritas"])
    for i, row in indikator.iterrows():
        stated, calc = row["capaian_dilaporkan"], computed[i]
        if pd.notna(stated) and pd.notna(calc) and (tingkat := _percent_severity(stated, calc)):
            out.append(_finding(tingkat, "capaian tidak sesuai target dan realisasi", row, row["indikator"],
                                "capaian_dilaporkan", stated, calc,
                                f"{row['indikator']} {row['tahun']}: capaian dilaporkan {fmt.persen(stated)}, dihitung dari "
                                f"target {fmt.angka(row['target'])} dan realisasi {fmt.angka(row['realisasi'])} "
                                f"{fmt.persen(calc, 2)}."))
        basis = stated if pd.notna(stated) else calc
        reported = row["predikat_dilaporkan"]
        if pd.notna(reported) and pd.notna(basis):
            expected = hitung_predikat(float(basis), skala=skala)
            if reported.strip().lower() != expected.lower():
                out.append(_finding("sedang", "predikat tidak sesuai skala", row, row["indikator"], "predikat_dilaporkan",
                                    basis, basis,
                                    f"{row['indikator']} {row['tahun']}: predikat dilaporkan '{reported}', menurut skala "
                                    f"capaian {fmt.persen(basis, 2)} seharusnya '{expected}'."))
    return out


def _indicator_across_sources(indikator: pd.DataFrame) -> list[dict]:
    out = []
    measured = indikator[indikator["dokumen"] == "Pengukuran"]
    chosen = pengukuran(indikator).set_index(["instansi", "tahun", "kode_indikator"])
    cols = ["target", "realisasi", "capaian_dilaporkan", "target_akhir"]
    for key, group in measured.groupby(["instansi", "tahun", "kode_indikator"]):
        ref_row = chosen.loc[key] if key in chosen.index else group.iloc[0]
        for col in cols:
            ref = ref_row[col]
            if pd.isna(ref):
                others = group[col].dropna()
                if others.empty:
                    continue
                ref_row = group.loc[others.index[0]]
                ref = ref_row[col]
            for _, row in group.iterrows():
                if pd.notna(row[col]) and row[col] != ref:
                    out.append(_finding("tinggi", "indikator berbeda antar bagian", row, row["indikator"], col, row[col], ref,
                                        f"{row['indikator']} {row['tahun']}: {row['sumber']} menyebut {_NAMA_KOLOM[col]} "
                                        f"{_angka(col, row[col])}, {ref_row['sumber']} {_angka(col, ref)}."))
    # measured against the Perjanjian Kinerja Perubahan, as the report says it is
    pk = indikator[indikator["dokumen"] == "PK Perubahan"]
    merged = pk.merge(chosen.reset_index(), on=["instansi", "tahun", "kode_indikator"], suffixes=("_pk", ""))
    for _, row in merged[merged["target"].notna() & (merged["target"] != merged["target_pk"])].iterrows():
        out.append(_finding("sedang", "target pengukuran berbeda dari PK Perubahan", row, row["indikator"], "target",
                            row["target"], row["target_pk"],
                            f"{row['indikator']} {row['tahun']}: diukur terhadap target {fmt.angka(row['target'])} "
                            f"({row['sumber']}), padahal PK Perubahan menetapkan {fmt.angka(row['target_pk'])}."))
    # different indicators of the same year with identical target and realisasi
    pairs = pengukuran(indikator).dropna(subset=["target", "realisasi"])
    for _, group in pairs.groupby(["instansi", "tahun", "target", "realisasi"]):
        if group["kode_indikator"].nunique() > 1:
            first = group.iloc[0]
            names = " dan ".join(group["indikator"])
            out.append(_finding("sedang", "nilai kembar pada baris berbeda", first, names, "target", first["target"],
                                first["target"], f"{names} ({first['tahun']}) sama-sama bertarget {fmt.angka(first['target'])} "
                                f"dan berrealisasi {fmt.angka(first['realisasi'])}; periksa apakah angka tersalin."))
    return out


def audit_tables(indikator: pd.DataFrame, anggaran: pd.DataFrame, kepegawaian: pd.DataFrame,
                 skala="lkjip") -> pd.DataFrame:
    """:func:`audit` on frames already loaded. Returns the findings, most severe first.

    >>> from lkjip_analysis import load_all
    >>> t = load_all()
    >>> audit_tables(t["indikator"], t["anggaran"], t["kepegawaian"])["tingkat"].value_counts().to_dict()
    {'tinggi': 15, 'sedang': 10, 'rendah': 3}
    """
    for frame, table in ((indikator, "indikator"), (anggaran, "anggaran"), (kepegawaian, "kepegawaian")):
        require_table(frame, table)
    findings = (_budget_sums(anggaran) + _budget_across_sources(anggaran) + _budget_percentages(anggaran)
                + _identical_amounts(anggaran) + _staff(kepegawaian) + _capaian_and_predikat(indikator, skala)
                + _indicator_across_sources(indikator))
    out = pd.DataFrame(findings, columns=KOLOM)
    order = out["tingkat"].map(_TINGKAT_URUT)
    return out.assign(_o=order).sort_values(["_o", "jenis", "tahun"], kind="stable").drop(columns="_o").reset_index(drop=True)


def audit(data_dir=None, skala="lkjip") -> pd.DataFrame:
    """Every disagreement the report has with its own arithmetic, as a DataFrame of findings.

    Columns: tingkat, jenis, instansi, tahun, tabel, butir, kolom, dilaporkan, dihitung,
    selisih, pesan (Bahasa Indonesia, both numbers in Indonesian format).

    >>> temuan = audit()
    >>> row = temuan[temuan["butir"] == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH"].iloc[0]
    >>> print(row.pesan)
    PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH: anggaran perubahan dinyatakan Rp 8.460.444.119, jumlah 7 rinciannya Rp 8.429.484.759 (selisih Rp 30.959.360).
    """
    from .data import load_all

    tables = load_all(data_dir)
    return audit_tables(tables["indikator"], tables["anggaran"], tables["kepegawaian"], skala=skala)


def format_temuan(temuan: pd.DataFrame) -> str:
    """The findings as a plain-text table for the terminal, grouped by severity.

    >>> print(format_temuan(pd.DataFrame(columns=KOLOM)))
    Tidak ada temuan: semua angka yang dinyatakan sesuai dengan hasil hitung ulang.
    """
    if temuan.empty:
        return "Tidak ada temuan: semua angka yang dinyatakan sesuai dengan hasil hitung ulang."
    counts = temuan["tingkat"].value_counts()
    lines = [f"{len(temuan)} temuan ({', '.join(f'{counts.get(t, 0)} {t}' for t in _TINGKAT_URUT)}):", ""]
    width = len(str(len(temuan)))
    for i, row in enumerate(temuan.itertuples(), start=1):
        lines.append(f"{i:>{width}}. [{row.tingkat}] {row.jenis} ({row.instansi}, {row.tahun}; {row.tabel})")
        lines.append(f"{'':>{width}}  {row.pesan}")
    return "\n".join(lines)
