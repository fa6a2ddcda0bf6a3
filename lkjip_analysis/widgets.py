"""JupyterLab widgets: interactive what-if controls (static reports drop them)."""

from __future__ import annotations

import pandas as pd

from .tables import style_table


def skenario_widget(indikator: pd.DataFrame, tahun: int | None = None):
    """Interactive what-if controls for JupyterLab (ipywidgets): pick an indicator, set target and
    realisasi, see baseline against scenario. Static reports drop this cell (tag ``hanya-lab``)
    and show the parameter-driven tables instead."""
    import ipywidgets as widgets
    from IPython.display import display

    from .skenario import apply_skenario

    dasar = apply_skenario(indikator, [])
    tahun = int(dasar["tahun"].max()) if tahun is None else int(tahun)
    dasar = dasar[(dasar["tahun"] == tahun) & dasar["target_awal"].notna()]
    if dasar.empty:
        return widgets.HTML("<p>Tidak ada indikator terukur untuk tahun ini.</p>")
    pilihan = [(f"{r.indikator} ({r.kode_indikator})", r.kode_indikator) for r in dasar.itertuples()]
    kode = widgets.Dropdown(options=pilihan, description="Indikator", layout={"width": "95%"})
    target = widgets.FloatText(description="Target")
    realisasi = widgets.FloatText(description="Realisasi")
    keluaran = widgets.Output()

    def fill(_change=None):
        baris = dasar[dasar["kode_indikator"] == kode.value].iloc[0]
        target.value = float(baris["target_awal"]) if pd.notna(baris["target_awal"]) else 0.0
        realisasi.value = float(baris["realisasi_awal"]) if pd.notna(baris["realisasi_awal"]) else 0.0

    def update(_change=None):
        hasil = apply_skenario(
            indikator, [{"indikator": kode.value, "tahun": tahun, "target": target.value, "realisasi": realisasi.value}]
        )
        hasil = hasil[(hasil["kode_indikator"] == kode.value) & (hasil["tahun"] == tahun)]
        keluaran.clear_output(wait=True)
        with keluaran:
            display(
                style_table(
                    hasil[
                        [
                            "indikator",
                            "target_awal",
                            "realisasi_awal",
                            "capaian_awal",
                            "predikat_awal",
                            "target_skenario",
                            "realisasi_skenario",
                            "capaian_skenario",
                            "predikat_skenario",
                        ]
                    ]
                )
            )

    kode.observe(lambda c: (fill(), update()), names="value")
    target.observe(update, names="value")
    realisasi.observe(update, names="value")
    fill()
    update()
    return widgets.VBox([kode, widgets.HBox([target, realisasi]), keluaran])
