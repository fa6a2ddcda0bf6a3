"""JupyterLab widgets: interactive what-if controls (static reports drop them).

Values are typed and shown the Indonesian way, as in the tables: ``0,85`` is zero point eight five
and ``1.234,5`` is one thousand two hundred thirty-four point five; text that is no number is
answered with a message, never read as something else.
"""

from __future__ import annotations

import pandas as pd

from . import fmt
from .tables import style_table

SCENARIO_COLUMNS = ["indikator", "target_awal", "realisasi_awal", "capaian_awal", "predikat_awal", "target_skenario",
                    "realisasi_skenario", "capaian_skenario", "predikat_skenario"]  # fmt: skip


def parse_indonesian(text: str) -> float:
    """A number typed the Indonesian way; ValueError with a message in Bahasa Indonesia otherwise.

    >>> parse_indonesian("0,85"), parse_indonesian("1.234,5"), parse_indonesian(" 86 ")
    (0.85, 1234.5, 86.0)
    """
    from .readers import CSV_ID, NumberError, NumberKind, parse_number

    try:
        return float(parse_number(str(text).strip(), CSV_ID, NumberKind(False, "satuan")))
    except NumberError as err:
        raise ValueError(f"'{text}' bukan angka: {err.expected}") from None


def skenario_widget(indikator: pd.DataFrame, tahun: int | None = None, skala=None):
    """Interactive what-if controls for JupyterLab (ipywidgets): pick an indicator, type target and
    realisasi (Indonesian decimals), see baseline against scenario. Static reports drop this cell
    (tag ``hanya-lab``) and show the parameter-driven tables instead.

    >>> from lkjip_analysis import load_indikator
    >>> w = skenario_widget(load_indikator().query("instansi == 'BKPSDM Kota Surakarta'"), 2023)  # doctest: +SKIP
    >>> type(w).__name__  # doctest: +SKIP
    'VBox'
    """
    import ipywidgets as widgets
    from IPython.display import display

    from .skenario import apply_skenario

    dasar = apply_skenario(indikator, [], skala)
    tahun = int(dasar["tahun"].max()) if tahun is None else int(tahun)
    dasar = dasar[(dasar["tahun"] == tahun) & dasar["target_awal"].notna()]
    if dasar.empty:
        return widgets.HTML("<p>Tidak ada indikator bertarget untuk tahun ini.</p>")
    choices = [(row.indikator, row.kode_indikator) for row in dasar.itertuples()]
    kode = widgets.Dropdown(options=choices, description="Indikator", layout={"width": "95%"})
    target = widgets.Text(description="Target")
    realisasi = widgets.Text(description="Realisasi")
    keluaran = widgets.Output()

    def fill(_change=None):
        row = dasar[dasar["kode_indikator"] == kode.value].iloc[0]
        target.value = fmt.number(row["target_awal"], None) if pd.notna(row["target_awal"]) else ""
        realisasi.value = fmt.number(row["realisasi_awal"], None) if pd.notna(row["realisasi_awal"]) else ""

    def update(_change=None):
        keluaran.clear_output(wait=True)
        with keluaran:
            try:
                change = {"indikator": kode.value, "tahun": tahun, "target": parse_indonesian(target.value)}
                if realisasi.value.strip():
                    change["realisasi"] = parse_indonesian(realisasi.value)
            except ValueError as err:
                print(err)  # shown as text in the output area
                return
            hasil = apply_skenario(indikator, [change], skala)
            hasil = hasil[(hasil["kode_indikator"] == kode.value) & (hasil["tahun"] == tahun)]
            display(style_table(hasil[SCENARIO_COLUMNS]))

    kode.observe(lambda change: (fill(), update()), names="value")
    target.observe(update, names="value")
    realisasi.observe(update, names="value")
    fill()
    update()
    return widgets.VBox([kode, widgets.HBox([target, realisasi]), keluaran])
