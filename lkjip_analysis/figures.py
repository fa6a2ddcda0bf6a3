"""Figures: every chart of the reports, in one shared theme, titles and numbers in Bahasa Indonesia.

Every ``plot_<thing>`` takes a DataFrame (the output of an analysis function, see each
docstring for the columns it reads) first and returns a :class:`matplotlib.figure.Figure`;
values are labelled with :mod:`lkjip_analysis.fmt` (``Rp 14,2 M``, ``93,75%``). Call
:func:`set_theme` once; the notebooks do it in their first code cell.

>>> import pandas as pd
>>> fig = plot_bars(pd.DataFrame({"kategori": ["A", "B"], "jumlah": [1200, 3]}), judul="Contoh")
>>> [t.get_text() for t in fig.axes[0].texts]
['1.200', '3']
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import fmt
from .errors import ArgumentError
from .labels import dimension_label
from .utils import require_columns

PALET = "colorblind"  # seaborn's colour-blind-safe palette (Okabe-Ito-like)
WARNA = sns.color_palette(PALET)
LEBAR = 9.0  # inches
MAX_BARS = 25  # rows of a bar chart; a longer table is charted by its largest rows


def set_theme() -> None:
    """The one chart theme of every report: white grid, colour-blind palette, readable sizes.

    >>> set_theme()
    >>> import matplotlib
    >>> matplotlib.rcParams["axes.spines.top"]
    False
    """
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=PALET,
        rc={
            "figure.figsize": (LEBAR, 4.8),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "legend.title_fontsize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.autolayout": False,
            "svg.fonttype": "none",  # text in SVG charts stays text: sharp, small, selectable
        },
    )


# --- helpers ---------------------------------------------------------------------------


def _plain(text) -> str:
    """Text from the data as plain text in a chart: a ``$`` never starts matplotlib's math mode."""
    return str(text).replace("$", r"\$")


def _wrap(text, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(_plain(text), width)) or _plain(text)


def _wrap_lines(text, width: int, lines: int) -> str:
    """``text`` wrapped to ``width`` and cut to ``lines`` lines (the table beside holds the full text)."""
    parts = textwrap.wrap(_plain(text), width) or [_plain(text)]
    return "\n".join([*parts[:lines - 1], textwrap.shorten(" ".join(parts[lines - 1:]), width, placeholder=" …")]
                     if len(parts) > lines else parts)  # fmt: skip


def _require(df: pd.DataFrame, columns: Iterable[str], fungsi: str) -> None:
    require_columns(df, columns, "df", f"; dibutuhkan oleh {fungsi}()")


def _empty_figure(judul: str) -> Figure:
    fig, ax = plt.subplots(figsize=(LEBAR, 1.6))
    ax.set_axis_off()
    ax.set_title(judul)
    ax.text(0.5, 0.4, "Tidak ada data untuk ditampilkan.", ha="center", va="center", transform=ax.transAxes)
    return fig


def _height(n_bars: int, per_bar: float = 0.45, minimum: float = 2.6) -> float:
    return max(minimum, 1.4 + per_bar * n_bars)


def _label_bars(ax, formatter: Callable[[float], str], fontsize: float = 9) -> None:
    for container in ax.containers:
        values = getattr(container, "datavalues", None)
        if values is None:
            continue
        ax.bar_label(
            container,
            labels=[fmt.MISSING if pd.isna(v) else formatter(v) for v in values],
            padding=3,
            fontsize=fontsize,
        )


def _room_for_labels(ax, axis: str = "x", factor: float = 1.18) -> None:
    lo, hi = ax.get_xlim() if axis == "x" else ax.get_ylim()
    (ax.set_xlim if axis == "x" else ax.set_ylim)(lo, hi * factor if hi > 0 else hi)


_UNITS = ((1e12, "T"), (1e9, "M"), (1e6, "jt"), (1e3, "rb"))


def rupiah_axis(values) -> tuple[MaxNLocator, Callable[[float], str]]:
    """A tick locator that picks round values in the chart's unit (T, M, jt, rb, chosen by the largest
    value) and a formatter that shows each tick exactly: ``Rp 2,5 M``, never a rounded ``Rp 2 M``.

    >>> _, label = rupiah_axis([14_231_127_419])
    >>> label(2_500_000_000), label(0)
    ('Rp 2,5 M', 'Rp 0')
    """
    peak = max((abs(float(v)) for v in values if pd.notna(v)), default=0.0)
    scale, unit = next(((s, u) for s, u in _UNITS if peak >= s), (1.0, ""))

    def label(v: float) -> str:
        return "Rp 0" if v == 0 else f"Rp {fmt.number(v / scale)}" + (f" {unit}" if unit else "")

    return MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]), label


def _percent_axis(ax, values, room: float) -> None:
    """A percentage axis from 0 (below only when a value is negative) with room for the labels."""
    values = [float(v) for v in values if pd.notna(v)]
    low, high = min([0.0, *values]), max([100.0, *values])
    ax.set_xlim(low * room if low < 0 else 0, high * room)


def _finish(
    fig: Figure,
    ax,
    judul: str,
    xlabel: str,
    formatter: Callable[[float], str],
    legend: dict | None = None,
    locator=None,
) -> Figure:
    """The one finish of every single-axes chart: title, x label, tick locator and formatter, legend,
    layout."""
    ax.set_title(judul)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    if locator is not None:
        ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: formatter(v)))
    if legend is not None and legend.pop("below", False):  # under the chart, below the axis label
        ax.figure.legend(*ax.get_legend_handles_labels(), loc="lower center", frameon=False,
                         ncols=legend.get("ncol", 2), title=legend.get("title") or None)  # fmt: skip
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        fig.tight_layout(rect=(0, 0.45 / fig.get_figheight(), 1, 1))
    else:
        if legend is not None:
            ax.legend(**{"frameon": True, **legend})
        fig.tight_layout()
    _fit_title(fig, ax)
    return fig


def _fit_title(fig: Figure, ax, margin: float = 0.01) -> None:
    """Keep the title inside the figure after the layout pass, which cannot narrow a title wider than
    the space above the axes: such a title moves sideways just enough (and gets smaller only if it
    is wider than the figure), so the chart is complete as laid out and is saved without a second,
    cropping layout pass. Measuring one title reuses the layout's renderer."""
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else None
    title = ax.title
    if renderer is None or not title.get_text():
        return
    box = title.get_window_extent(renderer)
    left, right = margin * fig.bbox.width, (1 - margin) * fig.bbox.width
    if box.x0 >= left and box.x1 <= right:
        return
    if box.width > right - left:
        title.set_fontsize(title.get_fontsize() * (right - left) / box.width)
        box = title.get_window_extent(renderer)
    shift = (right - box.x1) if box.x1 > right else (left - box.x0) if box.x0 < left else 0.0
    title.set_x(title.get_position()[0] + shift / ax.bbox.width)


def _one_agency_year(df: pd.DataFrame) -> str:
    parts = []
    if "instansi" in df.columns and df["instansi"].nunique() == 1:
        parts.append(str(df["instansi"].iloc[0]))
    if "tahun" in df.columns and df["tahun"].nunique() == 1:
        parts.append(str(int(df["tahun"].iloc[0])))
    return f"\n{_wrap(' '.join(parts), 80)}" if parts else ""  # _wrap keeps it plain text


# --- generic bars ----------------------------------------------------------------------


def plot_bars(
    df: pd.DataFrame,
    judul: str,
    kategori: str = "kategori",
    nilai: str = "jumlah",
    satuan: str = "orang",
    hue: str | None = None,
    persen: str | None = None,
) -> Figure:
    """Horizontal bars of ``nilai`` per ``kategori`` (optionally split by ``hue``), each labelled.

    >>> df = pd.DataFrame({"kategori": ["S1", "S2"], "jumlah": [30, 12]})
    >>> plot_bars(df, "Pegawai menurut pendidikan").axes[0].get_ylabel() or "ok"
    'ok'
    """
    _require(df, [kategori, nilai] + ([hue] if hue else []), "plot_bars")
    if df.empty:
        return _empty_figure(judul)
    data = df.copy()
    data["_label"] = data[kategori].map(_wrap)
    n = data["_label"].nunique() * (data[hue].nunique() if hue else 1)
    fig, ax = plt.subplots(figsize=(LEBAR, _height(n, 0.38)))
    sns.barplot(
        data=data,
        y="_label",
        x=nilai,
        hue=hue,
        ax=ax,
        orient="h",
        errorbar=None,
        color=None if hue else WARNA[0],
        dodge=bool(hue),
    )
    if persen and not hue:
        labels = [f"{fmt.number(v)} ({fmt.percent(p, 2)})" for v, p in zip(data[nilai], data[persen])]
        ax.bar_label(ax.containers[0], labels=labels, padding=3, fontsize=9)
    else:
        _label_bars(ax, fmt.number)
    _room_for_labels(ax, "x", 1.25)
    legend = {"title": "Sumber", "below": True, "ncol": 1} if hue else None
    locator = MaxNLocator(nbins=6, integer=True) if satuan == "orang" else None
    return _finish(fig, ax, judul, f"Jumlah ({satuan})", fmt.number, legend, locator)


# --- kepegawaian -----------------------------------------------------------------------


def plot_composition(df: pd.DataFrame, dimensi: str) -> Figure:
    """Staff composition for one dimension, from ``kepegawaian.tabulate_composition``.

    Reads columns ``dimensi, kategori, jumlah`` (and ``persen``, ``sumber`` if present);
    when the source gives a dimension twice (two ``sumber``), both are drawn side by side.

    >>> from lkjip_analysis import load_kepegawaian
    >>> from lkjip_analysis.kepegawaian import tabulate_composition
    >>> staff = load_kepegawaian().query("instansi == 'BKPSDM Kota Surakarta'")
    >>> plot_composition(tabulate_composition(staff), "golongan").axes[0].get_title().splitlines()[0]
    'Komposisi pegawai menurut pangkat/golongan'
    """
    _require(df, ["dimensi", "kategori", "jumlah"], "plot_composition")
    data = df[df["dimensi"] == dimensi]
    judul = f"Komposisi pegawai menurut {dimension_label(dimensi)}{_one_agency_year(data)}"
    several = "sumber" in data.columns and data["sumber"].nunique() > 1
    return plot_bars(
        data,
        judul,
        hue="sumber" if several else None,
        persen="persen" if "persen" in data.columns and not several else None,
    )


# --- anggaran --------------------------------------------------------------------------


def plot_refocusing(df: pd.DataFrame, tingkat: str = "program") -> Figure:
    """Anggaran murni against perubahan per program or kegiatan, from ``anggaran.refocusing``.

    Reads ``tingkat, program, kegiatan, anggaran_murni, anggaran_perubahan``.

    >>> from lkjip_analysis import load_anggaran
    >>> from lkjip_analysis.anggaran import compare_refocusing
    >>> fig = plot_refocusing(compare_refocusing(load_anggaran(), 2023), "program")
    >>> fig.axes[0].get_title().splitlines()[0]
    'Anggaran murni dan perubahan per program'
    """
    if tingkat not in ("program", "kegiatan"):
        raise ArgumentError(f"tingkat '{tingkat}' tidak dikenal; gunakan 'program' atau 'kegiatan'")
    _require(df, ["anggaran_murni", "anggaran_perubahan", tingkat], "plot_refocusing")
    data = df[df["tingkat"] == tingkat] if "tingkat" in df.columns else df
    judul = f"Anggaran murni dan perubahan per {tingkat}{_one_agency_year(data)}"
    if data.empty:
        return _empty_figure(judul)
    long = (
        data[[tingkat, "anggaran_murni", "anggaran_perubahan"]]
        .melt(id_vars=[tingkat], var_name="versi", value_name="_anggaran")
        .rename(columns={"_anggaran": "anggaran"})
    )
    long["versi"] = long["versi"].map({"anggaran_murni": "Murni", "anggaran_perubahan": "Perubahan"})
    long["_label"] = long[tingkat].map(lambda s: _wrap(s, 45))
    fig, ax = plt.subplots(figsize=(LEBAR, _height(len(long), 0.32)))
    sns.barplot(
        data=long, y="_label", x="anggaran", hue="versi", ax=ax, orient="h", errorbar=None, palette=[WARNA[0], WARNA[1]]
    )
    _label_bars(ax, fmt.rupiah_short, fontsize=8)
    _room_for_labels(ax, "x", 1.3)
    locator, label = rupiah_axis(long["anggaran"])
    return _finish(fig, ax, judul, "Anggaran (Rp)", label, {"below": True}, locator)


def plot_serapan(df: pd.DataFrame, per: str = "kode rekening", jenis_baris: Iterable[str] | None = None) -> Figure:
    """Anggaran against realisasi per row (kode rekening, program or kegiatan) with serapan labelled, from
    ``anggaran.tabulate_serapan_rekening`` or ``anggaran.tabulate_serapan``.

    Reads ``uraian, anggaran, realisasi`` (``kode_rekening``, ``serapan`` and ``jenis_baris`` if present;
    by default only ``rincian`` rows are drawn when any exist, so totals are not drawn twice).

    >>> from lkjip_analysis import load_anggaran
    >>> from lkjip_analysis.anggaran import tabulate_serapan_rekening
    >>> plot_serapan(tabulate_serapan_rekening(load_anggaran(), 2023)).axes[0].get_title().splitlines()[0]
    'Realisasi dan serapan anggaran per kode rekening'
    """
    _require(df, ["uraian", "anggaran", "realisasi"], "plot_serapan")
    data = df
    if "jenis_baris" in df.columns:
        keep = (
            list(jenis_baris)
            if jenis_baris is not None
            else (["rincian"] if (df["jenis_baris"] == "rincian").any() else list(df["jenis_baris"].unique()))
        )
        data = df[df["jenis_baris"].isin(keep)]
    judul = f"Realisasi dan serapan anggaran per {per}{_one_agency_year(data)}"
    if data.empty:
        return _empty_figure(judul)
    data = data.copy()
    if len(data) > MAX_BARS:  # the largest ones; the table beside lists them all
        data = data.nlargest(MAX_BARS, "anggaran").sort_index()
        judul = judul.replace(f"per {per}", f"per {per} ({MAX_BARS} anggaran terbesar)", 1)
    code = data["kode_rekening"].fillna("") if "kode_rekening" in data.columns else ""
    data["_label"] = (code + " " + data["uraian"].astype(str)).str.strip().map(lambda s: _wrap_lines(s, 48, 3))
    serapan = data["serapan"] if "serapan" in data.columns else data["realisasi"] / data["anggaran"] * 100
    lines = int(data["_label"].str.count("\n").sum()) + len(data)
    fig, ax = plt.subplots(figsize=(LEBAR, max(2.6, 2.0 + 0.19 * lines + 0.16 * len(data))))
    y = range(len(data))
    ax.barh(list(y), data["anggaran"], color=WARNA[0], alpha=0.35, label="Anggaran")
    bars = ax.barh(list(y), data["realisasi"], color=WARNA[0], height=0.5, label="Realisasi")
    ax.bar_label(
        bars,
        labels=[f"{fmt.rupiah_short(r)} ({fmt.percent(s, 2)})" for r, s in zip(data["realisasi"], serapan)],
        padding=3,
        fontsize=8,
    )
    ax.set_yticks(list(y), data["_label"])
    ax.invert_yaxis()
    _room_for_labels(ax, "x", 1.35)
    locator, label = rupiah_axis(data["anggaran"])
    return _finish(fig, ax, judul, "Rupiah (label: realisasi dan serapan)", label, {"below": True}, locator)


def plot_capaian_serapan(df: pd.DataFrame) -> Figure:
    """Capaian beside serapan per indicator, from ``anggaran.efisiensi_sasaran`` (``indikator, capaian, serapan``).

    >>> from lkjip_analysis import load_anggaran, load_indikator
    >>> from lkjip_analysis.anggaran import compare_capaian_serapan
    >>> e = compare_capaian_serapan(load_indikator(), load_anggaran()).dropna(subset=["capaian", "serapan"])
    >>> plot_capaian_serapan(e).axes[0].get_title()
    'Capaian kinerja dan serapan anggaran per indikator'
    """
    _require(df, ["indikator", "capaian", "serapan"], "plot_capaian_serapan")
    return _paired_percent_bars(
        df,
        {"capaian": "Capaian kinerja", "serapan": "Serapan anggaran"},
        "Capaian kinerja dan serapan anggaran per indikator",
        "Persen (%)",
        [WARNA[2], WARNA[0]],
    )


# --- capaian ---------------------------------------------------------------------------


def plot_capaian_trend(df: pd.DataFrame, kolom: int = 2, judul: str = "Target dan realisasi per indikator") -> Figure:
    """Target against realisasi across the years, one small panel per indicator.

    Reads ``kode_indikator, indikator, tahun, target, realisasi`` (``satuan``, ``capaian`` if
    present), e.g. the output of ``indikator.tabel_capaian``; one row per indicator and year.

    >>> from lkjip_analysis import load_indikator
    >>> from lkjip_analysis.indikator import tabulate_capaian
    >>> c = tabulate_capaian(load_indikator()).query("instansi == 'BKPSDM Kota Surakarta'")
    >>> plot_capaian_trend(c, judul="Tren")._suptitle.get_text().splitlines()[0]
    'Tren'
    """
    _require(df, ["kode_indikator", "indikator", "tahun", "target", "realisasi"], "plot_capaian_trend")
    data = df.dropna(subset=["target", "realisasi"], how="all")
    if data.empty:
        return _empty_figure(judul)
    codes = list(dict.fromkeys(data["kode_indikator"]))
    rows = -(-len(codes) // kolom)
    fig, axes = plt.subplots(rows, kolom, figsize=(LEBAR, 3.1 * rows), squeeze=False)
    for ax, code in zip(axes.flat, codes):
        part = data[data["kode_indikator"] == code].sort_values("tahun")
        years = part["tahun"].astype(int)
        for column, colour, marker, name in (
            ("target", WARNA[0], "o", "Target"),
            ("realisasi", WARNA[1], "s", "Realisasi"),
        ):
            ax.plot(years, part[column], marker=marker, color=colour, label=name, lw=2)
            for x, v in zip(years, part[column]):
                if pd.notna(v):
                    ax.annotate(
                        fmt.number(v),
                        (x, v),
                        textcoords="offset points",
                        xytext=(5, 5) if column == "realisasi" else (-5, -12),
                        ha="left" if column == "realisasi" else "right",
                        fontsize=8,
                        color=colour,
                    )
        satuan = part["satuan"].dropna().iloc[0] if "satuan" in part.columns and part["satuan"].notna().any() else ""
        ax.set_title(_wrap(part["indikator"].iloc[0], 42), fontsize=10)
        ax.set_ylabel(str(satuan))
        ax.set_xticks(sorted(years.unique()))
        ax.margins(x=0.3, y=0.35)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.number(v)))
    for ax in axes.flat[len(codes) :]:
        ax.set_axis_off()
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=2, frameon=False)
    fig.suptitle(
        judul + _one_agency_year(df.drop(columns=["tahun"], errors="ignore")), fontweight="bold", x=0.02, ha="left"
    )
    title_lines = fig._suptitle.get_text().count("\n") + 1
    fig.tight_layout(rect=(0, 0.35 / fig.get_figheight(), 1, 1 - (0.3 * title_lines + 0.1) / fig.get_figheight()))
    return fig


def plot_capaian(df: pd.DataFrame, kolom_capaian: str = "capaian", kolom_predikat: str | None = "predikat") -> Figure:
    """Capaian per indicator for one year as labelled bars, with the 100% line.

    Reads ``indikator`` and ``kolom_capaian`` (and ``kolom_predikat`` for the label if present).

    >>> from lkjip_analysis import load_indikator
    >>> from lkjip_analysis.indikator import tabulate_capaian
    >>> c = tabulate_capaian(load_indikator()).query("instansi == 'BKPSDM Kota Surakarta' and tahun == 2023")
    >>> plot_capaian(c.dropna(subset=["capaian"])).axes[0].get_title().splitlines()[0]
    'Capaian kinerja per indikator'
    """
    _require(df, ["indikator", kolom_capaian], "plot_capaian")
    data = df.dropna(subset=[kolom_capaian])
    judul = f"Capaian kinerja per indikator{_one_agency_year(data)}"
    if data.empty:
        return _empty_figure(judul)
    fig, ax = plt.subplots(figsize=(LEBAR, _height(len(data), 0.45)))
    y = list(range(len(data)))
    ax.barh(y, data[kolom_capaian], color=WARNA[2])
    predikat = data[kolom_predikat] if kolom_predikat and kolom_predikat in data.columns else [None] * len(data)
    labels = [
        fmt.percent(v, 2) + (f" · {p}" if isinstance(p, str) else "") for v, p in zip(data[kolom_capaian], predikat)
    ]
    for i, (value, text) in enumerate(zip(data[kolom_capaian], labels)):
        anchor = max(float(value), 0.0)  # a negative bar is labelled right of zero, never over the axis labels
        ax.annotate(text, (anchor, i), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_yticks(y, data["indikator"].map(lambda s: _wrap(s, 45)))
    ax.invert_yaxis()
    ax.axvline(100, color="0.3", lw=1, ls="--")
    ax.axvline(0, color="0.5", lw=0.8)
    _percent_axis(ax, data[kolom_capaian], 1.5)
    return _finish(fig, ax, judul, "Capaian (%)", lambda v: fmt.percent(v, 0), locator=MaxNLocator(nbins=6))


def plot_skenario(df: pd.DataFrame, baseline: str = "capaian_awal", skenario: str = "capaian_skenario") -> Figure:
    """Baseline against scenario capaian per indicator, from ``skenario.skenario`` (``indikator``,
    ``capaian_awal``, ``capaian_skenario``; pass one year's rows).

    >>> from lkjip_analysis import load_indikator
    >>> from lkjip_analysis.skenario import apply_skenario, default_skenario
    >>> ind = load_indikator().query("instansi == 'BKPSDM Kota Surakarta'")
    >>> result = apply_skenario(ind, default_skenario(ind, 2023)).query("tahun == 2023")
    >>> plot_skenario(result).axes[0].get_title()
    'Capaian: kondisi dasar dan skenario'
    """
    _require(df, ["indikator", baseline, skenario], "plot_skenario")
    return _paired_percent_bars(
        df,
        {baseline: "Dasar (dihitung ulang)", skenario: "Skenario"},
        "Capaian: kondisi dasar dan skenario",
        "Capaian (%)",
        [WARNA[7] if len(WARNA) > 7 else "0.6", WARNA[3]],
    )


def _paired_percent_bars(df: pd.DataFrame, series: dict[str, str], judul: str, xlabel: str, palette) -> Figure:
    """Horizontal bars of two percent columns per indicator, labelled, with the 100% line."""
    if df.empty:
        return _empty_figure(judul)
    long = df[["indikator", *series]].melt(id_vars=["indikator"], var_name="versi", value_name="persen")
    long["versi"] = long["versi"].map(series)
    long["_label"] = long["indikator"].map(lambda s: _wrap(s, 45))
    fig, ax = plt.subplots(figsize=(LEBAR, _height(len(long), 0.32) + 0.4))
    sns.barplot(data=long, y="_label", x="persen", hue="versi", ax=ax, orient="h", errorbar=None, palette=palette)
    _label_bars(ax, lambda v: fmt.percent(v, 2), fontsize=8)
    ax.axvline(100, color="0.3", lw=1, ls="--")
    _percent_axis(ax, long["persen"], 1.25)
    return _finish(fig, ax, judul, xlabel, lambda v: fmt.percent(v, 0), {"below": True}, MaxNLocator(nbins=6))


# --- checks ----------------------------------------------------------------------------


def _texts(fig: Figure) -> list:
    """Every visible, non-empty text of a figure a reader must be able to read: titles, axis labels,
    tick labels inside the view, value labels, legend entries."""
    out = [t for t in (fig._suptitle,) if t is not None]
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            out += [ax.title, *list(ax.texts)]
            continue
        out += [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            for tick in axis.get_major_ticks():
                if tick.label1.get_visible() and lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    out.append(tick.label1)
        if ax.get_legend() is not None:
            out += list(ax.get_legend().get_texts())
    for legend in fig.legends:
        out += list(legend.get_texts())
    return [t for t in out if t.get_visible() and t.get_text().strip()]


def text_problems(fig: Figure, tolerance: float = 1.0) -> list[str]:
    """Texts of ``fig`` that overlap another text or leave the figure, measured with matplotlib's own
    text extents after drawing; empty when every label is readable.

    >>> fig, ax = plt.subplots()
    >>> _ = ax.text(0.5, 0.5, "satu"), ax.text(0.5, 0.5, "dua")
    >>> text_problems(fig)
    ["'satu' menimpa 'dua'"]
    >>> plt.close(fig)
    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text().replace("\n", " "), t.get_window_extent(renderer)) for t in _texts(fig)]
    frame = fig.bbox
    problems = []
    for i, (text, box) in enumerate(boxes):
        if (
            box.x0 < frame.x0 - tolerance
            or box.x1 > frame.x1 + tolerance
            or box.y0 < frame.y0 - tolerance
            or (box.y1 > frame.y1 + tolerance)
        ):
            problems.append(f"'{text}' keluar dari gambar")
        for other, other_box in boxes[i + 1 :]:
            overlap_x = min(box.x1, other_box.x1) - max(box.x0, other_box.x0)
            overlap_y = min(box.y1, other_box.y1) - max(box.y0, other_box.y0)
            if overlap_x > tolerance and overlap_y > tolerance:
                problems.append(f"'{text}' menimpa '{other}'")
    return problems
