"""Staff composition: counts and shares per dimension, ready for charts.

Stated totals (``jenis_baris`` total/subtotal) are left out, so nothing is counted twice;
the audit compares them with the sums instead.
"""

from __future__ import annotations

import pandas as pd

from .utils import require_table

_KEYS = ["instansi", "tahun", "sumber", "dimensi", "kategori"]


def tabulate_composition(
    kepegawaian: pd.DataFrame, dimensi: str | list[str] | None = None, satu_sumber: bool = False
) -> pd.DataFrame:
    """Counts per kategori (leaf rows summed, e.g. Eselon III = Sekretaris + Kepala Bidang) and
    their share of the dimension, in source order.

    A dimension stated in several places gives one group per ``sumber``; ``satu_sumber=True``
    keeps, per dimension, only the place with the most categories (the fullest breakdown),
    which is what a chart of the composition wants.

    >>> from lkjip_analysis import load_kepegawaian
    >>> k = tabulate_composition(load_kepegawaian(), "golongan")
    >>> k[["kategori", "jumlah", "persen"]].round(2).values.tolist()
    [['Golongan IV', 12, 21.05], ['Golongan III', 40, 70.18], ['Golongan II', 4, 7.02], ['Golongan I', 1, 1.75]]
    """
    require_table(kepegawaian, "kepegawaian")
    leaves = kepegawaian[kepegawaian["jenis_baris"] == "rincian"]
    if dimensi is not None:
        wanted = [dimensi] if isinstance(dimensi, str) else list(dimensi)
        leaves = leaves[leaves["dimensi"].isin(wanted)]
    if satu_sumber:
        size = leaves.groupby(["instansi", "tahun", "dimensi", "sumber"], sort=False).size().rename("n").reset_index()
        best = size.sort_values("n", ascending=False, kind="stable").drop_duplicates(["instansi", "tahun", "dimensi"])
        leaves = leaves.merge(best[["instansi", "tahun", "dimensi", "sumber"]])
    counts = leaves.groupby(_KEYS, sort=False, as_index=False)["jumlah"].sum()
    group_total = counts.groupby(["instansi", "tahun", "sumber", "dimensi"])["jumlah"].transform("sum")
    return counts.assign(persen=(counts["jumlah"] / group_total * 100).astype("float64")).reset_index(drop=True)


def tabulate_penempatan(kepegawaian: pd.DataFrame) -> pd.DataFrame:
    """The city-wide placement by type of jabatan; every set the source gives, told apart by ``sumber``.

    >>> from lkjip_analysis import load_kepegawaian
    >>> p = tabulate_penempatan(load_kepegawaian())
    >>> p.groupby("sumber")["jumlah"].sum().to_dict()
    {'Bab III.A narasi Sasaran 1.2': 5905, 'Bab III.A narasi setelah tabel 2023 dengan RPJMD 2026': 5744}
    """
    return tabulate_composition(kepegawaian, "penempatan_jabatan").drop(columns="dimensi")


def tabulate_peran_tkpk(kepegawaian: pd.DataFrame) -> pd.DataFrame:
    """The roles of the contract staff (TKPK, Tenaga Kerja dengan Perjanjian Kerja).

    >>> from lkjip_analysis import load_kepegawaian
    >>> int(tabulate_peran_tkpk(load_kepegawaian())["jumlah"].sum())
    7
    """
    return tabulate_composition(kepegawaian, "peran_tkpk").drop(columns="dimensi")
