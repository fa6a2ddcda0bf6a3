"""Render planning: which notebooks, agencies and years make the tasks of a batch."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..config import DATA_DIR_ENV, NOTEBOOKS_DIR, resolve_data_dir
from ..errors import RenderError

FAILED_SUFFIX = ".gagal.ipynb"
FAILED_LOG_SUFFIX = ".gagal.log"  # a failed report's traceback and messages


@dataclass(frozen=True)
class Task:
    """One report: ``notebook`` rendered for ``instansi`` and ``tahun``."""

    notebook: Path
    instansi: str
    tahun: int
    data_dir: str  # "" = the notebooks' default (data/raw)
    output_dir: Path
    with_code: bool = False

    @property
    def folder(self) -> Path:
        return self.output_dir / str(self.tahun) / slug(self.instansi)

    @property
    def name(self) -> str:
        return self.notebook.stem

    def parameters(self) -> dict:
        """The notebook's parameters; its charts are also saved as files into ``<folder>/grafik``."""
        return {"tahun": self.tahun, "instansi": self.instansi, "data_dir": self.data_dir,
                "grafik_dir": str(self.folder / "grafik")}  # fmt: skip


SLUG_MAX = 80
"""The longest folder name of an agency (file systems allow 255 bytes, and the cache, temporaries and
``.gagal.ipynb`` add to it)."""


def slug(text: str) -> str:
    """A folder name for an agency; a name longer than :data:`SLUG_MAX` is cut at a word and ends with 8
    characters of its sha256, so it stays the same on every run and distinct from other long names (a name
    without any Latin letter or digit is ``instansi-`` and that hash).

    >>> slug("BKPSDM Kota Surakarta"), slug("Dinas Pekerjaan Umum & Penataan Ruang")
    ('bkpsdm-kota-surakarta', 'dinas-pekerjaan-umum-penataan-ruang')
    >>> long = slug("Dinas " + "Sangat Panjang " * 20)
    >>> len(long) <= SLUG_MAX, long.startswith("dinas-sangat-panjang-"), long == slug("Dinas " + "Sangat Panjang " * 20)
    (True, True, True)
    """
    import hashlib

    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    digest = hashlib.sha256(str(text).encode("utf-8")).hexdigest()[:8]
    if not name:  # no Latin letter or digit at all: the hash keeps two such names apart
        return f"instansi-{digest}"
    if len(name) <= SLUG_MAX:
        return name
    head = name[: SLUG_MAX - len(digest) - 1]
    head = head.rsplit("-", 1)[0] if "-" in head[len(head) // 2 :] else head
    return f"{head.rstrip('-')}-{digest}"


def find_notebooks(names: list[str] | None = None, directory: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks to render: all ``NN_*.ipynb`` by default; a name may be a stem, a prefix
    (``01``, ``02_anggaran``) or the path of an ``.ipynb`` file."""
    available = sorted(p for p in directory.glob("[0-9]*.ipynb") if not p.name.endswith(FAILED_SUFFIX))
    if not names:
        if not available:
            raise RenderError(f"tidak ada notebook di {directory}")
        return available
    chosen: list[Path] = []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            chosen.append(path.resolve())
            continue
        matches = [p for p in available if p.stem == name or p.stem.startswith(f"{name}_") or p.stem.startswith(name)]
        if len(matches) != 1:
            listing = ", ".join(p.stem for p in available)
            why = "tidak ditemukan" if not matches else "cocok dengan lebih dari satu notebook"
            raise RenderError(f"notebook '{name}' {why}; pilih salah satu dari: {listing}, atau path berkas .ipynb")
        chosen.append(matches[0])
    return list(dict.fromkeys(chosen))


LAPORAN, PEMBANDING = "laporan", "pembanding"
"""The two kinds of year of an agency: a year it reports on, and a year that appears only as comparison
columns of a later report (fed into trends, listed in the index, not rendered as a report by default)."""


def agency_years(data_dir=None) -> dict[str, dict[str, list[int]]]:
    """Every agency of the indikator table and its years with measurement data (``Pengukuran`` rows), split
    into report years and comparison-only years (:func:`report_years`; reads and validates the tables)."""
    from ..data import load_all

    tables = load_all(data_dir)
    return report_years(tables["indikator"], tables["skala"])


def report_years(indikator, skala) -> dict[str, dict[str, list[int]]]:
    """agency -> {'laporan': years, 'pembanding': years}. A measured year is a report year when the agency
    has a Perjanjian Kinerja or declares its predikat scale for it (both belong to the report of that year);
    an agency with neither reports on its latest measured year. The other measured years are comparison data.

    >>> from lkjip_analysis import load_indikator, load_skala
    >>> report_years(load_indikator(), load_skala())["BKPSDM Kota Surakarta"]
    {'laporan': [2023], 'pembanding': [2022]}
    """
    from ..schemas import PENGUKURAN, PK, PK_PERUBAHAN

    out = {}
    for name, rows in indikator.groupby("instansi"):
        measured = sorted(int(y) for y in rows.loc[rows["dokumen"] == PENGUKURAN, "tahun"].unique())
        if not measured:
            continue
        declared = set(rows.loc[rows["dokumen"].isin([PK, PK_PERUBAHAN]), "tahun"].astype(int))
        declared |= set(skala.loc[skala["instansi"] == name, "tahun"].astype(int)) if len(skala) else set()
        own = [y for y in measured if y in declared] or measured[-1:]
        out[str(name)] = {LAPORAN: own, PEMBANDING: [y for y in measured if y not in own]}
    return out


def select(
    years: dict[str, dict[str, list[int]]], tahun: list[int] | None = None, instansi: list[str] | None = None
) -> list[tuple[str, int]]:
    """(instansi, tahun) pairs from the agencies' years (:func:`agency_years`): by default every agency and
    every year it reports on; ``tahun`` picks years among all measured ones (comparison years too, as the
    user asks), ``instansi`` narrows the agencies. Raises RenderError for a year or agency with no data,
    and for two agencies whose names would share one report folder (:func:`slug`): a report is never
    silently written over another agency's."""
    folders: dict[str, list[str]] = {}
    for name in years:
        folders.setdefault(slug(name), []).append(name)
    clashes = [names for names in folders.values() if len(names) > 1]
    if clashes:
        listed = "; ".join(" dan ".join(repr(n) for n in names) for names in clashes)
        raise RenderError(
            f"nama instansi yang hanya berbeda tanda baca atau huruf besar/kecil akan berbagi satu folder laporan: "
            f"{listed}; samakan penulisannya di data (satu instansi) atau bedakan namanya"
        )
    if instansi:
        unknown = [i for i in instansi if i not in years]
        if unknown:
            raise RenderError(
                f"instansi {', '.join(repr(i) for i in unknown)} tidak ada di data; "
                f"instansi yang ada: {', '.join(sorted(years))}"
            )
        years = {name: years[name] for name in dict.fromkeys(instansi)}
    if not tahun:
        return [(name, y) for name, kinds in sorted(years.items()) for y in kinds[LAPORAN]]
    measured = {name: sorted(kinds[LAPORAN] + kinds[PEMBANDING]) for name, kinds in years.items()}
    pairs = [(name, y) for name, ys in sorted(measured.items()) for y in sorted(set(tahun)) if y in ys]
    missing = sorted({y for y in tahun if not any(y in ys for ys in measured.values())})
    if missing:
        known = sorted({y for ys in measured.values() for y in ys})
        raise RenderError(
            f"tidak ada data untuk tahun {', '.join(map(str, missing))}; tahun yang ada: {', '.join(map(str, known))}"
        )
    return pairs


def plan(data_dir=None, tahun: list[int] | None = None, instansi: list[str] | None = None) -> list[tuple[str, int]]:
    """(instansi, tahun) pairs to render: by default every agency and every year it reports on;
    ``tahun``/``instansi`` narrow it. Raises RenderError for a year or agency with no data."""
    return select(agency_years(data_dir), tahun, instansi)


def notebook_data_dir(data_dir=None) -> str:
    """The ``data_dir`` parameter passed to notebooks: "" for the shipped data, else an absolute path
    (the kernel runs in ``notebooks/``)."""
    if (data_dir is None or str(data_dir) == "") and not os.environ.get(DATA_DIR_ENV):
        return ""
    return str(resolve_data_dir(data_dir).resolve())
