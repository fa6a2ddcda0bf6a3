"""Staff composition: counts and shares per dimension, ready for charts.

Stated totals (``jenis_baris`` total/subtotal) are left out, so nothing is counted twice;
the audit compares them with the sums instead.
"""

from __future__ import annotations

import pandas as pd

from .utils import percent_of, require_table

_KEYS = ["instansi", "tahun", "sumber", "dimensi", "kategori"]


def tabulate_composition(
    kepegawaian: pd.DataFrame, dimensi: str | list[str] | None = None, satu_sumber: bool = False
) -> pd.DataFrame:
    """Counts per kategori (leaf rows summed, e.g. Eselon III = Sekretaris + Kepala Bidang) and
    their share of the dimension (``persen``, of the total the source states for it when it states
    one, else of the sum; ``total`` is that denominator), in source order.

    A dimension stated in several places gives one group per ``sumber``; ``satu_sumber=True``
    keeps, per dimension, only the place with the most categories (the fullest breakdown),
    which is what a chart of the composition wants.

    >>> from lkjip_analysis import load_kepegawaian
    >>> k = tabulate_composition(load_kepegawaian(), "golongan")
    >>> k[["kategori", "jumlah", "persen"]].round(2).values.tolist()
    [['Golongan IV', 12, 21.05], ['Golongan III', 40, 70.18], ['Golongan II', 4, 7.02], ['Golongan I', 1, 1.75]]
    """
    require_table(kepegawaian, "kepegawaian")
    leaves = kepegawaian[(kepegawaian["jenis_baris"] == "rincian") & kepegawaian["jumlah"].notna()]
    if dimensi is not None:
        wanted = [dimensi] if isinstance(dimensi, str) else list(dimensi)
        leaves = leaves[leaves["dimensi"].isin(wanted)]
    if satu_sumber:
        size = leaves.groupby(["instansi", "tahun", "dimensi", "sumber"], sort=False).size().rename("n").reset_index()
        best = size.sort_values("n", ascending=False, kind="stable").drop_duplicates(["instansi", "tahun", "dimensi"])
        leaves = leaves.merge(best[["instansi", "tahun", "dimensi", "sumber"]])
    counts = leaves.groupby(_KEYS, sort=False, as_index=False)["jumlah"].sum()
    scope = ["instansi", "tahun", "sumber", "dimensi"]
    stated = kepegawaian[kepegawaian["jenis_baris"] == "total"].drop_duplicates(scope)[[*scope, "jumlah"]]
    counts = counts.merge(stated.rename(columns={"jumlah": "total"}), on=scope, how="left")
    counts["total"] = counts["total"].fillna(counts.groupby(scope)["jumlah"].transform("sum"))
    return counts.assign(persen=percent_of(counts["jumlah"], counts["total"])).reset_index(drop=True)
