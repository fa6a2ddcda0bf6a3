"""Report sections: one agency and year loaded once, and one method per section of the notebooks.

Each method shows what its section has (tables, charts, a sentence) with IPython's ``display``;
a section without data says so in one sentence naming what is missing (an HTML paragraph of class
:data:`NO_DATA_CLASS`, which ``lkjip render`` counts to tell a report *tanpa data*). Figures a
finding of the audit concerns carry its footnote marker (``[1]``) and every report can end with
its footnotes. Every value from the data is inserted as escaped text, never as Markdown or HTML.
"""

from __future__ import annotations

import html
from functools import cached_property

import pandas as pd

from . import anggaran as budget
from . import audit as audit_module
from . import indikator, kepegawaian
from .data import load_all
from .declarations import plan_period, scale_for, scale_source
from .errors import ArgumentError
from .labels import dimension_label
from .schemas import PENGUKURAN
from .summary import headlines, stated_averages, summarize_key_figures
from .tables import style_table
from .utils import label_documents

NO_DATA_CLASS = "lkjip-tanpa-data"
"""HTML class of the one sentence a section without data shows."""


class Note:
    """A sentence shown in a report as text (escaped), e.g. why a section is empty."""

    def __init__(self, text: str, css: str = NO_DATA_CLASS):
        self.text, self.css = text, css

    def _repr_html_(self) -> str:
        return f'<p class="{self.css}">{html.escape(self.text)}</p>'

    def __repr__(self) -> str:
        return self.text


class Lines:
    """A list of sentences shown as an HTML list (escaped)."""

    def __init__(self, lines: list[str], css: str = "lkjip-ringkasan"):
        self.lines, self.css = list(lines), css

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines)
        return f'<ul class="{self.css}">{items}</ul>'

    def __repr__(self) -> str:
        return "\n".join(f"- {line}" for line in self.lines)


def _show(*objects) -> None:
    from IPython.display import display

    for obj in objects:
        display(obj)
        if hasattr(obj, "savefig"):  # a figure is shown once, then closed (no second rendering)
            import matplotlib.pyplot as plt

            plt.close(obj)


SAVED_CHARTS: list[str] = []
"""File names of the charts saved into ``grafik_dir`` (the render engine records a report's, so that a
report skipped as unchanged is rendered again when one of its charts is gone)."""


def _chart_name(figure) -> str:
    """A file name for a chart that a person finds: its title in words (``capaian_per_indikator``)."""
    import re

    title = figure._suptitle.get_text() if figure._suptitle else (figure.axes[0].get_title() if figure.axes else "")
    title = title.split("\n")[0]  # without the agency and year
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:60] or "grafik"


class Report:
    """The data of one agency (``instansi``; default: the first in the data) and year (``tahun``;
    default: its latest year with a measurement), from ``data_dir`` (default: the shipped data).

    With ``grafik_dir``, every chart is also saved there as PNG (300 dpi) and SVG, named by the
    report (``laporan``, e.g. ``01``) and its title: ``01_capaian_kinerja_per_indikator.png``."""

    def _show(self, *objects) -> None:
        for obj in objects:
            if self.grafik_dir and hasattr(obj, "savefig"):
                self._save_chart(obj)
        _show(*objects)

    def _save_chart(self, figure) -> None:
        from pathlib import Path

        from .iorw import atomic_write

        name = "_".join(part for part in (self.laporan, _chart_name(figure)) if part)
        while name in self._charts:
            name += "_2"
        self._charts.add(name)
        folder = Path(self.grafik_dir)
        for suffix, options in ((".png", {"dpi": 300}), (".svg", {})):
            atomic_write(folder / f"{name}{suffix}", lambda p, o=options, s=suffix: figure.savefig(
                p, format=s[1:], bbox_inches="tight", **o))  # fmt: skip
            SAVED_CHARTS.append(f"{name}{suffix}")

    def __init__(self, instansi: str = "", tahun: int = 0, data_dir: str = "", grafik_dir: str = "", laporan: str = ""):
        self.grafik_dir, self.laporan, self._charts = grafik_dir, laporan, set()
        tables = load_all(data_dir or None)
        agencies = sorted(tables["indikator"]["instansi"].unique())
        self.instansi = instansi or (agencies[0] if agencies else "")
        if self.instansi not in agencies:
            raise ArgumentError(f"instansi '{self.instansi}' tidak ada di data; pilihan: {', '.join(agencies)}")
        self.tables = {  # with several documents of the agency, every source names its document
            name: label_documents(frame[frame["instansi"] == self.instansi].reset_index(drop=True))
            for name, frame in tables.items()
        }
        ind = self.tables["indikator"]
        years = sorted(int(y) for y in ind.loc[ind["dokumen"] == PENGUKURAN, "tahun"].unique())
        self.tahun = int(tahun) if tahun else (years[-1] if years else int(ind["tahun"].max()))

    # --- shared tables (computed once) -------------------------------------------------------
    @property
    def ind(self) -> pd.DataFrame:
        """Indicator rows up to the report year."""
        return self.tables["indikator"][self.tables["indikator"]["tahun"] <= self.tahun]

    def _of_year(self, table: str) -> pd.DataFrame:
        frame = self.tables[table]
        return frame[frame["tahun"] == self.tahun]

    @cached_property
    def temuan(self) -> pd.DataFrame:
        """The audit's findings on this agency's data (every year)."""
        t = self.tables
        return audit_module.audit_tables(t["indikator"], t["anggaran"], t["kepegawaian"], t["skala"])

    @cached_property
    def notes(self) -> pd.DataFrame:
        """The findings of the report year as numbered footnotes."""
        return audit_module.footnotes(self.temuan, self.instansi, self.tahun)

    @cached_property
    def capaian(self) -> pd.DataFrame:
        """Capaian of every year up to the report year, on the PK basis, with footnote markers."""
        table = indikator.tabulate_capaian(self.ind, self.tables["skala"])
        notes = audit_module.footnotes(self.temuan, self.instansi, self.tahun)
        return table.assign(catatan_audit=audit_module.markers(table, notes))

    @cached_property
    def coverage(self) -> pd.DataFrame:
        table = indikator.tabulate_coverage(self.ind, self.tahun)
        return table.assign(catatan_audit=audit_module.markers(table, self.notes))

    def _year_capaian(self) -> pd.DataFrame:
        return self.capaian[self.capaian["tahun"] == self.tahun]

    def _what(self, thing: str) -> Note:
        return Note(f"Data {self.instansi} tidak memuat {thing} untuk tahun {self.tahun}.")

    # --- indikator ---------------------------------------------------------------------------
    def show_coverage(self) -> None:
        """Cakupan Perjanjian Kinerja: the PK indicators, their targets per document and their status."""
        table = self.coverage
        if table.empty:
            return self._show(self._what("indikator kinerja"))
        docs = [c for c in table.columns if c in indikator.DOKUMEN]
        columns = ["indikator", "satuan", *docs, "target_pengukuran", "realisasi", "capaian_dilaporkan", "status",
                   "catatan_audit"]  # fmt: skip
        table = table.assign(
            indikator=table["indikator"].where(table["induk_indikator"].isna(), "↳ " + table["indikator"])
        )
        legend = "; ".join(f"{status}: {meaning}" for status, meaning in indikator.STATUS_CAKUPAN.items())
        in_pk = table[table["dalam_pk"]]
        if in_pk.empty:
            self._show(Note(f"Data tidak memuat Perjanjian Kinerja {self.tahun}; tabel ini memuat indikator yang diukur "
                       "di Bab III.", css="lkjip-keterangan"))  # fmt: skip
        self._show(style_table(table[columns]), Note(f"Status: {legend}.", css="lkjip-keterangan"))

    def show_capaian_table(self) -> None:
        """Capaian dan predikat: on the PK basis, on the measurement's target beside it, and as reported."""
        table = self._year_capaian()
        if table.empty:
            return self._show(self._what("pengukuran indikator"))
        table = table.assign(
            indikator=table["indikator"].where(table["induk_indikator"].isna(), "↳ " + table["indikator"])
        )
        columns = ["indikator", "satuan", "dasar", "target", "realisasi", "capaian", "asal_capaian", "predikat",
                   "target_tabel", "capaian_tabel", "predikat_tabel", "capaian_dilaporkan", "predikat_dilaporkan",
                   "realisasi_lain", "catatan_audit"]  # fmt: skip
        scale = scale_source(self.tables["skala"], self.instansi, self.tahun)
        levels = scale_for(self.tables["skala"], self.instansi, self.tahun).predikat
        self._show(style_table(table[columns]),
              Note(f"Predikat menurut {scale}: {', '.join(levels)}. Capaian dinilai sebagaimana dicetak (dua desimal); "
                   "capaian yang dicetak tanpa target dan realisasi dipakai sebagaimana dilaporkan (asal: dilaporkan); "
                   "indikator tanpa realisasi tetap tercantum dan tidak ikut dirata-rata. Realisasi lain: angka yang "
                   "disebut bagian lain dokumen untuk indikator dan tahun yang sama, di samping bacaan resminya.",
                   css="lkjip-keterangan"))  # fmt: skip

    def show_capaian_trend(self) -> None:
        """Target and realisasi of every indicator across the years (one panel per indicator)."""
        from .figures import plot_capaian_trend

        year = set(self._year_capaian()["kode_indikator"])  # this year's indicators, across the years
        data = self.capaian[self.capaian["induk_indikator"].isna() & self.capaian["kode_indikator"].isin(year)]
        data = data.dropna(subset=["target", "realisasi"], how="all")
        if data.empty:
            return self._show(self._what("target atau realisasi indikator"))
        data = data.assign(indikator=(data["indikator"] + " " + data["catatan_audit"]).str.strip())
        self._show(plot_capaian_trend(data))

    def show_capaian_chart(self) -> None:
        """Capaian of the report year per indicator, with its predikat."""
        from .figures import plot_capaian

        data = self._year_capaian().dropna(subset=["capaian"])
        if data.empty:
            return self._show(self._what("capaian indikator (target dan realisasi)"))
        data = data.assign(indikator=(data["indikator"] + " " + data["catatan_audit"]).str.strip())
        self._show(plot_capaian(data))

    def show_progress(self) -> None:
        """Progress toward the end-of-plan target, with the status legend."""
        table = indikator.track_progress(self.ind, self.tables["periode"], self.tahun)
        table = table[table["target_akhir"].notna() | table["realisasi_terakhir"].notna()]
        if table["target_akhir"].isna().all():
            return self._show(self._what("target akhir periode rencana (RPJMD/Renstra)"))
        table = table.assign(tahun=self.tahun)
        table = table.assign(catatan_audit=audit_module.markers(table, self.notes))
        plans = []
        for dokumen in dict.fromkeys(
            table.loc[table["target_akhir"].notna(), "dokumen_rencana"].replace("", None).dropna()
        ):
            plan = plan_period(self.tables["periode"], self.instansi, self.tahun, dokumen)
            plans.append(f"{plan[0]} {plan[1]}-{plan[2]}" if plan and plan[0] == dokumen else dokumen)
        period = " dan ".join(plans) or "periode rencana"
        columns = ["indikator", "dokumen_rencana", "tahun_terakhir", "realisasi_terakhir", "tahun_akhir", "target_akhir", "progres",
                   "laju_per_tahun", "kebutuhan_per_tahun", "proyeksi_akhir", "capaian_proyeksi", "status",
                   "keterangan", "catatan_audit"]  # fmt: skip
        self._show(Note(f"Target akhir {period}.", css="lkjip-keterangan"), style_table(table[columns], persen=["progres"]),
              Note(indikator.STATUS_RULE.replace("\n", " "), css="lkjip-keterangan"))  # fmt: skip

    def show_plan_path(self) -> None:
        """Each measured or PK indicator's yearly plan (Renstra/RPJMD) targets beside its realisasi: table and chart."""
        from .figures import plot_capaian_trend

        path = indikator.track_plan_path(self.tables["indikator"], self.tahun)
        ours = set(self.coverage.loc[self.coverage["status"] != indikator.TAMBAHAN, "kode_indikator"])
        ours |= set(self._year_capaian().dropna(subset=["capaian"])["kode_indikator"])
        path = path[path["kode_indikator"].isin(ours)]
        if path["target_rencana"].notna().groupby(path["kode_indikator"]).sum().lt(2).all():
            return self._show(self._what("target tahunan dokumen rencana (Renstra/RPJMD) untuk indikatornya"))
        legend = "; ".join(f"{k}: {v}" for k, v in indikator.POSISI.items())
        chart = plot_capaian_trend(
            path.rename(columns={"target_rencana": "target"}), judul="Jalur target rencana dan realisasi"
        )
        self._show(style_table(path[["indikator", "satuan", "dokumen", "tahun", "target_rencana", "realisasi",
                                     "capaian_rencana", "posisi"]], persen=["capaian_rencana"]),
                   Note(f"Posisi: {legend}.", css="lkjip-keterangan"), chart)  # fmt: skip

    def show_target_revisions(self) -> None:
        """The same indicator's target in every planning document of the report year."""
        table = indikator.compare_targets(self.ind, self.tahun)
        docs = [c for c in table.columns if c in indikator.DOKUMEN]
        if table.empty or len(docs) < 2:
            return self._show(self._what("target indikator dari lebih dari satu dokumen perencanaan"))
        self._show(style_table(table[["indikator", *docs, "perubahan", "perubahan_persen", "direvisi"]]))

    # --- anggaran ----------------------------------------------------------------------------
    @cached_property
    def refocusing(self) -> pd.DataFrame:
        return budget.compare_refocusing(self.tables["anggaran"], self.tahun)

    def show_refocusing(self) -> None:
        """Anggaran murni and perubahan per program and kegiatan, as a table."""
        table = self.refocusing
        if table.empty:
            return self._show(self._what("anggaran murni dan perubahan"))
        self._show(style_table(table[["tingkat", "program", "kegiatan", "anggaran_murni", "anggaran_perubahan",
                                 "perubahan_rp", "perubahan_persen"]]))  # fmt: skip

    def show_refocusing_chart(self, tingkat: str = "program") -> None:
        """Anggaran murni against perubahan for one level (program or kegiatan)."""
        from .figures import plot_refocusing

        data = self.refocusing[self.refocusing["tingkat"] == tingkat]
        if data.empty:
            return self._show(self._what(f"anggaran murni dan perubahan per {tingkat}"))
        self._show(plot_refocusing(data, tingkat))

    @cached_property
    def budget(self) -> pd.DataFrame:
        """The budget figure of record of each funding source in the report year (``anggaran.summarize_budget``)."""
        return budget.summarize_budget(self.tables["anggaran"], self.tahun)

    def serapan(self, per: str) -> pd.DataFrame:
        """Serapan per ``per``: 'kode rekening' (subtotals recomputed), 'program', 'kegiatan' or 'sasaran'."""
        if per == "kode rekening":
            return budget.tabulate_serapan_rekening(self.tables["anggaran"], self.tahun)
        return budget.tabulate_serapan(self.tables["anggaran"], per, self.tahun)

    def show_serapan(self, per: str = "kode rekening") -> None:
        """Realisasi and serapan per kode rekening, program or kegiatan: table and chart."""
        from .figures import plot_serapan

        table = self.serapan(per)
        if table.empty:
            return self._show(self._what(f"anggaran dan realisasi per {per}"))
        columns = [c for c in ["dana", "kode_rekening", "uraian", "jenis_baris", "anggaran", "realisasi", "serapan",
                               "sisa", "efisiensi"] if c in table.columns]  # fmt: skip
        if per != "kode rekening":
            columns.remove("kode_rekening") if "kode_rekening" in columns else None
        relation = budget.relate_to_budget(table, self.budget, per)
        self._show(style_table(table[columns]), plot_serapan(table, per),
                   *([Note(relation, css="lkjip-keterangan")] if relation else []))  # fmt: skip

    def show_capaian_serapan(self) -> None:
        """Capaian of each indicator beside the serapan of the program the source links to it."""
        from .figures import plot_capaian_serapan

        year = self._of_year("anggaran")
        table = budget.compare_capaian_serapan(self.ind[self.ind["tahun"] == self.tahun], year, self.tables["skala"])
        if table.empty:
            why = budget.missing_budget_link(year)
            return self._show(Note(f"Efisiensi {self.tahun} tidak dapat dinilai: {why}."))
        self._show(style_table(table[["indikator", "tautan", "uraian", "pagu", "realisasi", "serapan", "capaian",
                                      "capaian_asal", "selisih", "klasifikasi", "keterangan"]]),
                   Note(budget.KLASIFIKASI_RULE.replace("\n", " "), css="lkjip-keterangan"))  # fmt: skip
        shown = table.dropna(subset=["capaian", "serapan"])
        if len(shown):
            self._show(plot_capaian_serapan(shown))

    # --- kepegawaian -------------------------------------------------------------------------
    def show_staff(self) -> None:
        """One chart per staff dimension the data has, then the numbers behind them."""
        from .figures import plot_composition

        table = kepegawaian.tabulate_composition(self._of_year("kepegawaian"), satu_sumber=True)
        if table.empty:
            return self._show(self._what("komposisi pegawai"))
        for dimensi in dict.fromkeys(table["dimensi"]):
            self._show(plot_composition(table, dimensi))
        shown = table.assign(dimensi=table["dimensi"].map(dimension_label))
        self._show(style_table(shown[["dimensi", "kategori", "jumlah", "persen"]]))

    # --- skenario ----------------------------------------------------------------------------
    def show_skenario(self, skenario=None) -> None:
        """The what-if scenario (a mapping or a YAML path; default: every indicator at its target)."""
        from .figures import plot_skenario
        from .skenario import apply_skenario, default_skenario

        changes = skenario or default_skenario(self.ind, self.tahun)
        if not changes or (isinstance(changes, dict) and not changes.get("perubahan")):
            return self._show(self._what("indikator bertarget"))
        result = apply_skenario(self.ind, changes, self.tables["skala"])
        changed = result[result["berubah"]]
        if changed.empty:
            return self._show(Note("Skenario tidak mengubah target atau realisasi indikator mana pun."))
        self._show(style_table(changed[["tahun", "indikator", "target_awal", "realisasi_awal", "capaian_awal",
                                   "predikat_awal", "target_skenario", "realisasi_skenario", "capaian_skenario",
                                   "predikat_skenario", "delta_capaian"]]))  # fmt: skip
        year = result[(result["tahun"] == self.tahun)].dropna(subset=["capaian_awal", "capaian_skenario"], how="all")
        if len(year):
            self._show(plot_skenario(year))

    def show_batas_realisasi(self) -> None:
        """The realisasi that just reaches each predikat, for every indicator with a target."""
        try:
            table = indikator.tabulate_batas_realisasi(self.ind, self.tahun, self.tables["skala"])
        except ArgumentError:
            table = pd.DataFrame()
        if table.empty:
            return self._show(self._what("target indikator"))
        self._show(style_table(table.drop(columns=["instansi", "tahun", "kode_indikator"])))

    def skenario_widget(self):
        """Interactive what-if controls for JupyterLab."""
        from .widgets import skenario_widget

        return skenario_widget(self.ind, self.tahun, self.tables["skala"])

    # --- export ------------------------------------------------------------------------------
    def export_tables(self) -> dict[str, pd.DataFrame]:
        """Every analysis table of the report with data, by sheet name (for ``lkjip export``)."""
        drop = ["instansi", "kode_indikator", "induk_indikator"]
        progress = indikator.track_progress(self.ind, self.tables["periode"], self.tahun)
        tables = {
            "Cakupan PK": self.coverage,
            "Capaian": self._year_capaian(),
            "Capaian semua tahun": self.capaian,
            "Progres target akhir": progress,
            "Revisi target": indikator.compare_targets(self.ind, self.tahun),
            "Refocusing": self.refocusing,
            "Serapan kode rekening": self.serapan("kode rekening"),
            "Serapan program": self.serapan("program"),
            "Serapan kegiatan": self.serapan("kegiatan"),
            "Kepegawaian": kepegawaian.tabulate_composition(self._of_year("kepegawaian")),
            "Temuan audit": self.notes,
        }
        return {name: t.drop(columns=[c for c in drop if c in t.columns]) for name, t in tables.items() if len(t)}

    # --- ringkasan ---------------------------------------------------------------------------
    def show_headlines(self) -> None:
        """Three to six sentences that lead the executive summary."""
        lines = headlines(self._year_capaian(), self.coverage, self.refocusing, self.budget, self.notes,
                          stated_averages(self._of_year("indikator")))  # fmt: skip
        self._show(Lines(lines) if lines else self._what("indikator, anggaran atau temuan"))

    def show_key_figures(self) -> None:
        """Key figures: PK coverage and reliability first, stated beside recomputed averages, the budget of
        record of each funding source with its scope."""
        table = summarize_key_figures(self._year_capaian(), self.coverage, self.budget, self._of_year("kepegawaian"),
                                      self.notes, stated_averages(self._of_year("indikator")))  # fmt: skip
        scope = budget.describe_budget_scope(self.budget)
        self._show(style_table(table), *([Note(f"Anggaran: {scope}", css="lkjip-keterangan")] if scope else []))

    def show_findings(self) -> None:
        """Every finding of the audit for the report year: about the document first, then most severe first."""
        notes = self.notes
        if notes.empty:
            return self._show(Note("Audit tidak menemukan pertentangan pada data tahun ini.", css="lkjip-keterangan"))
        legend = "; ".join(f"{k}: {v}" for k, v in audit_module.SEVERITY_MEANING.items())
        self._show(style_table(notes[["catatan", "lingkup", "tingkat", "akibat", "jenis", "tabel", "pesan"]]),
              Note(f"Tingkat temuan menurut akibatnya: {legend}.", css="lkjip-keterangan"))  # fmt: skip

    def show_footnotes(self) -> None:
        """The footnotes the markers ([1], [2], ...) in this report refer to."""
        notes = self.notes
        if notes.empty:
            return self._show(Note("Tidak ada catatan audit untuk tahun ini.", css="lkjip-keterangan"))
        lines = [f"{row.catatan} {row.pesan}" for row in notes.drop_duplicates("pesan").itertuples()]
        self._show(Lines(lines, css="lkjip-catatan-kaki"))
