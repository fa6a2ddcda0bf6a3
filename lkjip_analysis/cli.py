"""The ``lkjip`` command line (messages in Bahasa Indonesia).

Every subcommand is registered in ``COMMANDS``; heavy modules are imported inside the
handlers so that commands which only read data never import papermill, nbconvert or
jupyter.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

COMMANDS: dict[str, Callable[[argparse._SubParsersAction], None]] = {}


def command(func):
    COMMANDS[func.__name__.removeprefix("add_")] = func
    return func


def _data_dir_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data_dir", nargs="?", default=None, metavar="DATA_DIR",
                        help="direktori data mentah (bawaan: $LKJIP_DATA_DIR, atau data/raw)")


def _summary(tables) -> str:
    import pandas as pd

    combined = pd.concat([t[["instansi", "tahun"]] for t in tables.values()])
    rows = ", ".join(f"{name} {len(frame)} baris" for name, frame in tables.items())
    agencies = ", ".join(sorted(combined["instansi"].unique()))
    years = sorted(int(y) for y in combined["tahun"].unique())
    return f"Data valid: {rows}.\nInstansi: {agencies}.\nTahun: {', '.join(map(str, years))}."


@command
def add_validate(sub) -> None:
    p = sub.add_parser("validate", help="periksa semua tabel data mentah",
                       description="Memeriksa tabel indikator, anggaran dan kepegawaian. "
                                   "Keluar dengan kode 1 dan mencantumkan setiap masalah bila data tidak valid.")
    _data_dir_arg(p)

    def run(args) -> int:
        from .data import load_all

        print(_summary(load_all(args.data_dir)))
        return 0

    p.set_defaults(run=run)


@command
def add_build(sub) -> None:
    p = sub.add_parser("build", help="tulis tabel tervalidasi ke data/processed/",
                       description="Memvalidasi data lalu menulis Parquet, CSV dan manifest.json. "
                                   "Tidak menulis apa pun bila validasi gagal.")
    _data_dir_arg(p)
    p.add_argument("--output-dir", default=None, help="direktori keluaran (bawaan: data/processed)")

    def run(args) -> int:
        from .build import build

        paths = build(args.data_dir, args.output_dir)
        print(f"{len(paths)} berkas ditulis ke {paths[0].parent}:")
        for path in paths:
            print(f"  {path.name}")
        return 0

    p.set_defaults(run=run)


@command
def add_render(sub) -> None:
    p = sub.add_parser("render", help="render notebook menjadi laporan HTML luring per instansi dan tahun",
                       description="Menjalankan notebook berparameter (papermill) untuk setiap instansi dan tahun "
                                   "yang diminta (bawaan: setiap instansi dan tahun terakhirnya), lalu menulis "
                                   ".ipynb dan .html ke reports/<tahun>/<instansi>/ serta index.html per tahun. "
                                   "Keluar dengan kode 1 bila ada laporan yang gagal.")
    p.add_argument("--tahun", type=int, action="append", metavar="TAHUN",
                   help="tahun laporan (boleh diulang; bawaan: tahun terakhir setiap instansi)")
    p.add_argument("--instansi", action="append", metavar="NAMA",
                   help="nama instansi persis seperti di data (boleh diulang; bawaan: semua instansi)")
    p.add_argument("--notebook", action="append", metavar="NAMA",
                   help="notebook yang dirender: nama atau awalan (mis. 01, 02_anggaran) atau path .ipynb "
                        "(boleh diulang; bawaan: semua notebook di notebooks/)")
    p.add_argument("--data-dir", default=None, help="direktori data mentah (bawaan: $LKJIP_DATA_DIR, atau data/raw)")
    p.add_argument("--output-dir", default=None, help="direktori laporan (bawaan: reports)")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="jumlah proses paralel (bawaan: jumlah inti prosesor)")
    p.add_argument("--with-code", action="store_true", help="tampilkan sel kode (laporan untuk analis)")

    def run(args) -> int:
        import time

        from .errors import RenderError
        from .render import render, summary

        start = time.perf_counter()
        results = render(args.notebook, args.tahun, args.instansi, args.data_dir, args.output_dir,
                         args.jobs, args.with_code)
        print(summary(results, time.perf_counter() - start))
        failed = [r for r in results if not r.ok]
        if failed:
            raise RenderError(f"{len(failed)} dari {len(results)} laporan gagal: "
                              + "; ".join(f"{r.task.name} ({r.task.instansi} {r.task.tahun})" for r in failed))
        years = sorted({r.task.tahun for r in results})
        out = results[0].html.parents[2] if results else None
        for year in years:
            print(f"Indeks: {out / str(year) / 'index.html'}")
        return 0

    p.set_defaults(run=run)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own headings and -h speak Bahasa Indonesia."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "opsi"
        self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")


@command
def add_audit(sub) -> None:
    p = sub.add_parser("audit", help="periksa aritmetika laporan sumber dan daftar setiap pertentangan",
                       description="Menghitung ulang jumlah, persentase, capaian dan predikat yang dinyatakan laporan, "
                                   "lalu mencantumkan setiap perbedaan. Temuan adalah informasi tentang laporan, "
                                   "bukan kesalahan alat: kode keluar tetap 0.")
    _data_dir_arg(p)
    p.add_argument("--csv", metavar="BERKAS", help="tulis temuan juga ke berkas CSV ini")

    def run(args) -> int:
        from .audit import audit, format_temuan

        temuan = audit(args.data_dir)
        print(format_temuan(temuan))
        if args.csv:
            from pathlib import Path

            from .build import atomic_write

            atomic_write(Path(args.csv), lambda p: temuan.to_csv(p, index=False, encoding="utf-8"))
        return 0

    p.set_defaults(run=run)


@command
def add_skenario(sub) -> None:
    p = sub.add_parser("skenario", help="hitung capaian dan predikat menurut skenario target (berkas YAML)",
                       description="Menerapkan perubahan target/realisasi dari berkas YAML lalu menampilkan capaian "
                                   "dan predikat awal berdampingan dengan skenario. Format berkas: lihat "
                                   "docstring lkjip_analysis.skenario.")
    p.add_argument("berkas", metavar="BERKAS_YAML", help="berkas skenario YAML")
    _data_dir_arg(p)

    def run(args) -> int:
        from . import fmt
        from .data import load_indikator
        from .skenario import skenario

        hasil = skenario(load_indikator(args.data_dir), args.berkas)
        hasil = hasil[hasil["berubah"]]
        for r in hasil.itertuples():
            print(f"{r.indikator} ({r.tahun}): target {fmt.angka(r.target_awal)} -> {fmt.angka(r.target_skenario)}, "
                  f"realisasi {fmt.angka(r.realisasi_awal)} -> {fmt.angka(r.realisasi_skenario)}, "
                  f"capaian {fmt.persen(r.capaian_awal, 2)} -> {fmt.persen(r.capaian_skenario, 2)}, "
                  f"predikat {r.predikat_awal} -> {r.predikat_skenario}")
        print(f"{len(hasil)} baris berubah.")
        return 0

    p.set_defaults(run=run)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lkjip",
        description="Analisis Laporan Kinerja Instansi Pemerintah (LKjIP).",
    )
    parser.add_argument("--debug", action="store_true", help="tampilkan jejak lengkap bila terjadi kesalahan internal")
    sub = parser.add_subparsers(title="perintah", metavar="PERINTAH", required=True, parser_class=_Parser)
    for add in COMMANDS.values():
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .errors import LkjipError

    try:
        return args.run(args)
    except LkjipError as err:
        print(f"Gagal: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Dibatalkan.", file=sys.stderr)
        return 130
    except Exception as err:  # an internal bug: a short message, the traceback only on request
        if args.debug:
            raise
        print(f"Kesalahan internal: {type(err).__name__}: {err}\n"
              "Jalankan ulang dengan 'lkjip --debug ...' untuk jejak lengkap dan laporkan sebagai isu.",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
