"""Budget analysis, read the way the document gives it: funding source, scope, and one table of record.

Rules (documented once, used everywhere):

- **Funding source** (``dana``): the printed ``sumber_dana`` in one of :data:`DANA` (APBN Dekonsentrasi and
  Tugas Pembantuan are APBN); empty means APBD. Money of two funding sources is added only where both
  are given for the whole of their spending (scope ``total``).
- **Scope** (``tingkat``): the whole spending of a funding source, Belanja Tidak Langsung, Belanja
  Langsung, sasaran, program, kegiatan or kode rekening. Totals are never added across scopes.
- **Table of record**: several tables often give the same money (a pagu table in Bab II, a
  realisation table in Bab III). Per agency, year, funding source and scope one table is read: the one
  marked ``utama``, else the one stating realisasi on most rows, else the one with most rows, else the
  first. The others are compared with it by the audit, never added to it
  (:func:`select_budget_records`).
- **Serapan** = realisasi / anggaran x 100 with anggaran = perubahan, else murni; sisa = anggaran -
  realisasi.

Amounts stay integer rupiah (``Int64``); percentages are float.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .capaian import compute_capaian
from .indikator import tabulate_capaian
from .schemas import SUMBER_DANA_BAKU, TINGKAT
from .utils import percent_of, require_table

_GROUP = ["instansi", "tahun", "sumber"]
AMOUNTS = ["anggaran_murni", "anggaran_perubahan", "realisasi"]
DANA = ["APBD", "APBN", "DAK", "BLUD", "APBD dan APBN"]
"""Funding-source classes: what :func:`classify_dana` makes of a printed ``sumber_dana``."""
SCOPE_LABELS = {
    "total": "seluruh belanja", "belanja_tidak_langsung": "Belanja Tidak Langsung",
    "belanja_langsung": "Belanja Langsung", "sasaran": "belanja per sasaran", "program": "belanja per program",
    "kegiatan": "belanja per kegiatan", "rekening": "belanja per kode rekening",
}  # fmt: skip
"""Scope (``tingkat``) -> words for a report."""
SCOPE_ORDER = ["total", "belanja_langsung", "sasaran", "program", "kegiatan", "rekening", "belanja_tidak_langsung"]
"""The scope a key figure is read at, first that states both anggaran and realisasi: the broadest, with
Belanja Langsung before its parts, and Belanja Tidak Langsung (salaries) last."""
assert set(SCOPE_ORDER) == set(TINGKAT)


def classify_dana(sumber_dana: pd.Series) -> pd.Series:
    """The funding-source class of each printed ``sumber_dana`` (:data:`DANA`); empty is APBD.

    >>> classify_dana(pd.Series(["APBN Dekonsentrasi", "apbd", None, "APBD dan APBN", "DAK Fisik", "BLUD RS"])).tolist()
    ['APBN', 'APBD', 'APBD', 'APBD dan APBN', 'DAK', 'BLUD']
    """
    text = sumber_dana.astype("string").fillna(SUMBER_DANA_BAKU).str.upper()
    apbn, apbd = text.str.contains("APBN"), text.str.contains("APBD")
    out = np.select(
        [apbn & apbd, text.str.contains(r"\bDAK\b"), text.str.contains("BLUD"), apbn, apbd],
        ["APBD dan APBN", "DAK", "BLUD", "APBN", "APBD"],
        default=sumber_dana.astype(object).fillna(SUMBER_DANA_BAKU),
    )
    return pd.Series(out, index=sumber_dana.index, dtype=object, name="dana")


def select_budget_records(anggaran: pd.DataFrame, perlu: tuple[str, ...] = ("realisasi",)) -> pd.DataFrame:
    """The rows of the table of record of each agency, year, funding source and scope (see the module
    docstring), with the funding-source class in ``dana``. ``perlu`` names the columns the view needs:
    among tables not marked ``utama``, the one stating all of them on most rows is read (``'pagu'`` is
    perubahan, else murni).

    >>> from lkjip_analysis import load_anggaran
    >>> r = select_budget_records(load_anggaran()).query("instansi.str.startswith('Dinas') and tingkat == 'program' and tahun == 2016")
    >>> r.groupby("dana")["sumber"].unique().map(list).to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'APBD': ['Bab III.2 Tabel 3.6 Pagu Anggaran dan Realisasi APBD hlm. 38-43'],
     'APBN': ['Bab III.2 Tabel 3.7 Pagu Anggaran dan Realisasi APBN hlm. 44']}
    """
    require_table(anggaran, "anggaran")
    rows = anggaran.assign(dana=classify_dana(anggaran["sumber_dana"]), _order=range(len(anggaran)))
    stated = pd.DataFrame({c: compute_pagu(rows) if c == "pagu" else rows[c] for c in perlu}).notna().all(axis=1)
    rows = rows.assign(_perlu=stated)
    key = ["instansi", "tahun", "dana", "tingkat"]
    rank = rows.groupby([*key, "sumber"], sort=False).agg(
        _utama=("utama", lambda u: (u == "ya").any()), _perlu=("_perlu", "sum"), _realisasi=("realisasi", "count"),
        _n=("uraian", "size"), _first=("_order", "min"),
    ).reset_index()  # fmt: skip
    rank = rank.sort_values([*key, "_utama", "_perlu", "_n", "_realisasi", "_first"],
                            ascending=[True] * len(key) + [False, False, False, False, True], kind="stable")  # fmt: skip
    best = rank.drop_duplicates(key)[[*key, "sumber"]]
    out = rows.merge(best, on=[*key, "sumber"]).sort_values("_order", kind="stable")
    return out.drop(columns=["_order", "_perlu"]).reset_index(drop=True)


def compute_pagu(anggaran: pd.DataFrame) -> pd.Series:
    """The budget ceiling of each row: ``anggaran_perubahan``, else ``anggaran_murni`` (``Int64``).

    >>> import pandas as pd
    >>> compute_pagu(pd.DataFrame({"anggaran_murni": [10, 20], "anggaran_perubahan": [8, None]}, dtype="Int64")).tolist()
    [8, 20]
    """
    return anggaran["anggaran_perubahan"].fillna(anggaran["anggaran_murni"]).rename("pagu")


def compare_refocusing(anggaran: pd.DataFrame, tahun: int | None = None) -> pd.DataFrame:
    """Programs and kegiatan with both a murni and a perubahan amount, from the table of record of each
    funding source (``dana``; :func:`select_budget_records`): the change in rupiah and in percent of murni.

    >>> from lkjip_analysis import load_anggaran
    >>> r = compare_refocusing(load_anggaran()).set_index("uraian")
    >>> r.loc["PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", ["perubahan_rp", "perubahan_persen"]].round(2).tolist()
    [-7165154905.0, -45.85]
    >>> d = compare_refocusing(load_anggaran(), 2016).query("tingkat == 'program'")
    >>> d.groupby(["instansi", "dana"])[["anggaran_murni", "anggaran_perubahan"]].sum().values.tolist()
    [[21839303000, 18238091000]]
    """
    require_table(anggaran, "anggaran")
    anggaran = select_budget_records(anggaran, perlu=("anggaran_murni", "anggaran_perubahan"))
    rows = anggaran[
        anggaran["tingkat"].isin(["program", "kegiatan"])
        & anggaran["anggaran_murni"].notna()
        & anggaran["anggaran_perubahan"].notna()
    ]
    if tahun is not None:
        rows = rows[rows["tahun"] == tahun]
    change = rows["anggaran_perubahan"] - rows["anggaran_murni"]
    cols = [
        "instansi",
        "tahun",
        "sumber",
        "dana",
        "tingkat",
        "jenis_baris",
        "program",
        "kegiatan",
        "uraian",
        "anggaran_murni",
        "anggaran_perubahan",
    ]
    return (
        rows[cols]
        .assign(perubahan_rp=change, perubahan_persen=percent_of(change, rows["anggaran_murni"]))
        .reset_index(drop=True)
    )


def sum_components(anggaran: pd.DataFrame, kolom=tuple(AMOUNTS)) -> pd.DataFrame:
    """For every row that other rows name as their ``induk``: the sum of those rows.

    Returns one row per parent with ``<kolom>_dihitung`` columns: ``<NA>`` unless every child states it
    (a sum over some of the parts is not the parts' sum).

    >>> from lkjip_analysis import load_anggaran
    >>> j = sum_components(load_anggaran()).set_index("uraian")
    >>> int(j.loc["BELANJA OPERASI", "realisasi_dihitung"]), int(j.loc["PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "anggaran_perubahan_dihitung"])
    (13133796845, 8429484759)
    """
    require_table(anggaran, "anggaran")
    children = anggaran.dropna(subset=["induk"])
    grouped = children.groupby([*_GROUP, "induk"])[list(kolom)]
    sums = grouped.sum(min_count=1).where(grouped.count() == grouped.size().to_numpy()[:, None])
    sums.columns = [f"{c}_dihitung" for c in kolom]
    sums = sums.reset_index().rename(columns={"induk": "uraian"})
    sums["jumlah_rincian"] = children.groupby([*_GROUP, "induk"]).size().to_numpy()
    return sums


def compute_serapan(anggaran: pd.DataFrame) -> pd.DataFrame:
    """Every line with an anggaran (perubahan, else murni) and a realisasi: serapan
    (realisasi / anggaran x 100), sisa (anggaran - realisasi) and efisiensi (sisa / anggaran x 100).

    >>> from lkjip_analysis import load_anggaran
    >>> s = compute_serapan(load_anggaran())
    >>> r = s[s["kode_rekening"] == "5"].iloc[0]
    >>> round(float(r.serapan), 2), int(r.sisa), round(float(r.efisiensi), 2)
    (95.56, 632212574, 4.44)
    """
    require_table(anggaran, "anggaran")
    rows = anggaran.assign(anggaran=compute_pagu(anggaran))
    rows = rows[rows["anggaran"].notna() & rows["realisasi"].notna()]
    sisa = rows["anggaran"] - rows["realisasi"]
    return rows.assign(
        serapan=percent_of(rows["realisasi"], rows["anggaran"]), sisa=sisa, efisiensi=percent_of(sisa, rows["anggaran"])
    ).reset_index(drop=True)


def tabulate_serapan(anggaran: pd.DataFrame, tingkat: str, tahun: int | None = None) -> pd.DataFrame:
    """Serapan, sisa and efisiensi of every ``tingkat`` row (program, kegiatan, sasaran) that states both a
    pagu and a realisasi, from the table of record of each funding source (``dana``).

    >>> from lkjip_analysis import load_anggaran
    >>> s = tabulate_serapan(load_anggaran(), "program").query("instansi.str.startswith('Dinas')")
    >>> s.groupby("dana").size().to_dict(), round(float(s.set_index("uraian")["serapan"].iloc[-1]), 2)
    ({'APBD': 10, 'APBN': 6}, 94.55)
    """
    rows = select_budget_records(anggaran[anggaran["tingkat"] == tingkat], perlu=("pagu", "realisasi"))
    if tahun is not None:
        rows = rows[rows["tahun"] == tahun]
    return compute_serapan(rows)


def summarize_budget(anggaran: pd.DataFrame, tahun: int | None = None) -> pd.DataFrame:
    """The budget figure of record of each agency, year and funding source: anggaran, realisasi, serapan
    and sisa at the broadest scope that states both (:data:`SCOPE_ORDER`), from its table of record: a
    stated total of that scope, else the sum of its rows when every row states both. ``cakupan`` says the
    scope in words. Where every funding source is given whole (scope ``total``), a row ``dana`` =
    'APBD dan APBN' (or the sources found) adds them; otherwise no sum is made across funding sources.

    >>> from lkjip_analysis import load_anggaran
    >>> b = summarize_budget(load_anggaran(), 2016)
    >>> b[["dana", "tingkat", "anggaran", "realisasi"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['APBD', 'sasaran', 17567750000, 16077430667], ['APBN', 'total', 34438482000, 32931467320],
     ['APBD', 'total', 67811725837, 64507779475], ['APBN', 'total', 18238091000, 17943754805],
     ['APBD dan APBN', 'total', 86049816837, 82451534280]]
    >>> round(float(b["serapan"].iloc[-1]), 2)
    95.82
    """
    require_table(anggaran, "anggaran")
    rows = anggaran if tahun is None else anggaran[anggaran["tahun"] == tahun]
    records = select_budget_records(rows, perlu=("pagu", "realisasi"))
    records = compute_serapan(records[records["dana"] != "APBD dan APBN"])
    out = []
    for (instansi, year, dana), part in records.groupby(["instansi", "tahun", "dana"], sort=False):
        for scope in SCOPE_ORDER:
            level = part[part["tingkat"] == scope]
            stated = level[level["jenis_baris"] != "rincian"].sort_values("jenis_baris", key=lambda j: j != "total")
            if len(stated):
                row = stated.iloc[0]
                figure = {
                    "uraian": row["uraian"],
                    "anggaran": row["anggaran"],
                    "realisasi": row["realisasi"],
                    "baris": 1,
                }
            elif len(level):
                figure = {"uraian": f"jumlah {len(level)} baris", "anggaran": level["anggaran"].sum(),
                          "realisasi": level["realisasi"].sum(), "baris": len(level)}  # fmt: skip
            else:
                continue
            printed = " / ".join(dict.fromkeys(part["sumber_dana"].dropna()))
            out.append({"instansi": instansi, "tahun": year, "dana": dana, "sumber_dana": printed, "tingkat": scope,
                        "cakupan": SCOPE_LABELS[scope], "sumber": level["sumber"].iloc[0], **figure})  # fmt: skip
            break
    table = pd.DataFrame(out, columns=["instansi", "tahun", "dana", "sumber_dana", "tingkat", "cakupan", "sumber",
                                       "uraian", "anggaran", "realisasi", "baris"])  # fmt: skip
    order = table["dana"].map(lambda d: DANA.index(d) if d in DANA else len(DANA))
    table = table.assign(_o=order).sort_values(["instansi", "tahun", "_o"], kind="stable").drop(columns="_o")
    combined = []
    for (instansi, year), part in table.groupby(["instansi", "tahun"], sort=False):
        if len(part) > 1 and (part["tingkat"] == "total").all():
            combined.append({"instansi": instansi, "tahun": year, "dana": " dan ".join(part["dana"]),
                             "sumber_dana": " + ".join(part["sumber_dana"]), "tingkat": "total",
                             "cakupan": SCOPE_LABELS["total"], "sumber": " dan ".join(part["sumber"]),
                             "uraian": "jumlah sumber dana", "anggaran": part["anggaran"].sum(),
                             "realisasi": part["realisasi"].sum(), "baris": len(part)})  # fmt: skip
    table = pd.concat([table, pd.DataFrame(combined, columns=table.columns)], ignore_index=True)
    table = table.astype({"anggaran": "Int64", "realisasi": "Int64", "baris": "int64"})
    sisa = table["anggaran"] - table["realisasi"]
    table = table.assign(serapan=percent_of(table["realisasi"], table["anggaran"]), sisa=sisa)
    return table.sort_values(["instansi", "tahun"], kind="stable").reset_index(drop=True)


def describe_budget_scope(budget: pd.DataFrame) -> str:
    """One sentence saying how the budget figures of one agency-year (:func:`summarize_budget`) relate:
    which funding sources at which scope, and why they are or are not added.

    >>> b = pd.DataFrame({"dana": ["APBD", "APBN"], "tingkat": ["sasaran", "total"],
    ...                   "cakupan": ["belanja per sasaran", "seluruh belanja"], "sumber": ["Tabel 5", "hlm. 41"]})
    >>> describe_budget_scope(b)
    'APBD: belanja per sasaran (Tabel 5); APBN: seluruh belanja (hlm. 41). Tidak dijumlahkan: cakupannya berbeda.'
    """
    if budget.empty:
        return ""
    single = budget[~budget["dana"].str.contains(" dan ")]
    parts = "; ".join(f"{r.dana}: {r.cakupan} ({r.sumber})" for r in single.itertuples())
    if len(single) < 2:
        return f"{parts}."
    if len(budget) > len(single):
        return f"{parts}. Jumlahnya mencakup seluruh belanja setiap sumber dana."
    return f"{parts}. Tidak dijumlahkan: cakupannya berbeda."


def relate_to_budget(table: pd.DataFrame, budget: pd.DataFrame, per: str) -> str:
    """How the rows of a serapan table (:func:`tabulate_serapan`) relate to the budget figure of record of their
    funding source (:func:`summarize_budget`), so that figures of different scope on one page are not read as
    a contradiction: their sum against that figure, in one sentence per funding source ('' when they match
    or nothing relates).

    >>> t = pd.DataFrame({"dana": ["APBD"], "jenis_baris": ["rincian"], "anggaran": [3855501620], "realisasi": [3649094188]})
    >>> b = pd.DataFrame({"dana": ["APBD"], "cakupan": ["seluruh belanja"], "sumber": ["tabel kode rekening"],
    ...                   "anggaran": [14231127419]})
    >>> print(relate_to_budget(t, b, "program"))  # doctest: +NORMALIZE_WHITESPACE
    APBD: 1 baris per program di tabel ini berjumlah Rp 3.855.501.620, 27,09% dari seluruh belanja
    Rp 14.231.127.419 (tabel kode rekening, angka kunci); sisanya Rp 10.375.625.799 tidak termasuk dalam tabel ini.
    """
    from . import fmt

    if table.empty or budget.empty or "dana" not in table.columns or per == "kode rekening":
        return ""
    out = []
    for dana, part in table.groupby("dana", sort=False):
        figure = budget[budget["dana"] == dana]
        leaves = part[part["jenis_baris"] != "total"] if "jenis_baris" in part.columns else part
        if figure.empty or leaves.empty:
            continue
        row, total = figure.iloc[0], leaves["anggaran"].sum()
        if total == row["anggaran"]:
            continue
        out.append(f"{dana}: {len(leaves)} baris per {per} di tabel ini berjumlah {fmt.rupiah(total)}, "
                   f"{fmt.percent(total / row['anggaran'] * 100, 2)} dari {row['cakupan']} {fmt.rupiah(row['anggaran'])} "
                   f"({row['sumber']}, angka kunci)"
                   + (f"; sisanya {fmt.rupiah(row['anggaran'] - total)} tidak termasuk dalam tabel ini."
                      if total < row["anggaran"] else "."))  # fmt: skip
    return " ".join(out)


def tabulate_serapan_rekening(anggaran: pd.DataFrame, tahun: int | None = None) -> pd.DataFrame:
    """Serapan and sisa per kode rekening, with each subtotal recomputed from its leaves.

    >>> from lkjip_analysis import load_anggaran
    >>> s = tabulate_serapan_rekening(load_anggaran()).set_index("kode_rekening")
    >>> round(float(s.loc["5.1.01", "serapan"]), 2), int(s.loc["5.2", "realisasi_dihitung"])
    (97.06, 465118000)
    """
    require_table(anggaran, "anggaran")
    rows = compute_serapan(anggaran[anggaran["kode_rekening"].notna()])
    if tahun is not None:
        rows = rows[rows["tahun"] == tahun]
    sums = sum_components(anggaran, ("anggaran_perubahan", "realisasi")).rename(
        columns={"anggaran_perubahan_dihitung": "anggaran_dihitung"}
    )
    cols = [
        "instansi",
        "tahun",
        "sumber",
        "kode_rekening",
        "uraian",
        "induk",
        "jenis_baris",
        "anggaran",
        "realisasi",
        "serapan",
        "sisa",
        "efisiensi",
        "persen_realisasi_dilaporkan",
    ]
    out = rows[cols].merge(sums.drop(columns="jumlah_rincian"), on=[*_GROUP, "uraian"], how="left")
    return out


KLASIFIKASI_RULE = """Efisiensi (PermenPAN-RB 53/2014 Bab III, analisis efisiensi penggunaan sumber daya):
capaian indikator atau sasaran dibandingkan dengan serapan anggaran yang oleh dokumen dikaitkan dengannya
(kolom kode_indikator tabel anggaran; atau kolom sasaran, maka capaian = rata-rata capaian indikator sasaran
itu). Serapan = realisasi / pagu x 100 dari tabel anggaran yang menjadi bacaan resmi; bila sumber hanya
menyebut efisiensi (persen), serapan = 100 - efisiensi dilaporkan (kolom serapan_asal menyebut asalnya).
Selisih = capaian - serapan (poin persen): 'efisien' bila selisih > ambang (bawaan 5), 'cukup efisien' bila
-ambang <= selisih <= ambang, 'tidak efisien' bila selisih < -ambang, 'tidak dapat dinilai' bila capaian
atau serapan kosong (kolom keterangan menyebut yang kosong)."""


def _normalized(text: pd.Series) -> pd.Series:
    return text.astype("string").str.lower().str.replace(r"[^0-9a-z]+", " ", regex=True).str.strip()


def _capaian_by_code(indikator: pd.DataFrame, skala) -> pd.DataFrame:
    """Capaian per (instansi, tahun, kode_indikator) of indicators (on the PK basis) and of sasaran-level
    rows (their measurement of record: computed, else as reported), with ``capaian_asal`` and the name."""
    key = ["instansi", "tahun", "kode_indikator"]
    cap = tabulate_capaian(indikator, skala)
    cap = cap.assign(capaian_asal=cap["asal_capaian"])[[*key, "indikator", "capaian", "capaian_asal"]]
    rows = indikator[(indikator["tingkat"] == "sasaran") & (indikator["dokumen"] == "Pengukuran")]
    rows = rows.assign(_u=(rows["utama"] != "ya").astype(int)).sort_values([*key, "_u"], kind="stable")
    rows = rows.drop_duplicates(key)
    computed = compute_capaian(rows["target"], rows["realisasi"], rows["polaritas"])
    sasaran = rows[key].assign(
        indikator=rows["sasaran"].fillna(rows["indikator"]), capaian=computed.fillna(rows["capaian_dilaporkan"]),
        capaian_asal=np.where(computed.notna(), "dihitung", "dilaporkan"),
    )  # fmt: skip
    sasaran = sasaran[sasaran["capaian"].notna()]
    return pd.concat([cap, sasaran], ignore_index=True).drop_duplicates(key)


def compare_capaian_serapan(
    indikator: pd.DataFrame, anggaran: pd.DataFrame, skala=None, ambang: float = 5.0
) -> pd.DataFrame:
    """Efficiency per indicator and per sasaran: capaian beside the serapan of the budget the document
    links to it (rule below). One row per link; an agency-year whose budget links to nothing has no row
    (:func:`missing_budget_link` says which link is missing).

    >>> from lkjip_analysis import load_anggaran, load_indikator, load_skala
    >>> e = compare_capaian_serapan(load_indikator(), load_anggaran(), load_skala()).set_index("kode_indikator")
    >>> print(round(e.loc["penempatan_sesuai_kompetensi", "capaian"], 2), e.loc["penempatan_sesuai_kompetensi", "klasifikasi"])
    80.65 tidak efisien
    >>> round(float(e.loc["penempatan_sesuai_kompetensi", "serapan"]), 2)
    94.65
    >>> print(*e.loc["sasaran_2_stabilitas", ["pagu", "realisasi", "capaian", "capaian_asal"]])
    2205000000 1921807050 125.0 dilaporkan
    """
    require_table(anggaran, "anggaran")
    key = ["instansi", "tahun", "kode_indikator"]
    codes = indikator.dropna(subset=["sasaran"]).drop_duplicates(["instansi", "kode_indikator"])
    linked = anggaran[anggaran["kode_indikator"].notna() | anggaran["sasaran"].notna()]
    by_sasaran = linked["kode_indikator"].isna()
    linked = linked.assign(
        tautan=np.where(by_sasaran, "lewat teks sasaran", "langsung"),
        kode_indikator=linked["kode_indikator"].where(~by_sasaran, "sasaran: " + _normalized(linked["sasaran"])),
    )  # fmt: skip
    if linked.empty:
        return pd.DataFrame(columns=[*key, "tautan", "indikator", "program", "uraian", "sumber", "pagu", "realisasi",
                                     "serapan", "serapan_asal", "capaian", "capaian_asal", "selisih", "klasifikasi",
                                     "keterangan"])  # fmt: skip
    records = select_budget_records(linked.assign(tingkat=linked["tingkat"] + "|" + linked["kode_indikator"]),
                                    perlu=("pagu", "realisasi"))  # fmt: skip
    records = records.assign(tingkat=records["tingkat"].str.split("|").str[0], pagu=compute_pagu(records))
    both = records["pagu"].notna() & records["realisasi"].notna()
    budget = records.groupby([*key, "tautan"], sort=False).agg(
        program=("program", lambda v: "; ".join(dict.fromkeys(v.dropna()))),
        uraian=("uraian", lambda v: "; ".join(dict.fromkeys(v))), sumber=("sumber", "first"),
        pagu=("pagu", lambda v: v[both.loc[v.index]].sum(min_count=1)),
        realisasi=("realisasi", lambda v: v[both.loc[v.index]].sum(min_count=1)),
        efisiensi=("efisiensi_dilaporkan", "first"),
    ).reset_index()  # fmt: skip
    computed = percent_of(budget["realisasi"], budget["pagu"])
    from_efisiensi = 100 - budget["efisiensi"]
    budget = budget.assign(
        serapan=computed.fillna(from_efisiensi),
        serapan_asal=np.select([computed.notna(), from_efisiensi.notna()], ["dihitung", "dari efisiensi dilaporkan"],
                               default="tidak ada"),
    ).drop(columns="efisiensi")  # fmt: skip
    capaian = _capaian_by_code(indikator, skala)
    per_sasaran = capaian.merge(codes[["instansi", "kode_indikator", "sasaran"]], on=["instansi", "kode_indikator"])
    per_sasaran = per_sasaran.assign(kode_indikator="sasaran: " + _normalized(per_sasaran["sasaran"]))
    per_sasaran = per_sasaran.groupby(key, as_index=False).agg(
        indikator=("sasaran", "first"), capaian=("capaian", "mean"), _n=("capaian", "count")
    )
    per_sasaran = per_sasaran.assign(capaian_asal="rata-rata " + per_sasaran.pop("_n").astype(str) + " indikator")
    out = budget.merge(pd.concat([capaian, per_sasaran], ignore_index=True), on=key, how="left")
    out["indikator"] = out["indikator"].fillna(out["kode_indikator"].str.removeprefix("sasaran: "))
    selisih = out["capaian"] - out["serapan"]
    out["selisih"] = selisih
    out["klasifikasi"] = np.select(
        [selisih.isna(), selisih > ambang, selisih >= -ambang],
        ["tidak dapat dinilai", "efisien", "cukup efisien"],
        default="tidak efisien",
    )
    out["keterangan"] = np.select(
        [out["capaian"].isna() & out["serapan"].isna(), out["capaian"].isna(), out["serapan"].isna()],
        [f"tanpa capaian dan tanpa realisasi anggaran {''}", "indikator atau sasaran tanpa capaian tahun ini",
         "anggaran tanpa realisasi"], default="",
    )  # fmt: skip
    return out


def missing_budget_link(anggaran: pd.DataFrame) -> str:
    """Why efficiency cannot be assessed for the budget rows given (one agency-year): '' when some row
    links to an indicator or sasaran.

    >>> missing_budget_link(pd.DataFrame({"kode_indikator": [None], "sasaran": [None], "realisasi": [5]}))
    'tabel anggaran tidak mengaitkan baris mana pun dengan indikator (kolom kode_indikator) atau sasaran (kolom sasaran)'
    """
    if anggaran.empty:
        return "data tidak memuat anggaran"
    if anggaran["kode_indikator"].notna().any() or anggaran["sasaran"].notna().any():
        return ""
    return "tabel anggaran tidak mengaitkan baris mana pun dengan indikator (kolom kode_indikator) atau sasaran (kolom sasaran)"


compare_capaian_serapan.__doc__ += "\n" + KLASIFIKASI_RULE
