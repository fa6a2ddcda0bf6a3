"""The agency's own declarations: its predikat scale and its plan periods, read from the data.

Scales and periods differ between agencies and years, so they are data (the *skala* and
*periode* tables), never constants of the library. Each function falls back to a documented
default when the agency declares nothing.
"""

from __future__ import annotations

import pandas as pd

from .capaian import SKALA, SKALA_BAKU, Skala
from .schemas import SKALA_INSTANSI

PLAN_DOCUMENTS = ["RPJMD", "Renstra"]
"""Documents whose period sets the end-of-plan target, in the order they are preferred."""


def _of(frame: pd.DataFrame, instansi: str) -> pd.DataFrame:
    return frame[frame["instansi"] == instansi] if len(frame) else frame


def scale_rows(
    skala: pd.DataFrame, instansi: str, tahun: int | None = None, name: str = SKALA_INSTANSI
) -> pd.DataFrame:
    """The rows of the scale ``name`` that ``instansi`` declares for ``tahun``: those of the latest year
    at or before ``tahun`` (else the latest year declared), from the source marked ``utama`` or else
    the first source in the file, highest predikat first.

    >>> from lkjip_analysis import load_skala
    >>> scale_rows(load_skala(), "BKPSDM Kota Surakarta", 2023)[["predikat", "batas_bawah"]].values.tolist()[:2]
    [['Sangat Berhasil', 85.0], ['Berhasil', 70.0]]
    """
    rows = _of(skala, instansi)
    rows = rows[rows["skala"] == name] if len(rows) else rows
    if rows.empty:
        return rows
    years = rows["tahun"]
    year = years[years <= tahun].max() if tahun is not None and (years <= tahun).any() else years.max()
    rows = rows[rows["tahun"] == year]
    marked = rows[rows["utama"] == "ya"]
    sumber = marked["sumber"].iloc[0] if len(marked) else rows["sumber"].iloc[0]
    return rows[rows["sumber"] == sumber].sort_values("urutan", kind="stable")


def scale_for(skala: pd.DataFrame, instansi: str, tahun: int | None = None, name: str = SKALA_INSTANSI) -> Skala | None:
    """The :class:`~lkjip_analysis.capaian.Skala` ``instansi`` declares (see :func:`scale_rows`);
    for ``name`` 'instansi' without a declaration, the default :data:`~lkjip_analysis.capaian.SKALA_BAKU`;
    a built-in scale of that name (e.g. 'skm'); else None (a scale nobody declared).

    >>> from lkjip_analysis import load_skala
    >>> scale_for(load_skala(), "BKPSDM Kota Surakarta", 2023).predikat
    ('Sangat Berhasil', 'Berhasil', 'Cukup Berhasil', 'Kurang Berhasil')
    >>> scale_for(load_skala(), "Instansi tanpa skala", 2023).predikat[0]
    'Sangat Tinggi'
    """
    rows = scale_rows(skala, instansi, tahun, name)
    if rows.empty:
        if name == SKALA_INSTANSI:
            return SKALA[SKALA_BAKU]
        return SKALA.get(name)
    levels = [
        (r.predikat, r.batas_bawah, r.inklusif_bawah != "tidak", r.batas_atas, r.inklusif_atas != "tidak")
        for r in rows.itertuples()
    ]
    return Skala(levels, dasar=rows["dasar"].iloc[0])


def scale_source(skala: pd.DataFrame, instansi: str, tahun: int | None = None) -> str:
    """Where the agency's predikat scale comes from, for a report's legend.

    >>> from lkjip_analysis import load_skala
    >>> scale_source(load_skala(), "Instansi tanpa skala", 2023)
    'skala bawaan Permendagri 86/2017 (lima tingkat), tidak dinyatakan instansi'
    """
    rows = scale_rows(skala, instansi, tahun)
    if rows.empty:
        return "skala bawaan Permendagri 86/2017 (lima tingkat), tidak dinyatakan instansi"
    return f"skala instansi ({rows['sumber'].iloc[0]}, {int(rows['tahun'].iloc[0])})"


def plan_period(
    periode: pd.DataFrame, instansi: str, tahun: int, dokumen: str | None = None
) -> tuple[str, int, int] | None:
    """The plan (dokumen, tahun_awal, tahun_akhir) in force for ``instansi`` in ``tahun``: an RPJMD or
    Renstra period that contains the year (``dokumen`` first when given, else RPJMD first), else None.

    >>> from lkjip_analysis import load_periode
    >>> plan_period(load_periode(), "BKPSDM Kota Surakarta", 2023)
    ('RPJMD', 2021, 2026)
    >>> plan_period(load_periode(), "BKPSDM Kota Surakarta", 2023, "Renstra")
    ('Renstra', 2021, 2026)
    """
    rows = _of(periode, instansi)
    if rows.empty:
        return None
    rows = rows[rows["dokumen"].isin(PLAN_DOCUMENTS) & (rows["tahun_awal"] <= tahun) & (rows["tahun_akhir"] >= tahun)]
    if rows.empty:
        return None
    order = [dokumen, *PLAN_DOCUMENTS] if dokumen else PLAN_DOCUMENTS
    rows = rows.assign(_order=rows["dokumen"].map(order.index)).sort_values("_order", kind="stable")
    first = rows.iloc[0]
    return str(first["dokumen"]), int(first["tahun_awal"]), int(first["tahun_akhir"])
