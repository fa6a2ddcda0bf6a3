"""The index page of a year's reports, from the Jinja template ``templates/index.html.j2``."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..config import TEMPLATES_DIR
from ..iorw import now_iso, write_text

INDEX_TEMPLATE = "index.html.j2"


@lru_cache(maxsize=1)
def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    return env.get_template(INDEX_TEMPLATE)


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
