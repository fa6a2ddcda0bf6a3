"""The warm papermill engine: a report's cells run in this process's IPython shell, each report in a
fresh namespace, and everything a report can change is put back afterwards.

``papermill.execute_notebook(..., engine_name=ENGINE)`` (after :func:`register`) parameterises the
notebook as usual and hands it to :class:`WarmEngine`, which runs every code cell in a long-lived
:class:`Shell` instead of a new kernel: imports, fonts and compiled templates stay warm from one
report to the next. Outputs are what a Jupyter kernel would send (streams, ``display_data``,
``execute_result``, ``error`` with the IPython traceback; inline SVG figures), so papermill's failure
handling is unchanged: the first failing cell stops the notebook and is named. A figure already laid
out to fit (``figures._finish``) is saved as laid out; any other is cropped to its content as a kernel
does (:func:`_figure_svg`).

Isolation: :func:`isolated` gives each report a new ``__main__`` namespace and, when the report ends,
clears it, closes every figure and restores matplotlib's rcParams, pandas and numpy options, warning
filters, environment variables, ``sys.path``, the working directory and the module-level names of
``lkjip_analysis`` — a report never sees another's variables, figures or chart settings. One report
runs at a time per process (a lock), since all of this state is per process.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
import threading

ENGINE = "lkjip-hangat"
KERNEL = "python3"
LANGUAGE_INFO = {
    "name": "python",
    "version": sys.version.split()[0],
    "mimetype": "text/x-python",
    "codemirror_mode": {"name": "ipython", "version": 3},
    "pygments_lexer": "ipython3",
    "nbconvert_exporter": "python",
    "file_extension": ".py",
}

LOCK = threading.RLock()  # one report at a time per process
_SHELL = None


class _Outputs:
    """The outputs of the running cell, in the order a kernel would send them."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self._clear_pending = False

    def _add(self, output: dict) -> None:
        if self._clear_pending:
            self.items.clear()
            self._clear_pending = False
        self.items.append(output)

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.items[-1] if self.items and not self._clear_pending else None
        if last is not None and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self._add({"output_type": "stream", "name": name, "text": text})

    def display(self, data: dict, metadata: dict | None) -> None:
        self._add({"output_type": "display_data", "data": data, "metadata": metadata or {}})

    def result(self, data: dict, metadata: dict | None, count: int | None) -> None:
        self._add({"output_type": "execute_result", "data": data, "metadata": metadata or {}, "execution_count": count})

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        self._add({"output_type": "error", "ename": ename, "evalue": evalue, "traceback": traceback})

    def clear(self, wait: bool) -> None:
        if wait:
            self._clear_pending = True
        else:
            self.items.clear()


class _Stream(io.TextIOBase):
    """``sys.stdout`` / ``sys.stderr`` while a cell runs: text becomes a stream output."""

    def __init__(self, shell, name: str) -> None:
        self._shell, self.name = shell, name

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        self._shell.outputs.stream(self.name, str(text))
        return len(text)

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return "utf-8"


def _shell_class():
    """The Shell class, built on first use so that importing this module costs no IPython import."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets import Type

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
            if not update:
                self.shell.outputs.display(data, metadata)

        def clear_output(self, wait=False) -> None:
            self.shell.outputs.clear(wait)

    class Hook(DisplayHook):
        def quiet(self) -> bool:
            return self.semicolon_at_end_of_expression(self.shell.source)

        def start_displayhook(self) -> None:
            pass

        def write_output_prompt(self) -> None:
            pass

        def write_format_data(self, format_dict, md_dict=None) -> None:
            self.shell.outputs.result(format_dict, md_dict, self.shell.execution_count)

        def finish_displayhook(self) -> None:
            pass

    class Shell(InteractiveShell):
        """An IPython shell whose outputs become notebook outputs, as a kernel's would."""

        display_pub_class = Type(Publisher)
        displayhook_class = Type(Hook)

        def __init__(self, **kwargs) -> None:
            self.outputs = _Outputs()
            self.source = ""
            super().__init__(**kwargs)

        def init_sys_modules(self) -> None:
            pass  # leave the host process's __main__ alone (a dask worker's, for one)

        def enable_gui(self, gui=None) -> None:
            pass  # the inline backend needs no event loop

        def _tee(self, channel):
            return contextlib.nullcontext()  # no copy of every output in IPython's history

        def _showtraceback(self, etype, evalue, stb) -> None:
            self.outputs.error(str(etype.__name__), str(evalue), list(stb))

        def fresh_namespace(self) -> None:
            """Drop the previous report's namespace (cleared, so nothing keeps its objects alive)
            and start an empty ``__main__``."""
            old = self.user_ns
            self.history_manager.reset(new_session=False)
            self.history_manager.input_hist_parsed[:] = [""]
            self.history_manager.input_hist_raw[:] = [""]
            self.last_execution_result = None
            for key in [k for k in old if k not in ("__builtin__", "__builtins__", "__name__")]:
                del old[key]
            self.init_create_namespaces()
            self.init_user_ns()
            self.clear_main_mod_cache()

        def run(self, source: str, count: int) -> list[dict]:
            """Run one cell; its outputs (an ``error`` output when it failed)."""
            self.outputs, self.source, self.execution_count = _Outputs(), source, count
            stdout, stderr = sys.stdout, sys.stderr
            sys.stdout, sys.stderr = _Stream(self, "stdout"), _Stream(self, "stderr")
            try:
                self.run_cell(source, store_history=False, silent=False)
            finally:
                sys.stdout, sys.stderr = stdout, stderr
            return self.outputs.items

    return Shell


def shell():
    """This process's warm shell, created (and the inline matplotlib backend enabled) on first use."""
    global _SHELL
    with LOCK:
        if _SHELL is None:
            from traitlets.config import Config

            config = Config()
            config.HistoryManager.enabled = False
            config.InteractiveShell.cache_size = 0
            main = sys.modules.get("__main__")
            _SHELL = _shell_class().instance(config=config)
            if main is not None:
                sys.modules["__main__"] = main
            _SHELL.enable_matplotlib("inline")
            _quiet_pyplot()
            _SHELL.inline_defaults = _inline_config().trait_values()
            _figure_format(_SHELL)
        return _SHELL


def _quiet_pyplot() -> None:
    """Stop pyplot's own post-cell redraw of every open figure: the inline backend draws each figure
    once when it displays it (a kernel registers the two hooks the other way round, with the same
    effect)."""
    import matplotlib.pyplot as plt

    plt.uninstall_repl_displayhook()


def _inline_config():
    from matplotlib_inline.config import InlineBackend

    return InlineBackend.instance()


# --- figures: one layout pass ----------------------------------------------------------------------
def _sticks_out(box, width: float, height: float, slack: float = 1.0) -> bool:
    return box.x0 < -slack or box.y0 < -slack or box.x1 > width + slack or box.y1 > height + slack


def _titles_inside(fig, renderer) -> bool:
    """Whether the titles (which a layout pass cannot narrow) lie inside the figure."""
    titles = [getattr(fig, name, None) for name in ("_suptitle", "_supxlabel", "_supylabel")]
    for ax in fig.axes:
        titles += [ax.title, getattr(ax, "_left_title", None), getattr(ax, "_right_title", None)]
    width, height = fig.bbox.width, fig.bbox.height
    return not any(
        _sticks_out(t.get_window_extent(renderer), width, height)
        for t in titles
        if t is not None and t.get_visible() and t.get_text()
    )


def _figure_svg(fig):
    """The inline SVG of a figure: sharp on any screen and in print, its text kept as text (the theme
    sets ``svg.fonttype`` to 'none'), and smaller than a PNG at 2x. A chart laid out to fit its figure
    (``figures._finish``) is drawn as laid out; anything else is cropped to its content."""
    import matplotlib
    from IPython.core.pylabtools import print_figure

    once = fig.axes and not matplotlib.rcParams["text.usetex"] and hasattr(fig.canvas, "get_renderer")
    fitted = once and _titles_inside(fig, fig.canvas.get_renderer())
    return print_figure(fig, "svg", bbox_inches=None if fitted else "tight")


def _figure_format(shell) -> None:
    """Inline figures as SVG through :func:`_figure_svg` (after whatever a report configured)."""
    from IPython.core.pylabtools import select_figure_formats
    from matplotlib.figure import Figure

    select_figure_formats(shell, {"svg"})
    shell.display_formatter.formatters["image/svg+xml"].for_type(Figure, _figure_svg)


# --- per-report isolation ------------------------------------------------------------------------
def _pandas_options() -> dict:
    import warnings

    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {key: pd.get_option(key) for key in pd._config.config._registered_options}


def _restore_pandas_options(saved: dict) -> None:
    import warnings

    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, value in saved.items():
            if pd.get_option(key) is not value and pd.get_option(key) != value:
                pd.set_option(key, value)


def _package_globals() -> dict[str, dict]:
    return {name: dict(vars(module)) for name, module in list(sys.modules.items()) if name.startswith("lkjip_analysis")}


def _restore_package_globals(saved: dict[str, dict]) -> None:
    for name, names in saved.items():
        module = sys.modules.get(name)
        if module is None:
            continue
        namespace = vars(module)
        for key in [k for k in namespace if k not in names]:
            del namespace[key]
        for key, value in names.items():
            if namespace.get(key, _MISSING) is not value:
                namespace[key] = value


_MISSING = object()


@contextlib.contextmanager
def isolated():
    """Run one report in a fresh namespace; afterwards restore every piece of process state a
    report could change (see the module docstring). Holds the process's report lock."""
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib_inline import backend_inline

    with LOCK:
        sh = shell()
        saved = {
            "cwd": os.getcwd(),
            "env": dict(os.environ),
            "path": list(sys.path),
            "warnings": list(warnings.filters),
            "showwarning": warnings.showwarning,
            "numpy_err": np.geterr(),
            "numpy_print": np.get_printoptions(),
            "pandas": _pandas_options(),
            "package": _package_globals(),
            "recursion": sys.getrecursionlimit(),
        }
        sh.fresh_namespace()
        try:
            with matplotlib.rc_context():
                yield sh
        finally:
            plt.close("all")
            backend_inline.show._draw_called = False
            backend_inline.show._to_draw = []
            _quiet_pyplot()
            config = _inline_config()
            for name, value in sh.inline_defaults.items():
                if config.trait_values().get(name) != value:
                    setattr(config, name, value)
            _figure_format(sh)
            sh.fresh_namespace()
            os.chdir(saved["cwd"])
            if dict(os.environ) != saved["env"]:
                os.environ.clear()
                os.environ.update(saved["env"])
            sys.path[:] = saved["path"]
            warnings.filters[:] = saved["warnings"]
            warnings._filters_mutated()
            warnings.showwarning = saved["showwarning"]
            np.seterr(**saved["numpy_err"])
            np.set_printoptions(**saved["numpy_print"])
            _restore_pandas_options(saved["pandas"])
            _restore_package_globals(saved["package"])
            sys.setrecursionlimit(saved["recursion"])
            for name in ("last_type", "last_value", "last_traceback", "last_exc"):
                if hasattr(sys, name):
                    setattr(sys, name, None)
            gc.collect()


# --- the papermill engine -------------------------------------------------------------------------
def _engine_class():
    from nbformat import from_dict
    from papermill.engines import Engine

    class WarmEngine(Engine):
        """papermill engine running the cells in this process's warm shell (see module docstring)."""

        last_notebook = None  # the notebook of the last run, kept for a failed report's .gagal.ipynb

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            nb = nb_man.nb
            WarmEngine.last_notebook = nb
            with isolated() as sh:
                count = 0
                for index, cell in enumerate(nb.cells):
                    nb_man.cell_start(cell, index)
                    failed = False
                    if cell.cell_type == "code" and cell.source.strip():
                        count += 1
                        outputs = sh.run(cell.source, count)
                        cell.execution_count = count
                        cell.outputs = [from_dict(o) for o in outputs]
                        failed = any(o["output_type"] == "error" for o in outputs)
                        if failed:
                            nb_man.cell_exception(cell, cell_index=index)
                    nb_man.cell_complete(cell, cell_index=index)
                    if failed:
                        break
            nb.metadata["language_info"] = dict(LANGUAGE_INFO)
            return nb

    return WarmEngine


_ENGINE_CLASS = None


def register():
    """Register the warm engine with papermill as :data:`ENGINE`; returns the engine class."""
    global _ENGINE_CLASS
    if _ENGINE_CLASS is None:
        from papermill.engines import papermill_engines

        _ENGINE_CLASS = _engine_class()
        papermill_engines.register(ENGINE, _ENGINE_CLASS)
    return _ENGINE_CLASS
