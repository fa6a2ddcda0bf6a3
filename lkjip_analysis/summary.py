"""Key figures and headline sentences of one agency and year, for an executive summary.

Every figure counts what SAKIP counts and leads with what an evaluator reads first: PK coverage and
data reliability (how many PK indicators are measured, how many audit findings change a figure), the
agency's own stated average beside the recomputed one, then median beside mean over the PK indicators
only (indicators outside the PK are counted apart), the predikat, and the budget figure of record of each
funding source with its scope. Every headline names the table of the report it comes from.
"""

from __future__ import annotations

import pandas as pd

from . import fmt
from .indikator import STATUS_CAKUPAN, TERUKUR, count_measured
from .schemas import PK, PK_PERUBAHAN


def _parents(capaian: pd.DataFrame) -> pd.DataFrame:
    """Measured indicators that count on their own (not a component or second reading)."""
    return capaian[capaian["capaian"].notna() & capaian["induk_indikator"].isna()]


def split_pk(capaian: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Measured indicators of the Perjanjian Kinerja and those outside it. An agency-year without any PK
    target has all its measured indicators in the first frame (nothing to set apart).

    >>> cap = pd.DataFrame({"induk_indikator": [None, None], "capaian": [90.0, 80.0], "dasar": ["PK", "tabel pengukuran"]})
    >>> [len(t) for t in split_pk(cap)]
    [1, 1]
    """
    parents = _parents(capaian)
    in_pk = parents["dasar"].isin([PK, PK_PERUBAHAN])
    if not in_pk.any():
        return parents, parents.iloc[0:0]
    return parents[in_pk], parents[~in_pk]


def stated_averages(indikator: pd.DataFrame) -> pd.DataFrame:
    """The agency's own overall figures (``tingkat`` 'instansi' rows with a reported capaian, e.g. its
    average capaian), each with its source, as the document states them.

    >>> from lkjip_analysis import load_indikator
    >>> s = stated_averages(load_indikator()).query("instansi.str.startswith('Dinas') and tahun == 2016")
    >>> sorted(s["capaian_dilaporkan"].tolist())
    [114.78, 127.32]
    """
    rows = indikator[(indikator["tingkat"] == "instansi") & indikator["capaian_dilaporkan"].notna()]
    return rows[["instansi", "tahun", "indikator", "capaian_dilaporkan", "predikat_dilaporkan", "sumber"]]


def count_changing(temuan: pd.DataFrame | None) -> int:
    """Audit findings that change a predikat, a key figure or the document's conclusion (``tinggi``).

    >>> count_changing(pd.DataFrame({"tingkat": ["tinggi", "rendah", "tinggi"]})), count_changing(None)
    (2, 0)
    """
    return 0 if temuan is None or temuan.empty else int((temuan["tingkat"] == "tinggi").sum())


def summarize_key_figures(
    capaian: pd.DataFrame,
    coverage: pd.DataFrame | None = None,
    budget: pd.DataFrame | None = None,
    kepegawaian: pd.DataFrame | None = None,
    temuan: pd.DataFrame | None = None,
    stated: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Key figures, formatted, in the order an evaluator reads them: PK coverage (``indikator.tabulate_coverage``
    of one year) and data reliability (``temuan``: the audit's findings of that year), the agency's stated
    averages (:func:`stated_averages`) beside the recomputed mean and median over PK indicators
    (``indikator.tabulate_capaian`` of one year), the count per predikat, indicators outside the PK apart,
    then each funding source's budget at its scope (``anggaran.summarize_budget``) and staff (the stated total
    of the first dimension that has one).

    >>> cap = pd.DataFrame({"kode_indikator": ["a", "b", "b2", "c"], "induk_indikator": [None, None, "b", None],
    ...                     "capaian": [93.75, 100.0, 90.0, None], "predikat": ["Baik", "Baik", "Baik", "-"],
    ...                     "dasar": ["PK"] * 4})
    >>> t = dict(summarize_key_figures(cap).values.tolist())
    >>> t["Indikator terukur"], t["Rata-rata capaian indikator PK (dihitung ulang)"], t["Median capaian indikator PK"]
    ('2', '96,88%', '96,88%')
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
    if temuan is not None:
        rows.append(("Temuan audit yang mengubah angka atau predikat (tinggi)", fmt.number(count_changing(temuan))))
        rows.append(("Temuan audit seluruhnya", fmt.number(len(temuan))))
    rows.append(("Indikator terukur", fmt.number(count_measured(capaian))))
    pk, outside = split_pk(capaian)
    for row in (stated if stated is not None else pd.DataFrame()).itertuples():
        rows.append((f"Dinyatakan instansi: {row.indikator} ({row.sumber})", fmt.percent(row.capaian_dilaporkan)))
    if len(pk):
        label = "indikator PK" if pk["dasar"].isin([PK, PK_PERUBAHAN]).any() else "indikator terukur"
        rows.append((f"Rata-rata capaian {label} (dihitung ulang)", fmt.percent(pk["capaian"].mean(), 2)))
        rows.append((f"Median capaian {label}", fmt.percent(pk["capaian"].median(), 2)))
        for predikat, n in pk["predikat"].value_counts().items():
            rows.append((f"{label[0].upper()}{label[1:]} berpredikat {predikat}", fmt.number(n)))
    if len(outside):
        rows.append(("Indikator terukur di luar PK (tidak ikut dirata-rata)", fmt.number(len(outside))))
    for row in (budget if budget is not None else pd.DataFrame()).itertuples():
        where = f"{row.dana}, {row.cakupan}"
        rows += [
            (f"Anggaran ({where})", fmt.rupiah(row.anggaran)),
            (f"Realisasi anggaran ({where})", fmt.rupiah(row.realisasi)),
            (f"Serapan anggaran ({where})", fmt.percent(row.serapan, 2)),
        ]
    if kepegawaian is not None and len(kepegawaian):
        total = kepegawaian[(kepegawaian["jenis_baris"] == "total") & kepegawaian["jumlah"].notna()]
        if len(total):
            first = total.iloc[0]
            rows.append(
                (f"Pegawai (menurut {first['dimensi'].replace('_', ' ')})", f"{fmt.number(first['jumlah'])} orang")
            )
    return pd.DataFrame(rows, columns=["ukuran", "nilai"])


def _listed(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + f" dan {parts[-1]}" if len(parts) > 1 else parts[0]


def headlines(
    capaian: pd.DataFrame,
    coverage: pd.DataFrame,
    refocusing: pd.DataFrame | None = None,
    budget: pd.DataFrame | None = None,
    temuan: pd.DataFrame | None = None,
    stated: pd.DataFrame | None = None,
) -> list[str]:
    """Three to six sentences that lead an executive summary, each generated from one table of the
    report (named in brackets), for one agency and year: PK coverage and reliability first, the agency's
    stated average beside the recomputed one, the predikat of PK indicators, a predikat the basis changes,
    the budget by funding source, the first finding. Plain text; the report inserts it as text.

    >>> cov = pd.DataFrame({"dalam_pk": [True, True], "status": ["terukur", "belum ada realisasi"],
    ...                     "indikator": ["A", "B"]})
    >>> cap = pd.DataFrame({"kode_indikator": ["a"], "induk_indikator": [None], "indikator": ["A"], "capaian": [93.75],
    ...                     "predikat": ["Baik"], "predikat_berubah": [False], "dasar": ["PK"]})
    >>> headlines(cap, cov)[0]
    'Dari 2 indikator Perjanjian Kinerja, 1 terukur dan 1 belum ada realisasi (tabel Cakupan Perjanjian Kinerja).'
    """
    out = []
    in_pk = coverage[coverage["dalam_pk"]] if len(coverage) else coverage
    reliability = ""
    if temuan is not None and len(temuan):
        reliability = f"; {count_changing(temuan)} dari {len(temuan)} temuan audit mengubah angka atau predikat"
    if len(in_pk):
        counts = in_pk["status"].value_counts()
        listed = _listed([f"{counts[s]} {s}" for s in STATUS_CAKUPAN if s in counts])
        out.append(f"Dari {len(in_pk)} indikator Perjanjian Kinerja, {listed}{reliability} (tabel Cakupan Perjanjian "
                   "Kinerja).")  # fmt: skip
    elif len(coverage):
        out.append(f"Data tidak memuat Perjanjian Kinerja tahun ini; {int((coverage['status'] == TERUKUR).sum())} "
                   f"indikator diukur di Bab III{reliability} (tabel Cakupan Perjanjian Kinerja).")  # fmt: skip
    pk, outside = split_pk(capaian)
    if len(pk):
        label = "indikator PK" if pk["dasar"].isin([PK, PK_PERUBAHAN]).any() else "indikator terukur"
        recomputed = f"rata-rata capaian {label} dihitung ulang {fmt.percent(pk['capaian'].mean(), 2)}"
        if stated is not None and len(stated):
            said = _listed([f"{fmt.percent(r.capaian_dilaporkan)} ({r.sumber})" for r in stated.itertuples()])
            out.append(f"Instansi menyatakan capaian {said}; {recomputed} dari {len(pk)} indikator "
                       "(tabel Angka kunci).")  # fmt: skip
        grades = ", ".join(f"{n} {p}" for p, n in pk["predikat"].value_counts().items())
        apart = f"; {len(outside)} indikator di luar PK tidak ikut dirata-rata" if len(outside) else ""
        out.append(f"{len(pk)} {label} terukur: {grades}; median capaian {fmt.percent(pk['capaian'].median(), 2)}, "
                   f"rata-rata {fmt.percent(pk['capaian'].mean(), 2)}{apart} (tabel Capaian dan predikat).")  # fmt: skip
    changed = capaian[capaian["predikat_berubah"].fillna(False).astype(bool)] if "predikat_berubah" in capaian else []
    for row in changed.itertuples() if len(changed) else []:
        out.append(f"{row.indikator}: {fmt.percent(row.capaian, 2)} ({row.predikat}) terhadap target PK "
                   f"{fmt.number(row.target)}, {fmt.percent(row.capaian_tabel, 2)} ({row.predikat_tabel}) terhadap "
                   f"target tabel pengukuran {fmt.number(row.target_tabel)} (tabel Capaian dan predikat).")  # fmt: skip
        break
    serapan, change = _budget_sentences(refocusing, budget)
    out += serapan
    if temuan is not None and len(temuan):
        top = temuan.iloc[0]
        out.append(f"Temuan audit utama ({top['tingkat']}): {top['pesan']} (tabel Temuan audit).")
    return (out + change)[:6]


def _budget_sentences(refocusing: pd.DataFrame | None, budget: pd.DataFrame | None) -> tuple[list[str], list[str]]:
    """Sentences on the budget: the serapan of record per funding source with its scope, and murni to
    perubahan of the programs of each funding source that states both (never adding two tables that
    give the same money)."""
    serapan, change = [], []
    if budget is not None and len(budget):
        parts = [f"{r.dana} ({r.cakupan}) {fmt.rupiah_short(r.realisasi, 2)} dari {fmt.rupiah_short(r.anggaran, 2)} "
                 f"({fmt.percent(r.serapan, 2)})" for r in budget.itertuples()]  # fmt: skip
        serapan.append(f"Realisasi anggaran {'; '.join(parts)} (tabel Angka kunci).")
    if refocusing is not None and len(refocusing):
        programs = refocusing[refocusing["tingkat"] == "program"]
        programs = programs if len(programs) else refocusing
        parts = []
        for dana, part in programs.groupby("dana", sort=False):
            murni, perubahan = part["anggaran_murni"].sum(), part["anggaran_perubahan"].sum()
            if murni:
                verb = "turun" if perubahan < murni else "naik"
                parts.append(f"{part['tingkat'].iloc[0]} {dana} {verb} dari {fmt.rupiah_short(murni, 2)} (murni) menjadi "
                             f"{fmt.rupiah_short(perubahan, 2)} (perubahan), {fmt.percent((perubahan - murni) / murni * 100, 1)}")  # fmt: skip
        if parts:
            change.append(f"Anggaran {'; '.join(parts)} (tabel Refocusing).")
    return serapan, change
