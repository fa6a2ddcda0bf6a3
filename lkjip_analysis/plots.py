"""Charts and report tables in one shared theme, titles and numbers in Bahasa Indonesia.

Every chart function takes a DataFrame (the output of an analysis function, see each
docstring for the columns it reads) first and returns a :class:`matplotlib.figure.Figure`;
values are labelled with :mod:`lkjip_analysis.fmt` (``Rp 14,2 M``, ``93,75%``). Call
:func:`set_theme` once; the notebooks do it in their first code cell.

:func:`tabel` styles a DataFrame for a report: Indonesian number formats per column and
every text cell HTML-escaped, so nothing from the data can inject markup.

>>> import pandas as pd
>>> fig = batang_kategori(pd.DataFrame({"kategori": ["A", "B"], "jumlah": [1200, 3]}), judul="Contoh")
>>> [t.get_text() for t in fig.axes[0].texts]
['1.200', '3']
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable, Iterable

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from . import fmt
from .errors import ArgumentError
from .schemas import require_columns

PALET = "colorblind"  # seaborn's colour-blind-safe palette (Okabe-Ito-like)
WARNA = sns.color_palette(PALET)
LEBAR = 9.0  # inches

NAMA_DIMENSI = {
    "golongan": "pangkat/golongan",
    "pendidikan": "tingkat pendidikan",
    "status": "status kepegawaian",
    "jabatan": "jabatan (eselon)",
    "diklat_kepemimpinan": "diklat kepemimpinan",
    "diklat_fungsional": "diklat fungsional",
    "peran_tkpk": "peran dalam TKPK",
    "penempatan_jabatan": "penempatan jabatan se-kota",
}


def set_theme() -> None:
    """The one chart theme of every report: white grid, colour-blind palette, readable sizes."""
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
        },
    )


# --- helpers ---------------------------------------------------------------------------


def _wrap(text, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


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
        ax.bar_label(container, labels=[fmt.MISSING if pd.isna(v) else formatter(v) for v in values],
                     padding=3, fontsize=fontsize)


def _room_for_labels(ax, axis: str = "x", factor: float = 1.18) -> None:
    lo, hi = ax.get_xlim() if axis == "x" else ax.get_ylim()
    (ax.set_xlim if axis == "x" else ax.set_ylim)(lo, hi * factor if hi > 0 else hi)


def _axis_formatter(formatter: Callable[[float], str]) -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: formatter(v))


def _one_agency_year(df: pd.DataFrame) -> str:
    parts = []
    if "instansi" in df.columns and df["instansi"].nunique() == 1:
        parts.append(str(df["instansi"].iloc[0]))
    if "tahun" in df.columns and df["tahun"].nunique() == 1:
        parts.append(str(int(df["tahun"].iloc[0])))
    return f" — {' '.join(parts)}" if parts else ""


# --- generic bars ----------------------------------------------------------------------


def batang_kategori(df: pd.DataFrame, judul: str, kategori: str = "kategori", nilai: str = "jumlah",
                    satuan: str = "orang", hue: str | None = None, persen: str | None = None) -> Figure:
    """Horizontal bars of ``nilai`` per ``kategori`` (optionally split by ``hue``), each labelled."""
    _require(df, [kategori, nilai] + ([hue] if hue else []), "batang_kategori")
    if df.empty:
        return _empty_figure(judul)
    data = df.copy()
    data["_label"] = data[kategori].map(_wrap)
    n = data["_label"].nunique() * (data[hue].nunique() if hue else 1)
    fig, ax = plt.subplots(figsize=(LEBAR, _height(n, 0.38)))
    sns.barplot(data=data, y="_label", x=nilai, hue=hue, ax=ax, orient="h", errorbar=None,
                color=None if hue else WARNA[0], dodge=bool(hue))
    if persen and not hue:
        labels = [f"{fmt.angka(v)} ({fmt.persen(p, 1)})" for v, p in zip(data[nilai], data[persen])]
        ax.bar_label(ax.containers[0], labels=labels, padding=3, fontsize=9)
    else:
        _label_bars(ax, fmt.angka)
    _room_for_labels(ax, "x", 1.25)
    ax.set_title(judul)
    ax.set_xlabel(f"Jumlah ({satuan})")
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(_axis_formatter(fmt.angka))
    if hue:
        ax.legend(title=hue.replace("_", " ").capitalize(), loc="lower right", frameon=True)
    fig.tight_layout()
    return fig


# --- kepegawaian -----------------------------------------------------------------------


def komposisi_pegawai(df: pd.DataFrame, dimensi: str) -> Figure:
    """Staff composition for one dimension, from ``kepegawaian.komposisi``.

    Reads columns ``dimensi, kategori, jumlah`` (and ``persen``, ``sumber`` if present);
    when the source gives a dimension twice (two ``sumber``), both are drawn side by side.
    """
    _require(df, ["dimensi", "kategori", "jumlah"], "komposisi_pegawai")
    data = df[df["dimensi"] == dimensi]
    judul = f"Komposisi pegawai menurut {NAMA_DIMENSI.get(dimensi, dimensi.replace('_', ' '))}{_one_agency_year(data)}"
    several = "sumber" in data.columns and data["sumber"].nunique() > 1
    return batang_kategori(data, judul, hue="sumber" if several else None,
                           persen="persen" if "persen" in data.columns and not several else None)


def penempatan(df: pd.DataFrame) -> Figure:
    """City-wide job placement from ``kepegawaian.penempatan`` (``kategori, jumlah``, ``sumber``)."""
    _require(df, ["kategori", "jumlah"], "penempatan")
    several = "sumber" in df.columns and df["sumber"].nunique() > 1
    return batang_kategori(df, f"Penempatan jabatan se-kota{_one_agency_year(df)}",
                           hue="sumber" if several else None,
                           persen="persen" if "persen" in df.columns and not several else None)


def peran_tkpk(df: pd.DataFrame) -> Figure:
    """Roles of the contract staff (TKPK, Tenaga Kerja dengan Perjanjian Kerja) from ``kepegawaian.peran_tkpk`` (``kategori, jumlah``)."""
    _require(df, ["kategori", "jumlah"], "peran_tkpk")
    return batang_kategori(df, "Peran Tenaga Kerja dengan Perjanjian Kerja (TKPK)")


# --- anggaran --------------------------------------------------------------------------


def anggaran_refocusing(df: pd.DataFrame, tingkat: str = "program") -> Figure:
    """Anggaran murni against perubahan per program or kegiatan, from ``anggaran.refocusing``.

    Reads ``tingkat, program, kegiatan, anggaran_murni, anggaran_perubahan``.
    """
    if tingkat not in ("program", "kegiatan"):
        raise ArgumentError(f"tingkat '{tingkat}' tidak dikenal; gunakan 'program' atau 'kegiatan'")
    _require(df, ["anggaran_murni", "anggaran_perubahan", tingkat], "anggaran_refocusing")
    data = df[df["tingkat"] == tingkat] if "tingkat" in df.columns else df
    judul = f"Anggaran murni dan perubahan per {tingkat}{_one_agency_year(data)}"
    if data.empty:
        return _empty_figure(judul)
    long = data[[tingkat, "anggaran_murni", "anggaran_perubahan"]].melt(id_vars=[tingkat], var_name="versi",
                                                                       value_name="_anggaran").rename(columns={"_anggaran": "anggaran"})
    long["versi"] = long["versi"].map({"anggaran_murni": "Murni", "anggaran_perubahan": "Perubahan"})
    long["_label"] = long[tingkat].map(lambda s: _wrap(s, 45))
    fig, ax = plt.subplots(figsize=(LEBAR, _height(len(long), 0.32)))
    sns.barplot(data=long, y="_label", x="anggaran", hue="versi", ax=ax, orient="h", errorbar=None,
                palette=[WARNA[0], WARNA[1]])
    _label_bars(ax, fmt.rupiah_singkat, fontsize=8)
    _room_for_labels(ax, "x", 1.3)
    ax.set_title(judul)
    ax.set_xlabel("Anggaran (Rp)")
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(_axis_formatter(lambda v: fmt.rupiah_singkat(v, 0)))
    ax.legend(title="Anggaran", loc="lower right", frameon=True)
    fig.tight_layout()
    return fig


def serapan_rekening(df: pd.DataFrame, jenis_baris: Iterable[str] | None = None) -> Figure:
    """Anggaran against realisasi per kode rekening with serapan labelled, from ``anggaran.serapan_rekening``.

    Reads ``kode_rekening, uraian, anggaran, realisasi, serapan`` (and ``jenis_baris``; by
    default only ``rincian`` rows are drawn when any exist, so totals are not drawn twice).
    """
    _require(df, ["uraian", "anggaran", "realisasi"], "serapan_rekening")
    data = df
    if "jenis_baris" in df.columns:
        keep = list(jenis_baris) if jenis_baris is not None else (
            ["rincian"] if (df["jenis_baris"] == "rincian").any() else list(df["jenis_baris"].unique()))
        data = df[df["jenis_baris"].isin(keep)]
    judul = f"Realisasi dan serapan anggaran per kode rekening{_one_agency_year(data)}"
    if data.empty:
        return _empty_figure(judul)
    data = data.copy()
    code = data["kode_rekening"].fillna("") if "kode_rekening" in data.columns else ""
    data["_label"] = (code + " " + data["uraian"].astype(str)).str.strip().map(lambda s: _wrap(s, 40))
    serapan = data["serapan"] if "serapan" in data.columns else data["realisasi"] / data["anggaran"] * 100
    fig, ax = plt.subplots(figsize=(LEBAR, _height(len(data), 0.5)))
    y = range(len(data))
    ax.barh(list(y), data["anggaran"], color=WARNA[0], alpha=0.35, label="Anggaran")
    bars = ax.barh(list(y), data["realisasi"], color=WARNA[0], height=0.5, label="Realisasi")
    ax.bar_label(bars, labels=[f"{fmt.rupiah_singkat(r)} ({fmt.persen(s, 2)})" for r, s in zip(data["realisasi"], serapan)],
                 padding=3, fontsize=8)
    ax.set_yticks(list(y), data["_label"])
    ax.invert_yaxis()
    _room_for_labels(ax, "x", 1.35)
    ax.set_title(judul)
    ax.set_xlabel("Rupiah (label: realisasi dan serapan)")
    ax.xaxis.set_major_formatter(_axis_formatter(lambda v: fmt.rupiah_singkat(v, 0)))
    ax.legend(loc="lower right", frameon=True)
    fig.tight_layout()
    return fig


def capaian_serapan(df: pd.DataFrame) -> Figure:
    """Capaian beside serapan per indicator, from ``anggaran.efisiensi_sasaran`` (``indikator, capaian, serapan``)."""
    _require(df, ["indikator", "capaian", "serapan"], "capaian_serapan")
    return _paired_percent_bars(df, {"capaian": "Capaian kinerja", "serapan": "Serapan anggaran"},
                                "Capaian kinerja dan serapan anggaran per indikator", "Persen (%)",
                                [WARNA[2], WARNA[0]])


# --- capaian ---------------------------------------------------------------------------


def tren_capaian(df: pd.DataFrame, kolom: int = 2) -> Figure:
    """Target against realisasi across the years, one small panel per indicator.

    Reads ``kode_indikator, indikator, tahun, target, realisasi`` (``satuan``, ``capaian`` if
    present), e.g. the output of ``indikator.tabel_capaian``; one row per indicator and year.
    """
    _require(df, ["kode_indikator", "indikator", "tahun", "target", "realisasi"], "tren_capaian")
    judul = "Target dan realisasi per indikator"
    data = df.dropna(subset=["target", "realisasi"], how="all")
    if data.empty:
        return _empty_figure(judul)
    codes = list(dict.fromkeys(data["kode_indikator"]))
    rows = -(-len(codes) // kolom)
    fig, axes = plt.subplots(rows, kolom, figsize=(LEBAR, 3.1 * rows), squeeze=False)
    for ax, code in zip(axes.flat, codes):
        part = data[data["kode_indikator"] == code].sort_values("tahun")
        years = part["tahun"].astype(int)
        for column, colour, marker, name in (("target", WARNA[0], "o", "Target"), ("realisasi", WARNA[1], "s", "Realisasi")):
            ax.plot(years, part[column], marker=marker, color=colour, label=name, lw=2)
            for x, v in zip(years, part[column]):
                if pd.notna(v):
                    ax.annotate(fmt.angka(v), (x, v), textcoords="offset points",
                                xytext=(0, 7 if column == "realisasi" else -13), ha="center", fontsize=8, color=colour)
        satuan = part["satuan"].dropna().iloc[0] if "satuan" in part.columns and part["satuan"].notna().any() else ""
        ax.set_title(_wrap(part["indikator"].iloc[0], 42), fontsize=10)
        ax.set_ylabel(str(satuan))
        ax.set_xticks(sorted(years.unique()))
        ax.margins(x=0.25, y=0.3)
        ax.yaxis.set_major_formatter(_axis_formatter(fmt.angka))
    for ax in axes.flat[len(codes):]:
        ax.set_axis_off()
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncols=2, frameon=False)
    fig.suptitle(judul + _one_agency_year(df.drop(columns=["tahun"], errors="ignore")), fontweight="bold", x=0.02, ha="left")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    return fig


def capaian_indikator(df: pd.DataFrame, kolom_capaian: str = "capaian", kolom_predikat: str | None = "predikat") -> Figure:
    """Capaian per indicator for one year as labelled bars, with the 100% line.

    Reads ``indikator`` and ``kolom_capaian`` (and ``kolom_predikat`` for the label if present).
    """
    _require(df, ["indikator", kolom_capaian], "capaian_indikator")
    data = df.dropna(subset=[kolom_capaian])
    judul = f"Capaian kinerja per indikator{_one_agency_year(data)}"
    if data.empty:
        return _empty_figure(judul)
    fig, ax = plt.subplots(figsize=(LEBAR, _height(len(data), 0.45)))
    y = list(range(len(data)))
    bars = ax.barh(y, data[kolom_capaian], color=WARNA[2])
    predikat = data[kolom_predikat] if kolom_predikat and kolom_predikat in data.columns else [None] * len(data)
    ax.bar_label(bars, labels=[fmt.persen(v) + (f" · {p}" if isinstance(p, str) else "") for v, p in zip(data[kolom_capaian], predikat)],
                 padding=3, fontsize=9)
    ax.set_yticks(y, data["indikator"].map(lambda s: _wrap(s, 45)))
    ax.invert_yaxis()
    ax.axvline(100, color="0.3", lw=1, ls="--")
    _room_for_labels(ax, "x", 1.45)
    ax.set_title(judul)
    ax.set_xlabel("Capaian (%)")
    ax.xaxis.set_major_formatter(_axis_formatter(lambda v: fmt.persen(v, 0)))
    fig.tight_layout()
    return fig


def skenario_capaian(df: pd.DataFrame, baseline: str = "capaian_awal", skenario: str = "capaian_skenario") -> Figure:
    """Baseline against scenario capaian per indicator, from ``skenario.skenario`` (``indikator``,
    ``capaian_awal``, ``capaian_skenario``; pass one year's rows)."""
    _require(df, ["indikator", baseline, skenario], "skenario_capaian")
    return _paired_percent_bars(df, {baseline: "Dasar (dilaporkan)", skenario: "Skenario"},
                                "Capaian: kondisi dasar dan skenario", "Capaian (%)",
                                [WARNA[7] if len(WARNA) > 7 else "0.6", WARNA[3]])


def _paired_percent_bars(df: pd.DataFrame, series: dict[str, str], judul: str, xlabel: str, palette) -> Figure:
    """Horizontal bars of two percent columns per indicator, labelled, with the 100% line."""
    if df.empty:
        return _empty_figure(judul)
    long = df[["indikator", *series]].melt(id_vars=["indikator"], var_name="versi", value_name="persen")
    long["versi"] = long["versi"].map(series)
    long["_label"] = long["indikator"].map(lambda s: _wrap(s, 45))
    fig, ax = plt.subplots(figsize=(LEBAR, _height(len(long), 0.32) + 0.4))
    sns.barplot(data=long, y="_label", x="persen", hue="versi", ax=ax, orient="h", errorbar=None, palette=palette)
    _label_bars(ax, lambda v: fmt.persen(v, 2), fontsize=8)
    ax.axvline(100, color="0.3", lw=1, ls="--")
    _room_for_labels(ax, "x", 1.2)
    ax.set_title(judul)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(_axis_formatter(lambda v: fmt.persen(v, 0)))
    ax.legend(title="", loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


# --- tables ----------------------------------------------------------------------------

RUPIAH_KOLOM = {"anggaran", "anggaran_murni", "anggaran_perubahan", "perubahan_rp", "sisa", "pagu",
                "sisa_dilaporkan", "realisasi_rp"}
PERSEN_KOLOM = {"persen", "capaian", "capaian_dilaporkan", "serapan", "efisiensi", "perubahan_persen",
                "capaian_akhir", "persen_realisasi_dilaporkan", "efisiensi_dilaporkan", "delta_capaian",
                "capaian_awal", "capaian_skenario", "selisih_capaian"}
def _is_year(column) -> bool:
    """Year columns (tahun, tahun_akhir, tahun_terakhir, ...) print without separators."""
    return str(column).startswith("tahun") and str(column) != "sisa_tahun"


def _formatter(column: str, rupiah: set, persen: set) -> Callable[[object], str]:
    if column in rupiah:
        return fmt.rupiah
    if column in persen:
        return lambda v: fmt.persen(v, 2)
    if _is_year(column):
        return lambda v: fmt.MISSING if pd.isna(v) else str(int(v))
    return lambda v: fmt.angka(v)


def tabel(df: pd.DataFrame, rupiah: Iterable[str] = (), persen: Iterable[str] = (), judul: str | None = None,
          kolom: dict[str, str] | None = None, indeks: bool = False):
    """A report table: Indonesian numbers, HTML-escaped text, readable column names.

    Columns in ``rupiah`` (plus the usual rupiah names: anggaran*, perubahan_rp, sisa, and
    ``realisasi`` when the frame has an ``anggaran*`` column) show as ``Rp 1.234``; columns in
    ``persen`` (plus capaian, serapan, efisiensi, persen, ...) as ``93,75%``; other numbers as
    ``1.234,5``; years unformatted. ``kolom`` renames columns for display.

    >>> html_text = tabel(pd.DataFrame({"uraian": ["<b>x</b>"], "anggaran": [1500000.0], "capaian": [93.75]})).to_html()
    >>> "Rp 1.500.000" in html_text, "93,75%" in html_text, "<b>" in html_text, "&lt;b&gt;" in html_text
    (True, True, False, True)
    """
    rupiah_cols = set(rupiah) | (RUPIAH_KOLOM & set(df.columns))
    if any(str(c).startswith(("anggaran", "pagu")) for c in df.columns) and "realisasi" in df.columns:
        rupiah_cols.add("realisasi")
    persen_cols = (set(persen) | (PERSEN_KOLOM & set(df.columns))) - set(rupiah)
    rupiah_cols -= set(persen)
    shown = df.reset_index(drop=not indeks)
    names = {c: (kolom or {}).get(c, str(c).replace("_", " ")) for c in shown.columns}
    formats = {}
    for c in shown.columns:
        if pd.api.types.is_bool_dtype(shown[c]):
            formats[c] = lambda v: fmt.MISSING if pd.isna(v) else ("ya" if v else "tidak")
        elif pd.api.types.is_numeric_dtype(shown[c]):
            formats[c] = _formatter(c, rupiah_cols, persen_cols)
        else:
            formats[c] = lambda v: fmt.MISSING if v is None or (not isinstance(v, str) and pd.isna(v)) else html.escape(str(v))
    styler = shown.rename(columns=names).style
    styler = styler.format({names[c]: f for c, f in formats.items()}, na_rep=fmt.MISSING)
    styler = styler.format_index(lambda v: html.escape(str(v)), axis=1).hide(axis="index")
    numeric = [names[c] for c in shown.columns if pd.api.types.is_numeric_dtype(shown[c])
               and not pd.api.types.is_bool_dtype(shown[c]) and not _is_year(c)]
    styler = styler.set_properties(subset=numeric, **{"text-align": "right"}) if numeric else styler
    styler = styler.set_table_styles([
        {"selector": "th", "props": [("text-align", "left"), ("background-color", "#f2f2f2")]},
        {"selector": "td, th", "props": [("padding", "4px 8px"), ("border-bottom", "1px solid #ddd")]},
    ])
    if judul:
        styler = styler.set_caption(html.escape(judul))
    return styler


def kontrol_skenario(indikator: pd.DataFrame, tahun: int | None = None):
    """Interactive what-if controls for JupyterLab (ipywidgets): pick an indicator, set target and
    realisasi, see baseline against scenario. Static reports drop this cell (tag ``hanya-lab``)
    and show the parameter-driven tables instead."""
    import ipywidgets as widgets
    from IPython.display import display

    from .skenario import skenario as hitung_skenario

    dasar = hitung_skenario(indikator, [])
    tahun = int(dasar["tahun"].max()) if tahun is None else int(tahun)
    dasar = dasar[(dasar["tahun"] == tahun) & dasar["target_awal"].notna()]
    if dasar.empty:
        return widgets.HTML("<p>Tidak ada indikator terukur untuk tahun ini.</p>")
    pilihan = [(f"{r.indikator} ({r.kode_indikator})", r.kode_indikator) for r in dasar.itertuples()]
    kode = widgets.Dropdown(options=pilihan, description="Indikator", layout={"width": "95%"})
    target = widgets.FloatText(description="Target")
    realisasi = widgets.FloatText(description="Realisasi")
    keluaran = widgets.Output()

    def isi(_change=None):
        baris = dasar[dasar["kode_indikator"] == kode.value].iloc[0]
        target.value = float(baris["target_awal"]) if pd.notna(baris["target_awal"]) else 0.0
        realisasi.value = float(baris["realisasi_awal"]) if pd.notna(baris["realisasi_awal"]) else 0.0

    def hitung(_change=None):
        hasil = hitung_skenario(indikator, [{"indikator": kode.value, "tahun": tahun,
                                              "target": target.value, "realisasi": realisasi.value}])
        hasil = hasil[(hasil["kode_indikator"] == kode.value) & (hasil["tahun"] == tahun)]
        keluaran.clear_output(wait=True)
        with keluaran:
            display(tabel(hasil[["indikator", "target_awal", "realisasi_awal", "capaian_awal", "predikat_awal",
                                 "target_skenario", "realisasi_skenario", "capaian_skenario", "predikat_skenario"]]))

    kode.observe(lambda c: (isi(), hitung()), names="value")
    target.observe(hitung, names="value")
    realisasi.observe(hitung, names="value")
    isi()
    hitung()
    return widgets.VBox([kode, widgets.HBox([target, realisasi]), keluaran])


def angka_kunci(capaian: pd.DataFrame, rekening: pd.DataFrame | None = None,
                kepegawaian: pd.DataFrame | None = None) -> pd.DataFrame:
    """Key figures for an executive summary, formatted: indicators measured, mean capaian, count
    per predikat (from ``indikator.tabel_capaian`` of one year), budget, realisasi and serapan
    (the ``total`` row of ``anggaran.serapan_rekening``), staff (the ``total`` rows of the raw
    kepegawaian table, dimension golongan)."""
    rows: list[tuple[str, str]] = []
    measured = capaian.dropna(subset=["capaian"]) if "capaian" in capaian.columns else capaian.iloc[0:0]
    rows.append(("Indikator terukur", fmt.angka(len(measured))))
    if len(measured):
        rows.append(("Rata-rata capaian", fmt.persen(measured["capaian"].mean(), 2)))
        for predikat, n in measured["predikat"].value_counts().items():
            rows.append((f"Indikator berpredikat {predikat}", fmt.angka(n)))
    if rekening is not None and "jenis_baris" in rekening.columns:
        total = rekening[rekening["jenis_baris"] == "total"]
        if len(total):
            t = total.iloc[0]
            rows += [("Anggaran (perubahan)", fmt.rupiah(t["anggaran"])), ("Realisasi", fmt.rupiah(t["realisasi"])),
                     ("Serapan anggaran", fmt.persen(t["serapan"], 2)), ("Sisa anggaran", fmt.rupiah(t["sisa"]))]
    if kepegawaian is not None and {"dimensi", "jenis_baris", "jumlah"} <= set(kepegawaian.columns):
        total = kepegawaian[(kepegawaian["dimensi"] == "golongan") & (kepegawaian["jenis_baris"] == "total")]
        if len(total):
            rows.append(("Pegawai negeri sipil (PNS)", f"{fmt.angka(total['jumlah'].iloc[0])} orang"))
    return pd.DataFrame(rows, columns=["ukuran", "nilai"])
