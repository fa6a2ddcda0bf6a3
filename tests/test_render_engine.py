"""The warm render engine end to end, on notebooks of our own and synthetic agencies: a clean namespace
per report in a reused worker, failure isolation (a failing cell, a dying worker), live workers never
above --jobs and none left afterwards, nothing rendered twice, and no dask without --scheduler."""

import json
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from lkjip_analysis.render import render

from .helpers import synthetic_data

pytestmark = pytest.mark.slow


# --- helpers shared with test_render_cache.py and test_render_cluster.py -------------------------
def notebook(path: Path, *cells: str) -> Path:
    """A notebook with the three render parameters and ``cells``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# Uji {path.stem}"),
        nbformat.v4.new_code_cell(
            'tahun: int = 0\ninstansi: str = ""\ndata_dir: str = ""', metadata={"tags": ["parameters"]}
        ),
        *(nbformat.v4.new_code_cell(cell) for cell in cells),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


READ = (
    "import os\n"
    "from lkjip_analysis import load_table\n"
    "rows = load_table({table!r}, data_dir or None)\n"
    "print('pid', os.getpid(), 'baris', len(rows), sorted(rows['instansi'].unique()))"
)


def reads(folder: Path, table: str) -> Path:
    """A notebook that loads ``table`` and prints its rows' agencies and the worker's pid."""
    return notebook(folder / f"baca_{table}.ipynb", READ.format(table=table))


def stream(executed: Path) -> str:
    """Everything the notebook printed (stdout)."""
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return "".join(
        "".join(o.get("text", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if o.get("name") == "stdout"
    )


def statuses(batch) -> dict[tuple[str, str], str]:
    return {(r.task.name, r.task.instansi): r.status for r in batch.results}


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return synthetic_data(tmp_path_factory.mktemp("data"), ["Dinas A", "Dinas B"])


@pytest.fixture(scope="module")
def year(data) -> int:
    from lkjip_analysis.render import plan

    return max(y for _, y in plan(data))


# --- isolation ------------------------------------------------------------------------------------
POLLUTE = """\
import os, sys, warnings
import matplotlib, matplotlib.pyplot as plt
import numpy as np, pandas as pd
from lkjip_analysis import figures
rahasia = "milik laporan pertama"
plt.rcParams["lines.linewidth"] = 9.0
plt.ioff()
tertinggal = plt.figure(num=78)
pd.set_option("display.max_rows", 3)
np.seterr(all="raise")
os.environ["LKJIP_UJI_CEMAR"] = "1"
sys.path.append("/cemar")
figures.LEBAR = 1.0
warnings.simplefilter("error")
print("pid", os.getpid())
"""

CHECK = """\
import os, sys, warnings
import matplotlib, matplotlib.pyplot as plt
import numpy as np, pandas as pd
from lkjip_analysis import figures
bocor = [name for name in ("rahasia", "tertinggal") if name in globals()]
assert not bocor, bocor
assert plt.get_fignums() == [], plt.get_fignums()
assert plt.rcParams["lines.linewidth"] != 9.0 and matplotlib.is_interactive()
assert pd.get_option("display.max_rows") == 60
assert np.geterr()["divide"] != "raise"
assert "LKJIP_UJI_CEMAR" not in os.environ and "/cemar" not in sys.path
assert figures.LEBAR == 9.0
warnings.warn("peringatan biasa, bukan galat")
print("pid", os.getpid())
"""


def test_reports_in_one_warm_worker_never_see_each_other(data, year, tmp_path):
    first = notebook(tmp_path / "nb" / "01_cemar.ipynb", POLLUTE, "import matplotlib.pyplot as plt\nplt.plot([1, 2]);")
    second = notebook(tmp_path / "nb" / "02_periksa.ipynb", CHECK)
    out = tmp_path / "laporan"
    batch = render([str(first), str(second)], [year], ["Dinas A"], data, out, jobs=1, progress=False, force=True)
    assert [r.error for r in batch.results] == [None, None]
    folder = out / str(year) / "dinas-a"
    pid_first = stream(folder / "01_cemar.ipynb").split()[1]
    pid_second = stream(folder / "02_periksa.ipynb").split()[1]
    assert pid_first == pid_second, "both reports ran in the same warm worker"


# --- failure isolation, workers ---------------------------------------------------------------------
def test_failing_cell_and_dying_worker_fail_only_their_report(data, year, tmp_path):
    failing = notebook(tmp_path / "nb" / "01_gagal.ipynb", "x = 1", "raise ValueError('uji gagal disengaja')")
    dying = notebook(tmp_path / "nb" / "02_mati.ipynb", "import os\nos._exit(3)")
    fine = reads(tmp_path / "nb", "indikator")
    out = tmp_path / "laporan"
    batch = render([str(failing), str(dying), str(fine)], [year], ["Dinas A"], data, out, jobs=1, progress=False)
    bad, dead, good = batch.results
    assert "sel [4] (indeks 4" in bad.error and "ValueError: uji gagal disengaja" in bad.error
    assert bad.failed_notebook.name == "01_gagal.gagal.ipynb" and bad.failed_notebook.is_file()
    kept = json.loads(bad.failed_notebook.read_text())
    assert any(o.get("ename") == "ValueError" for c in kept["cells"] for o in c.get("outputs", []))
    assert "berhenti mendadak (kode keluar 3)" in dead.error
    assert good.ok and good.html.is_file() and "Provenans laporan" in good.html.read_text()
    assert "GAGAL 01_gagal" in batch.text and "GAGAL 02_mati" in batch.text
    assert not list((out / str(year) / "dinas-a").glob(".*tmp*"))


def test_live_workers_never_exceed_jobs_and_none_remain(data, year, tmp_path):
    import psutil

    nbs = [reads(tmp_path / "nb", t) for t in ("indikator", "anggaran", "kepegawaian")]
    args = [sys.executable, "-m", "lkjip_analysis.cli", "render", "--data-dir", str(data), "--tahun", str(year)]
    args += ["--output-dir", str(tmp_path / "laporan"), "--jobs", "2"]
    for path in nbs:
        args += ["--notebook", str(path)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent, peak, seen = psutil.Process(proc.pid), 0, set()
    while proc.poll() is None:
        try:
            children = parent.children(recursive=True)
        except psutil.NoSuchProcess:
            break
        peak = max(peak, len(children))
        seen |= {c.pid for c in children}
        time.sleep(0.02)
    out, err = proc.communicate()
    assert proc.returncode == 0, out + err
    assert "Dirender: 6, gagal: 0" in out
    assert 1 <= peak <= 2, peak
    time.sleep(0.5)
    assert not [pid for pid in seen if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]


# --- nothing rendered twice -------------------------------------------------------------------------
def run_cli(*args) -> tuple[str, list[str]]:
    """``lkjip render`` in a fresh interpreter; its output and the heavy modules it imported."""
    code = (
        "import sys\nfrom lkjip_analysis.cli import main\n"
        f"code = main({[str(a) for a in args]!r})\n"
        "print('MODUL', sorted(m for m in ('pandas', 'papermill', 'dask') if m in sys.modules), 'KODE', code)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last.endswith("KODE 0"), done.stdout + done.stderr
    return done.stdout, json.loads(last.split("MODUL ")[1].split(" KODE")[0].replace("'", '"'))


def test_nothing_rendered_twice(data, year, tmp_path):
    nbs = [reads(tmp_path / "nb", t) for t in ("indikator", "kepegawaian")]
    out = tmp_path / "laporan"
    common = ["render", "--data-dir", data, "--tahun", year, "--output-dir", out, "--jobs", 2]
    common += [x for nb in nbs for x in ("--notebook", nb)]

    first, modules = run_cli(*common)
    assert "Dirender: 4, gagal: 0, dilewati (tidak berubah): 0" in first
    assert "dask" not in modules, "dask is imported only with --scheduler"
    page = out / str(year) / "dinas-b" / "baca_kepegawaian.html"
    assert "kepegawaian_dinas-b.csv" in page.read_text() and "kepegawaian_dinas-a.csv" not in page.read_text()
    before = {p: p.stat().st_mtime_ns for p in out.glob("*/*/*.html")}

    again, modules = run_cli(*common)
    assert "Dirender: 0, gagal: 0, dilewati (tidak berubah): 4" in again
    assert modules == [], "an unchanged batch is checked without pandas, papermill or dask"
    assert {p: p.stat().st_mtime_ns for p in out.glob("*/*/*.html")} == before

    with (data / "kepegawaian_dinas-b.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    changed, _ = run_cli(*common)
    assert "Dirender: 1, gagal: 0, dilewati (tidak berubah): 3" in changed
    rendered = [p for p in out.glob("*/*/*.html") if p.stat().st_mtime_ns != before[p]]
    assert rendered == [page]

    (out / ".lkjip-cache" / str(year) / "dinas-a" / "baca_indikator.json").write_text("{rusak")
    (out / str(year) / "dinas-b" / "baca_indikator.html").unlink()
    repaired, _ = run_cli(*common)
    assert "Dirender: 2, gagal: 0, dilewati (tidak berubah): 2" in repaired

    forced, _ = run_cli(*common, "--force")
    assert "Dirender: 4, gagal: 0, dilewati (tidak berubah): 0" in forced
