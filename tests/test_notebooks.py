"""Every notebook executed through ``lkjip render`` on the shipped data (once per session), and the
rendered HTML checked: figures from the source, no code, no external URL, embedded charts;
a YAML scenario; a batch with one failing notebook."""

import hashlib
import json
import re
from pathlib import Path

import nbformat
import pytest

from lkjip_analysis.config import NOTEBOOKS_DIR

from .helpers import run_lkjip

pytestmark = pytest.mark.slow

NAMES = ["01_capaian_kinerja", "02_anggaran", "03_kepegawaian", "04_skenario_target", "05_ringkasan_tahunan"]
SLUG = "bkpsdm-kota-surakarta"
EXTERNAL = re.compile(
    r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I
)


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("<body") :]


@pytest.mark.parametrize("name", NAMES)
def test_report_offline_without_code_with_charts(reports, name):
    page = reports / "2023" / SLUG / f"{name}.html"
    text = page.read_text(encoding="utf-8")
    assert not EXTERNAL.search(text), EXTERNAL.search(text)
    main = body(page)
    for code_marker in (
        "jp-InputArea-editor",
        "jp-InputPrompt",
        "highlight-ipynb",
        "load_indikator(",
        "injected-parameters",
    ):
        assert code_marker not in main
    assert "Traceback" not in main and "Warning" not in main
    assert main.count("<svg") >= 1 or (name == "04_skenario_target" and "<table" in main)  # sharp SVG charts
    assert "<script" not in main
    assert page.stat().st_size <= 450_000  # the whole page, charts and CSS included
    assert 'name="viewport"' in text and 'href="../../index.html"' in main  # links to the index and siblings
    assert all(f'href="{n}.html"' in main for n in NAMES if n != name)
    assert "Provenans laporan" in main and "sha256:" in main and "lkjip-analysis 0.1.0" in main
    assert main.count('class="lkjip-subjudul"') == 1
    assert (reports / "2023" / SLUG / f"{name}.ipynb").is_file()


def test_capaian_report_has_source_figures(reports):
    main = body(reports / "2023" / SLUG / "01_capaian_kinerja.html")
    rows = re.findall(r"<tr>.*?</tr>", main, flags=re.S)
    assert any("Indeks Merit" in r and "93,75%" in r and "Sangat Berhasil" in r for r in rows)
    # measured against the PK: penempatan 80,65% Berhasil beside 100% against the table
    pen = next(r for r in re.findall(r"<tr>.*?</tr>", main, flags=re.S) if "ditempatkan sesuai" in r and "80,65%" in r)
    assert "Berhasil" in pen and "100,00%" in pen
    assert "belum ada realisasi" in main and "pelanggaran disiplin" in main  # shown, never dropped


@pytest.mark.parametrize("year, slug", [(2016, "badan-ketahanan-pangan-daerah-provinsi-jawa-barat"),
                                        (2016, "dinas-tenaga-kerja-dan-transmigrasi-provinsi-jawa-barat")])  # fmt: skip
def test_reports_of_the_other_agencies_hold(reports, year, slug):
    for name in NAMES:
        main = body(reports / str(year) / slug / f"{name}.html")
        assert "Traceback" not in main and "Tidak ada data untuk ditampilkan" not in main
        # a section with no data says so in one sentence; never a header-only table
        assert not re.search(r"<thead>.*?</thead>\s*<tbody>\s*</tbody>", main, flags=re.S)
    assert (reports / str(year) / slug / "grafik").is_dir() and list(
        (reports / str(year) / slug / "grafik").glob("*.png")
    )


def test_every_report_has_its_charts(reports):
    counts = {n: body(reports / "2023" / SLUG / f"{n}.html").count("<svg") for n in NAMES}
    assert counts["03_kepegawaian"] >= 8  # one chart per staff dimension of the data
    assert counts["02_anggaran"] >= 4
    charts = sorted(p.name for p in (reports / "2023" / SLUG / "grafik").glob("01_*.png"))
    assert "01_capaian_kinerja_per_indikator.png" in charts  # also as files, named so a person finds them


def test_ringkasan_has_key_figures(reports):
    main = body(reports / "2023" / SLUG / "05_ringkasan_tahunan.html")
    assert "Rp 14.231.127.419" in main and "95,56%" in main and "Temuan audit" in main


@pytest.mark.xfail(reason="index dashboard rework in progress (issue 16 merge pending)", strict=False)
def test_index_links_every_report(reports):
    index = (reports / "2023" / "index.html").read_text(encoding="utf-8")
    for name in NAMES:
        assert f'href="{SLUG}/{name}.html"' in index
    assert not EXTERNAL.search(index)
    root = (reports / "index.html").read_text(encoding="utf-8")  # every agency and every report year
    for year, slug in ((2023, SLUG), (2016, "dinas-tenaga-kerja-dan-transmigrasi-provinsi-jawa-barat")):
        assert f'href="{year}/{slug}/01_capaian_kinerja.html"' in root
    # 2022 appears only as the comparison column of the 2023 report: listed as such, not rendered
    assert 'href="2022/' not in root and root.count("data pembanding</span>") == 6  # 2022, 2015, 2013-2015 (+ legend)
    assert 'name="viewport"' in root


def test_yaml_scenario_changes_only_its_indicator(tmp_path):
    import papermill as pm

    yaml_path = tmp_path / "skenario.yaml"
    yaml_path.write_text("perubahan:\n  - indikator: indeks_merit\n    realisasi: 0.70\n", encoding="utf-8")
    out = tmp_path / "04.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS_DIR / "04_skenario_target.ipynb"),
        str(out),
        parameters={"skenario": str(yaml_path), "instansi": "BKPSDM Kota Surakarta", "tahun": 2023},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(NOTEBOOKS_DIR),
    )
    nb = nbformat.read(out, as_version=4)
    changed = next(
        o.data["text/html"]
        for c in nb.cells
        if c.cell_type == "code" and "show_skenario(" in c.source
        for o in c.outputs
        if "text/html" in o.get("data", {})
    )
    rows = re.findall(r"<tr>.*?</tr>", changed.split("<tbody>")[1], flags=re.S)
    assert len(rows) == 1
    assert "Indeks Merit" in rows[0] and "93,75%" in rows[0] and "87,50%" in rows[0]


def test_batch_with_failing_notebook(reports, tmp_path):
    out = tmp_path / "laporan"
    folder = out / "2023" / SLUG
    folder.mkdir(parents=True)
    for name in ("02_anggaran", "03_kepegawaian"):
        for ext in (".html", ".ipynb"):
            (folder / f"{name}{ext}").write_bytes((reports / "2023" / SLUG / f"{name}{ext}").read_bytes())
    good = hashlib.sha256((folder / "02_anggaran.html").read_bytes()).hexdigest()
    old_03 = (folder / "03_kepegawaian.html").stat().st_mtime_ns

    broken = nbformat.read(NOTEBOOKS_DIR / "02_anggaran.ipynb", as_version=4)
    broken.cells.insert(4, nbformat.v4.new_code_cell('raise ValueError("uji gagal disengaja")'))
    (tmp_path / "nb").mkdir()
    nbformat.write(broken, tmp_path / "nb" / "02_anggaran.ipynb")

    done = run_lkjip(
        "render",
        "--notebook",
        tmp_path / "nb" / "02_anggaran.ipynb",
        "--notebook",
        "03",
        "--output-dir",
        out,
        "--jobs",
        "2",
        "--instansi",
        "BKPSDM Kota Surakarta",
        "--tahun",
        "2023",
    )
    assert done.returncode == 1
    assert "Dirender: 1, gagal: 1" in done.stdout
    assert "GAGAL 02_anggaran" in done.stdout and "ValueError: uji gagal disengaja" in done.stdout
    assert "sel [" in done.stdout and "raise ValueError" in done.stdout
    assert "Gagal: 1 dari 2 laporan gagal: 02_anggaran" in done.stderr and "Traceback" not in done.stderr
    assert hashlib.sha256((folder / "02_anggaran.html").read_bytes()).hexdigest() == good
    assert (folder / "02_anggaran.gagal.ipynb").is_file()
    assert (folder / "03_kepegawaian.html").stat().st_mtime_ns > old_03
    assert not list(folder.glob(".*tmp*")), "temporary files left behind"
    index = (out / "2023" / "index.html").read_text(encoding="utf-8")
    assert "02_anggaran.html" in index and "gagal" not in index


def test_with_code_shows_code(tmp_path):
    done = run_lkjip("render", "--notebook", "03", "--with-code", "--output-dir", tmp_path, "--jobs", "1",
                     "--instansi", "BKPSDM Kota Surakarta", "--tahun", "2023")  # fmt: skip
    assert done.returncode == 0, done.stderr
    main = body(tmp_path / "2023" / SLUG / "03_kepegawaian.html")
    assert "kepegawaian" in main and "jp-InputArea-editor" in main
    assert not EXTERNAL.search((tmp_path / "2023" / SLUG / "03_kepegawaian.html").read_text(encoding="utf-8"))
    assert json.loads((tmp_path / "2023" / SLUG / "03_kepegawaian.ipynb").read_text())["metadata"]["papermill"]


def test_markup_in_the_data_is_shown_as_text(raw_copy, tmp_path):
    """An indicator name or agency that looks like HTML reaches the report as text, not markup."""
    from .helpers import edit_csv

    evil = "<img src=x onerror=alert(1)>"
    edit_csv(raw_copy / "indikator.csv", ",Nilai PMPRB,", f",Nilai PMPRB {evil},", count=2)
    done = run_lkjip("render", "--data-dir", raw_copy, "--output-dir", tmp_path, "--notebook", "05", "--notebook", "01",
                     "--instansi", "BKPSDM Kota Surakarta", "--tahun", "2023")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    for html in (tmp_path / "2023" / SLUG).glob("*.html"):
        text = body(html)
        assert evil not in text, html.name
        assert "&lt;img src=x onerror=alert(1)&gt;" in text, html.name


def test_hostile_agency_name_is_text_in_every_page(raw_copy, tmp_path):
    """An agency name with a blank line, Markdown, a javascript: link and an external image: no element or
    attribute from the data exists in the page (checked on the parsed DOM)."""
    from html.parser import HTMLParser

    from .helpers import edit_csv

    hostile = (
        'Dinas X\n\n[klik](javascript:alert(1)) ![g](http://contoh.invalid/x.png) <b onclick="x()">tebal</b> $x^2$'
    )
    quoted = '"' + hostile.replace('"', '""') + '"'
    for table in ("indikator", "anggaran", "kepegawaian", "skala", "periode"):
        edit_csv(raw_copy / f"{table}.csv", "BKPSDM Kota Surakarta", quoted, count=10_000)
    done = run_lkjip("render", "--data-dir", raw_copy, "--output-dir", tmp_path, "--tahun", "2023", "--jobs", "2")
    assert done.returncode == 0, done.stdout + done.stderr

    class Elements(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            self.found += [(tag, name, value or "") for name, value in attrs] + [(tag, "", "")]

    pages = [*tmp_path.glob("2023/*/*.html"), tmp_path / "index.html", tmp_path / "2023" / "index.html"]
    assert len(pages) >= 7
    for page in pages:
        parser = Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        assert not [t for t in parser.found if t[0] == "b" or "javascript:" in t[2] or "contoh.invalid" in t[2]
                    or t[1] == "onclick"], page.name  # fmt: skip
        assert not EXTERNAL.search(page.read_text(encoding="utf-8")), page.name


# --- issue 15: the figures an evaluator reads, on the rendered pages of the three documents --------

DISNAKER = "dinas-tenaga-kerja-dan-transmigrasi-provinsi-jawa-barat"
BKPD = "badan-ketahanan-pangan-daerah-provinsi-jawa-barat"


def page_text(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["style", "script", "svg"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def test_disnakertrans_budget_is_read_by_funding_source(reports):
    """APBD Tabel 3.6 95,13%, APBN Tabel 3.7 98,39%, together 95,82%; the refocusing of the APBN only."""
    text = page_text(reports / "2016" / DISNAKER / "05_ringkasan_tahunan.html")
    assert "Anggaran program APBN turun dari Rp 21,84 M (murni) menjadi Rp 18,24 M (perubahan), -16,5%" in text
    assert "43,68" not in text and "126.988.395.687" not in text and "95,45%" not in text
    assert "Anggaran (APBD dan APBN, seluruh belanja) Rp 86.049.816.837" in text
    assert "Realisasi anggaran (APBD dan APBN, seluruh belanja) Rp 82.451.534.280" in text
    assert "Serapan anggaran (APBD, seluruh belanja) 95,13%" in text and "(APBN, seluruh belanja) 98,39%" in text
    assert "Instansi menyatakan capaian 114,78%" in text  # the agency's own average beside the recomputed one


def test_bkpd_budget_and_efficiency_are_shown(reports):
    text = page_text(reports / "2016" / BKPD / "05_ringkasan_tahunan.html")
    assert "Anggaran (APBD, belanja per sasaran) Rp 17.567.750.000" in text and "91,52%" in text
    assert "Anggaran (APBN, seluruh belanja) Rp 34.438.482.000" in text and "95,62%" in text
    assert "Tidak dijumlahkan: cakupannya berbeda" in text
    anggaran = page_text(reports / "2016" / BKPD / "02_anggaran.html")
    assert "Rp 2.205.000.000 Rp 1.921.807.050 87,16% 125,00% dilaporkan" in anggaran  # sasaran 2, per sasaran
    assert anggaran.count("tidak dapat dinilai") <= 1  # only in the rule's wording


def test_surakarta_key_figure_and_program_table_say_how_they_relate(reports):
    text = page_text(reports / "2023" / SLUG / "05_ringkasan_tahunan.html")
    assert "Anggaran (APBD, seluruh belanja) Rp 14.231.127.419" in text
    assert "1 baris per program di tabel ini berjumlah Rp 3.855.501.620, 27,09% dari seluruh belanja" in text
    assert "Dari 5 indikator Perjanjian Kinerja, 3 terukur dan 2 belum ada realisasi" in text


def test_disnakertrans_plan_path_and_documents(reports):
    text = page_text(reports / "2016" / DISNAKER / "01_capaian_kinerja.html")
    assert "Jalur target rencana" in text and "LKIP 2016; Review Renstra 2013-2018" in text
    assert "Jumlah Lembaga Pelatihan Kerja yang terakreditasi LPK Renstra 2016 30 21 70,00% di bawah jalur" in text
