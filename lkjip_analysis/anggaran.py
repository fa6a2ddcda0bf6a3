"""Budget analysis: refocusing (murni to perubahan), serapan and sisa per line, subtotals
recomputed from their leaves, and the efficiency of a sasaran's program.

Amounts stay integer rupiah (``Int64``); percentages are float.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .indikator import tabulate_capaian
from .utils import percent_of, require_table

_GROUP = ["instansi", "tahun", "sumber"]
AMOUNTS = ["anggaran_murni", "anggaran_perubahan", "realisasi"]


def compute_pagu(anggaran: pd.DataFrame) -> pd.Series:
    """The budget ceiling of each row: ``anggaran_perubahan``, else ``anggaran_murni`` (``Int64``).

    >>> import pandas as pd
    >>> compute_pagu(pd.DataFrame({"anggaran_murni": [10, 20], "anggaran_perubahan": [8, None]}, dtype="Int64")).tolist()
    [8, 20]
    """
    return anggaran["anggaran_perubahan"].fillna(anggaran["anggaran_murni"]).rename("pagu")


def compare_refocusing(anggaran: pd.DataFrame, tahun: int | None = None) -> pd.DataFrame:
    """Programs and kegiatan with both a murni and a perubahan amount: the change in rupiah
    and in percent of murni.

    >>> from lkjip_analysis import load_anggaran
    >>> r = compare_refocusing(load_anggaran()).set_index("uraian")
    >>> r.loc["PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", ["perubahan_rp", "perubahan_persen"]].round(2).tolist()
    [-7165154905.0, -45.85]
    """
    require_table(anggaran, "anggaran")
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

    Returns one row per parent with ``<kolom>_dihitung`` columns (``<NA>`` when no child states it).

    >>> from lkjip_analysis import load_anggaran
    >>> j = sum_components(load_anggaran()).set_index("uraian")
    >>> int(j.loc["BELANJA OPERASI", "realisasi_dihitung"]), int(j.loc["PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "anggaran_perubahan_dihitung"])
    (13133796845, 8429484759)
    """
    require_table(anggaran, "anggaran")
    children = anggaran.dropna(subset=["induk"])
    sums = children.groupby([*_GROUP, "induk"])[list(kolom)].sum(min_count=1)
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
    """Serapan, sisa and efisiensi of every ``tingkat`` row (program, kegiatan, sasaran) that states
    both a pagu and a realisasi, one source per row (the source with the most such rows).

    >>> from lkjip_analysis import load_anggaran
    >>> s = tabulate_serapan(load_anggaran(), "program").query("instansi.str.startswith('Dinas')")
    >>> len(s), round(float(s["serapan"].iloc[1]), 2)
    (10, 97.77)
    """
    rows = anggaran[anggaran["tingkat"] == tingkat]
    if tahun is not None:
        rows = rows[rows["tahun"] == tahun]
    rows = compute_serapan(rows) if len(rows) else rows.assign(anggaran=pd.Series(dtype="Int64"))
    if rows.empty:
        return rows.assign(serapan=pd.Series(dtype="float64"), sisa=pd.Series(dtype="Int64"),
                           efisiensi=pd.Series(dtype="float64"))  # fmt: skip
    best = rows.groupby(["instansi", "tahun", "sumber"]).size().rename("_n").reset_index()
    best = best.sort_values("_n", ascending=False, kind="stable").drop_duplicates(["instansi", "tahun"])
    return rows.merge(best[["instansi", "tahun", "sumber"]]).reset_index(drop=True)


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


KLASIFIKASI_RULE = """Klasifikasi efisiensi (selisih = capaian - serapan, dalam poin persen):
'efisien' bila selisih > ambang (bawaan 5), 'cukup efisien' bila -ambang <= selisih <= ambang,
'tidak efisien' bila selisih < -ambang, 'tidak dapat dinilai' bila capaian atau serapan kosong.
Serapan dihitung dari realisasi / pagu; bila sumber hanya menyebut efisiensi (persen),
serapan = 100 - efisiensi dilaporkan (kolom serapan_asal menyebut asalnya)."""


def compare_capaian_serapan(indikator: pd.DataFrame, anggaran: pd.DataFrame, ambang: float = 5.0) -> pd.DataFrame:
    """Capaian of each indicator (on the PK basis) beside the serapan of the program the source links to it.

    >>> from lkjip_analysis import load_anggaran, load_indikator
    >>> e = compare_capaian_serapan(load_indikator(), load_anggaran()).set_index("kode_indikator")
    >>> print(round(e.loc["penempatan_sesuai_kompetensi", "capaian"], 2), e.loc["penempatan_sesuai_kompetensi", "klasifikasi"])
    80.65 tidak efisien
    >>> round(float(e.loc["penempatan_sesuai_kompetensi", "serapan"]), 2)
    94.65
    """
    require_table(anggaran, "anggaran")
    linked = anggaran[anggaran["kode_indikator"].notna()]
    amount = compute_pagu(linked)
    computed = percent_of(linked["realisasi"], amount)
    from_efisiensi = 100 - linked["efisiensi_dilaporkan"]
    serapan_ = computed.fillna(from_efisiensi)
    asal = np.select(
        [computed.notna(), from_efisiensi.notna()], ["dihitung", "dari efisiensi dilaporkan"], default="tidak ada"
    )
    base = linked[["instansi", "tahun", "kode_indikator", "program", "uraian", "sumber"]].assign(
        pagu=amount, realisasi=linked["realisasi"], serapan=serapan_, serapan_asal=asal
    )
    cap = tabulate_capaian(indikator)[["instansi", "tahun", "kode_indikator", "indikator", "capaian"]]
    out = base.merge(cap, on=["instansi", "tahun", "kode_indikator"], how="left")
    selisih = out["capaian"] - out["serapan"]
    out["selisih"] = selisih
    out["klasifikasi"] = np.select(
        [selisih.isna(), selisih > ambang, selisih >= -ambang],
        ["tidak dapat dinilai", "efisien", "cukup efisien"],
        default="tidak efisien",
    )
    return out


compare_capaian_serapan.__doc__ += "\n" + KLASIFIKASI_RULE
