"""Corpus of issue 20, beyond the cases of cases.yaml: nothing written over the input, every ignored file
listed, the displayed number of a percent cell, long agency names, one agency's failure alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lkjip_analysis.cli import main
from lkjip_analysis.data import load_table

from .corpus_generators import percent

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "kanonik" / "indikator_dasar.csv"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(BASE, folder / "indikator.csv")
    shutil.copy(CORPUS / "kanonik" / "kepegawaian.csv", folder / "kepegawaian.csv")
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ["build", "--output-dir", "{data}"],
        ["build", "--output-dir", "{data}/"],
        ["convert", "--output-dir", "{data}"],
        ["export", "--output-dir", "{data}"],
        ["audit", "--csv", "{data}/indikator.csv"],
        ["audit", "--csv", "{data}/baru.csv"],
        ["audit", "--csv", "{link}"],
        ["template", "--output", "{data}/kepegawaian.xlsx", "--force"],
    ],
)
def test_no_command_writes_into_the_data_directory(data, tmp_path, capsys, command):
    link = tmp_path / "tautan.csv"
    link.symlink_to(data / "kepegawaian.csv")  # writing through a link would replace the input
    before = _snapshot(data)
    args = [a.format(data=data, link=link) for a in command]
    assert main([*args[:1], "--data-dir", str(data), *args[1:]]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Gagal: ") and "direktori data" in err and "Traceback" not in err
    assert _snapshot(data) == before
    assert link.is_symlink()


def test_render_refuses_the_data_directory_as_output(data, capsys):
    before = _snapshot(data)
    assert main(["render", "--data-dir", str(data), "--output-dir", str(data), "--notebook", "01"]) == 1
    assert "adalah direktori data" in capsys.readouterr().err
    assert _snapshot(data) == before and not (data / ".lkjip-cache").exists()


def test_validate_lists_every_ignored_file(data, capsys):
    for name in ("rekap.xlsm", "lama.xls", "indikatr.csv", "catatan.txt"):
        (data / name).write_bytes(b"x")
    (data / ".tersembunyi.csv").write_text("x")
    assert main(["validate", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "  rekap.xlsm: diabaikan, buku kerja Excel bermakro (.xlsm) tidak dibaca; simpan sebagai .xlsx" in out
    assert "  lama.xls: diabaikan, Excel lama (.xls) tidak dibaca" in out
    assert "  indikatr.csv: diabaikan, nama berkas tidak diawali nama tabel" in out
    assert "  catatan.txt: diabaikan, bukan berkas data" in out
    assert ".tersembunyi.csv" not in out


def test_percent_cells_are_read_by_the_rows_satuan(tmp_path):
    percent(tmp_path / "indikator.xlsx")
    row = load_table("indikator", tmp_path).iloc[0]
    assert (row["satuan"], row["target"], row["realisasi"]) == ("%", 1.85, 2.0)  # shown 1,85% and 2,00%


def test_one_agencys_failure_never_stops_the_others_export(data, tmp_path, capsys, monkeypatch):
    from lkjip_analysis import export as export_module

    with open(data / "indikator.csv", "a", encoding="utf-8") as handle:
        handle.write(
            "Dinas Kedua,2023,Pengukuran,Tabel 3.1,,indeks_dasar,Indeks dasar,indeks,positif,0.8,0.75,93.75,,,,,\n"
        )
    real = export_module.workbook

    def failing(report):
        if report.instansi == "Dinas Dasar":
            raise OSError(28, "No space left on device", "/disk/penuh.xlsx")
        return real(report)

    monkeypatch.setattr(export_module, "workbook", failing)
    out = tmp_path / "laporan"
    assert main(["export", "--data-dir", str(data), "--output-dir", str(out)]) == 1
    captured = capsys.readouterr()
    assert "1 buku kerja Excel ditulis:" in captured.out and "dinas-kedua" in captured.out
    assert (
        "Gagal: 1 buku kerja gagal ditulis (1 berhasil): Dinas Dasar (2023): '/disk/penuh.xlsx': disk penuh"
        in captured.err
    )
    assert [p.parent.name for p in out.glob("*/*/tabel_analisis.xlsx")] == ["dinas-kedua"]


def test_a_table_only_in_an_unread_format_says_so(tmp_path, capsys):
    (tmp_path / "indikator.xlsm").write_bytes(b"PK\x03\x04")
    assert main(["validate", "--data-dir", str(tmp_path)]) == 1
    assert "(tidak dibaca: indikator.xlsm; simpan sebagai .xlsx atau CSV UTF-8)" in capsys.readouterr().err
