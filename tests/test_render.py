"""Fast checks of ``lkjip render``'s planning, report preparation and the committed notebooks
(the notebook executions themselves are in test_notebooks.py)."""

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lkjip_analysis import render
from lkjip_analysis.cli import build_parser
from lkjip_analysis.config import NOTEBOOKS_DIR
from lkjip_analysis.errors import RenderError

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))


def test_five_notebooks():
    assert [p.stem for p in NOTEBOOKS] == [
        "01_capaian_kinerja",
        "02_anggaran",
        "03_kepegawaian",
        "04_skenario_target",
        "05_ringkasan_tahunan",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_committed_clean_with_parameters(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "commit notebooks without outputs"
    first = code[0]
    assert first.metadata.get("tags") == ["parameters"]
    # nothing assumes the shipped agency: the defaults mean "the first agency, its latest year"
    assert "tahun: int = 0  # tahun laporan" in first.source
    assert 'instansi: str = ""  # nama instansi' in first.source
    assert 'data_dir: str = ""  # direktori data' in first.source
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


def test_help_notebook_documents_parameters():
    import papermill

    params = papermill.inspect_notebook(str(NOTEBOOKS_DIR / "04_skenario_target.ipynb"))
    assert set(params) == {"tahun", "instansi", "data_dir", "grafik_dir", "skenario"}
    assert params["tahun"]["inferred_type_name"] == "int" and params["tahun"]["help"].startswith("tahun laporan")


def test_slug():
    assert render.slug("BKPSDM Kota Surakarta") == "bkpsdm-kota-surakarta"
    assert render.slug("Dinas Kesehatan / Kota Solo") == "dinas-kesehatan-kota-solo"
    assert render.slug("<>").startswith("instansi-") and render.slug("<>") != render.slug("<<>>")


def test_find_notebooks_by_prefix_stem_and_path(tmp_path):
    assert render.find_notebooks(None) == NOTEBOOKS
    assert render.find_notebooks(["01", "02_anggaran"]) == NOTEBOOKS[:2]
    own = tmp_path / "x.ipynb"
    own.write_text(NOTEBOOKS[0].read_text())
    assert render.find_notebooks([str(own)]) == [own.resolve()]
    with pytest.raises(RenderError, match="tidak ditemukan.*01_capaian_kinerja"):
        render.find_notebooks(["99"])
    with pytest.raises(RenderError, match="lebih dari satu"):
        render.find_notebooks(["0"])


def test_plan_renders_every_agency_and_report_year_unless_narrowed():
    from lkjip_analysis.render.plan import select

    years = {
        "Dinas B": {"laporan": [2022, 2023], "pembanding": [2021]},
        "Dinas A": {"laporan": [2023], "pembanding": []},
    }
    assert select(years) == [("Dinas A", 2023), ("Dinas B", 2022), ("Dinas B", 2023)]
    assert select(years, tahun=[2022]) == [("Dinas B", 2022)]
    assert select(years, tahun=[2021]) == [("Dinas B", 2021)]  # a comparison year, when asked for
    assert select(years, instansi=["Dinas B", "Dinas B"], tahun=[2023]) == [("Dinas B", 2023)]
    # the years that appear only as comparison columns of a later report are not reports of their own
    assert render.plan() == [("BKPSDM Kota Surakarta", 2023), ("Badan Ketahanan Pangan Daerah Provinsi Jawa Barat", 2016),
                             ("Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Barat", 2016)]  # fmt: skip


def test_plan_rejects_unknown_year_and_agency():
    with pytest.raises(RenderError, match="tahun 2031.*tahun yang ada: .*2022, 2023"):
        render.plan(tahun=[2031])
    with pytest.raises(RenderError, match="'Dinas X' tidak ada di data.*BKPSDM"):
        render.plan(instansi=["Dinas X"])


def task(tmp_path, **kw):
    values = dict(
        notebook=NOTEBOOKS[0],
        instansi="BKPSDM Kota Surakarta",
        tahun=2023,
        data_dir="",
        output_dir=tmp_path,
        with_code=False,
    )
    values.update(kw)
    return render.Task(**values)


def test_provenance_hashes_every_data_file(tmp_path):
    from lkjip_analysis.data import has_table, list_tables, table_files
    from lkjip_analysis.iorw import file_sha256

    prov = render.provenance(task(tmp_path))
    files = [p for t in list_tables() if has_table(t) for p in table_files(t)]
    assert prov["berkas_data"] == {p.name: file_sha256(p) for p in files}
    assert {"indikator.csv", "anggaran.csv", "kepegawaian.csv"} <= set(prov["berkas_data"])
    assert prov["versi"].startswith("lkjip-analysis ")
    # the render engine passes the files a report read (its agency's rows) instead
    only = render.provenance(task(tmp_path), {"indikator.csv": "ab" * 32}, "/data")
    assert only["berkas_data"] == {"indikator.csv": "ab" * 32} and only["direktori_data"] == "/data"


def executed_like():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Judul\n\nteks"),
        nbformat.v4.new_code_cell("tahun = 2023", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("tahun = 2022", metadata={"tags": ["injected-parameters"]}),
        nbformat.v4.new_code_cell("widget()", metadata={"tags": ["hanya-lab"]}),
        nbformat.v4.new_code_cell(
            "print(1)",
            outputs=[
                nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                nbformat.v4.new_output("stream", name="stderr", text="PeringatanX\n"),
            ],
        ),
    ]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    return nb


def test_prepare_report_mode_drops_code_only_cells_and_escapes(tmp_path):
    t = task(tmp_path, instansi="<script>alert(1)</script>")
    prov = render.provenance(task(tmp_path))
    prov["parameter"] = t.parameters()
    nb = render.prepare(executed_like(), t, prov)
    sources = [c.source for c in nb.cells]
    assert not any("tahun = 202" in s or "widget()" in s for s in sources)
    assert "widgets" not in nb.metadata
    html = render.to_html(nb, with_code=False)
    assert "PeringatanX" not in html and "print(1)" not in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.index("Judul") < html.index('class="lkjip-subjudul"') < html.index("Provenans laporan")
    assert nb.metadata["title"] == "Judul — <script>alert(1)</script> 2023"
    assert "<title>Judul — &lt;script&gt;" in html


def test_prepare_with_code_keeps_code(tmp_path):
    t = task(tmp_path, with_code=True)
    html = render.to_html(render.prepare(executed_like(), t, render.provenance(t)), with_code=True)
    assert "print" in html and "widget" in html


def test_template_has_no_external_url(tmp_path):
    t = task(tmp_path)
    html = render.to_html(render.prepare(executed_like(), t, render.provenance(t)), with_code=False)
    import re

    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, flags=re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//|@import""", html, flags=re.I)
    assert "require.js" not in html and "mathjax" not in html.lower()


def test_index_links_every_report(tmp_path):
    folder = tmp_path / "2023" / "dinas-a"
    folder.mkdir(parents=True)
    (folder / "01_x.html").write_text("<html></html>")
    (folder / ".01_x.123.tmp.html").write_text("")
    index = render.write_index(tmp_path / "2023").read_text()
    assert 'href="dinas-a/01_x.html"' in index and ".tmp" not in index
    assert "http" not in index


def test_summary_names_failure(tmp_path):
    ok = render.Result(task(tmp_path), 1.5, html=tmp_path / "a.html")
    bad = render.Result(
        task(tmp_path, notebook=NOTEBOOKS[1]),
        2.25,
        error="sel [3] (...): ValueError: rusak",
        failed_notebook=tmp_path / "02_anggaran.gagal.ipynb",
    )
    text = render.summary([ok, bad], 3.75)
    assert "berhasil" in text and "GAGAL" in text and "1,5 dtk" in text
    assert "Dirender: 1, gagal: 1" in text and "ValueError: rusak" in text and "02_anggaran.gagal.ipynb" in text


def test_cli_has_render_and_imports_no_papermill():
    help_text = build_parser().format_help()
    assert "render" in help_text
    code = (
        "import sys; from lkjip_analysis.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('papermill', 'nbconvert', 'nbformat') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out.replace("'", '"')) == []


def test_cli_render_user_error_without_traceback(capsys):
    from lkjip_analysis.cli import main

    assert main(["render", "--tahun", "2031", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Gagal: tidak ada data untuk tahun 2031") and "Traceback" not in err
    assert main(["render", "--notebook", "99"]) == 1
    assert "notebook '99' tidak ditemukan" in capsys.readouterr().err


def test_render_module_imports_no_papermill_at_import():
    code = "import sys, lkjip_analysis.render; print('papermill' in sys.modules or 'nbconvert' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )


def test_package_ships_template():
    from lkjip_analysis.config import TEMPLATES_DIR

    assert (TEMPLATES_DIR / "lkjip" / "index.html.j2").is_file()
    assert Path(render.__file__).parents[1] / "templates" == TEMPLATES_DIR


def test_two_agencies_one_folder_is_refused():
    from lkjip_analysis.render.plan import select

    with pytest.raises(RenderError, match="berbagi satu folder laporan.*'Dinas A' dan 'DINAS-A'"):
        select({"Dinas A": [2024], "DINAS-A": [2024], "Dinas B": [2024]})


def test_report_counts_as_tanpa_data_only_when_every_section_is_a_note():
    import pandas as pd

    from lkjip_analysis.render.publish import has_content
    from lkjip_analysis.sections import Lines, Note

    def ipynb(*shown) -> str:
        html = [s if isinstance(s, str) else s._repr_html_() for s in shown]
        outputs = [{"output_type": "display_data", "data": {"text/html": h}} for h in html]
        cells = [{"cell_type": "markdown", "source": "# Bab"}, {"cell_type": "code", "outputs": outputs}]
        return json.dumps({"cells": cells})

    notes = [Note("Tidak ada data anggaran untuk Dinas A tahun 2023."), Note("Catatan.", css="lkjip-catatan-kaki")]
    assert not has_content(ipynb(*notes))
    assert has_content(ipynb(*notes, Lines(["Capaian rata-rata 93,75%."])))
    assert has_content(ipynb(*notes, pd.DataFrame({"indikator": ["A"], "capaian": [93.75]}).to_html()))
