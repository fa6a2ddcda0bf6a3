"""`lkjip` exits 0 on the shipped data, 1 with every problem on broken data, never a traceback."""

import subprocess
import sys

import pytest

from lkjip_analysis.cli import main

from .helpers import edit_csv


def test_validate_shipped_data(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "indikator 839 baris" in out and "skala 16 baris" in out and "periode 11 baris" in out
    assert "BKPSDM Kota Surakarta" in out and "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Barat" in out


BREAKAGES = {
    "missing column": ("anggaran.csv", "kode_rekening,", "rekening,", "kolom 'kode_rekening'"),
    "non-numeric target": ("indikator.csv", "positif,1.48,", "positif,abc,", "baris 9, kolom 'target'"),
    "negative count": ("kepegawaian.csv", "Golongan II,,4,", "Golongan II,,-4,", "baris 5, kolom 'jumlah'"),
    "unknown polaritas": ("indikator.csv", "%,negatif,0.25", "%,turun,0.25", "baris 2, kolom 'polaritas'"),
    "impossible year": (
        "kepegawaian.csv",
        "BKPSDM Kota Surakarta,LKjIP 2023,2023,",
        "BKPSDM Kota Surakarta,LKjIP 2023,20233,",
        "baris 2, kolom 'tahun'",
    ),
}


@pytest.mark.parametrize("name", BREAKAGES)
def test_validate_broken(raw_copy, capsys, name):
    file, old, new, where = BREAKAGES[name]
    edit_csv(raw_copy / file, old, new)
    assert main(["validate", str(raw_copy)]) == 1
    err = capsys.readouterr().err
    assert where in err and "Traceback" not in err


def test_validate_duplicate_empty_and_not_utf8(raw_copy, capsys):
    ind = raw_copy / "indikator.csv"
    lines = ind.read_text(encoding="utf-8").splitlines()
    ind.write_text("\n".join([*lines, lines[3]]) + "\n", encoding="utf-8")
    (raw_copy / "kepegawaian.csv").write_text("", encoding="utf-8")
    ang = raw_copy / "anggaran.csv"
    ang.write_bytes(ang.read_bytes().replace(b"Mutasi dan Promosi ASN", b"Mutasi \xe9"))
    assert main(["validate", str(raw_copy)]) == 1
    err = capsys.readouterr().err
    assert "ganda" in err and "kosong" in err and "UTF-8" in err


def test_console_script_no_traceback(raw_copy):
    edit_csv(raw_copy / "indikator.csv", "positif,1.48,", "positif,abc,")
    proc = subprocess.run(
        [sys.executable, "-m", "lkjip_analysis.cli", "validate", str(raw_copy)], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "nilai 'abc'" in proc.stderr


def test_read_only_commands_do_not_import_notebook_machinery():
    code = (
        "import sys; from lkjip_analysis.cli import main; main(['validate']); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('papermill', 'nbconvert', 'nbformat', 'jupyter_client', 'jupyterlab')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_help_in_indonesian(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    assert "tampilkan bantuan" in out and "data/processed" in out


def test_mistyped_subcommand_is_explained_in_indonesian(capsys):
    with pytest.raises(SystemExit) as info:
        main(["valdate"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "penggunaan: lkjip" in err and "pilihan tidak dikenal 'valdate'" in err
    assert "maksud Anda 'validate'?" in err and "invalid choice" not in err


def test_missing_argument_is_explained_in_indonesian(capsys):
    with pytest.raises(SystemExit):
        main(["skenario"])
    err = capsys.readouterr().err
    assert "argumen berikut wajib diisi: BERKAS_YAML" in err and "required" not in err


@pytest.mark.parametrize("argv", [["validate"], ["audit"], ["build", "--output-dir", "{out}"]])
def test_every_subcommand_takes_data_dir_option(raw_copy, tmp_path, capsys, argv):
    edit_csv(raw_copy / "kepegawaian.csv", "Golongan II,,4,", "Golongan II,,-4,")
    argv = [a.format(out=tmp_path / "out") for a in argv]
    assert main([*argv, "--data-dir", str(raw_copy)]) == 1
    assert "baris 5, kolom 'jumlah'" in capsys.readouterr().err


def test_help_is_in_indonesian(capsys):
    with pytest.raises(SystemExit):
        main(["render", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("penggunaan: lkjip render") and "--data-dir DIR" in out and "opsi" in out
