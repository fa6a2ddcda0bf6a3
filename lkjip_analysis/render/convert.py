"""HTML post-processing: an executed notebook becomes a report page.

Report mode drops code, the ``parameters`` / ``injected-parameters`` cells, cells tagged
``hanya-lab`` and stderr output (``with_code=True`` keeps the code for analysts); the
agency/year line goes under the title and the provenance at the bottom. The ``lkjip``
template is nbconvert's ``lab`` template without require.js, MathJax, Mermaid or the widget
manager from a CDN, so a page works offline. Every value from the data is escaped.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from .. import __version__
from ..config import TEMPLATES_DIR
from ..iorw import file_sha256, now_iso
from .plan import Task

TEMPLATE = "lkjip"
REPORT_DROP_TAGS = {"parameters", "injected-parameters", "hanya-lab"}


def provenance(
    task: Task, files: dict[str, str] | None = None, folder: str | None = None, documents: list[str] | None = None
) -> dict:
    """Parameters, the documents (``laporan``) the agency's data comes from, the sha256 of every data file
    read, the package version and the render time.

    ``files`` ({name: sha256}) and ``folder`` are the data files the report read and their directory,
    as the render engine recorded them; by default every file of every table is hashed here."""
    if files is None:
        from ..data import list_tables, table_files
        from ..errors import DataError

        paths = []
        for table in list_tables():
            try:
                paths += table_files(table, task.data_dir or None)
            except DataError:
                continue  # a table the data does not have
        files = {path.name: file_sha256(path) for path in paths}
        folder = str(paths[0].parent) if paths else ""
    return {
        "parameter": task.parameters(),
        "direktori_data": folder or "",
        "berkas_data": dict(files),
        "dokumen": list(documents or []),
        "versi": f"lkjip-analysis {__version__}",
        "waktu_render": now_iso(),
        "notebook": task.notebook.name,
    }


def shown_path(path: str) -> str:
    """A path as a report shows it: relative to the project, never the absolute path of the machine it
    was rendered on (outside the project: its last two parts).

    >>> from lkjip_analysis.config import PROJ_ROOT
    >>> shown_path(str(PROJ_ROOT / "data" / "raw")), shown_path("/home/analis/data/dinas"), shown_path("")
    ('data/raw', '…/data/dinas', '')
    """
    if not path:
        return ""
    from pathlib import Path

    from ..config import PROJ_ROOT

    resolved = Path(path).expanduser().resolve()
    try:
        return resolved.relative_to(PROJ_ROOT).as_posix()
    except ValueError:
        return "…/" + "/".join(resolved.parts[-2:])


def _rows(pairs) -> str:
    return "".join(f"<tr><th>{html.escape(str(k))}</th><td>{v}</td></tr>" for k, v in pairs)


def provenance_html(prov: dict) -> str:
    """The provenance block at the bottom of a report; every value is escaped."""
    params = prov["parameter"]
    shown = {**params, "data_dir": shown_path(params["data_dir"]) or "(data bawaan: data/raw)"}
    shown.pop("grafik_dir", None)
    files = _rows((name, f"<code>sha256:{html.escape(sha)}</code>") for name, sha in prov["berkas_data"].items())
    return (
        '<section class="lkjip-provenans"><h2>Provenans laporan</h2>'
        "<h3>Parameter</h3>"
        f"<table>{_rows((k, html.escape(str(v))) for k, v in shown.items())}</table>"
        + (f"<h3>Dokumen sumber</h3><p>{html.escape('; '.join(prov['dokumen']))}</p>" if prov.get("dokumen") else "")
        + f"<h3>Berkas data ({html.escape(shown_path(prov['direktori_data']))})</h3><table>{files}</table>"
        "<h3>Pembuatan</h3><table>"
        + _rows(
            [
                ("notebook", html.escape(prov["notebook"])),
                ("versi paket", html.escape(prov["versi"])),
                ("waktu render", html.escape(prov["waktu_render"])),
            ]
        )
        + "</table></section>\n"
    )


def prepare(nb, task: Task, prov: dict, titles: tuple | None = None):
    """Turn an executed notebook into the report: drop code-only cells (report mode), add the
    agency/year line under the title and the provenance at the bottom. ``titles``: (stem, title) of the
    sibling reports for the navigation, as the orchestrator read them (default: read here)."""
    import nbformat

    if not task.with_code:
        nb.cells = [c for c in nb.cells if not REPORT_DROP_TAGS & set(c.get("metadata", {}).get("tags", []))]
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [
                    o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                ]
    nb.metadata.pop("widgets", None)  # widget state would pull the widget manager from a CDN
    title_at = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"), -1) + 1
    subtitle = (
        f'<p class="lkjip-subjudul"><strong>{html.escape(task.instansi)}</strong> · Tahun {int(task.tahun)}</p>\n'
    )
    # raw HTML cells, never Markdown: a value from the data (an agency name with a blank line and a
    # link, say) is text in the page, whatever it holds
    raw = {"raw_mimetype": "text/html", "lkjip": True}
    nb.cells.insert(title_at, nbformat.v4.new_raw_cell(subtitle, metadata=dict(raw)))
    nb.cells.append(nbformat.v4.new_raw_cell(provenance_html(prov), metadata=dict(raw)))
    judul = title_of(nb, task.name)
    nb.metadata["title"] = f"{judul} — {task.instansi} {task.tahun}"
    nb.metadata["lkjip"] = {"judul": judul, "instansi": task.instansi, "tahun": int(task.tahun),
                            "navigasi": navigation(task, titles)}  # fmt: skip
    return nb


def titles(folder: str) -> tuple[tuple[str, str], ...]:
    """(stem, first heading) of every report notebook in ``folder``, read as plain JSON."""
    import json
    from pathlib import Path

    out = []
    for path in sorted(Path(folder).glob("[0-9]*.ipynb")):
        if path.name.endswith(".gagal.ipynb"):
            continue
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError, AttributeError):  # a broken notebook fails its own report, not the others
            cells = []
        heading = next((m.group(1).strip() for c in cells if c.get("cell_type") == "markdown"
                        for m in [re.search(r"^#\s+(.+)$", "".join(c.get("source", "")), flags=re.M)] if m), path.stem)  # fmt: skip
        out.append((path.stem, heading))
    return tuple(out)


def navigation(task: Task, siblings: tuple | None = None) -> list[dict]:
    """Links of a report: the index of every agency and year, then its sibling reports (``siblings``: their
    (stem, title), read from the notebooks' folder when not given)."""
    siblings = titles(str(task.notebook.parent)) if siblings is None else siblings
    items = [{"judul": "Indeks semua laporan", "href": "../../index.html", "aktif": False}]
    items += [{"judul": title, "href": f"{stem}.html", "aktif": stem == task.name}
              for stem, title in siblings]  # fmt: skip
    return items


def title_of(nb, default: str) -> str:
    """The first markdown heading of a notebook."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if match:
                return match.group(1).strip()
    return default


@lru_cache(maxsize=2)
def exporter(with_code: bool):
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=not with_code,
        exclude_input_prompt=not with_code,
        exclude_output_prompt=not with_code,
    )


def to_html(nb, with_code: bool) -> str:
    body, _resources = exporter(with_code).from_notebook_node(nb)
    return body
