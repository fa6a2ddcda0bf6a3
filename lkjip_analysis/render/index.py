"""The index pages: one per year, and ``reports/index.html`` over every agency and year (failed reports
marked), from the Jinja templates ``templates/index.html.j2`` and ``templates/index_root.html.j2``."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..config import TEMPLATES_DIR
from ..iorw import now_iso, write_text

INDEX_TEMPLATE = "index.html.j2"
ROOT_TEMPLATE = "index_root.html.j2"


@lru_cache(maxsize=2)
def _template(name: str = INDEX_TEMPLATE):
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    return env.get_template(name)


def _heading(cells: list) -> str | None:
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            match = re.search(r"^#\s+(.+)$", "".join(source) if isinstance(source, list) else source, flags=re.M)
            if match:
                return match.group(1).strip()
    return None


def _entries(year_dir: Path) -> list[tuple[str, str, str]]:
    """(agency, title, link) of every report page in the year's agency folders (the executed notebook
    is read as plain JSON: no nbformat, whose import costs seconds)."""
    entries = []
    for page in sorted(year_dir.glob("*/*.html")):
        if page.name.startswith("."):
            continue
        agency, title = page.parent.name, page.stem.replace("_", " ")
        executed = page.with_suffix(".ipynb")
        if executed.exists():
            try:
                nb = json.loads(executed.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                nb = {}
            meta = nb.get("metadata", {})
            agency = meta.get("lkjip", {}).get("instansi") or meta.get("papermill", {}).get("parameters", {}).get(
                "instansi", agency
            )
            title = meta.get("lkjip", {}).get("judul") or _heading(nb.get("cells", [])) or title
        entries.append((str(agency), str(title), page.relative_to(year_dir).as_posix()))
    return entries


def write_index(year_dir: Path) -> Path:
    """``<year_dir>/index.html`` linking every report present in the year's agency folders."""
    entries = _entries(year_dir)
    agencies = [
        (agency, [(t, href) for a, t, href in entries if a == agency]) for agency in sorted({a for a, _, _ in entries})
    ]
    text = _template().render(year=year_dir.name, agencies=agencies, version=__version__, generated=now_iso())
    return write_text(year_dir / "index.html", text + "\n")


def write_root_index(output_dir: Path, years: dict | None = None) -> Path:
    """``<output_dir>/index.html``: every agency and year with a link to each report, failed ones marked
    (a ``.gagal.ipynb`` beside or instead of the page), the Excel workbook where there is one; the years an
    agency's data holds only as comparison columns of a later report (``years``, from
    :func:`.plan.agency_years`) are listed as comparison data, without reports unless some were rendered."""
    from .plan import FAILED_SUFFIX, PEMBANDING, slug

    rows: dict[tuple[str, str], dict] = {}
    for year_dir in sorted(p for p in output_dir.iterdir() if p.is_dir() and p.name.isdigit()):
        titles = {href: (agency, title) for agency, title, href in _entries(year_dir)}
        for folder in sorted(p for p in year_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            pages = sorted(folder.glob("[0-9]*.html"))
            failed = sorted(p.name.removesuffix(FAILED_SUFFIX) for p in folder.glob(f"*{FAILED_SUFFIX}"))
            if not pages and not failed:
                continue
            agency = next((titles[h][0] for h in titles if h.startswith(folder.name + "/")), folder.name)
            reports = [{"judul": titles.get(p.relative_to(year_dir).as_posix(), (agency, p.stem))[1],
                        "href": p.relative_to(output_dir).as_posix(), "gagal": p.stem in failed} for p in pages]  # fmt: skip
            reports += [{"judul": name.replace("_", " "), "href": "", "gagal": True}
                        for name in failed if name not in {p.stem for p in pages}]  # fmt: skip
            workbook = folder / "tabel_analisis.xlsx"
            rows[(agency, year_dir.name)] = {
                "reports": reports, "xlsx": workbook.relative_to(output_dir).as_posix() if workbook.exists() else "",
                "pembanding": False,
            }  # fmt: skip
    names = {slug(agency): agency for agency, _ in rows}
    for agency, kinds in (years or {}).items():
        for year in kinds.get(PEMBANDING, []):
            key = (names.get(slug(agency), agency), str(year))
            rows.setdefault(key, {"reports": [], "xlsx": ""})["pembanding"] = True
    agencies = sorted({a for a, _ in rows})
    table = [(agency, [(year, rows[(agency, year)]) for a, year in sorted(rows) if a == agency]) for agency in agencies]
    text = _template(ROOT_TEMPLATE).render(agencies=table, version=__version__, generated=now_iso())
    return write_text(output_dir / "index.html", text + "\n")
