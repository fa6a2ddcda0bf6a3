"""Report tables: a DataFrame styled with Indonesian number formats, every text cell HTML-escaped.

Nothing from the data can inject markup: text is escaped before it reaches the HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

import pandas as pd

from . import fmt
from .labels import column_label

RUPIAH_KOLOM = {
    "anggaran",
    "anggaran_murni",
    "anggaran_perubahan",
    "perubahan_rp",
    "sisa",
    "pagu",
    "sisa_dilaporkan",
    "realisasi_rp",
}
PERSEN_KOLOM = {
    "persen",
    "capaian",
    "capaian_dilaporkan",
    "serapan",
    "efisiensi",
    "perubahan_persen",
    "capaian_akhir",
    "persen_realisasi_dilaporkan",
    "efisiensi_dilaporkan",
    "delta_capaian",
    "capaian_awal",
    "capaian_skenario",
    "selisih_capaian",
    "capaian_tabel",
    "capaian_proyeksi",
    "progres",
    "persen_dilaporkan",
    "delta_capaian_persen",
    "delta_realisasi_persen",
}


def _is_year(column) -> bool:
    """Year columns (tahun, tahun_akhir, tahun_terakhir, ...) print without separators."""
    return str(column).startswith("tahun") and str(column) != "sisa_tahun"


def _formatter(column: str, rupiah: set, persen: set) -> Callable[[object], str]:
    if column in rupiah:
        return fmt.rupiah
    if column in persen:
        return lambda v: fmt.percent(v, 2)
    if _is_year(column):
        return lambda v: fmt.MISSING if pd.isna(v) else str(int(v))
    return lambda v: fmt.number(v)


def style_table(
    df: pd.DataFrame,
    rupiah: Iterable[str] = (),
    persen: Iterable[str] = (),
    judul: str | None = None,
    kolom: dict[str, str] | None = None,
    indeks: bool = False,
):
    """A report table: Indonesian numbers, HTML-escaped text, readable column names.

    Columns in ``rupiah`` (plus the usual rupiah names: anggaran*, perubahan_rp, sisa, and
    ``realisasi`` when the frame has an ``anggaran*`` column) show as ``Rp 1.234``; columns in
    ``persen`` (plus capaian, serapan, efisiensi, persen, ...) as ``93,75%``; other numbers as
    ``1.234,5``; years unformatted. Column headings come from :mod:`lkjip_analysis.labels`; ``kolom``
    overrides them. Text is left-aligned, numbers right-aligned and never wrapped.

    >>> html_text = style_table(pd.DataFrame({"uraian": ["<b>x</b>"], "anggaran": [1500000.0], "capaian": [93.75]})).to_html()
    >>> "Rp 1.500.000" in html_text, "93,75%" in html_text, "<b>" in html_text, "&lt;b&gt;" in html_text
    (True, True, False, True)
    """
    rupiah_cols = set(rupiah) | (RUPIAH_KOLOM & set(df.columns))
    if any(str(c).startswith(("anggaran", "pagu")) for c in df.columns) and "realisasi" in df.columns:
        rupiah_cols.add("realisasi")
    persen_cols = (set(persen) | (PERSEN_KOLOM & set(df.columns))) - set(rupiah)
    rupiah_cols -= set(persen)
    shown = df.reset_index(drop=not indeks)
    names = {c: (kolom or {}).get(c, column_label(str(c))) for c in shown.columns}
    formats = {}
    for c in shown.columns:
        if pd.api.types.is_bool_dtype(shown[c]):
            formats[c] = lambda v: fmt.MISSING if pd.isna(v) else ("ya" if v else "tidak")
        elif pd.api.types.is_numeric_dtype(shown[c]):
            formats[c] = _formatter(c, rupiah_cols, persen_cols)
        else:
            formats[c] = lambda v: (
                fmt.MISSING if v is None or (not isinstance(v, str) and pd.isna(v)) else html.escape(str(v))
            )
    styler = shown.rename(columns=names).style
    styler = styler.format({names[c]: f for c, f in formats.items()}, na_rep=fmt.MISSING)
    styler = styler.format_index(lambda v: html.escape(str(v)), axis=1).hide(axis="index")
    numeric = [
        names[c]
        for c in shown.columns
        if pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c]) and not _is_year(c)
    ]
    text = [names[c] for c in shown.columns if names[c] not in numeric]
    if numeric:  # numbers right-aligned and never wrapped ("Rp" stays with its number)
        styler = styler.set_properties(subset=numeric, **{"text-align": "right", "white-space": "nowrap"})
    if text:
        styler = styler.set_properties(subset=text, **{"text-align": "left"})
    styler = styler.set_table_styles(
        [
            {"selector": "th", "props": [("text-align", "left"), ("background-color", "#f2f2f2")]},
            {"selector": "td, th", "props": [("padding", "4px 8px"), ("border-bottom", "1px solid #ddd")]},
        ]
    )
    if judul:
        styler = styler.set_caption(html.escape(judul))
    return styler
