"""The corpus of broken and hostile inputs (tests/corpus/cases.yaml): each case rejected with its
file, row, column and value, or accepted with exact values; never a traceback, nothing written on
failure, exit codes as the README documents. Also the hostile environment: a closed stdout, output
folders that are files or not writable, interrupted renders, a 50 MB file."""

from __future__ import annotations

import codecs
import datetime
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from lkjip_analysis import readers
from lkjip_analysis.cli import main
from lkjip_analysis.data import load_table
from lkjip_analysis.errors import DataError
from lkjip_analysis.schemas import SCHEMAS

from .corpus_generators import GENERATORS

CORPUS = Path(__file__).parent / "corpus"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))["cases"]
CANONICAL = CORPUS / "kanonik"
BASE = CANONICAL / "indikator_dasar.csv"  # the required table, for the command line


def _canonical_lines(name: str = "kepegawaian.csv") -> list[str]:
    return (CANONICAL / name).read_text(encoding="utf-8").splitlines()


def _excel(path: Path, table: str, rows: list[list], formats: dict[str, str] | None = None) -> None:
    """A workbook with one sheet named after ``table``; ``rows[0]`` is the header. A cell "=..."
    is a formula without a cached value (as a program, not Excel, writes it)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = table
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(r, c, value)
            if isinstance(value, str) and value.startswith("#"):
                cell.data_type = "e"
    for name, number_format in (formats or {}).items():
        column = get_column_letter(rows[0].index(name) + 1)
        for r in range(2, len(rows) + 1):
            sheet[f"{column}{r}"].number_format = number_format
    book.save(path)


def _kepegawaian_rows() -> list[list]:
    import csv

    with open(CANONICAL / "kepegawaian.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    typed = [rows[0]]
    for row in rows[1:]:
        typed.append([int(v) if name in ("tahun", "jumlah") else (v or None) for name, v in zip(rows[0], row)])
    return typed


def _generate(name: str, folder: Path) -> None:
    """Write the generated case ``name`` into ``folder``."""
    target = folder / name
    if name in GENERATORS:
        GENERATORS[name](target)
        return
    lines = _canonical_lines()
    text = "\n".join(lines) + "\n"
    if name == "kepegawaian_bom.csv":
        target.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    elif name == "kepegawaian_crlf.csv":
        target.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    elif name == "kepegawaian_utf16.csv":
        target.write_bytes(text.encode("utf-16"))
    elif name == "kepegawaian_utf16_tanpa_bom.csv":
        target.write_bytes(text.encode("utf-16-le"))
    elif name == "kepegawaian_cp1252.csv":
        bad = [
            lines[0],
            "Dinas Uji,2023,Tabel 1,golongan,Golongan IV,,12,rincian,",
            "Dinas Uji,2023,Tabel 1,golongan,Golongan €,,1,rincian,",
        ]
        target.write_bytes("\n".join(bad).encode("cp1252"))
    elif name == "kepegawaian_latin1.csv":
        bad = [lines[0], "Dinas Uji,2023,Tabel 1,jabatan,Eselon III,Sekretaris é,1,rincian,"]
        target.write_bytes("\n".join(bad).encode("latin-1"))
    elif name == "kepegawaian_biner.csv":
        target.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    elif name == "kepegawaian_zip.csv":
        target.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    elif name == "kepegawaian_karakter_kendali.csv":
        bad = [
            lines[0],
            "Dinas Uji,2023,Tabel 1,golongan,Golongan\x00III,,1,rincian,",
            "Dinas Uji,2023,Tabel 1,jabatan,Eselon III,abc\u202edef,1,rincian,",
        ]
        target.write_text("\n".join(bad) + "\n", encoding="utf-8")
    elif name == "kepegawaian_terlalu_besar.csv":
        target.write_text(text, encoding="utf-8")
    elif name == "kepegawaian_folder.csv":
        target.mkdir()
    elif name == "kepegawaian_fifo.csv":
        os.mkfifo(target)
    elif name == "kepegawaian_nol.csv":
        target.symlink_to("/dev/zero")
    elif name == "kepegawaian_rusak.csv":
        target.symlink_to(folder / "tidak-ada.csv")
    elif name == "kepegawaian_putar.csv":
        (folder / "putar-b").symlink_to(target)
        target.symlink_to(folder / "putar-b")
    elif name == "kepegawaian_tanpa_izin.csv":
        target.write_text(text, encoding="utf-8")  # made unreadable by the fixture (root reads anything)
    elif name == "kepegawaian_tautan.csv":
        target.symlink_to(CANONICAL / "kepegawaian.csv")
    elif name == "kepegawaian_excel.xlsx":
        _excel(target, "kepegawaian", _kepegawaian_rows())
    elif name == "anggaran_excel.xlsx":
        import csv

        with open(CANONICAL / "anggaran.csv", newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        rows = [header]
        values = [
            {"tahun": 2023, "anggaran_murni": 15625599024, "anggaran_perubahan": 8460444119.0,
             "realisasi": 8149751661, "persen_realisasi_dilaporkan": 0.9633, "efisiensi_dilaporkan": "3,67 %",
             "uraian": "Program A", "tingkat": "program"},
            {"tahun": datetime.datetime(2023, 1, 1), "anggaran_murni": "Rp 35.460.770.859,-", "realisasi": "Rp. 1.234.000",
             "persen_realisasi_dilaporkan": "0,5%", "uraian": "Kegiatan B", "tingkat": "kegiatan"},
            {"tahun": "2023", "anggaran_perubahan": 1e15, "realisasi": 100, "persen_realisasi_dilaporkan": 0.93,
             "uraian": "Jumlah", "tingkat": "total", "jenis_baris": "total"},
        ]  # fmt: skip
        for value in values:
            row = {"instansi": "Dinas Uji", "sumber": "Tabel 2", "jenis_baris": "rincian", **value}
            rows.append([row.get(name) for name in header])
        _excel(target, "anggaran", rows, {"persen_realisasi_dilaporkan": "0.00%"})
    elif name == "kepegawaian_excel_salah.xlsx":
        rows = _kepegawaian_rows()
        rows[2][6] = "empat"
        rows.append(["Dinas Uji", 2023, "Tabel 1", "golongan", "Golongan I", None, "#DIV/0!", "rincian", None])
        rows.append(["Dinas Uji", "=B2+0", "Tabel 1", "golongan", "Golongan V", None, 1, "rincian", None])
        rows.append(
            [
                "Dinas Uji",
                2023,
                "Tabel 1",
                "golongan",
                "Golongan VI",
                None,
                datetime.datetime(2023, 1, 1),
                "rincian",
                None,
            ]
        )
        _excel(target, "kepegawaian", rows)
    elif name == "kepegawaian_rusak.xlsx":
        target.write_bytes(b"PK\x03\x04 bukan zip yang utuh" + os.urandom(0) + b"\x00" * 100)
    elif name == "kepegawaian_kunci_excel.csv":
        target.write_text(text, encoding="utf-8")
    elif name == "~$kepegawaian.xlsx":
        target.write_bytes(b"\x0bUser Name" + b"\x00" * 150)
    else:
        raise AssertionError(f"no generator for corpus case {name}")


def _materialise(name: str, folder: Path) -> None:
    source = CORPUS / name
    if source.exists():
        shutil.copy(source, folder / name)
    else:
        _generate(name, folder)


@pytest.fixture
def case(tmp_path, monkeypatch, request) -> tuple[str, Path]:
    """(name, data directory) of one corpus case (with the required table, for the command line)."""
    name = request.param
    case = CASES[name]
    folder = tmp_path / "data"
    folder.mkdir()
    for file in [name, *case.get("files", [])]:
        _materialise(file, folder)
    table = name.split("_")[0]
    if table != "indikator":
        shutil.copy(BASE, folder / BASE.name)
    for key, value in case.get("env", {}).items():
        monkeypatch.setenv(key, value)
    if name == "kepegawaian_tanpa_izin.csv":
        real_open = readers.os.open

        def refusing_open(path, *args, **kwargs):
            if Path(path).name == name:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(readers.os, "open", refusing_open)
    return name, folder


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def _found(problems, table):
    key = ", ".join(SCHEMAS[table].to_schema().unique or [])
    return [
        (p.row, "KEY" if p.column == key else p.column, None if p.value is None else str(_plain(p.value)), p.expected)
        for p in problems
    ]


@pytest.mark.parametrize("case", sorted(CASES), indirect=True)
def test_corpus_case(case, capsys, tmp_path):
    name, case_dir = case
    case = CASES[name]
    table = name.split("_")[0]
    if "rejected" in case:
        with pytest.raises(DataError) as info:
            load_table(table, case_dir)
        found = _found(info.value.problems, table)
        expected = [(r, c, None if v is None else str(v)) for r, c, v, _ in case["rejected"]]
        assert sorted((f[:3] for f in found), key=str) == sorted(expected, key=str), found
        for row, column, value, phrase in case["rejected"]:
            matching = [f[3] for f in found if f[:3] == (row, column, None if value is None else str(value))]
            assert any(phrase in text for text in matching), (phrase, matching)
        assert all(Path(p.file).parent == case_dir for p in info.value.problems)
    else:
        frame = load_table(table, case_dir)
        assert len(frame) == case["accepted"]
        if "same_as" in case:
            twin = tmp_path / "kembar"
            twin.mkdir()
            shutil.copy(CORPUS / case["same_as"], twin / f"{table}.csv")
            # the twin is another file, so another document (laporan, from the file name): compare the rest
            pd.testing.assert_frame_equal(
                frame.drop(columns="laporan"), load_table(table, twin).drop(columns="laporan")
            )
    # the command line: documented exit code, no traceback, nothing written on failure
    capsys.readouterr()
    code = main(["validate", "--data-dir", str(case_dir)])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Kesalahan internal" not in err
    if "rejected" in case:
        assert code == 1 and err.startswith("Gagal: ")
        out = tmp_path / "keluaran"
        out.mkdir()
        (out / "lama.csv").write_text("isi lama\n")
        assert main(["build", "--data-dir", str(case_dir), "--output-dir", str(out)]) == 1
        assert {p.name: p.read_bytes() for p in out.iterdir()} == {"lama.csv": b"isi lama\n"}
        assert "Traceback" not in capsys.readouterr().err
    else:
        assert code == 0, err


def test_corpus_messages_name_the_excel_cell(tmp_path):
    _generate("kepegawaian_excel_salah.xlsx", tmp_path)
    with pytest.raises(DataError) as info:
        load_table("kepegawaian", tmp_path)
    text = str(info.value)
    assert "kepegawaian_excel_salah.xlsx, lembar 'kepegawaian', baris 3, kolom 'jumlah' (sel G3): nilai 'empat'" in text
    assert "baris 6, kolom 'tahun' (sel B6): rumus tanpa nilai tersimpan" in text


def test_formula_text_is_loaded_exactly_and_neutralised_in_exports(raw_copy, tmp_path):
    shutil.copy(CORPUS / "kepegawaian_formula.csv", raw_copy)
    kepegawaian = load_table("kepegawaian", raw_copy)
    assert '=HYPERLINK("http://contoh.invalid","klik")' in set(kepegawaian["kategori"])
    assert {"+cmd|' /C calc'!A0", "-2+3"} <= set(kepegawaian["catatan"])
    out = tmp_path / "processed"
    assert main(["build", "--data-dir", str(raw_copy), "--output-dir", str(out)]) == 0
    exported = (out / "kepegawaian.csv").read_text(encoding="utf-8")
    assert '"\'=HYPERLINK(""http://contoh.invalid"",""klik"")"' in exported
    assert "'+cmd|' /C calc'!A0" in exported and "'@SUM(A1:A2)" in exported and ",'-2+3" in exported
    assert "\n=" not in exported and ",=" not in exported and ",+" not in exported and ",@" not in exported
    parquet = pd.read_parquet(out / "kepegawaian.parquet")
    assert '=HYPERLINK("http://contoh.invalid","klik")' in set(parquet["kategori"])


# --- the environment: stdout, output folders, interrupted renders -----------------------------
def test_closed_stdout_is_one_line_exit_1_and_the_csv_is_written(tmp_path):
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `lkjip audit | head` after head has exited
    target = tmp_path / "temuan.csv"
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_analysis.cli", "audit", "--csv", str(target)],
        stdout=write_end,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
    )
    os.close(write_end)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Gagal: keluaran standar ditutup sebelum selesai (mis. oleh '| head'); keluaran terpotong."
    ]
    from lkjip_analysis.audit import COLUMNS

    assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)


@pytest.mark.parametrize(
    "below, message",
    [("", "sudah ada sebagai berkas, bukan direktori"), ("sub", "bagian dari path ini adalah berkas, bukan direktori")],
)
def test_output_folder_that_is_a_file_is_exit_1_naming_it(tmp_path, capsys, below, message):
    (tmp_path / "berkas").write_text("x")
    target = tmp_path / "berkas" / below if below else tmp_path / "berkas"
    assert main(["build", "--output-dir", str(target)]) == 1
    err = capsys.readouterr().err
    assert err == f"Gagal: '{target}': {message}\n"
    assert (tmp_path / "berkas").read_text() == "x"


def test_output_folder_not_writable_is_exit_1_naming_it(tmp_path, capsys, monkeypatch):
    import tempfile

    def refuse(*args, dir=None, **kwargs):
        raise PermissionError(13, "Permission denied", str(dir))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # root writes anywhere: simulate a read-only folder
    assert main(["audit", "--csv", str(tmp_path / "temuan.csv")]) == 1
    assert capsys.readouterr().err == f"Gagal: '{tmp_path}': izin ditolak\n"
    assert not (tmp_path / "temuan.csv").exists()


def test_internal_errors_keep_exit_2(monkeypatch, capsys):
    from lkjip_analysis import cli

    def broken(args):
        raise OSError("tanpa path")  # an OSError with no path is not the user's to fix

    monkeypatch.setattr(cli, "run_validate", broken)
    assert main(["validate"]) == 2
    assert "Kesalahan internal: OSError: tanpa path" in capsys.readouterr().err


def test_interrupted_render_temporaries_are_removed_on_the_next_run(tmp_path, monkeypatch):
    from lkjip_analysis import render as render_module
    from lkjip_analysis.render.plan import slug

    out = tmp_path / "laporan"
    folder = out / "2023" / slug("BKPSDM Kota Surakarta")
    folder.mkdir(parents=True)
    stale = [folder / ".01_capaian_kinerja.999999999.tmp.html", out / "2023" / ".index.html.999999998.ab12cd.tmp"]
    live = folder / f".01_capaian_kinerja.{os.getpid()}.tmp.ipynb"  # a render still running
    keep = folder / "01_capaian_kinerja.html"
    for path in [*stale, live, keep]:
        path.write_text("x")
    monkeypatch.setattr(render_module, "render_all", lambda *args, **kwargs: [])  # nothing to render: the cleanup
    render_module.render(["01"], [2023], ["BKPSDM Kota Surakarta"], output_dir=out, progress=False)
    assert not any(p.exists() for p in stale)
    assert live.exists() and keep.read_text() == "x"


# --- 50 MB ------------------------------------------------------------------------------------
MEASURE = """
import resource, sys, time
from lkjip_analysis.data import load_table
start = time.perf_counter()
rows = len(load_table("kepegawaian", sys.argv[1]))
print(rows, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


@pytest.mark.slow
def test_fifty_megabytes_in_bounded_time_and_memory(tmp_path):
    header, *rows = _canonical_lines()
    with open(tmp_path / "kepegawaian.csv", "w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\n")
        copy = 0
        while handle.tell() < 50 * 1024 * 1024:
            copy += 1
            handle.write("".join(row.replace("Dinas Uji", f"Dinas Uji {copy}") + "\n" for row in rows))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    count, seconds, peak_mb = done.stdout.split()
    assert int(count) == copy * len(rows)
    assert float(seconds) < 120 and time.perf_counter() - start < 180
    assert float(peak_mb) < 1500  # measured: about 400 MB (benchmarks/bench_read.py)
