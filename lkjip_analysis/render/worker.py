"""Worker processes' lifecycle: warm up once per process, then run jobs — from a pipe (local workers)
or as Dask tasks.

Warm-up pays, once per process, what every report used to pay: importing pandas, matplotlib, seaborn,
IPython, papermill, nbformat and nbconvert and every module of ``lkjip_analysis``, compiling the report
templates, loading fonts and drawing a first figure. It then freezes the warm objects out of the
garbage collector's way (``gc.freeze``), so the per-report collection only scans the report's own
objects.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import os
import sys
import threading

from .execute import Job, Outcome, run_job, worker_id

_WARM = False
_WARM_LOCK = threading.Lock()


def _defer_iri_grammar() -> None:
    """jsonschema (imported by nbformat) imports ``rfc3987_syntax``, which builds an IRI grammar at
    import (1.4 s; python-jsonschema/jsonschema#1428) that notebook validation never uses. Put a stand-in
    in its place that imports the real module on first use."""
    import importlib.util
    import types

    name = "rfc3987_syntax"
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    stand_in = types.ModuleType(name)

    def is_valid_syntax(*args, **kwargs):
        sys.modules.pop(name, None)
        real = importlib.import_module(name)
        stand_in.is_valid_syntax = real.is_valid_syntax
        return real.is_valid_syntax(*args, **kwargs)

    stand_in.is_valid_syntax = is_valid_syntax
    sys.modules[name] = stand_in


def _import_package() -> None:
    """Every module of lkjip_analysis, so that a notebook's imports cost nothing."""
    import pkgutil

    import lkjip_analysis

    for module in pkgutil.walk_packages(lkjip_analysis.__path__, "lkjip_analysis."):
        if module.name.endswith((".cli", ".cluster")):
            continue
        with contextlib.suppress(Exception):  # a broken module fails the report that imports it, not the worker
            importlib.import_module(module.name)


_WARM_CELL = """\
import matplotlib.pyplot as plt
import pandas as pd
from lkjip_analysis import figures, fmt
figures.set_theme()
fig, ax = plt.subplots(figsize=(3, 2))
ax.barh(["pemanasan"], [1.5])
ax.set_title(f"Pemanasan {fmt.number(1234.5)}")
fig.tight_layout()
pd.DataFrame({"a": [1.5]}).style.format("{:.1f}")
"""


def _warm_templates() -> None:
    """Compile both report templates and run one figure and one styled table through the engine."""
    import nbformat

    from . import engine
    from .convert import to_html

    with engine.isolated() as shell:
        outputs = shell.run(_WARM_CELL, 1)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Pemanasan"), nbformat.v4.new_code_cell("1")]
    nb.cells[1].outputs = [nbformat.from_dict(o) for o in outputs if o["output_type"] != "error"]
    for with_code in (False, True):
        to_html(nb, with_code)


def warm_up() -> None:
    """Make this process ready to render (idempotent, thread-safe)."""
    global _WARM
    with _WARM_LOCK:
        if _WARM:
            return
        _defer_iri_grammar()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            import nbconvert  # noqa: F401
            import nbformat  # noqa: F401
            import papermill  # noqa: F401

            from . import engine, feed

            engine.register()
            engine.shell()
            feed.install()
            _import_package()
            _warm_templates()
        from .cache import code

        code()
        gc.collect()
        gc.freeze()
        _WARM = True


PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends, however it ends (``kill -9`` too): the kernel sends SIGTERM
    on Linux (``prctl(PR_SET_PDEATHSIG)``), and a watchdog thread checks the parent id everywhere."""
    import ctypes
    import signal
    import time

    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError, TypeError):  # the process's own libc (no ldconfig)
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    if os.getppid() != parent:  # the parent ended before prctl took effect
        os._exit(1)
    threading.Thread(target=watch, name="lkjip-pengawas-induk", daemon=True).start()


def serve(conn, parent: int | None = None) -> None:
    """A local worker process: warm up, then run each job received on ``conn`` and send its outcome
    back, until ``None`` (or the end of the pipe). It never outlives ``parent`` (the orchestrator)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the orchestrator's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the orchestrator's handler, inherited by fork
    if parent is not None:
        die_with_parent(parent)
    warm_up()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        conn.send(run_job(job))


def run_on_dask(job: Job) -> Outcome:
    """A Dask task: one report on a warm Dask worker (warmed by its first task)."""
    from .cache import code

    warm_up()
    if job.code != code():
        return Outcome(
            0.0,
            error=(
                f"kode lkjip-analysis di pekerja Dask {worker_id()} ({code()[:20]}...) berbeda dengan di komputer "
                f"yang menjalankan lkjip render ({job.code[:20]}...); pasang versi yang sama di semua pekerja"
            ),
            worker=worker_id(),
        )
    return run_job(job)
