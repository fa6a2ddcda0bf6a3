"""`lkjip build` writes typed tables atomically and nothing at all when validation fails."""

import json

import pandas as pd

from lkjip_analysis.build import build
from lkjip_analysis.cli import main
from lkjip_analysis.data import load_anggaran
from lkjip_analysis.iorw import file_sha256

from .helpers import edit_csv


def test_build_writes_typed_parquet_csv_and_manifest(tmp_path):
    out = tmp_path / "processed"
    paths = build(output_dir=out)
    assert sorted(p.name for p in paths) == sorted(
        [f"{t}.{e}" for t in ("indikator", "anggaran", "kepegawaian", "skala", "periode") for e in ("parquet", "csv")]
        + ["manifest.json"]
    )
    pd.testing.assert_frame_equal(pd.read_parquet(out / "anggaran.parquet"), load_anggaran(), check_dtype=False)
    assert str(pd.read_parquet(out / "anggaran.parquet")["realisasi"].dtype) == "Int64"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tabel"]["kepegawaian"]["baris"] == 129
    from lkjip_analysis.config import RAW_DATA_DIR

    assert manifest["tabel"]["indikator"]["berkas_sumber"]["indikator.csv"] == file_sha256(
        RAW_DATA_DIR / "indikator.csv"
    )
    assert not list(out.glob(".*tmp"))
    assert {oct(p.stat().st_mode & 0o777) for p in paths} == {"0o644"}  # readable like any saved file


def test_build_on_broken_data_leaves_output_as_it_was(raw_copy, tmp_path, capsys):
    out = tmp_path / "processed"
    build(output_dir=out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    edit_csv(raw_copy / "kepegawaian.csv", "Golongan II,,4,", "Golongan II,,-4,")
    assert main(["build", str(raw_copy), "--output-dir", str(out)]) == 1
    assert "baris 5, kolom 'jumlah'" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_build_cli_success(tmp_path, capsys):
    assert main(["build", "--output-dir", str(tmp_path)]) == 0
    assert "11 berkas ditulis" in capsys.readouterr().out


def test_build_without_the_optional_tables(tmp_path):
    from lkjip_analysis.config import RAW_DATA_DIR

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "indikator.csv").write_bytes((RAW_DATA_DIR / "indikator.csv").read_bytes())
    paths = build(raw, tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tabel"]["anggaran"] == {"baris": 0, "berkas_sumber": {}} and len(paths) == 11
