"""Render the parameterised notebooks to offline HTML reports, in batch (``lkjip render``).

One *task* is one notebook for one agency and year. Each task is executed by papermill,
then converted by nbconvert with the ``lkjip`` template (the ``lab`` template without
require.js, MathJax, Mermaid or the widget manager from a CDN), into
``<output_dir>/<tahun>/<instansi-slug>/<notebook>.ipynb`` and ``.html``; every year gets an
``index.html`` linking its reports.

- Report mode drops code, the ``parameters`` / ``injected-parameters`` cells, cells tagged
  ``hanya-lab`` and stderr output; ``with_code=True`` keeps the code for analysts.
- Every value from the data that reaches the HTML written here is escaped.
- A failing task never stops the others; its executed notebook is kept as
  ``<notebook>.gagal.ipynb`` and the previous good report stays until a complete new one
  replaces it (temporary file, then ``os.replace``).

papermill and nbconvert are imported only inside the functions that need them.
"""

from __future__ import annotations

import html
import os
import re
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from . import __version__
from .config import DATA_DIR_ENV, NOTEBOOKS_DIR, REPORTS_DIR, TEMPLATES_DIR, resolve_data_dir
from .errors import RenderError

KERNEL = "python3"
TEMPLATE = "lkjip"
REPORT_DROP_TAGS = {"parameters", "injected-parameters", "hanya-lab"}
FAILED_SUFFIX = ".gagal.ipynb"
FAILED_LOG_SUFFIX = ".gagal.log"  # the kernel's stderr of a failed report


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
        return {"tahun": self.tahun, "instansi": self.instansi, "data_dir": self.data_dir}


@dataclass(frozen=True)
class Result:
    task: Task
    seconds: float
    html: Path | None = None
    error: str | None = None
    failed_notebook: Path | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# --- planning --------------------------------------------------------------------------


def slug(text: str) -> str:
    """A folder name for an agency.

    >>> slug("BKPSDM Kota Surakarta"), slug("Dinas Pekerjaan Umum & Penataan Ruang")
    ('bkpsdm-kota-surakarta', 'dinas-pekerjaan-umum-penataan-ruang')
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "instansi"


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


def plan(data_dir=None, tahun: list[int] | None = None, instansi: list[str] | None = None) -> list[tuple[str, int]]:
    """(instansi, tahun) pairs to render: by default every agency and its latest year in the
    indikator table; ``tahun``/``instansi`` narrow it. Raises RenderError for a year or agency
    with no data."""
    from .data import load_indikator

    ind = load_indikator(data_dir)
    years = {name: sorted(int(y) for y in group["tahun"].unique()) for name, group in ind.groupby("instansi")}
    if instansi:
        unknown = [i for i in instansi if i not in years]
        if unknown:
            raise RenderError(f"instansi {', '.join(repr(i) for i in unknown)} tidak ada di data; "
                              f"instansi yang ada: {', '.join(sorted(years))}")
        years = {name: years[name] for name in instansi}
    if not tahun:
        return [(name, ys[-1]) for name, ys in sorted(years.items())]
    pairs = [(name, y) for name, ys in sorted(years.items()) for y in sorted(set(tahun)) if y in ys]
    missing = sorted({y for y in tahun if not any(y in ys for ys in years.values())})
    if missing:
        known = sorted({y for ys in years.values() for y in ys})
        raise RenderError(f"tidak ada data untuk tahun {', '.join(map(str, missing))}; "
                          f"tahun yang ada: {', '.join(map(str, known))}")
    return pairs


def notebook_data_dir(data_dir=None) -> str:
    """The ``data_dir`` parameter passed to notebooks: "" for the shipped data, else an absolute path
    (the kernel runs in ``notebooks/``)."""
    if (data_dir is None or str(data_dir) == "") and not os.environ.get(DATA_DIR_ENV):
        return ""
    return str(resolve_data_dir(data_dir).resolve())


# --- one report ------------------------------------------------------------------------


def kernel_manager(log_path: Path):
    """A kernel manager whose kernel writes its stderr (ipykernel's start-up warnings) to
    ``log_path`` instead of the terminal."""
    from jupyter_client.manager import AsyncKernelManager, KernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw):
            with open(log_path, "ab") as log:
                kw.setdefault("stderr", log)
                return await KernelManager._async_start_kernel(self, **kw)

    return QuietKernelManager(kernel_name=KERNEL)


def execute(task: Task, output: Path, kernel_log: Path) -> None:
    """Run the notebook through papermill into ``output`` (also written when a cell fails)."""
    import papermill as pm

    pm.execute_notebook(str(task.notebook), str(output), parameters=task.parameters(), kernel_name=KERNEL,
                        progress_bar=False, log_output=False, cwd=str(task.notebook.parent),
                        km=kernel_manager(kernel_log))


def describe_error(err: BaseException) -> str:
    """The failing cell and the error, for the summary."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, PapermillExecutionError):
        first_line = next((line for line in str(err.source).splitlines() if line.strip()), "")
        return f"sel [{err.exec_count}] (indeks {err.cell_index}, '{first_line.strip()[:60]}'): {err.ename}: {err.evalue}"
    return f"{type(err).__name__}: {err}"


def provenance(task: Task) -> dict:
    """Parameters, the sha256 of every data file read, the package version and the render time."""
    from .build import file_sha256
    from .data import list_tables, table_files

    files = [path for table in list_tables() for path in table_files(table, task.data_dir or None)]
    return {
        "parameter": task.parameters(),
        "direktori_data": str(files[0].parent) if files else "",
        "berkas_data": {path.name: file_sha256(path) for path in files},
        "versi": f"lkjip-analysis {__version__}",
        "waktu_render": datetime.now().astimezone().isoformat(timespec="seconds"),
        "notebook": task.notebook.name,
    }


def _rows(pairs) -> str:
    return "".join(f"<tr><th>{html.escape(str(k))}</th><td>{v}</td></tr>" for k, v in pairs)


def provenance_html(prov: dict) -> str:
    """The provenance block at the bottom of a report; every value is escaped."""
    params = prov["parameter"]
    shown = {**params, "data_dir": params["data_dir"] or "(data bawaan: data/raw)"}
    files = _rows((name, f"<code>sha256:{html.escape(sha)}</code>") for name, sha in prov["berkas_data"].items())
    return (
        '<section class="lkjip-provenans"><h2>Provenans laporan</h2>'
        "<h3>Parameter</h3>"
        f"<table>{_rows((k, html.escape(str(v))) for k, v in shown.items())}</table>"
        f"<h3>Berkas data ({html.escape(prov['direktori_data'])})</h3><table>{files}</table>"
        "<h3>Pembuatan</h3><table>"
        + _rows([("notebook", html.escape(prov["notebook"])), ("versi paket", html.escape(prov["versi"])),
                 ("waktu render", html.escape(prov["waktu_render"]))])
        + "</table></section>\n"
    )


def prepare(nb, task: Task, prov: dict):
    """Turn an executed notebook into the report: drop code-only cells (report mode), add the
    agency/year line under the title and the provenance at the bottom."""
    import nbformat

    if not task.with_code:
        nb.cells = [c for c in nb.cells if not REPORT_DROP_TAGS & set(c.get("metadata", {}).get("tags", []))]
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    nb.metadata.pop("widgets", None)  # widget state would pull the widget manager from a CDN
    title_at = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"), -1) + 1
    subtitle = (f'<p class="lkjip-subjudul"><strong>{html.escape(task.instansi)}</strong> · '
                f"Tahun {int(task.tahun)}</p>\n")
    nb.cells.insert(title_at, nbformat.v4.new_markdown_cell(subtitle))
    nb.cells.append(nbformat.v4.new_markdown_cell(provenance_html(prov)))
    judul = title_of(nb, task.name)
    nb.metadata["title"] = f"{judul} — {task.instansi} {task.tahun}"
    nb.metadata["lkjip"] = {"judul": judul, "instansi": task.instansi, "tahun": int(task.tahun)}
    return nb


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

    return HTMLExporter(template_name=TEMPLATE, extra_template_basedirs=[str(TEMPLATES_DIR)],
                        exclude_input=not with_code, exclude_input_prompt=not with_code,
                        exclude_output_prompt=not with_code)


def to_html(nb, with_code: bool) -> str:
    body, _resources = exporter(with_code).from_notebook_node(nb)
    return body


def _tmp_path(folder: Path, name: str, suffix: str) -> Path:
    return folder / f".{name}.{os.getpid()}.tmp{suffix}"


def render_one(task: Task) -> Result:
    """Execute and convert one report; never raises, a failure is returned in the Result."""
    import nbformat

    start = time.perf_counter()
    folder = task.folder
    folder.mkdir(parents=True, exist_ok=True)
    executed, page = _tmp_path(folder, task.name, ".ipynb"), _tmp_path(folder, task.name, ".html")
    kernel_log = _tmp_path(folder, task.name, ".log")
    try:
        execute(task, executed, kernel_log)
        nb = nbformat.read(executed, as_version=4)
        page.write_text(to_html(prepare(nb, task, provenance(task)), task.with_code), encoding="utf-8")
        os.replace(executed, folder / f"{task.name}.ipynb")
        os.replace(page, folder / f"{task.name}.html")
        (folder / f"{task.name}{FAILED_SUFFIX}").unlink(missing_ok=True)
        (folder / f"{task.name}{FAILED_LOG_SUFFIX}").unlink(missing_ok=True)
        return Result(task, time.perf_counter() - start, html=folder / f"{task.name}.html")
    except Exception as err:  # one report's failure must not stop the batch
        kept = None
        if executed.exists():
            kept = folder / f"{task.name}{FAILED_SUFFIX}"
            os.replace(executed, kept)
        if kernel_log.exists():
            os.replace(kernel_log, folder / f"{task.name}{FAILED_LOG_SUFFIX}")
        return Result(task, time.perf_counter() - start, error=describe_error(err), failed_notebook=kept)
    finally:
        for tmp in (executed, page, kernel_log):
            tmp.unlink(missing_ok=True)


# --- batch -----------------------------------------------------------------------------


def _warm_up() -> None:
    """Import papermill/nbconvert and build the exporters once, before worker processes fork."""
    import papermill  # noqa: F401

    exporter(False), exporter(True)


def render_all(tasks: list[Task], jobs: int | None = None, progress: bool = True) -> list[Result]:
    """Render every task on ``jobs`` processes (default: all cores) with a progress bar; results
    in task order."""
    from tqdm import tqdm

    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise RenderError(f"--jobs harus 1 atau lebih, bukan {jobs}")
    _warm_up()
    bar = tqdm(total=len(tasks), desc="Render laporan", unit="laporan", disable=not progress, leave=True)
    results: dict[int, Result] = {}

    def done(i: int, result: Result) -> None:
        results[i] = result
        bar.set_postfix_str(f"{result.task.name} {'selesai' if result.ok else 'GAGAL'}", refresh=False)
        bar.update()

    try:
        if jobs == 1 or len(tasks) == 1:
            for i, task in enumerate(tasks):
                done(i, render_one(task))
        else:
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
                futures = {pool.submit(render_one, task): i for i, task in enumerate(tasks)}
                for future in as_completed(futures):
                    done(futures[future], future.result())
    finally:
        bar.close()
    return [results[i] for i in range(len(tasks))]


def write_index(year_dir: Path) -> Path:
    """``<year_dir>/index.html`` linking every report present in the year's agency folders."""
    from .build import atomic_write

    entries = []
    for page in sorted(year_dir.glob("*/*.html")):
        if page.name.startswith("."):
            continue
        agency, title = page.parent.name, page.stem.replace("_", " ")
        executed = page.with_suffix(".ipynb")
        if executed.exists():
            import nbformat

            nb = nbformat.read(executed, as_version=4)
            agency = nb.metadata.get("papermill", {}).get("parameters", {}).get("instansi", agency)
            title = title_of(nb, title)
        entries.append((agency, title, page))
    year = html.escape(year_dir.name)
    sections = []
    for agency in sorted({a for a, _, _ in entries}):
        links = "".join(
            f'<li><a href="{html.escape(p.relative_to(year_dir).as_posix(), quote=True)}">{html.escape(str(t))}</a></li>'
            for a, t, p in entries if a == agency)
        sections.append(f"<h2>{html.escape(str(agency))}</h2><ul>{links}</ul>")
    text = (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        f"<title>Laporan LKjIP {year}</title>"
        "<style>body{font-family:sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        "h2{font-size:1.15rem;margin-top:1.5rem}</style></head><body>"
        f"<h1>Laporan analisis LKjIP tahun {year}</h1>"
        + ("".join(sections) or "<p>Belum ada laporan.</p>")
        + f"<p><small>Dibuat oleh lkjip-analysis {html.escape(__version__)}, "
        f"{html.escape(datetime.now().astimezone().isoformat(timespec='seconds'))}.</small></p></body></html>\n"
    )
    index = atomic_write(year_dir / "index.html", lambda p: p.write_text(text, encoding="utf-8"))
    index.chmod(0o644)  # mkstemp creates 0600; reports are meant to be shared
    return index


def summary(results: list[Result], elapsed: float) -> str:
    """The table printed at the end of a batch, in Bahasa Indonesia."""
    from .fmt import angka

    header = ("status", "notebook", "instansi", "tahun", "waktu")
    rows = [("berhasil" if r.ok else "GAGAL", r.task.name, r.task.instansi, str(r.task.tahun),
             f"{angka(r.seconds, 1)} dtk") for r in results]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    line = lambda row: "  ".join(str(x).ljust(w) for x, w in zip(row, widths))  # noqa: E731
    out = [line(header), line(["-" * w for w in widths]), *map(line, rows)]
    ok = sum(r.ok for r in results)
    out.append(f"\nDirender: {ok}, gagal: {len(results) - ok}, waktu total: {angka(elapsed, 1)} dtk "
               f"({angka(elapsed / max(len(results), 1), 2)} dtk per laporan).")
    for r in results:
        if not r.ok:
            kept = f"\n    notebook gagal disimpan: {r.failed_notebook}" if r.failed_notebook else ""
            out.append(f"  GAGAL {r.task.name} ({r.task.instansi} {r.task.tahun}): {r.error}{kept}")
    return "\n".join(out)


def render(notebooks: list[str] | None = None, tahun: list[int] | None = None, instansi: list[str] | None = None,
           data_dir=None, output_dir=None, jobs: int | None = None, with_code: bool = False,
           progress: bool = True) -> list[Result]:
    """Render every requested notebook for every requested agency and year, then the indexes.

    >>> # render(["01"], tahun=[2023])  ->  reports/2023/bkpsdm-kota-surakarta/01_capaian_kinerja.html
    """
    paths = find_notebooks(notebooks)
    pairs = plan(data_dir, tahun, instansi)
    out = Path(output_dir) if output_dir is not None else REPORTS_DIR
    nb_data_dir = notebook_data_dir(data_dir)
    tasks = [Task(path, name, year, nb_data_dir, out.resolve(), with_code) for name, year in pairs for path in paths]
    results = render_all(tasks, jobs, progress)
    for year in sorted({t.tahun for t in tasks}):
        write_index(out / str(year))
    return results
