"""Audit of the source: recompute what the report states and list every disagreement.

:func:`audit` checks, for every agency and year in the data:

- each stated total/subtotal against the sum of its components (budget and staff), and each
  stated percentage (realisasi, efisiensi, share of staff) and sisa against its amounts;
- the same budget total, program total, staff count or indicator value stated differently in
  different places (only for the same scope: a program amount tied to one sasaran is not the
  program's total; rows without a program are never matched);
- each reported capaian against the recomputed one, and each reported predikat or category
  against the scale it belongs to (the agency's predikat scale, SKM mutu, or another declared
  scale; a category of an undeclared scale is not judged); gaps in the agency's own scale;
- the measured target against the Perjanjian Kinerja; PK coverage (PK indicators without
  realisasi, measured indicators in no PK); a target below the previous year's realisasi;
- identical values in rows that should differ, and realisasi exactly equal to target on
  several indicators (a data-reliability warning).

A finding is information about the report, not an error of the tool. Severity (``tingkat``) ranks by
what the finding does to a conclusion (:data:`SEVERITY_MEANING`), and each finding states that effect
(``akibat``): ``tinggi`` changes a predikat, a key figure of the executive summary or the document's own
conclusion, or moves money by at least :data:`SHARE_HIGH` of the total it belongs to; ``sedang`` is a
wrong sum or percentage, or a gap in the declared scale; ``rendah`` is a figure that differs between
sections without changing a predikat, or a money difference under :data:`SHARE_MEDIUM`; ``catatan``
is rounding or a reliability warning. Document-level findings (``lingkup`` = 'dokumen': the LKjIP does
not measure part of its own PK, claims counts its own tables contradict, states a total as 0 that
another table gives, titles a table with another year) come first. Findings about one problem (same
agency, year and indicator or item) share a ``kelompok`` number, so a report can footnote them
together beside the figure.

Each check compares whole columns at once; every kind of finding has one label (``jenis``) and one
message template in :data:`KINDS`.
"""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from . import fmt
from .anggaran import AMOUNTS, classify_dana, compute_pagu, select_budget_records, sum_components, summarize_budget
from .capaian import DI_LUAR_SKALA, SKALA, compute_capaian, compute_predikat, resolve_skala, same_predikat
from .declarations import scale_for, scale_rows
from .indikator import (
    BELUM_ADA_REALISASI,
    TAMBAHAN,
    TIDAK_DIUKUR,
    grade,
    rank_documents,
    select_measurements,
    tabulate_capaian,
    tabulate_coverage,
)
from .labels import dimension_label
from .schemas import PENGUKURAN, SKALA_INSTANSI
from .utils import label_documents, percent_of, require_table

SEVERITY_ORDER = {"tinggi": 0, "sedang": 1, "rendah": 2, "catatan": 3}
SEVERITY_MEANING = {
    "tinggi": "mengubah predikat, angka kunci ringkasan eksekutif atau kesimpulan dokumen, atau selisih uang "
    "sekurang-kurangnya 10% dari jumlahnya",
    "sedang": "jumlah atau persentase salah (selisih uang 1-10% dari jumlahnya), atau celah pada skala predikat",
    "rendah": "angka berbeda antar bagian laporan tanpa mengubah predikat, atau selisih uang di bawah 1%",
    "catatan": "pembulatan atau peringatan keandalan data",
}
SHARE_HIGH, SHARE_MEDIUM = 0.10, 0.01
"""A money difference of at least SHARE_HIGH of the total it belongs to is ``tinggi``, at least SHARE_MEDIUM
``sedang``, below it ``rendah``."""
DOKUMEN, ANGKA = "dokumen", "angka"
"""``lingkup`` of a finding: about the document as a whole (listed first) or about one figure."""
COLUMN_LABELS = {
    "anggaran_murni": "anggaran murni", "anggaran_perubahan": "anggaran perubahan", "realisasi": "realisasi",
    "target": "target", "capaian_dilaporkan": "capaian", "target_akhir": "target akhir", "jumlah": "jumlah",
    "persen_realisasi_dilaporkan": "persentase realisasi", "efisiensi_dilaporkan": "efisiensi",
    "sisa_dilaporkan": "sisa anggaran", "persen_dilaporkan": "persentase", "predikat_dilaporkan": "predikat",
}  # fmt: skip
GENERIC_TOTALS = {"jumlah", "total", "jumlah total", "total keseluruhan", "grand total"}
"""Total labels that do not say what they total: such totals of two tables are not compared."""
FAR_APART = 0.5
"""Two readings of one figure this far apart (half the larger) are two different quantities, not a slip:
whichever is right, a conclusion drawn from the other is wrong (``tinggi``)."""
PERCENT_HIGH = 10.0
"""A stated percentage this many points off its amounts misstates at least 10% of the total: ``tinggi``."""
JUTA = 1_000_000
"""Amounts that are whole millions may be printed in Rp juta: rounded to the million."""
ROUND_AMOUNT = 1_000
"""Amounts rounded to this (a planned Rp 100.000.000, a standard-cost Rp 106.875.000) recur by design:
identical such amounts are not reported as a possible copy; an identical exact amount is."""
RELIABILITY_SHARE = 1 / 3
"""Realisasi equal to target on at least two indicators and this share of an agency-year's measured
indicators is reported as a data-reliability warning."""

# Every kind of finding: its label (``jenis``, shown to users) and its one message template,
# whose fields are the formatted values of each row.
KINDS = {
    "budget_sum": ("jumlah tidak sama dengan rinciannya",
                   "{butir}: {label} dinyatakan {stated}, jumlah {n} rinciannya {computed} (selisih {diff})."),
    "staff_sum": ("jumlah tidak sama dengan rinciannya",
                  "{dimensi} {kategori}: dinyatakan {stated} orang, jumlah rinciannya {computed} orang ({parts})."),
    "total_across": ("total berbeda antar bagian",
                     "{butir} {tahun}: {tabel} menyebut {label} {stated}, {ref_tabel} {computed}."),
    "program_across": ("angka program berbeda antar bagian",
                       "{butir}: {tabel} menyebut {label} {stated}, {ref_tabel} {computed}."),
    "sisa": ("sisa anggaran tidak sesuai",
             "{butir}: sisa/efisiensi dinyatakan {stated}, anggaran dikurangi realisasi {computed}."),
    "percent": ("persentase tidak sesuai jumlahnya",
                "{butir}: {label} dinyatakan {stated}, dihitung dari jumlahnya {computed}{where}."),
    "staff_share": ("persentase pegawai tidak sesuai jumlahnya",
                    "{dimensi} {kategori}: dinyatakan {stated}, dihitung dari jumlah pegawai {computed}."),
    "twin_amounts": ("nilai kembar pada baris berbeda",
                     "{butir} sama-sama bernilai {stated} ({label}); kemungkinan salin-tempel."),
    "twin_indicators": ("nilai kembar pada baris berbeda",
                        "{butir} ({tahun}) sama-sama bertarget {stated} dan berrealisasi {realisasi} ({tabel}); "
                        "periksa apakah angka tersalin."),
    "staff_across": ("angka berbeda antar bagian",
                     "{kategori}: {tabel} menyebut {stated} orang, {ref_tabel} {computed} orang."),
    "capaian": ("capaian tidak sesuai target dan realisasi",
                "{butir} {tahun}: capaian dilaporkan {stated}, dihitung dari target {target} dan realisasi "
                "{realisasi} {computed}{effect}."),
    "predikat": ("predikat tidak sesuai skala",
                 "{butir} {tahun}: {scale_name} dilaporkan '{reported}', menurut {scale} {basis_name} {computed} "
                 "seharusnya '{expected}'."),
    "scale_gap": ("skala predikat tidak mencakup semua nilai",
                  "Skala predikat {tahun} ({tabel}) tidak mencakup nilai {stated}: capaian tepat pada nilai itu "
                  "tidak berpredikat{affected}."),
    "indicator_across": ("indikator berbeda antar bagian",
                         "{butir} {tahun}: {tabel} menyebut {label} {stated}, {ref_tabel} {computed}."),
    "revised": ("angka direvisi antardokumen",
                "{butir} {tahun}: {tabel} menyebut {label} {stated}, dokumen yang lebih baru ({ref_tabel}) {computed}."),
    "unstated_realisasi": ("realisasi disebut di bagian lain",
                           "{butir} {tahun}: pengukuran utama ({ref_tabel}) tanpa realisasi, tetapi {tabel} "
                           "menyebut realisasi {stated}."),
    "pk_target": ("target pengukuran berbeda dari PK",
                  "{butir} {tahun}: diukur terhadap target {stated} ({tabel}), padahal {dokumen_pk} menetapkan "
                  "{computed}{effect}."),
    "pk_unmeasured": ("indikator PK tanpa realisasi",
                      "{butir} {tahun}: ditetapkan dalam PK dengan target {computed}, tetapi {status}."),
    "not_in_pk": ("indikator diukur di luar PK",
                  "{butir} {tahun}: diukur di Bab III ({tabel}) tetapi tidak ada dalam Perjanjian Kinerja."),
    "target_below_previous": ("target di bawah realisasi tahun sebelumnya",
                              "{butir} {tahun}: target {stated} lebih mudah dari realisasi {previous_year} "
                              "sebesar {computed} ({polaritas_text})."),
    "zero_total": ("jumlah dinyatakan nol di bagian lain",
                   "{butir} {tahun} ({dana}): {tabel} menyebut {label} {stated}, padahal {ref_tabel} menyebut "
                   "{computed}."),
    "title_year": ("judul tabel menyebut tahun lain",
                   "{tabel}: judul tabelnya tercetak tahun {stated}, padahal angkanya untuk tahun laporan {tahun}."),
    "count_claim": ("jumlah indikator yang dinyatakan tidak sesuai tabelnya",
                    "{tahun}: {tabel} menyatakan {stated} indikator '{reported}', tetapi tabel pengukuran "
                    "({ref_tabel}) memuat {computed}{names}."),
    "equal_target": ("realisasi sama persis dengan target",
                     "{tahun}: realisasi sama persis dengan target pada {n} dari {total} indikator terukur "
                     "({butir}); periksa keandalan data."),
}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """One disagreement between what the report states (``dilaporkan``) and what it should be
    (``dihitung``): recomputed, or stated elsewhere. ``kode_indikator`` names the indicator a finding
    concerns (empty for budget and staff), so reports can mark the figures it touches."""

    tingkat: str
    jenis: str
    instansi: str
    tahun: int
    tabel: str
    butir: str
    kolom: str
    dilaporkan: float
    dihitung: float
    pesan: str
    kode_indikator: str = ""
    akibat: str = ""
    lingkup: str = ANGKA

    @property
    def selisih(self) -> float:
        return self.dilaporkan - self.dihitung


COLUMNS = ["kelompok", "lingkup", "tingkat", "akibat", "jenis", "instansi", "tahun", "tabel", "butir",
           "kode_indikator", "kolom", "dilaporkan", "dihitung", "selisih", "pesan"]  # fmt: skip


def _findings(rows: pd.DataFrame, kind: str) -> list[Finding]:
    """One Finding of ``kind`` (a key of :data:`KINDS`) per row of ``rows``, in row order.

    ``rows`` has the columns ``instansi, tahun, sumber, tingkat, butir, kolom, dilaporkan, dihitung``
    (``kode_indikator`` when it concerns an indicator; ``akibat`` when the effect is more than the
    severity's meaning; ``lingkup`` for a document-level finding) and one column per field of the kind's
    message template (values already formatted)."""
    jenis, template = KINDS[kind]
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name and name not in ("tahun", "tabel")]
    out = []
    for row in rows.to_dict("records"):
        kode, akibat = row.get("kode_indikator"), row.get("akibat")
        out.append(
            Finding(
                tingkat=row["tingkat"], jenis=jenis, instansi=row["instansi"], tahun=int(row["tahun"]),
                tabel=row["sumber"], butir=str(row["butir"]), kolom=row["kolom"],
                dilaporkan=float(row["dilaporkan"]), dihitung=float(row["dihitung"]),
                pesan=template.format(tahun=int(row["tahun"]), tabel=row["sumber"], **{k: row[k] for k in names}),
                kode_indikator=kode if isinstance(kode, str) else "",
                akibat=akibat if isinstance(akibat, str) and akibat else DEFAULT_EFFECT[row["tingkat"]],
                lingkup=row.get("lingkup") or ANGKA,
            )
        )  # fmt: skip
    return out


DEFAULT_EFFECT = {
    "tinggi": "mengubah predikat", "sedang": "jumlah atau persentase salah", "rendah": "angka berbeda antar bagian",
    "catatan": "pembulatan",
}  # fmt: skip
"""The effect a finding states when its check gives no more specific one."""


def money_severity(difference: pd.Series, total: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Severity and stated effect of money differences by their share of the total they belong to
    (:data:`SHARE_HIGH`, :data:`SHARE_MEDIUM`); a total of 0 against a non-zero amount is ``tinggi``.

    >>> sev, eff = money_severity(pd.Series([30959360.0, 6015878337.0]), pd.Series([8460444119.0, 28326872398.0]))
    >>> sev.tolist(), eff.tolist()
    (['rendah', 'tinggi'], ['selisih 0,37% dari jumlahnya', 'selisih 21,24% dari jumlahnya'])
    """
    total = total.astype("float64").abs()
    share = difference.astype("float64").abs() / total.where(total > 0)
    severity = np.select([share.isna() | (share >= SHARE_HIGH), share >= SHARE_MEDIUM], ["tinggi", "sedang"], "rendah")
    effect = share.map(
        lambda v: "selisih dari jumlah nol" if pd.isna(v) else f"selisih {fmt.percent(v * 100, 2)} dari jumlahnya"
    )
    return pd.Series(severity, index=difference.index, dtype=object), effect.astype(object)


def _long(frame: pd.DataFrame, keep: list[str], columns: list[str], value: str = "dilaporkan") -> pd.DataFrame:
    """``frame`` melted to one row per (row, column) with ``kolom`` and the value in ``value``."""
    return frame.melt(id_vars=keep, value_vars=columns, var_name="kolom", value_name=value)


def _differ(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows where both ``dilaporkan`` and ``dihitung`` are stated and differ."""
    return rows[rows["dilaporkan"].notna() & rows["dihitung"].notna() & (rows["dilaporkan"] != rows["dihitung"])]


def _formatted(rows: pd.DataFrame, value_format, computed_format=None, **extra) -> pd.DataFrame:
    """``rows`` with the usual template fields: ``label`` of the column, ``stated`` and ``computed``
    formatted values, plus ``extra`` columns."""
    extra = {k: v.reindex(rows.index) if isinstance(v, pd.Series) else v for k, v in extra.items()}
    return rows.assign(
        label=rows["kolom"].map(COLUMN_LABELS),
        stated=rows["dilaporkan"].map(value_format),
        computed=rows["dihitung"].map(computed_format or value_format),
        **extra,
    )


def _decimals(values: pd.Series) -> pd.Series:
    """The number of decimals each reported value is written with (93.75 -> 2, 96 -> 0)."""

    def one(value: float) -> int:
        text = repr(float(value))
        return 0 if "e" in text or text.endswith(".0") else len(text.split(".")[1])

    return values.map(one)


def truncates(stated: pd.Series, computed: pd.Series) -> pd.Series:
    """Whether each ``stated`` value is ``computed`` cut (not rounded) to the decimals ``stated`` is printed
    with (66,75 for 66,756; 103 for 103,85).

    >>> truncates(pd.Series([66.75, 103.0, 103.88]), pd.Series([66.7564, 103.85, 103.846])).tolist()
    [True, True, False]
    """
    scale = 10.0 ** _decimals(stated).astype("float64")
    cut = np.trunc(computed.astype("float64") * scale + 1e-9) / scale
    return (cut - stated.astype("float64")).abs() < 1e-9


def percent_severity(stated: pd.Series, computed: pd.Series, low=None, high=None) -> pd.Series:
    """None where ``stated`` is ``computed`` rounded to its own decimals (half a unit of the last decimal:
    96 allows 95.56, 93.75 allows 93.745); 'catatan' where it is ``computed`` truncated, or lies between
    ``low`` and ``high`` (the values the printed, already rounded, figures it comes from allow); 'rendah'
    for another slip under 0.1 point; 'sedang' beyond.

    >>> percent_severity(pd.Series([96.0, 66.75, 103.88, 3.64]), pd.Series([95.56, 66.7564, 103.846, 4.44])).tolist()
    [None, 'catatan', 'rendah', 'sedang']
    """
    diff = (stated.astype("float64") - computed.astype("float64")).abs()
    tolerance = 0.5 * 10.0 ** -_decimals(stated).astype("float64") + 1e-9
    within = pd.Series(False, index=stated.index)
    if low is not None and high is not None:
        within = (stated >= np.minimum(low, high) - tolerance) & (stated <= np.maximum(low, high) + tolerance)
    rounding = truncates(stated, computed) | within.fillna(False).astype(bool)
    out = np.select([diff.isna() | (diff <= tolerance), rounding, diff < 0.1, diff < PERCENT_HIGH],
                    [None, "catatan", "rendah", "sedang"], "tinggi")  # fmt: skip
    return pd.Series(out, index=stated.index, dtype=object)


def _printed_range(indikator: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The lowest and highest capaian the printed target and realisasi allow: 0,34 stands for 0,335 up to
    0,345, and 3 for 2,5 up to 3,5; a whole number whose last digit is worth less than 1% of it (81, 1.280)
    is taken as exact."""

    def half(values):
        places = _decimals(values.fillna(0.0)).astype("float64")
        unit = 0.5 * 10.0**-places
        return unit.where((places > 0) | (unit >= 0.01 * values.abs()), 0.0).fillna(0.0)

    target, realisasi = indikator["target"].astype("float64"), indikator["realisasi"].astype("float64")
    ends = [compute_capaian(target + t, realisasi + r, indikator["polaritas"])
            for t in (-half(target), half(target)) for r in (-half(realisasi), half(realisasi))]  # fmt: skip
    frame = pd.concat(ends, axis=1)
    return frame.min(axis=1), frame.max(axis=1)


def _percent_findings(rows: pd.DataFrame, kind: str, **extra) -> list[Finding]:
    """Findings for stated percentages (``dilaporkan``) that are not the recomputed ones rounded (nor within
    ``_lo``-``_hi``, what printed, rounded amounts allow, when given)."""
    rows = rows[rows["dilaporkan"].notna() & rows["dihitung"].notna()]
    low, high = (rows["_lo"], rows["_hi"]) if "_lo" in rows.columns else (None, None)
    rows = rows.assign(tingkat=percent_severity(rows["dilaporkan"], rows["dihitung"], low, high))
    rows = rows.dropna(subset=["tingkat"])
    return _findings(_formatted(rows, fmt.percent, lambda v: fmt.percent(v, 2), **extra), kind)


def _normalized(text: pd.Series) -> pd.Series:
    """Text compared case-, space- and punctuation-insensitively."""
    return text.astype("str").str.lower().str.replace(r"[^0-9a-z]+", " ", regex=True).str.strip()


def _against_reference(rows: pd.DataFrame, key: list[str], priority: pd.Series | None = None) -> pd.DataFrame:
    """Each row of ``rows`` (columns ``key``, ``sumber``, ``dilaporkan``) beside the reference value of its
    key (``dihitung``, ``ref_tabel``): the row with the highest ``priority``, else the first in order;
    only the rows that differ from it."""
    ranked = rows.assign(_priority=0 if priority is None else priority.to_numpy(), _order=range(len(rows)))
    ref = (
        ranked.sort_values([*key, "_priority", "_order"], ascending=[True] * len(key) + [False, True], kind="stable")
        .drop_duplicates(key)[[*key, "sumber", "dilaporkan"]]
        .rename(columns={"sumber": "ref_tabel", "dilaporkan": "dihitung"})
    )
    return _differ(ranked.merge(ref, on=key).sort_values("_order", kind="stable"))


# --- anggaran ----------------------------------------------------------------------------------
def _parent_key(anggaran: pd.DataFrame) -> pd.Series:
    """How children name this row in ``induk``: its uraian, or 'uraian#urutan' when the uraian appears
    twice in its table."""
    twice = anggaran.duplicated(["instansi", "tahun", "sumber", "uraian"], keep=False)
    return anggaran["uraian"].where(~twice, anggaran["uraian"] + "#" + anggaran["urutan"].astype("str"))


def _budget_sums(anggaran: pd.DataFrame) -> list[Finding]:
    keyed = anggaran.assign(_kunci=_parent_key(anggaran))
    sums = sum_components(anggaran, AMOUNTS).rename(columns={"uraian": "_kunci"})
    parents = keyed.merge(sums, on=["instansi", "tahun", "sumber", "_kunci"]).assign(_row=lambda d: range(len(d)))
    rows = _long(parents, ["instansi", "tahun", "sumber", "uraian", "jumlah_rincian", "_row"], AMOUNTS)
    rows["dihitung"] = _long(parents, ["_row"], [f"{c}_dihitung" for c in AMOUNTS])["dilaporkan"].to_numpy()
    bad = _differ(rows).sort_values("_row", kind="stable")
    severity, effect = money_severity(bad["dilaporkan"] - bad["dihitung"], bad["dilaporkan"])
    bad = bad.assign(tingkat=severity, akibat=effect, butir=bad["uraian"], n=bad["jumlah_rincian"].astype(int).astype(str),
                     diff=(bad["dilaporkan"] - bad["dihitung"]).map(fmt.rupiah))  # fmt: skip
    return _findings(_formatted(bad, fmt.rupiah), "budget_sum")


TOP_SCOPES = ["total", "belanja_tidak_langsung", "belanja_langsung", "sasaran"]
"""Scopes whose stated totals two tables of one funding source must agree on."""


def _budget_across_sources(anggaran: pd.DataFrame) -> list[Finding]:
    # the stated total of one scope (belanja total, BTL, BL, belanja per sasaran) of one funding source in
    # several tables, against the table of record; a total stated as 0 where another table gives an amount
    # is a finding about the document
    record = select_budget_records(anggaran)[["instansi", "tahun", "dana", "tingkat", "sumber"]].drop_duplicates()
    record = record.assign(_record=1)
    whole = anggaran["tingkat"].isin(["total", "belanja_tidak_langsung", "belanja_langsung"])  # a row is its scope
    totals = anggaran[whole | ((anggaran["jenis_baris"] != "rincian") & anggaran["tingkat"].isin(TOP_SCOPES))]
    totals = totals.assign(dana=classify_dana(totals["sumber_dana"]), _dana=_normalized(totals["sumber_dana"]))
    totals = totals.merge(record, on=["instansi", "tahun", "dana", "tingkat", "sumber"], how="left")
    key = ["instansi", "tahun", "dana", "_dana", "tingkat"]  # one printed funding source (APBN Dekonsentrasi, ...)
    rows = _long(totals.assign(_record=totals["_record"].fillna(0)),
                 [*key, "sumber", "uraian", "_record"], AMOUNTS).dropna(subset=["dilaporkan"])  # fmt: skip
    bad = _against_reference(rows, [*key, "kolom"], rows["_record"])
    bad = bad[bad["sumber"] != bad["ref_tabel"]]  # two lines of one table (subtotal and total) are not two readings
    zero = (bad["dilaporkan"] == 0) | (bad["dihitung"] == 0)
    severity, effect = money_severity(bad["dilaporkan"] - bad["dihitung"], bad[["dilaporkan", "dihitung"]].max(axis=1))
    budget = summarize_budget(anggaran)
    key_scopes = set(zip(budget["instansi"], budget["tahun"], budget["dana"], budget["tingkat"]))
    is_key = pd.Series([k in key_scopes for k in zip(bad["instansi"], bad["tahun"], bad["dana"], bad["tingkat"])],
                       index=bad.index, dtype=bool)  # fmt: skip
    severity = severity.where(~is_key, "tinggi")
    effect = effect.where(~is_key, effect + "; angka kunci anggaran bergantung pada tabel yang dibaca")
    bad = bad.assign(tingkat=severity, akibat=effect, butir=bad["uraian"])
    out = _findings(_formatted(bad[~zero], fmt.rupiah), "total_across")
    nil = bad[zero]
    flip = nil["dilaporkan"] != 0  # the table that states 0 is the subject of the finding
    nil = nil.assign(
        sumber=nil["ref_tabel"].where(flip, nil["sumber"]), ref_tabel=nil["sumber"].where(flip, nil["ref_tabel"]),
        dilaporkan=nil["dihitung"].where(flip, nil["dilaporkan"]), dihitung=nil["dilaporkan"].where(flip, nil["dihitung"]),
        tingkat="tinggi", lingkup=DOKUMEN, akibat="jumlah nol bertentangan dengan tabel lain",
    )  # fmt: skip
    out += _findings(_formatted(nil, fmt.rupiah), "zero_total")
    # a program's total stated in two places (same funding source): rows tied to one sasaran are not the
    # program's total, rows without a program are never matched; the reference is the row its kegiatan sum into
    programs = anggaran[(anggaran["tingkat"] == "program") & anggaran["program"].notna() & anggaran["sasaran"].isna()]
    summed = programs["uraian"].isin(anggaran["induk"].dropna())
    programs = programs.assign(_program=_normalized(programs["program"]), dana=classify_dana(programs["sumber_dana"]))
    rows = _long(programs.assign(_summed=summed), ["instansi", "tahun", "sumber", "program", "_program", "dana",
                 "_summed"], AMOUNTS).dropna(subset=["dilaporkan"])  # fmt: skip
    bad = _against_reference(rows, ["instansi", "tahun", "dana", "_program", "kolom"], rows["_summed"].astype(int))
    bad = bad.sort_values(["instansi", "tahun", "program"], kind="stable")
    severity, effect = money_severity(bad["dilaporkan"] - bad["dihitung"], bad["dihitung"])
    # a program amount that is exactly one of its kegiatan's: the kegiatan's pagu named as the program's
    kegiatan = anggaran[(anggaran["tingkat"] == "kegiatan") & anggaran["program"].notna()]
    kegiatan = _long(kegiatan.assign(_program=_normalized(kegiatan["program"])),
                     ["instansi", "tahun", "_program", "uraian", "sumber"], AMOUNTS).dropna(subset=["dilaporkan"])  # fmt: skip
    named = bad.merge(kegiatan.drop(columns="kolom").rename(columns={"uraian": "_kegiatan", "sumber": "_dari"}),
                      on=["instansi", "tahun", "_program", "dilaporkan"], how="left").drop_duplicates("_order")  # fmt: skip
    named.index = bad.index
    is_part = named["_kegiatan"].notna()
    severity = severity.where(~is_part, "rendah")
    effect = effect.where(~is_part, "sama dengan pagu kegiatan '" + named["_kegiatan"].astype(str) + "' ("
                          + named["_dari"].astype(str) + "): pagu kegiatan disebut sebagai pagu program")  # fmt: skip
    bad = bad.assign(tingkat=severity, akibat=effect, butir=bad["program"])
    return out + _findings(_formatted(bad, fmt.rupiah), "program_across")


def _budget_percentages(anggaran: pd.DataFrame) -> list[Finding]:
    pagu = compute_pagu(anggaran)
    rows = anggaran.assign(pagu=pagu, _item=_normalized(anggaran["uraian"]))
    # a percentage stated without its amounts is checked against the same item's amounts elsewhere
    both = rows[rows["pagu"].notna() & (rows["pagu"] != 0) & rows["realisasi"].notna()]
    amounts = both.drop_duplicates(["instansi", "tahun", "_item"])[["instansi", "tahun", "_item", "pagu", "realisasi",
                                                                     "sumber"]]  # fmt: skip
    lonely = rows["pagu"].isna() | rows["realisasi"].isna()
    borrowed = (
        rows[lonely]
        .drop(columns=["pagu", "realisasi"])
        .merge(amounts.rename(columns={"sumber": "_dari"}), on=["instansi", "tahun", "_item"], how="inner")
    )
    own = rows[~lonely & rows["pagu"].notna() & (rows["pagu"] != 0)].assign(_dari=None)
    rows = pd.concat([own, borrowed], ignore_index=True)
    computed_sisa = rows["pagu"] - rows["realisasi"]
    sisa = computed_sisa.fillna(rows["sisa_dilaporkan"])
    where = rows["_dari"].map(lambda s: f" ({s})" if isinstance(s, str) else "")
    base = rows[["instansi", "tahun", "sumber", "uraian"]].assign(butir=rows["uraian"], where=where)
    sisa_rows = base.assign(kolom="sisa_dilaporkan", dilaporkan=rows["sisa_dilaporkan"], dihitung=computed_sisa)
    bad = _differ(sisa_rows)
    severity, effect = money_severity(
        bad["dilaporkan"] - bad["dihitung"], bad[["dilaporkan", "dihitung"]].abs().max(axis=1)
    )
    out = _findings(_formatted(bad.assign(tingkat=severity, akibat=effect), fmt.rupiah), "sisa")
    # amounts printed in millions (Rp juta) stand for any amount within half a million of them
    half = {c: np.where(rows[c].astype("float64") % JUTA == 0, JUTA / 2, 0.0) for c in ("pagu", "realisasi")}
    ends = [percent_of(rows["realisasi"].astype("float64") + r, rows["pagu"].astype("float64") + a)
            for a in (-half["pagu"], half["pagu"]) for r in (-half["realisasi"], half["realisasi"])]  # fmt: skip
    low, high = pd.concat(ends, axis=1).min(axis=1), pd.concat(ends, axis=1).max(axis=1)
    for kolom, computed, lo, hi in (
        ("persen_realisasi_dilaporkan", percent_of(rows["realisasi"], rows["pagu"]), low, high),
        ("efisiensi_dilaporkan", percent_of(sisa, rows["pagu"]), 100 - high, 100 - low),
    ):
        out += _percent_findings(base.assign(kolom=kolom, dilaporkan=rows[kolom], dihitung=computed, _lo=lo, _hi=hi),
                                 "percent")  # fmt: skip
    return out


def _plan_targets_across(indikator: pd.DataFrame) -> list[Finding]:
    """A plan's (Renstra, RPJMD) target of one indicator and year stated differently: within one document
    a difference between sections, across documents a revision (against the latest document)."""
    rows = indikator[indikator["dokumen"].isin(["RPJMD", "Renstra"]) & indikator["target"].notna()
                     & (indikator["tingkat"] == "indikator") & ~_qualified(indikator)]  # fmt: skip
    rows = rows.assign(_doc=rank_documents(indikator).reindex(rows.index))
    key = ["instansi", "tahun", "kode_indikator", "dokumen"]
    long = rows.assign(kolom="target", dilaporkan=rows["target"], _utama=-rows["_doc"])
    bad = _against_reference(long[[*key, "sumber", "indikator", "kolom", "dilaporkan", "_utama"]], [*key, "kolom"],
                             long["_utama"])  # fmt: skip
    if bad.empty:
        return []
    document = dict(zip(rows["sumber"], rows["laporan"].fillna("")))
    revised = bad["sumber"].map(document) != bad["ref_tabel"].map(document)
    larger = bad[["dilaporkan", "dihitung"]].abs().max(axis=1)
    far = (bad["dilaporkan"] - bad["dihitung"]).abs() >= FAR_APART * larger
    bad = bad.assign(tingkat=np.where(far, "tinggi", "rendah"),
                     akibat=np.where(far, "angka yang satu lebih dari dua kali yang lain", ""),
                     butir=bad["indikator"] + " (target " + bad["dokumen"] + ")")  # fmt: skip
    shown = _formatted(bad, fmt.number)
    return _findings(shown[~revised], "indicator_across") + _findings(shown[revised], "revised")


def _title_years(table: pd.DataFrame) -> list[Finding]:
    """Tables whose printed title names another year than the figures' (``tahun_judul``): one finding per table."""
    rows = table[table["tahun_judul"].notna() & (table["tahun_judul"] != table["tahun"])]
    rows = rows.drop_duplicates(["instansi", "tahun", "sumber"])
    rows = rows.assign(tingkat="rendah", lingkup=DOKUMEN, butir=rows["sumber"], kolom="tahun",
                       dilaporkan=rows["tahun_judul"].astype("float64"), dihitung=rows["tahun"].astype("float64"),
                       stated=rows["tahun_judul"].astype(int).astype(str),
                       akibat="pembaca dapat membaca angkanya untuk tahun yang salah")  # fmt: skip
    return _findings(rows, "title_year")


def _identical_amounts(anggaran: pd.DataFrame) -> list[Finding]:
    leaves = _long(anggaran[anggaran["jenis_baris"] == "rincian"], ["instansi", "tahun", "sumber", "uraian"], AMOUNTS)
    leaves = leaves[
        leaves["dilaporkan"].notna() & (leaves["dilaporkan"] > 0) & (leaves["dilaporkan"] % ROUND_AMOUNT != 0)
    ]
    key = ["instansi", "tahun", "sumber", "kolom", "dilaporkan"]
    twins = leaves[leaves.duplicated(key, keep=False)]
    twins = twins[twins.groupby(key)["uraian"].transform("nunique") > 1]
    groups = twins.groupby(key, sort=False)["uraian"].agg(lambda u: " dan ".join(dict.fromkeys(u))).reset_index()
    groups = groups.assign(tingkat="rendah", butir=groups["uraian"], dihitung=groups["dilaporkan"])
    return _findings(_formatted(groups, fmt.rupiah), "twin_amounts")


# --- kepegawaian -------------------------------------------------------------------------------
def _staff(kepegawaian: pd.DataFrame) -> list[Finding]:
    scope = ["instansi", "tahun", "sumber", "dimensi"]
    leaves = kepegawaian[(kepegawaian["jenis_baris"] == "rincian") & kepegawaian["jumlah"].notna()]
    stated = kepegawaian[(kepegawaian["jenis_baris"] != "rincian") & kepegawaian["jumlah"].notna()]
    stated = stated.reset_index(drop=True)
    by_dimension = leaves.groupby(scope)["jumlah"].agg(["sum", list]).reset_index()
    by_category = leaves.groupby([*scope, "kategori"])["jumlah"].agg(["sum", list]).reset_index()
    totals = stated.merge(by_dimension, on=scope, how="left")
    subtotals = stated.merge(by_category, on=[*scope, "kategori"], how="left")
    pick = stated["jenis_baris"] == "subtotal"
    rows = stated.assign(
        kolom="jumlah",
        dilaporkan=stated["jumlah"].astype("float64"),
        dihitung=np.where(pick, subtotals["sum"], totals["sum"]).astype("float64"),
        parts=np.where(pick, subtotals["list"], totals["list"]),
    )
    bad = _differ(rows)
    bad = bad.assign(tingkat="sedang", butir=bad["dimensi"].map(dimension_label) + ": " + bad["kategori"],
                     dimensi=bad["dimensi"].map(dimension_label),
                     parts=bad["parts"].map(lambda p: " + ".join(fmt.number(v) for v in p)))  # fmt: skip
    out = _findings(_formatted(bad, fmt.number), "staff_sum")
    # the same category stated with different counts in different places: against the first place
    key = ["instansi", "tahun", "dimensi", "kategori", "subkategori"]
    ordered = leaves.reset_index(drop=True)
    first = ordered.groupby(key, dropna=False, sort=False).transform("first")
    rows = ordered.assign(kolom="jumlah", dilaporkan=ordered["jumlah"], dihitung=first["jumlah"],
                          ref_tabel=first["sumber"])  # fmt: skip
    bad = _differ(rows).sort_values(key, kind="stable")
    bad = bad.assign(tingkat="rendah", butir=bad["dimensi"].map(dimension_label) + ": " + bad["kategori"])
    out += _findings(_formatted(bad, fmt.number), "staff_across")
    # a stated share of staff against the counts of its dimension (the fullest breakdown stated)
    shares = kepegawaian[kepegawaian["persen_dilaporkan"].notna()]
    if shares.empty:
        return out
    totals = leaves.groupby(["instansi", "tahun", "sumber", "dimensi"])["jumlah"].sum().reset_index()
    best = totals.sort_values("jumlah", ascending=False).drop_duplicates(["instansi", "tahun", "dimensi"])
    counts = leaves.merge(best[["instansi", "tahun", "sumber", "dimensi"]]).groupby(
        ["instansi", "tahun", "dimensi", "kategori"])["jumlah"].sum().reset_index()  # fmt: skip
    merged = shares.merge(counts.rename(columns={"jumlah": "_n"}), on=["instansi", "tahun", "dimensi", "kategori"],
                          how="left").merge(best.rename(columns={"jumlah": "_total", "sumber": "_s"}),
                                            on=["instansi", "tahun", "dimensi"], how="left")  # fmt: skip
    merged = merged.assign(kolom="persen_dilaporkan", dilaporkan=merged["persen_dilaporkan"],
                           dihitung=percent_of(merged["_n"], merged["_total"]))  # fmt: skip
    merged = merged.assign(dimensi=merged["dimensi"].map(dimension_label))
    return out + _percent_findings(merged.assign(butir=merged["dimensi"] + ": " + merged["kategori"]), "staff_share")


# --- indikator ---------------------------------------------------------------------------------
def _qualified(indikator: pd.DataFrame) -> pd.Series:
    """Rows whose figures are printed with a qualifier ('> 100'): bounds, not exact values."""
    cols = ["target_kualifikasi", "realisasi_kualifikasi", "capaian_kualifikasi"]
    return indikator[cols].notna().any(axis=1)


def _scale_name(name: str) -> str:
    return {SKALA_INSTANSI: "skala predikat instansi", "skm": "skala mutu SKM (PermenPAN-RB 14/2017)"}.get(
        name, f"skala '{name}'"
    )


def _scale(skala, instansi: str, tahun: int, name: str = SKALA_INSTANSI):
    """The scale ``name`` of one agency-year: from the *skala* table, or ``skala`` itself (a name or
    Skala) for the agency's predikat; None for a scale nobody declared."""
    if isinstance(skala, pd.DataFrame):
        return scale_for(skala, instansi, tahun, name)
    if name == SKALA_INSTANSI:
        return resolve_skala(skala)
    return SKALA.get(name)


def _capaian_and_predikat(indikator: pd.DataFrame, skala) -> list[Finding]:
    computed = compute_capaian(indikator["target"], indikator["realisasi"], indikator["polaritas"])
    rows = indikator.assign(kolom="capaian_dilaporkan", butir=indikator["indikator"],
                            dilaporkan=indikator["capaian_dilaporkan"], dihitung=computed)  # fmt: skip
    rows = rows[~_qualified(indikator) & rows["dilaporkan"].notna() & rows["dihitung"].notna()]
    low, high = _printed_range(rows) if len(rows) else (None, None)
    rows = rows.assign(tingkat=percent_severity(rows["dilaporkan"], rows["dihitung"], low, high))
    rows = rows.dropna(subset=["tingkat"])
    record = tabulate_capaian(indikator, skala).set_index(["instansi", "tahun", "kode_indikator"])["predikat"]
    effect = pd.Series("", index=rows.index, dtype=object)
    for (instansi, tahun), part in rows.groupby(["instansi", "tahun"]):
        scale = _scale(skala, instansi, int(tahun))
        stated, recomputed = compute_predikat(part["dilaporkan"], scale), compute_predikat(part["dihitung"], scale)
        of_record = record.reindex(list(zip(part["instansi"], part["tahun"], part["kode_indikator"]))).to_numpy()
        # the predikat changes when it differs from the recomputed one and from the one of record (PK basis)
        changed = (stated != recomputed) & (part["tingkat"] != "catatan") & (stated.to_numpy() != of_record)
        effect[part.index[changed]] = [
            f"; predikat berubah dari '{a}' menjadi '{b}'" for a, b in zip(stated[changed], recomputed[changed])
        ]
    rows = rows.assign(effect=effect, tingkat=rows["tingkat"].where(effect == "", "tinggi"))
    out = _findings(_formatted(rows, fmt.percent, lambda v: fmt.percent(v, 2), target=rows["target"].map(fmt.number),
                               realisasi=rows["realisasi"].map(fmt.number)), "capaian")  # fmt: skip
    return out + _reported_categories(indikator, skala)


def _reported_categories(indikator: pd.DataFrame, skala) -> list[Finding]:
    """Each reported predikat or category against the scale it belongs to (``skala_predikat``)."""
    rows = indikator[indikator["predikat_dilaporkan"].notna()]
    computed = compute_capaian(rows["target"], rows["realisasi"], rows["polaritas"])
    out = []
    for (instansi, tahun, name), part in rows.groupby(["instansi", "tahun", "skala_predikat"], sort=True):
        scale = _scale(skala, instansi, int(tahun), name)
        undeclared = isinstance(skala, pd.DataFrame) and name == SKALA_INSTANSI and scale_rows(skala, instansi).empty
        if scale is None or undeclared:
            continue  # a scale the agency does not declare (its own, or e.g. KASN merit): not judged
        basis = part["realisasi"] if scale.dasar == "nilai" else part["capaian_dilaporkan"].fillna(computed[part.index])
        part = part.assign(dilaporkan=basis, dihitung=basis)[basis.notna()]
        expected = compute_predikat(part["dilaporkan"], scale)
        same = [same_predikat(printed, level) for printed, level in zip(part["predikat_dilaporkan"], expected)]
        wrong = ~pd.Series(same, index=part.index, dtype=bool) & (expected != DI_LUAR_SKALA)
        bad = part.assign(expected=expected)[wrong]
        bad = bad.assign(
            tingkat="tinggi" if name == SKALA_INSTANSI else "sedang", kolom="predikat_dilaporkan",
            butir=bad["indikator"], reported=bad["predikat_dilaporkan"], scale=_scale_name(name),
            scale_name="predikat" if name == SKALA_INSTANSI else "kategori",
            basis_name="nilai" if scale.dasar == "nilai" else "capaian",
        )  # fmt: skip
        value_format = fmt.number if scale.dasar == "nilai" else (lambda v: fmt.percent(v, 2))
        out += _findings(_formatted(bad, value_format), "predikat")
    return out


def _scale_gaps(indikator: pd.DataFrame, skala) -> list[Finding]:
    """Values the agency's own scale leaves without a predikat, with the indicators that hit them."""
    if not isinstance(skala, pd.DataFrame) or skala.empty:
        return []
    capaian = tabulate_capaian(indikator, skala)
    out = []
    declared = skala[skala["skala"] == SKALA_INSTANSI].drop_duplicates(["instansi", "tahun"])
    for row in declared.itertuples():
        scale = scale_for(skala, row.instansi, int(row.tahun))
        for gap in scale.gaps():
            hit = capaian[(capaian["instansi"] == row.instansi) & (capaian["tahun"] == row.tahun)
                          & (capaian["capaian"].round(2) == gap)]  # fmt: skip
            affected = (
                f"; {len(hit)} indikator tepat bernilai {fmt.percent(gap)}: " + ", ".join(hit["indikator"])
                if len(hit)
                else ""
            )
            frame = pd.DataFrame([{
                "instansi": row.instansi, "tahun": row.tahun, "sumber": row.sumber, "tingkat": "tinggi" if len(hit) else "sedang",
                "butir": "skala predikat", "kolom": "batas", "dilaporkan": gap, "dihitung": gap,
                "stated": fmt.percent(gap), "affected": affected,
            }])  # fmt: skip
            out += _findings(frame, "scale_gap")
    return out


def _other_readings_effect(bad: pd.DataFrame, indikator: pd.DataFrame, skala) -> pd.Series:
    """For each other reading of an indicator's realisasi or capaian: the predikat it would give, where
    that differs from the predikat of the reading of record (else '')."""
    key = ["instansi", "tahun", "kode_indikator"]
    record = tabulate_capaian(indikator, skala)[[*key, "target", "polaritas", "predikat"]]
    rows = bad.reset_index().merge(record, on=key, how="left").set_index("index")
    alternative = pd.Series(np.nan, index=rows.index, dtype="float64")
    is_realisasi = (rows["kolom"] == "realisasi") & rows["target"].notna() & rows["polaritas"].notna()
    is_capaian = rows["kolom"] == "capaian_dilaporkan"
    if is_realisasi.any():
        part = rows[is_realisasi]
        alternative[is_realisasi] = compute_capaian(part["target"], part["dilaporkan"], part["polaritas"])
    alternative[is_capaian] = rows.loc[is_capaian, "dilaporkan"]
    rows = rows.assign(_alt=alternative)
    graded = rows[rows["_alt"].notna() & rows["predikat"].notna()]
    effect = pd.Series("", index=bad.index, dtype=object)
    if len(graded):
        other = grade(graded, skala, "_alt")
        changed = other != graded["predikat"]
        effect[graded.index[changed]] = [
            f"predikat berubah dari '{a}' menjadi '{b}'" for a, b in zip(graded["predikat"][changed], other[changed])
        ]
    return effect


def _indicator_across_sources(indikator: pd.DataFrame, skala=None) -> list[Finding]:
    key = ["instansi", "tahun", "kode_indikator"]
    cols = ["target", "realisasi", "capaian_dilaporkan", "target_akhir"]
    ranked = indikator.assign(_doc=rank_documents(indikator))
    measured = ranked[(ranked["dokumen"] == PENGUKURAN) & ~_qualified(ranked)]
    priority = (measured["utama"] == "ya").astype(int) - 10 * measured["_doc"]  # the latest document, then utama
    rows = _long(measured.assign(_utama=priority), [*key, "sumber", "indikator", "_utama"], cols)
    rows = rows.dropna(subset=["dilaporkan"])
    rows = rows.merge(measured[[*key, "sumber", "tingkat"]].drop_duplicates([*key, "sumber"]), on=[*key, "sumber"])
    rows = rows.rename(columns={"tingkat": "_level"})
    bad = _against_reference(rows, [*key, "kolom"], rows["_utama"])
    effect = _other_readings_effect(bad, indikator, skala) if len(bad) else pd.Series(dtype=object)
    cut = (bad["kolom"] == "capaian_dilaporkan") & (truncates(bad["dilaporkan"], bad["dihitung"])
                                                    | truncates(bad["dihitung"], bad["dilaporkan"]))  # fmt: skip
    conclusion = bad["_level"] == "instansi"  # the document's own overall figure, stated twice
    larger = bad[["dilaporkan", "dihitung"]].abs().max(axis=1)
    far = (bad["dilaporkan"] - bad["dihitung"]).abs() >= FAR_APART * larger  # another quantity, not a slip
    bad = bad.assign(
        tingkat=np.select([effect != "", conclusion, far, cut], ["tinggi", "tinggi", "tinggi", "catatan"], "rendah"),
        akibat=np.select([effect != "", conclusion, far, cut],
                         [effect, "angka kesimpulan dokumen berbeda antarbagian",
                          "angka yang satu lebih dari dua kali yang lain", "pemotongan angka"], ""),
        butir=bad["indikator"],
    )  # fmt: skip
    document = dict(zip(measured["sumber"], measured["laporan"].fillna("")))
    revised = bad["sumber"].map(document) != bad["ref_tabel"].map(document)
    is_capaian = bad["kolom"] == "capaian_dilaporkan"  # capaian in percent, the rest plain numbers
    shown = _formatted(bad, fmt.number).assign(
        stated=bad["dilaporkan"].map(fmt.percent).where(is_capaian, bad["dilaporkan"].map(fmt.number)),
        computed=bad["dihitung"].map(fmt.percent).where(is_capaian, bad["dihitung"].map(fmt.number)),
    )
    out = _findings(shown[~revised], "indicator_across") + _findings(shown[revised], "revised")
    # the measurement of record states nothing measured (e.g. data not yet collected), another section does
    record = select_measurements(indikator)
    silent = record[record[["realisasi", "capaian_dilaporkan"]].isna().all(axis=1) & (record["utama"] == "ya")]
    silent = silent[[*key, "sumber"]]
    others = measured[measured["realisasi"].notna()].merge(silent.rename(columns={"sumber": "ref_tabel"}), on=key)
    others = others.assign(tingkat="rendah", butir=others["indikator"], kolom="realisasi",
                           dilaporkan=others["realisasi"], dihitung=np.nan)  # fmt: skip
    out += _findings(_formatted(others, fmt.number), "unstated_realisasi")
    # identical target and realisasi on different indicators of the same year, in any measurement row
    pairs = measured[measured["induk_indikator"].isna()].dropna(subset=["target", "realisasi"])
    pairs = pairs[~((pairs["target"] == 100) & (pairs["realisasi"] == 100))]  # a full 100 of 100 recurs by nature
    pairs = pairs.drop_duplicates(["instansi", "tahun", "kode_indikator", "target", "realisasi"])
    groups = pairs.groupby(["instansi", "tahun", "target", "realisasi"])
    twins = (
        pairs[groups["kode_indikator"].transform("nunique") > 1]
        .groupby(["instansi", "tahun", "target", "realisasi"], as_index=False)
        .agg(sumber=("sumber", lambda s: " dan ".join(dict.fromkeys(s))), butir=("indikator", " dan ".join),
             kode_indikator=("kode_indikator", "last"))
    )  # fmt: skip
    twins = twins.assign(tingkat="sedang", kolom="target", dilaporkan=twins["target"], dihitung=twins["target"],
                         realisasi=twins["realisasi"].map(fmt.number))  # fmt: skip
    return out + _findings(_formatted(twins, fmt.number), "twin_indicators")


def _pk_rules(indikator: pd.DataFrame, skala) -> list[Finding]:
    """The measured target against the PK, PK coverage, and targets below the previous realisasi."""
    capaian = tabulate_capaian(indikator, skala)
    capaian = capaian[capaian["induk_indikator"].isna()]
    differs = capaian[capaian["target_tabel"].notna() & (capaian["dasar"] != "tabel pengukuran")
                      & (capaian["target_tabel"] != capaian["target"])]  # fmt: skip
    effect = np.where(differs["predikat_berubah"],
                      "; terhadap PK predikatnya '" + differs["predikat"].astype(str) + "', terhadap tabel '"
                      + differs["predikat_tabel"].astype(str) + "'", "")  # fmt: skip
    bad = differs.assign(
        tingkat=np.where(differs["predikat_berubah"], "tinggi", "rendah"), butir=differs["indikator"], kolom="target",
        dilaporkan=differs["target_tabel"], dihitung=differs["target"], dokumen_pk=differs["dasar"], effect=effect,
    )  # fmt: skip
    out = _findings(_formatted(bad, fmt.number), "pk_target")
    # the record states no target: another measurement row's target, where it is not the PK's
    key = ["instansi", "tahun", "kode_indikator"]
    open_ = capaian[capaian["target_tabel"].isna() & (capaian["dasar"] != "tabel pengukuran")][
        [*key, "target", "dasar"]
    ]
    others = indikator[(indikator["dokumen"] == PENGUKURAN) & indikator["target"].notna()]
    others = others.merge(open_.rename(columns={"target": "_pk"}), on=key)
    others = others[others["target"] != others["_pk"]].drop_duplicates([*key, "target"])
    others = others.assign(tingkat="rendah", butir=others["indikator"], kolom="target", dilaporkan=others["target"],
                           dihitung=others["_pk"], dokumen_pk=others["dasar"], effect="")  # fmt: skip
    out += _findings(_formatted(others, fmt.number), "pk_target")
    coverage = tabulate_coverage(indikator)
    missing = coverage[coverage["status"].isin([BELUM_ADA_REALISASI, TIDAK_DIUKUR]) & coverage["dalam_pk"]]
    missing = missing.assign(
        tingkat="tinggi", lingkup=DOKUMEN, akibat="LKjIP tidak mengukur sebagian Perjanjian Kinerjanya",
        butir=missing["indikator"], kolom="realisasi", sumber=missing["sumber_pengukuran"].fillna("PK"),
        dilaporkan=np.nan, dihitung=missing["target_pk"], status=missing["status"].map(
            {BELUM_ADA_REALISASI: "Bab III tidak menyebut realisasinya", TIDAK_DIUKUR: "Bab III tidak mengukurnya"}),
    )  # fmt: skip
    out += _findings(_formatted(missing, fmt.number), "pk_unmeasured")
    extra = coverage[coverage["status"] == TAMBAHAN]
    extra = extra.assign(tingkat="rendah", butir=extra["indikator"], kolom="target", sumber=extra["sumber_pengukuran"],
                         dilaporkan=extra["target_pengukuran"], dihitung=extra["target_pengukuran"])  # fmt: skip
    out += _findings(_formatted(extra, fmt.number), "not_in_pk")
    # a year's target easier than what was already achieved the year before
    ordered = capaian.sort_values(["instansi", "kode_indikator", "tahun"])
    prev = ordered.groupby(["instansi", "kode_indikator"])[["tahun", "realisasi"]].shift(1)
    positif = ordered["polaritas"] == "positif"
    easier = np.where(positif, ordered["target"] < prev["realisasi"], ordered["target"] > prev["realisasi"])
    below = ordered[easier & (prev["tahun"] == ordered["tahun"] - 1)]
    below = below.assign(
        tingkat="rendah", butir=below["indikator"], kolom="target", dilaporkan=below["target"],
        dihitung=prev["realisasi"].reindex(below.index), previous_year=(below["tahun"] - 1).astype(int).astype(str),
        polaritas_text=np.where(below["polaritas"] == "positif", "makin tinggi makin baik", "makin rendah makin baik"),
    )  # fmt: skip
    return out + _findings(_formatted(below, fmt.number), "target_below_previous")


def _count_claims(indikator: pd.DataFrame) -> list[Finding]:
    """Counts the document claims about itself ('6 indikator sangat baik': a row of ``tingkat`` 'instansi' in
    satuan 'indikator' with the predikat) against its own measurement table's printed predikat."""
    claims = indikator[(indikator["tingkat"] == "instansi") & indikator["predikat_dilaporkan"].notna()
                       & indikator["realisasi"].notna()
                       & (indikator["satuan"].astype("string").str.strip().str.lower() == "indikator")]  # fmt: skip
    if claims.empty:
        return []
    record = select_measurements(indikator)
    record = record[record["induk_indikator"].isna() & record["predikat_dilaporkan"].notna()]
    rows = []
    for claim in claims.itertuples():
        table = record[(record["instansi"] == claim.instansi) & (record["tahun"] == claim.tahun)]
        if table.empty:
            continue
        match = table[[same_predikat(p, claim.predikat_dilaporkan) for p in table["predikat_dilaporkan"]]]
        if len(match) == claim.realisasi:
            continue
        names = ", ".join(match["indikator"]) if 0 < len(match) <= 8 else ""
        rows.append({
            "instansi": claim.instansi, "tahun": claim.tahun, "sumber": claim.sumber, "tingkat": "sedang",
            "lingkup": DOKUMEN, "akibat": "kesimpulan dokumen tidak sesuai tabelnya sendiri", "butir": claim.indikator,
            "kolom": "realisasi", "dilaporkan": float(claim.realisasi), "dihitung": float(len(match)),
            "stated": fmt.number(claim.realisasi), "computed": fmt.number(len(match)),
            "reported": claim.predikat_dilaporkan, "ref_tabel": " dan ".join(dict.fromkeys(table["sumber"])),
            "names": f" ({names})" if names else "", "kode_indikator": claim.kode_indikator,
        })  # fmt: skip
    return _findings(pd.DataFrame(rows), "count_claim") if rows else []


def _equal_targets(indikator: pd.DataFrame) -> list[Finding]:
    """Realisasi exactly equal to target on several indicators of one agency-year."""
    rows = indikator[(indikator["dokumen"] == PENGUKURAN) & (indikator["tingkat"] == "indikator")
                     & indikator["induk_indikator"].isna() & indikator["realisasi"].notna()]  # fmt: skip
    rows = rows.drop_duplicates(["instansi", "tahun", "kode_indikator", "target", "realisasi"])
    out = []
    for (instansi, tahun), part in rows.groupby(["instansi", "tahun"]):
        equal = part[part["target"] == part["realisasi"]].drop_duplicates("kode_indikator")
        total = part["kode_indikator"].nunique()
        if len(equal) >= 2 and len(equal) >= RELIABILITY_SHARE * total:
            frame = pd.DataFrame([{
                "instansi": instansi, "tahun": tahun, "sumber": " dan ".join(dict.fromkeys(equal["sumber"])),
                "tingkat": "catatan", "butir": ", ".join(equal["indikator"]), "kolom": "realisasi",
                "dilaporkan": float(len(equal)), "dihitung": float(total), "n": len(equal), "total": total,
            }])  # fmt: skip
            out += _findings(frame, "equal_target")
    return out


def audit_tables(indikator: pd.DataFrame, anggaran=None, kepegawaian=None, skala=None) -> pd.DataFrame:
    """:func:`audit` on frames already loaded: ``skala`` is the *skala* table (each agency's declared
    scales), a scale name, or None for the default. Missing tables are skipped. Returns the findings,
    most severe first, grouped (``kelompok``).

    >>> from lkjip_analysis import load_all
    >>> t = load_all()
    >>> temuan = audit_tables(t["indikator"], t["anggaran"], t["kepegawaian"], t["skala"])
    >>> first = temuan.query("instansi == 'BKPSDM Kota Surakarta'").iloc[0]
    >>> print(first.lingkup, first.tingkat, first.akibat)
    dokumen tinggi LKjIP tidak mengukur sebagian Perjanjian Kinerjanya
    """
    require_table(indikator, "indikator")
    if skala is None:
        from .data import declared

        skala = declared(indikator, "skala")
    indikator, anggaran, kepegawaian = (label_documents(t) for t in (indikator, anggaran, kepegawaian))
    findings = _capaian_and_predikat(indikator, skala) + _scale_gaps(indikator, skala)
    findings += _indicator_across_sources(indikator, skala) + _pk_rules(indikator, skala) + _equal_targets(indikator)
    findings += _count_claims(indikator) + _title_years(indikator) + _plan_targets_across(indikator)
    if anggaran is not None and len(anggaran):
        require_table(anggaran, "anggaran")
        findings += (_budget_sums(anggaran) + _budget_across_sources(anggaran) + _budget_percentages(anggaran)
                     + _identical_amounts(anggaran) + _title_years(anggaran))  # fmt: skip
    if kepegawaian is not None and len(kepegawaian):
        require_table(kepegawaian, "kepegawaian")
        findings += _staff(kepegawaian)
    return findings_frame(findings)


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a DataFrame (columns :data:`COLUMNS`): document-level findings first, then most severe
    first; findings about the same agency, year and indicator (or item) share a ``kelompok`` number,
    numbered in that order.

    >>> f = Finding("rendah", "angka berbeda", "A", 2024, "Tabel 1", "B", "realisasi", 70.0, 72.0, "pesan")
    >>> findings_frame([f])[["kelompok", "lingkup", "tingkat", "selisih"]].values.tolist()
    [[1, 'angka', 'rendah', -2.0]]
    """
    records = [{**asdict(f), "selisih": f.selisih} for f in findings]
    out = pd.DataFrame(records, columns=[c for c in COLUMNS if c != "kelompok"])
    out = out.astype({"tahun": "int64", "dilaporkan": "float64", "dihitung": "float64", "selisih": "float64"})
    out = out.assign(
        _o=out["tingkat"].map(SEVERITY_ORDER) + 10 * (out["lingkup"] != DOKUMEN),
        _about=out["kode_indikator"].where(out["kode_indikator"] != "", out["butir"]),
    )
    out = out.sort_values(["_o", "instansi", "tahun", "jenis"], kind="stable")
    first = out.groupby(["instansi", "tahun", "_about"], sort=False)["_o"].transform("min")
    out = out.assign(_g=first).sort_values(["_g", "instansi", "tahun", "_about", "_o"], kind="stable")
    group_ids = {key: i for i, key in enumerate(dict.fromkeys(zip(out["instansi"], out["tahun"], out["_about"])), 1)}
    out["kelompok"] = [group_ids[k] for k in zip(out["instansi"], out["tahun"], out["_about"])]
    return out[COLUMNS].reset_index(drop=True)


def audit(data_dir=None) -> pd.DataFrame:
    """Every disagreement the reports in ``data_dir`` have with their own arithmetic, their scales and
    their Perjanjian Kinerja, as a DataFrame of findings (columns :data:`COLUMNS`; messages in Bahasa
    Indonesia with Indonesian numbers).

    >>> temuan = audit()
    >>> row = temuan[temuan["butir"] == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH"].iloc[0]
    >>> print(row.pesan)
    PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH: anggaran perubahan dinyatakan Rp 8.460.444.119, jumlah 7 rinciannya Rp 8.429.484.759 (selisih Rp 30.959.360).
    """
    from .data import load_all

    tables = load_all(data_dir)
    return audit_tables(tables["indikator"], tables["anggaran"], tables["kepegawaian"], tables["skala"])


def footnotes(temuan: pd.DataFrame, instansi: str, tahun: int) -> pd.DataFrame:
    """The findings of one agency and year as footnotes: a marker per ``kelompok`` (``[1]``, ``[2]``,
    ...) and the messages, to print beside the figures they concern (:func:`markers`).

    >>> notes = footnotes(audit(), "BKPSDM Kota Surakarta", 2023)
    >>> notes["catatan"].iloc[0], notes["lingkup"].iloc[0]
    ('[1]', 'dokumen')
    """
    rows = temuan[(temuan["instansi"] == instansi) & (temuan["tahun"] == tahun)]
    numbers = {g: i for i, g in enumerate(dict.fromkeys(rows["kelompok"]), 1)}
    return rows.assign(catatan=rows["kelompok"].map(lambda g: f"[{numbers[g]}]")).reset_index(drop=True)


def markers(table: pd.DataFrame, notes: pd.DataFrame) -> pd.Series:
    """For each row of ``table`` (with ``instansi``, ``tahun``, ``kode_indikator``), the footnote markers
    of the findings that concern it ('' when none).

    >>> notes = footnotes(audit(), "BKPSDM Kota Surakarta", 2023)
    >>> table = pd.DataFrame({"instansi": ["BKPSDM Kota Surakarta"] * 2, "tahun": [2023, 2023],
    ...                       "kode_indikator": ["kinerja_di_atas_90", "tidak_ada"]})
    >>> markers(table, notes).tolist()
    ['[1]', '']
    """
    by_key: dict[tuple, list[str]] = {}
    for row in notes[notes["kode_indikator"] != ""].itertuples():
        by_key.setdefault((row.instansi, int(row.tahun), row.kode_indikator), []).append(row.catatan)
    keys = zip(table["instansi"], table["tahun"].astype(int), table["kode_indikator"])
    return pd.Series([" ".join(dict.fromkeys(by_key.get(k, []))) for k in keys], index=table.index, dtype=object)


def format_findings(temuan: pd.DataFrame) -> str:
    """The findings as plain text for the terminal, most severe first, one problem per group.

    >>> print(format_findings(pd.DataFrame(columns=COLUMNS)))
    Tidak ada temuan: semua angka yang dinyatakan sesuai dengan hasil hitung ulang.
    """
    if temuan.empty:
        return "Tidak ada temuan: semua angka yang dinyatakan sesuai dengan hasil hitung ulang."
    counts = temuan["tingkat"].value_counts()
    lines = [f"{len(temuan)} temuan dalam {temuan['kelompok'].nunique()} kelompok "
             f"({', '.join(f'{counts.get(t, 0)} {t}' for t in SEVERITY_ORDER)}):"]  # fmt: skip
    width = len(str(len(temuan)))
    previous = None
    for i, row in enumerate(temuan.itertuples(), start=1):
        if row.kelompok != previous:
            lines.append(f"\nKelompok {row.kelompok} ({row.instansi}, {row.tahun}):")
            previous = row.kelompok
        lines.append(f"{i:>{width}}. [{row.tingkat}] {row.jenis} ({row.tabel})")
        lines.append(f"{'':>{width}}  {row.pesan}")
    return "\n".join(lines)
