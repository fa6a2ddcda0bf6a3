"""Key figures of one agency and year for an executive summary."""

from __future__ import annotations

import pandas as pd

from . import fmt


def summarize_key_figures(
    capaian: pd.DataFrame, rekening: pd.DataFrame | None = None, kepegawaian: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Key figures for an executive summary, formatted: indicators measured, mean capaian, count
    per predikat (from ``indikator.tabulate_capaian`` of one year), budget, realisasi and serapan
    (the ``total`` row of ``anggaran.tabulate_serapan_rekening``), staff (the ``total`` rows of the raw
    kepegawaian table, dimension golongan)."""
    rows: list[tuple[str, str]] = []
    measured = capaian.dropna(subset=["capaian"]) if "capaian" in capaian.columns else capaian.iloc[0:0]
    rows.append(("Indikator terukur", fmt.number(len(measured))))
    if len(measured):
        rows.append(("Rata-rata capaian", fmt.percent(measured["capaian"].mean(), 2)))
        for predikat, n in measured["predikat"].value_counts().items():
            rows.append((f"Indikator berpredikat {predikat}", fmt.number(n)))
    if rekening is not None and "jenis_baris" in rekening.columns:
        total = rekening[rekening["jenis_baris"] == "total"]
        if len(total):
            t = total.iloc[0]
            rows += [
                ("Anggaran (perubahan)", fmt.rupiah(t["anggaran"])),
                ("Realisasi", fmt.rupiah(t["realisasi"])),
                ("Serapan anggaran", fmt.percent(t["serapan"], 2)),
                ("Sisa anggaran", fmt.rupiah(t["sisa"])),
            ]
    if kepegawaian is not None and {"dimensi", "jenis_baris", "jumlah"} <= set(kepegawaian.columns):
        total = kepegawaian[(kepegawaian["dimensi"] == "golongan") & (kepegawaian["jenis_baris"] == "total")]
        if len(total):
            rows.append(("Pegawai negeri sipil (PNS)", f"{fmt.number(total['jumlah'].iloc[0])} orang"))
    return pd.DataFrame(rows, columns=["ukuran", "nilai"])
