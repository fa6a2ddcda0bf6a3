"""The render cache and the orchestrator's light paths, without executing a notebook: which reports are
up to date after which change, each agency's rows, and what the command line imports."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lkjip_analysis.config import NOTEBOOKS_DIR
from lkjip_analysis.render import SKIPPED, Task, cache

from .helpers import synthetic_data

NOTEBOOK = sorted(NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))[0]


@pytest.fixture
def setup(tmp_path):
    """Two synthetic agencies, a notebook of our own, and a report per agency "rendered" (fake pages)
    and recorded as reading indikator and kepegawaian."""
    data = synthetic_data(tmp_path / "data", ["Dinas A", "Dinas B"])
    nb = tmp_path / "nb" / "01_uji.ipynb"
    nb.parent.mkdir()
    nb.write_text(NOTEBOOK.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "laporan"
    store = cache.Cache(out, "kode-1")
    tasks = {name: Task(nb, name, 2023, str(data), out) for name in ("Dinas A", "Dinas B")}

    def record(task, state):
        task.folder.mkdir(parents=True, exist_ok=True)
        (task.folder / f"{task.name}.html").write_text("<html>laporan</html>")
        (task.folder / f"{task.name}.ipynb").write_text("{}")
        store.store(task, sha(nb), state, {t: state.read_by(t, task.instansi) for t in ("indikator", "kepegawaian")})

    state = cache.DataState.read(data)
    for task in tasks.values():
        record(task, state)
    return data, nb, store, tasks


def sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_text(encoding="utf-8").encode()).hexdigest()


def fresh(setup) -> dict[str, bool]:
    data, nb, store, tasks = setup
    state = cache.DataState.read(data)
    return {name: store.fresh(task, sha(nb), state) for name, task in tasks.items()}


def test_unchanged_inputs_are_fresh(setup):
    assert fresh(setup) == {"Dinas A": True, "Dinas B": True}
    _data, _nb, store, tasks = setup
    entry = json.loads(store.entry_path(tasks["Dinas A"]).read_text())
    # Dinas A read its own files only, and recorded them with their hashes
    assert set(entry["data"]["kepegawaian"]) == {"kepegawaian_dinas-a.csv"}
    assert store.entry_path(tasks["Dinas A"]).is_relative_to(tasks["Dinas A"].output_dir / ".lkjip-cache")


def test_a_data_file_re_renders_exactly_the_reports_that_read_it(setup):
    data = setup[0]
    with (data / "kepegawaian_dinas-b.csv").open("a", encoding="utf-8") as f:
        f.write("\n")  # same rows, other bytes: the file's content hash changes
    assert fresh(setup) == {"Dinas A": True, "Dinas B": False}


def test_a_table_the_report_did_not_read_changes_nothing(setup):
    data = setup[0]
    for path in data.glob("anggaran_*.csv"):
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert fresh(setup) == {"Dinas A": True, "Dinas B": True}


def test_a_new_file_with_an_agencys_rows_re_renders_that_agency(setup):
    data = setup[0]
    lines = (data / "kepegawaian_dinas-a.csv").read_text(encoding="utf-8").splitlines()
    (data / "kepegawaian_dinas-a-tambahan.csv").write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert fresh(setup) == {"Dinas A": False, "Dinas B": True}


def test_notebook_code_parameters_and_outputs_are_inputs(setup):
    data, nb, store, tasks = setup
    state = cache.DataState.read(data)
    task = tasks["Dinas A"]
    assert not cache.Cache(store.root.parent, "kode-2").fresh(task, sha(nb), state)  # other package code
    assert not store.fresh(Task(nb, "Dinas A", 2023, str(data), task.output_dir, True), sha(nb), state)
    assert not store.fresh(task, "0" * 64, state)  # other notebook content
    (task.folder / f"{task.name}.html").write_text("<html>diubah tangan</html>")
    assert not store.fresh(task, sha(nb), state)


@pytest.mark.parametrize("content", ["", "{rusak", '{"format": 1}', '{"format": 99, "key": "x"}', "[]"])
def test_corrupt_or_foreign_entry_means_render(setup, content):
    _data, _nb, store, tasks = setup
    store.entry_path(tasks["Dinas A"]).write_text(content)
    assert fresh(setup) == {"Dinas A": False, "Dinas B": True}
    store.entry_path(tasks["Dinas B"]).unlink()
    assert fresh(setup) == {"Dinas A": False, "Dinas B": False}


def test_plan_cache_follows_the_data(setup):
    data, _nb, store, _tasks = setup
    state = cache.DataState.read(data)
    assert store.plan(state) is None
    years = {"Dinas A": {"laporan": [2023], "pembanding": [2022]}}
    store.store_plan(state, years)
    assert store.plan(cache.DataState.read(data)) == years
    (data / "indikator_dinas-a.csv").write_text((data / "indikator_dinas-a.csv").read_text() + "\n")
    assert store.plan(cache.DataState.read(data)) is None


def test_each_agency_gets_only_its_rows():
    from lkjip_analysis.render import _split_by_agency

    tables = {
        "indikator": pd.DataFrame({"instansi": ["A", "B", "A"], "nilai": [1, 2, 3]}, index=[5, 6, 7]),
        "tanpa_instansi": pd.DataFrame({"x": [1]}),
    }
    split = _split_by_agency(tables, ["A", "C"])
    assert split["A"]["indikator"]["nilai"].tolist() == [1, 3]
    assert split["A"]["indikator"].index.tolist() == [0, 1]
    assert split["C"]["indikator"].empty and list(split["C"]["indikator"].columns) == ["instansi", "nilai"]
    assert split["C"]["tanpa_instansi"] is tables["tanpa_instansi"]


def test_summary_says_skipped(tmp_path):
    from lkjip_analysis.render import Result, summary

    task = Task(NOTEBOOK, "Dinas A", 2023, "", tmp_path)
    text = summary([Result(task, 0.0, skipped=True), Result(task, 2.5, html=tmp_path / "a.html")], 3.0)
    assert "dilewati (tidak berubah)" in text and "Dirender: 1, gagal: 0, dilewati (tidak berubah): 1" in text
    assert SKIPPED == "dilewati (tidak berubah)"


def imported_after(code: str) -> list[str]:
    heavy = ("pandas", "pandera", "papermill", "nbformat", "nbconvert", "matplotlib", "IPython", "dask", "distributed")
    probe = f"import sys\n{code}\nprint(sorted(m for m in {heavy!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"'))


def test_render_package_and_cli_help_import_nothing_heavy():
    assert imported_after("import lkjip_analysis.render, lkjip_analysis.render.cluster") == []
    code = (
        "from lkjip_analysis.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit): main(['--help'])\n"
        "with contextlib.redirect_stderr(io.StringIO()), contextlib.suppress(SystemExit): main(['render', '--jobs', 'x'])\n"
        "with contextlib.redirect_stderr(io.StringIO()), contextlib.suppress(SystemExit): main(['render', '--jobs', '0'])\n"
        "with contextlib.redirect_stderr(io.StringIO()): assert main(['render', '--notebook', '99']) == 1\n"
    )
    assert imported_after(code) == []


def test_files_agencies_are_read_without_pandas_and_checked(tmp_path):
    (tmp_path / "kepegawaian_a.csv").write_bytes("\ufeffinstansi;tahun\n Dinas A ;2023\n\nDinas A;2022\n".encode())
    (tmp_path / "kepegawaian_b.csv").write_text("tahun,instansi\n2023,Dinas B\n", encoding="utf-16")
    state = cache.DataState.read(tmp_path)
    assert state.agencies("kepegawaian", "kepegawaian_a.csv") == {"Dinas A"}
    assert state.agencies("kepegawaian", "kepegawaian_b.csv") == {"Dinas B"}
    assert set(state.read_by("kepegawaian", "Dinas A")) == {"kepegawaian_a.csv"}
    state.confirm("kepegawaian", {"Dinas A", "Dinas B"})
    assert set(state.read_by("kepegawaian", "Dinas A")) == {"kepegawaian_a.csv"}
    state.confirm("kepegawaian", {"Dinas A", "Dinas B", "Dinas C"})  # the loader saw more: trust no file
    assert set(state.read_by("kepegawaian", "Dinas A")) == {"kepegawaian_a.csv", "kepegawaian_b.csv"}
