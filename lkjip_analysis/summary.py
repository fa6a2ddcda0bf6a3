"""Key figures and headline sentences of one agency and year, for an executive summary.

Every figure counts what SAKIP counts: PK indicators and their coverage, distinct measured
indicators (an indicator and its second readings once), capaian on the PK basis. Every headline
names the table of the report it comes from.
"""

from __future__ import annotations

import pandas as pd

from . import fmt
from .indikator import STATUS_CAKUPAN, TAMBAHAN, TERUKUR, count_measured


def _parents(capaian: pd.DataFrame) -> pd.DataFrame:
    """Measured indicators that count on their own (not a component or second reading)."""
    return capaian[capaian["capaian"].notna() & capaian["induk_indikator"].isna()]


def summarize_key_figures(
    capaian: pd.DataFrame,
    coverage: pd.DataFrame | None = None,
    serapan: pd.DataFrame | None = None,
    kepegawaian: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Key figures, formatted: PK coverage (from ``indikator.tabulate_coverage`` of one year),
    distinct measured indicators, mean capaian and count per predikat (``indikator.tabulate_capaian``
    of one year), budget, realisasi and serapan (a ``total`` row of ``anggaran.tabulate_serapan_rekening``,
    else the sum of ``anggaran.tabulate_serapan`` rows), staff (the stated total of the first dimension
    that has one).

    >>> cap = pd.DataFrame({"kode_indikator": ["a", "b", "b2", "c"], "induk_indikator": [None, None, "b", None],
    ...                     "capaian": [93.75, 100.0, 90.0, None], "predikat": ["Baik", "Baik", "Baik", "-"]})
    >>> dict(summarize_key_figures(cap).values.tolist())["Indikator terukur"]
    '2'
    """
    rows: list[tuple[str, str]] = []
    if coverage is not None and len(coverage):
        in_pk = coverage[coverage["dalam_pk"]]
        if len(in_pk):
            counts = in_pk["status"].value_counts()
            rows.append(("Indikator Perjanjian Kinerja", fmt.number(len(in_pk))))
            rows += [
                (f"Indikator PK {status}", fmt.number(counts[status])) for status in STATUS_CAKUPAN if status in counts
            ]
        extra = int((coverage["status"] == TAMBAHAN).sum())
        if extra:
            rows.append(("Indikator tambahan (di luar PK)", fmt.number(extra)))
    rows.append(("Indikator terukur", fmt.number(count_measured(capaian))))
    parents = _parents(capaian)
    if len(parents):
        rows.append(("Rata-rata capaian (indikator terukur)", fmt.percent(parents["capaian"].mean(), 2)))
        for predikat, n in parents["predikat"].value_counts().items():
            rows.append((f"Indikator berpredikat {predikat}", fmt.number(n)))
    if serapan is not None and len(serapan):
        total = serapan[serapan["jenis_baris"] == "total"] if "jenis_baris" in serapan.columns else serapan.iloc[0:0]
        if len(total):
            anggaran, realisasi = total["anggaran"].iloc[0], total["realisasi"].iloc[0]
        else:
            anggaran, realisasi = serapan["anggaran"].sum(), serapan["realisasi"].sum()
        rows += [
            ("Anggaran", fmt.rupiah(anggaran)),
            ("Realisasi anggaran", fmt.rupiah(realisasi)),
            ("Serapan anggaran", fmt.percent(float(realisasi) / float(anggaran) * 100, 2) if anggaran else fmt.MISSING),
            ("Sisa anggaran", fmt.rupiah(anggaran - realisasi)),
        ]
    if kepegawaian is not None and len(kepegawaian):
        total = kepegawaian[(kepegawaian["jenis_baris"] == "total") & kepegawaian["jumlah"].notna()]
        if len(total):
            first = total.iloc[0]
            rows.append(
                (f"Pegawai (menurut {first['dimensi'].replace('_', ' ')})", f"{fmt.number(first['jumlah'])} orang")
            )
    return pd.DataFrame(rows, columns=["ukuran", "nilai"])


def headlines(
    capaian: pd.DataFrame,
    coverage: pd.DataFrame,
    refocusing: pd.DataFrame | None = None,
    serapan: pd.DataFrame | None = None,
    temuan: pd.DataFrame | None = None,
) -> list[str]:
    """Three to six sentences that lead an executive summary, each generated from one table of the
    report (named in brackets), for one agency and year. Plain text; the report inserts it as text.

    >>> cov = pd.DataFrame({"dalam_pk": [True, True], "status": ["terukur", "belum ada realisasi"],
    ...                     "indikator": ["A", "B"]})
    >>> cap = pd.DataFrame({"kode_indikator": ["a"], "induk_indikator": [None], "indikator": ["A"], "capaian": [93.75],
    ...                     "predikat": ["Baik"], "predikat_berubah": [False]})
    >>> headlines(cap, cov)[0]
    'Dari 2 indikator Perjanjian Kinerja, 1 terukur dan 1 belum ada realisasi (tabel Cakupan Perjanjian Kinerja).'
    """
    out = []
    in_pk = coverage[coverage["dalam_pk"]] if len(coverage) else coverage
    if len(in_pk):
        counts = in_pk["status"].value_counts()
        parts = [f"{counts[s]} {s}" for s in STATUS_CAKUPAN if s in counts]
        listed = ", ".join(parts[:-1]) + f" dan {parts[-1]}" if len(parts) > 1 else parts[0]
        out.append(f"Dari {len(in_pk)} indikator Perjanjian Kinerja, {listed} (tabel Cakupan Perjanjian Kinerja).")
    elif len(coverage):
        out.append(f"Data tidak memuat Perjanjian Kinerja tahun ini; {int((coverage['status'] == TERUKUR).sum())} "
                   "indikator diukur di Bab III (tabel Cakupan Perjanjian Kinerja).")  # fmt: skip
    parents = _parents(capaian)
    if len(parents):
        grades = parents["predikat"].value_counts()
        text = ", ".join(f"{n} {p}" for p, n in grades.items())
        out.append(f"{count_measured(capaian)} indikator terukur: {text}; rata-rata capaian "
                   f"{fmt.percent(parents['capaian'].mean(), 2)} (tabel Capaian dan predikat).")  # fmt: skip
    changed = capaian[capaian["predikat_berubah"].fillna(False).astype(bool)] if "predikat_berubah" in capaian else []
    for row in changed.itertuples() if len(changed) else []:
        out.append(f"{row.indikator}: {fmt.percent(row.capaian, 2)} ({row.predikat}) terhadap target PK "
                   f"{fmt.number(row.target)}, {fmt.percent(row.capaian_tabel, 2)} ({row.predikat_tabel}) terhadap "
                   f"target tabel pengukuran {fmt.number(row.target_tabel)} (tabel Capaian dan predikat).")  # fmt: skip
        break
    if refocusing is not None and len(refocusing):
        programs = refocusing[refocusing["tingkat"] == "program"]
        programs = programs if len(programs) else refocusing
        murni, perubahan = programs["anggaran_murni"].sum(), programs["anggaran_perubahan"].sum()
        if murni:
            change = (perubahan - murni) / murni * 100
            verb = "turun" if perubahan < murni else "naik"
            out.append(f"Anggaran program {verb} dari {fmt.rupiah_short(murni, 2)} (murni) menjadi "
                       f"{fmt.rupiah_short(perubahan, 2)} (perubahan), {fmt.percent(change, 0)} (tabel Refocusing).")  # fmt: skip
    elif serapan is not None and len(serapan):
        anggaran, realisasi = serapan["anggaran"].sum(), serapan["realisasi"].sum()
        if anggaran:
            out.append(f"Realisasi anggaran {fmt.rupiah_short(realisasi, 2)} dari {fmt.rupiah_short(anggaran, 2)} "
                       f"({fmt.percent(realisasi / anggaran * 100, 2)}) (tabel Serapan anggaran).")  # fmt: skip
    if temuan is not None and len(temuan):
        top = temuan.iloc[0]
        out.append(f"Temuan audit utama ({top['tingkat']}): {top['pesan']} (tabel Temuan audit).")
    return out[:6]
