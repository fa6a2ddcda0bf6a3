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

Each check compares whole columns at once and returns :class:`Finding` objects; every kind of
finding (``jenis``) has one label and one message template in :data:`KINDS`.
"""

from __future__ import annotations

import string
from dataclasses import astuple, dataclass, fields

import numpy as np
import pandas as pd

from . import fmt
from .anggaran import AMOUNTS, compute_pagu, sum_components
from .capaian import compute_capaian, compute_predikat
from .indikator import rank_sumber, select_measurements
from .schemas import PENGUKURAN
from .utils import percent_of, require_table

SEVERITY_ORDER = {"tinggi": 0, "sedang": 1, "rendah": 2}
COLUMN_LABELS = {
    "anggaran_murni": "anggaran murni",
    "anggaran_perubahan": "anggaran perubahan",
    "realisasi": "realisasi",
    "target": "target",
    "capaian_dilaporkan": "capaian",
    "target_akhir": "target akhir",
    "jumlah": "jumlah",
    "persen_realisasi_dilaporkan": "persentase realisasi",
    "efisiensi_dilaporkan": "efisiensi",
    "sisa_dilaporkan": "sisa anggaran",
}

# Every kind of finding: its label (``jenis``, shown to users) and its one message template,
# whose fields are the formatted values of each row.
KINDS = {
    "budget_sum": (
        "jumlah tidak sama dengan rinciannya",
        "{butir}: {label} dinyatakan {stated}, jumlah {n} rinciannya {computed} (selisih {diff}).",
    ),
    "staff_sum": (
        "jumlah tidak sama dengan rinciannya",
        "{dimensi} {kategori}: dinyatakan {stated} orang, jumlah rinciannya {computed} orang ({parts}).",
    ),
    "total_across": (
        "total berbeda antar bagian",
        "Total {label} {tahun}: {tabel} menyebut {stated}, {ref_tabel} {computed}.",
    ),
    "program_across": (
        "angka program berbeda antar bagian",
        "{butir}: {tabel} menyebut {label} {stated}, {ref_tabel} {computed}.",
    ),
    "sisa": (
        "sisa anggaran tidak sesuai",
        "{butir}: sisa/efisiensi dinyatakan {stated}, anggaran dikurangi realisasi {computed}.",
    ),
    "percent": (
        "persentase tidak sesuai jumlahnya",
        "{butir}: {label} dinyatakan {stated}, dihitung dari jumlahnya {computed}.",
    ),
    "twin_amounts": (
        "nilai kembar pada baris berbeda",
        "{butir} sama-sama bernilai {stated} ({label}); kemungkinan salin-tempel.",
    ),
    "twin_indicators": (
        "nilai kembar pada baris berbeda",
        "{butir} ({tahun}) sama-sama bertarget {stated} dan berrealisasi {realisasi}; periksa apakah angka tersalin.",
    ),
    "staff_across": (
        "angka berbeda antar bagian",
        "{kategori}: {tabel} menyebut {stated} orang, {ref_tabel} {computed} orang.",
    ),
    "capaian": (
        "capaian tidak sesuai target dan realisasi",
        "{butir} {tahun}: capaian dilaporkan {stated}, dihitung dari target {target} dan realisasi "
        "{realisasi} {computed}.",
    ),
    "predikat": (
        "predikat tidak sesuai skala",
        "{butir} {tahun}: predikat dilaporkan '{reported}', menurut skala capaian {computed} seharusnya '{expected}'.",
    ),
    "indicator_across": (
        "indikator berbeda antar bagian",
        "{butir} {tahun}: {tabel} menyebut {label} {stated}, {ref_tabel} {computed}.",
    ),
    "pk_target": (
        "target pengukuran berbeda dari PK Perubahan",
        "{butir} {tahun}: diukur terhadap target {stated} ({tabel}), padahal PK Perubahan menetapkan {computed}.",
    ),
}


@dataclass(frozen=True)
class Finding:
    """One disagreement between what the report states (``dilaporkan``) and what it should be
    (``dihitung``): recomputed, or stated elsewhere."""

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

    @property
    def selisih(self) -> float:
        return self.dilaporkan - self.dihitung


COLUMNS = [f.name for f in fields(Finding)]
COLUMNS.insert(COLUMNS.index("pesan"), "selisih")


def _findings(rows: pd.DataFrame, kind: str) -> list[Finding]:
    """One Finding of ``kind`` (a key of :data:`KINDS`) per row of ``rows``, in row order.

    ``rows`` has the columns ``instansi, tahun, sumber, tingkat, butir, kolom, dilaporkan, dihitung``
    and one column per field of the kind's message template (values already formatted)."""
    jenis, template = KINDS[kind]
    fields_ = [name for _, name, _, _ in string.Formatter().parse(template) if name and name not in ("tahun", "tabel")]
    out = []
    for row in rows.to_dict("records"):
        out.append(
            Finding(
                tingkat=row["tingkat"], jenis=jenis, instansi=row["instansi"], tahun=int(row["tahun"]),
                tabel=row["sumber"], butir=str(row["butir"]), kolom=row["kolom"],
                dilaporkan=float(row["dilaporkan"]), dihitung=float(row["dihitung"]),
                pesan=template.format(tahun=int(row["tahun"]), tabel=row["sumber"], **{k: row[k] for k in fields_}),
            )
        )  # fmt: skip
    return out


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


def percent_severity(stated: pd.Series, computed: pd.Series) -> pd.Series:
    """None where ``stated`` is ``computed`` rounded to its own decimals (half a unit of the last
    decimal: 96 allows 95.56, 93.75 allows 93.745); 'rendah' for a slip under 0.1 point; 'sedang' beyond.

    >>> percent_severity(pd.Series([96.0, 66.75, 3.64]), pd.Series([95.56, 66.76, 4.44])).tolist()
    [None, 'rendah', 'sedang']
    """
    diff = (stated.astype("float64") - computed.astype("float64")).abs()
    tolerance = 0.5 * 10.0 ** -_decimals(stated).astype("float64") + 1e-9
    out = np.select([diff.isna() | (diff <= tolerance), diff < 0.1], [None, "rendah"], default="sedang")
    return pd.Series(out, index=stated.index, dtype=object)


def _percent_findings(rows: pd.DataFrame, kind: str, **extra) -> list[Finding]:
    """Findings for stated percentages (``dilaporkan``) that are not the recomputed ones rounded."""
    rows = rows[rows["dilaporkan"].notna() & rows["dihitung"].notna()]
    rows = rows.assign(tingkat=percent_severity(rows["dilaporkan"], rows["dihitung"])).dropna(subset=["tingkat"])
    return _findings(_formatted(rows, fmt.percent, lambda v: fmt.percent(v, 2), **extra), kind)


def _is_table(sumber: pd.Series) -> pd.Series:
    """Rows stated in a table (not in the narrative)."""
    return sumber.str.contains("tabel", case=False)


def _against_reference(rows: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Each row of ``rows`` (columns ``key``, ``sumber``, ``dilaporkan``) beside the reference value of
    its key (``dihitung``, ``ref_tabel``): the best-ranked source (:func:`~lkjip_analysis.indikator.rank_sumber`),
    first in order; only the rows that differ from it."""
    ranked = rows.assign(_rank=rank_sumber(rows["sumber"]), _order=range(len(rows)))
    ref = (
        ranked.sort_values([*key, "_rank", "_order"], kind="stable")
        .drop_duplicates(key)[[*key, "sumber", "dilaporkan"]]
        .rename(columns={"sumber": "ref_tabel", "dilaporkan": "dihitung"})
    )
    return _differ(ranked.merge(ref, on=key).sort_values("_order", kind="stable"))


# --- anggaran ----------------------------------------------------------------------------------
def _budget_sums(anggaran: pd.DataFrame) -> list[Finding]:
    sums = sum_components(anggaran, AMOUNTS)
    parents = anggaran.merge(sums, on=["instansi", "tahun", "sumber", "uraian"]).assign(_row=lambda d: range(len(d)))
    rows = _long(parents, ["instansi", "tahun", "sumber", "uraian", "jumlah_rincian", "_row"], AMOUNTS)
    rows["dihitung"] = _long(parents, ["_row"], [f"{c}_dihitung" for c in AMOUNTS])["dilaporkan"].to_numpy()
    bad = _differ(rows).sort_values("_row", kind="stable")
    bad = bad.assign(
        tingkat="tinggi",
        butir=bad["uraian"],
        n=bad["jumlah_rincian"].astype(int).astype(str),
        diff=(bad["dilaporkan"] - bad["dihitung"]).map(fmt.rupiah),
    )
    return _findings(_formatted(bad, fmt.rupiah), "budget_sum")


def _grand_totals(anggaran: pd.DataFrame) -> pd.DataFrame:
    """Per (instansi, tahun, sumber): the stated total, or for a table without one the sum of
    its top-level rows (rows no other row sums)."""
    totals = anggaran[anggaran["jenis_baris"] == "total"]
    no_total = anggaran[
        ~anggaran["sumber"].isin(totals["sumber"])
        & anggaran["induk"].isna()
        & anggaran["uraian"].isin(anggaran["induk"].dropna())
    ]
    summed = (
        no_total.groupby(["instansi", "tahun", "sumber"], as_index=False)[AMOUNTS]
        .sum(min_count=1)
        .assign(uraian="jumlah program")
    )
    return pd.concat([totals, summed], ignore_index=True)


def _budget_across_sources(anggaran: pd.DataFrame) -> list[Finding]:
    grand = _long(_grand_totals(anggaran), ["instansi", "tahun", "sumber", "uraian"], AMOUNTS)
    grand = grand.dropna(subset=["dilaporkan"])
    grand = grand[grand.groupby(["instansi", "tahun", "kolom"])["dilaporkan"].transform("size") >= 2]
    bad = _against_reference(grand, ["instansi", "tahun", "kolom"])
    out = _findings(_formatted(bad.assign(tingkat="tinggi", butir=bad["uraian"]), fmt.rupiah), "total_across")
    # a program amount stated in the narrative against the program's row in a table
    programs = anggaran[anggaran["tingkat"] == "program"]
    in_table = _is_table(programs["sumber"])
    merged = programs[~in_table].merge(programs[in_table], on=["instansi", "tahun", "program"], suffixes=("", "_tabel"))
    rows = _long(merged, ["instansi", "tahun", "sumber", "program", "sumber_tabel"], AMOUNTS)
    rows["dihitung"] = _long(merged, ["instansi"], [f"{c}_tabel" for c in AMOUNTS])["dilaporkan"].to_numpy()
    bad = _differ(rows).sort_values(["instansi", "tahun", "program"], kind="stable")
    bad = bad.assign(tingkat="tinggi", butir=bad["program"], ref_tabel=bad["sumber_tabel"])
    return out + _findings(_formatted(bad, fmt.rupiah), "program_across")


def _budget_percentages(anggaran: pd.DataFrame) -> list[Finding]:
    pagu = compute_pagu(anggaran)
    rows = anggaran[pagu.notna() & (pagu != 0)].assign(pagu=pagu)
    computed_sisa = rows["pagu"] - rows["realisasi"]
    sisa = computed_sisa.fillna(rows["sisa_dilaporkan"])
    base = rows[["instansi", "tahun", "sumber", "uraian"]].assign(butir=rows["uraian"])
    sisa_rows = base.assign(kolom="sisa_dilaporkan", dilaporkan=rows["sisa_dilaporkan"], dihitung=computed_sisa)
    out = _findings(_formatted(_differ(sisa_rows).assign(tingkat="tinggi"), fmt.rupiah), "sisa")
    for kolom, computed in (
        ("persen_realisasi_dilaporkan", percent_of(rows["realisasi"], rows["pagu"])),
        ("efisiensi_dilaporkan", percent_of(sisa, rows["pagu"])),
    ):
        out += _percent_findings(base.assign(kolom=kolom, dilaporkan=rows[kolom], dihitung=computed), "percent")
    return out


def _identical_amounts(anggaran: pd.DataFrame) -> list[Finding]:
    leaves = _long(anggaran[anggaran["jenis_baris"] == "rincian"], ["instansi", "tahun", "sumber", "uraian"], AMOUNTS)
    leaves = leaves[leaves["dilaporkan"].notna() & (leaves["dilaporkan"] > 0)]
    key = ["instansi", "tahun", "sumber", "kolom", "dilaporkan"]
    twins = leaves[leaves.duplicated(key, keep=False)]
    groups = twins.groupby(key, sort=False)["uraian"].agg(" dan ".join).reset_index()
    groups = groups.assign(tingkat="sedang", butir=groups["uraian"], dihitung=groups["dilaporkan"])
    return _findings(_formatted(groups, fmt.rupiah), "twin_amounts")


# --- kepegawaian -------------------------------------------------------------------------------
def _staff(kepegawaian: pd.DataFrame) -> list[Finding]:
    scope = ["instansi", "tahun", "sumber", "dimensi"]
    leaves = kepegawaian[kepegawaian["jenis_baris"] == "rincian"]
    stated = kepegawaian[kepegawaian["jenis_baris"] != "rincian"].reset_index(drop=True)
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
    bad = bad.assign(
        tingkat="tinggi",
        butir=bad["dimensi"] + ": " + bad["kategori"],
        parts=bad["parts"].map(lambda p: " + ".join(fmt.number(v) for v in p)),
    )
    out = _findings(_formatted(bad, fmt.number), "staff_sum")
    # the same category stated with different counts in different places: against the first place
    key = ["instansi", "tahun", "dimensi", "kategori", "subkategori"]
    ordered = leaves.reset_index(drop=True)
    first = ordered.groupby(key, dropna=False, sort=False).transform("first")
    rows = ordered.assign(
        kolom="jumlah", dilaporkan=ordered["jumlah"], dihitung=first["jumlah"], ref_tabel=first["sumber"]
    )
    bad = _differ(rows).sort_values(key, kind="stable")
    bad = bad.assign(tingkat="tinggi", butir=bad["dimensi"] + ": " + bad["kategori"])
    return out + _findings(_formatted(bad, fmt.number), "staff_across")


# --- indikator ---------------------------------------------------------------------------------
def _capaian_and_predikat(indikator: pd.DataFrame, skala) -> list[Finding]:
    computed = compute_capaian(indikator["target"], indikator["realisasi"], indikator["polaritas"])
    rows = indikator.assign(
        kolom="capaian_dilaporkan",
        butir=indikator["indikator"],
        dilaporkan=indikator["capaian_dilaporkan"],
        dihitung=computed,
    )
    out = _percent_findings(
        rows, "capaian", target=rows["target"].map(fmt.number), realisasi=rows["realisasi"].map(fmt.number)
    )
    basis = rows["capaian_dilaporkan"].fillna(computed)
    graded = rows.assign(dilaporkan=basis, dihitung=basis)[rows["predikat_dilaporkan"].notna() & basis.notna()]
    graded = graded.assign(expected=compute_predikat(graded["dilaporkan"], skala=skala))
    bad = graded[graded["predikat_dilaporkan"].str.strip().str.lower() != graded["expected"].str.lower()]
    bad = bad.assign(tingkat="sedang", kolom="predikat_dilaporkan", reported=bad["predikat_dilaporkan"])
    return out + _findings(_formatted(bad, lambda v: fmt.percent(v, 2)), "predikat")


def _indicator_across_sources(indikator: pd.DataFrame) -> list[Finding]:
    key = ["instansi", "tahun", "kode_indikator"]
    cols = ["target", "realisasi", "capaian_dilaporkan", "target_akhir"]
    measured = indikator[indikator["dokumen"] == PENGUKURAN]
    rows = _long(measured, [*key, "sumber", "indikator"], cols).dropna(subset=["dilaporkan"])
    bad = _against_reference(rows, [*key, "kolom"])
    bad = bad.assign(tingkat="tinggi", butir=bad["indikator"])
    is_capaian = bad["kolom"] == "capaian_dilaporkan"  # capaian in percent, the rest plain numbers
    out = _findings(
        _formatted(bad, fmt.number).assign(
            stated=bad["dilaporkan"].map(fmt.percent).where(is_capaian, bad["dilaporkan"].map(fmt.number)),
            computed=bad["dihitung"].map(fmt.percent).where(is_capaian, bad["dihitung"].map(fmt.number)),
        ),
        "indicator_across",
    )
    # measured against the Perjanjian Kinerja Perubahan, as the report says it is
    chosen = select_measurements(indikator)
    pk = indikator[indikator["dokumen"] == "PK Perubahan"][[*key, "target"]].rename(columns={"target": "dihitung"})
    rows = pk.merge(chosen, on=key).assign(kolom="target")
    bad = _differ(rows.assign(dilaporkan=rows["target"]))
    out += _findings(_formatted(bad.assign(tingkat="sedang", butir=bad["indikator"]), fmt.number), "pk_target")
    # different indicators of the same year with identical target and realisasi
    pairs = chosen.dropna(subset=["target", "realisasi"])
    groups = pairs.groupby(["instansi", "tahun", "target", "realisasi"])
    twins = (
        pairs[groups["kode_indikator"].transform("nunique") > 1]
        .groupby(["instansi", "tahun", "target", "realisasi"], as_index=False)
        .agg(sumber=("sumber", "first"), butir=("indikator", " dan ".join))
    )
    twins = twins.assign(
        tingkat="sedang",
        kolom="target",
        dilaporkan=twins["target"],
        dihitung=twins["target"],
        realisasi=twins["realisasi"].map(fmt.number),
    )
    return out + _findings(_formatted(twins, fmt.number), "twin_indicators")


def audit_tables(
    indikator: pd.DataFrame, anggaran: pd.DataFrame, kepegawaian: pd.DataFrame, skala="lkjip"
) -> pd.DataFrame:
    """:func:`audit` on frames already loaded. Returns the findings, most severe first.

    >>> from lkjip_analysis import load_all
    >>> t = load_all()
    >>> audit_tables(t["indikator"], t["anggaran"], t["kepegawaian"])["tingkat"].value_counts().to_dict()
    {'tinggi': 15, 'sedang': 10, 'rendah': 3}
    """
    for frame, table in ((indikator, "indikator"), (anggaran, "anggaran"), (kepegawaian, "kepegawaian")):
        require_table(frame, table)
    findings = (
        _budget_sums(anggaran)
        + _budget_across_sources(anggaran)
        + _budget_percentages(anggaran)
        + _identical_amounts(anggaran)
        + _staff(kepegawaian)
        + _capaian_and_predikat(indikator, skala)
        + _indicator_across_sources(indikator)
    )
    return findings_frame(findings)


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a DataFrame (columns :data:`COLUMNS`), most severe first, then by kind and year."""
    out = pd.DataFrame([(*astuple(f)[:-1], f.selisih, f.pesan) for f in findings], columns=COLUMNS)
    out = out.astype({"tahun": "int64", "dilaporkan": "float64", "dihitung": "float64", "selisih": "float64"})
    order = out["tingkat"].map(SEVERITY_ORDER)
    return (
        out.assign(_o=order)
        .sort_values(["_o", "jenis", "tahun"], kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


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


def format_findings(temuan: pd.DataFrame) -> str:
    """The findings as a plain-text table for the terminal, grouped by severity.

    >>> print(format_findings(pd.DataFrame(columns=COLUMNS)))
    Tidak ada temuan: semua angka yang dinyatakan sesuai dengan hasil hitung ulang.
    """
    if temuan.empty:
        return "Tidak ada temuan: semua angka yang dinyatakan sesuai dengan hasil hitung ulang."
    counts = temuan["tingkat"].value_counts()
    lines = [f"{len(temuan)} temuan ({', '.join(f'{counts.get(t, 0)} {t}' for t in SEVERITY_ORDER)}):", ""]
    width = len(str(len(temuan)))
    for i, row in enumerate(temuan.itertuples(), start=1):
        lines.append(f"{i:>{width}}. [{row.tingkat}] {row.jenis} ({row.instansi}, {row.tahun}; {row.tabel})")
        lines.append(f"{'':>{width}}  {row.pesan}")
    return "\n".join(lines)
