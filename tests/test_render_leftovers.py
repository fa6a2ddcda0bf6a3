"""Names, cache, leftovers (issue 20): a report's navigation never names a sibling's old title, a deleted
``grafik/`` folder is rendered again, temporaries of an interrupted render are removed wherever render
writes them, and a 300-character agency name gets a short folder without stopping anyone else."""

from __future__ import annotations

import os

import pytest

from lkjip_analysis.render import render, slug

from .helpers import synthetic_data
from .test_render_engine import notebook

CHART = (
    "import matplotlib.pyplot as plt\n"
    "from lkjip_analysis.sections import Report\n"
    "r = Report(instansi, tahun, data_dir, grafik_dir, laporan='u')\n"
    "fig, ax = plt.subplots()\nax.plot([1, 2])\nax.set_title('Uji grafik')\nr._show(fig)"
)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return synthetic_data(tmp_path_factory.mktemp("data"), ["Dinas A"])


def _render(nbs, data, out, **kwargs):
    from lkjip_analysis.render import plan

    year = max(y for _, y in plan(data))
    return render([str(n) for n in nbs], [year], data_dir=data, output_dir=out, jobs=1, progress=False, **kwargs)


@pytest.mark.slow
def test_navigation_and_charts_are_inputs_of_the_cache(data, tmp_path):
    first = notebook(tmp_path / "nb" / "01_grafik.ipynb", CHART)
    second = notebook(tmp_path / "nb" / "02_lain.ipynb", "print('lain')")
    out = tmp_path / "laporan"
    batch = _render([first, second], data, out)
    assert not batch.failed, batch.text
    folder = batch.results[0].task.folder
    charts = sorted(p.name for p in (folder / "grafik").iterdir())
    assert charts == ["u_uji_grafik.png", "u_uji_grafik.svg"]

    nb = second.read_text(encoding="utf-8").replace("# Uji 02_lain", "# Judul baru")
    second.write_text(nb, encoding="utf-8")  # the sibling's title changes: the first page names it
    again = _render([first, second], data, out)
    assert [r.status for r in again.results] == ["berhasil", "berhasil"], again.text
    assert "Judul baru" in (folder / "01_grafik.html").read_text(encoding="utf-8")

    for chart in (folder / "grafik").iterdir():
        chart.unlink()
    (folder / "grafik").rmdir()
    third = _render([first, second], data, out)
    assert [r.status for r in third.results] == ["berhasil", "dilewati (tidak berubah)"], third.text
    assert sorted(p.name for p in (folder / "grafik").iterdir()) == charts


def test_temporaries_of_an_interrupted_render_are_removed_everywhere(data, tmp_path, monkeypatch):
    from lkjip_analysis import render as render_module

    nb = notebook(tmp_path / "nb" / "01_uji.ipynb", "print(1)")
    out = tmp_path / "laporan"
    year = max(y for _, y in render_module.plan(data))
    folder = out / str(year) / slug("Dinas A")
    stale = [
        out / ".index.html.999999999.ab12.tmp",
        out / ".lkjip-cache" / ".rencana.json.999999999.cd34.tmp",
        out / ".lkjip-cache" / str(year) / slug("Dinas A") / ".01_uji.json.999999999.ef56.tmp",
        folder / "grafik" / ".u_uji.png.999999999.gh78.tmp",
        out / "2019" / "dinas-lama" / "grafik" / ".u_lama.svg.999999999.kl12.tmp",  # a year not in this batch
    ]
    live = folder / "grafik" / f".u_uji.svg.{os.getpid()}.ij90.tmp"
    for path in [*stale, live]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("separuh")
    monkeypatch.setattr(render_module, "render_all", lambda *args, **kwargs: [])
    render_module.render([str(nb)], data_dir=data, output_dir=out, progress=False)
    assert not [p for p in stale if p.exists()]
    assert live.exists()


def test_long_agency_names_get_short_unique_folders():
    long_a, long_b = "Dinas " + "Sangat Panjang " * 20 + "A", "Dinas " + "Sangat Panjang " * 20 + "B"
    assert len(long_a) > 300 - 3 * 20
    assert slug(long_a) != slug(long_b) and slug(long_a) == slug(long_a)
    assert max(len(slug(long_a)), len(slug(long_b))) <= 80
    assert slug("Dinas A") == "dinas-a"
    assert slug("教育局") != slug("卫生局") and slug("教育局").startswith("instansi-")  # no Latin letter at all


@pytest.mark.slow
def test_long_agency_name_renders_and_exports_beside_the_others(tmp_path, capsys):
    from lkjip_analysis.cli import main

    name = ("Dinas " + "Sangat Panjang Sekali " * 14).strip()  # 313 characters
    data = synthetic_data(tmp_path / "data", [name, "Dinas B"])
    assert main(["validate", "--data-dir", str(data)]) == 0
    nb = notebook(tmp_path / "nb" / "01_uji.ipynb", "print(instansi[:10])")
    out = tmp_path / "laporan"
    code = main(["render", "--data-dir", str(data), "--output-dir", str(out), "--notebook", str(nb), "--jobs", "1"])
    assert code == 0, capsys.readouterr()
    pages = sorted({p.parent.name for p in out.glob("*/*/01_uji.html")})
    assert pages == sorted([slug(name), "dinas-b"]) and len(slug(name)) <= 80
    assert main(["export", "--data-dir", str(data), "--output-dir", str(out)]) == 0
    assert {p.parent.name for p in out.glob("*/*/tabel_analisis.xlsx")} == {slug(name), "dinas-b"}
