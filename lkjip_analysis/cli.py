"""The ``lkjip`` command line (messages in Bahasa Indonesia).

Each subcommand is one ``add_<name>`` function that declares its arguments and one module-level
``run_<name>`` handler that turns them into one library call and prints what it returns. Heavy
modules are imported inside the handlers, so that ``lkjip --help`` and the commands that only
read data never import papermill, nbconvert or jupyter.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import re
import sys

EXIT_NO_DATA = 3
"""``lkjip render``: every report rendered, but some have no content at all (*tanpa data*)."""
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # Ctrl+C, SIGTERM (128 + signal number)
DATA_DIR_HELP = "direktori data mentah (bawaan: $LKJIP_DATA_DIR, atau data/raw)"

# argparse's own messages, in Bahasa Indonesia (pattern of the English text -> translation)
_MESSAGES = [
    (
        r"argument (?P<arg>.+?): invalid choice: '?(?P<value>[^' ]+)'? \(choose from (?P<choices>.+)\)",
        "argumen {arg}: pilihan tidak dikenal '{value}' (pilih dari {choices}){hint}",
    ),
    (r"the following arguments are required: (?P<args>.+)", "argumen berikut wajib diisi: {args}"),
    (r"unrecognized arguments: (?P<args>.+)", "argumen tidak dikenal: {args}"),
    (
        r"argument (?P<arg>.+?): invalid (?P<type>\w+) value: (?P<value>.+)",
        "argumen {arg}: nilai tidak sah {value} (harus {type})",
    ),
    (r"argument (?P<arg>.+?): expected one argument", "argumen {arg}: memerlukan satu nilai"),
    (r"argument (?P<arg>.+?): ignored explicit argument (?P<value>.+)", "argumen {arg}: tidak menerima nilai {value}"),
    (r"ambiguous option: (?P<arg>\S+) could match (?P<choices>.+)", "opsi {arg} ambigu, bisa berarti {choices}"),
    (r"argument (?P<arg>.+?): (?P<why>nilai .+)", "argumen {arg}: {why}"),  # our own type checks
]
_TYPES = {"int": "bilangan bulat", "float": "angka"}


def translate(message: str) -> str:
    """argparse's English message in Bahasa Indonesia, with a "maksud Anda" hint for a near miss.

    >>> translate("argument PERINTAH: invalid choice: 'valdate' (choose from 'validate', 'build')")
    "argumen PERINTAH: pilihan tidak dikenal 'valdate' (pilih dari 'validate', 'build'); maksud Anda 'validate'?"
    >>> translate("the following arguments are required: BERKAS_YAML")
    'argumen berikut wajib diisi: BERKAS_YAML'
    """
    for pattern, text in _MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            fields = match.groupdict()
            hint = ""
            if "choices" in fields and "value" in fields:
                options = re.findall(r"'([^']+)'", fields["choices"]) or fields["choices"].split(", ")
                close = difflib.get_close_matches(fields["value"], options, n=1)
                hint = f"; maksud Anda '{close[0]}'?" if close else ""
            if "type" in fields:
                fields["type"] = _TYPES.get(fields["type"], fields["type"])
            return text.format(hint=hint, **fields)
    return message


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose headings, -h and error messages speak Bahasa Indonesia."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "opsi"
        self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "penggunaan:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "penggunaan:", 1)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: galat: {translate(message)}\n")


def positive_int(text: str) -> int:
    """An argument that must be a whole number of 1 or more (``--jobs``).

    >>> positive_int("2")
    2
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nilai tidak sah '{text}' (harus bilangan bulat 1 atau lebih)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"nilai tidak sah '{text}' (harus bilangan bulat 1 atau lebih)")
    return value


def _data_dir_parent() -> argparse.ArgumentParser:
    """The options every data-reading subcommand shares: ``--data-dir`` (and the old positional)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--data-dir", dest="data_dir", default=None, metavar="DIR", help=DATA_DIR_HELP)
    return parent


def _positional_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "data_dir_pos",
        nargs="?",
        default=None,
        metavar="DATA_DIR",
        help="sama dengan --data-dir (bentuk lama, tetap diterima)",
    )


def _data_dir(args) -> str | None:
    return args.data_dir or getattr(args, "data_dir_pos", None)


# --- handlers ----------------------------------------------------------------------------------
def run_validate(args) -> int:
    import pandas as pd

    from .data import load_all

    tables = load_all(_data_dir(args))
    combined = pd.concat([t[["instansi", "tahun"]] for t in tables.values() if "tahun" in t.columns])
    rows = ", ".join(f"{name} {len(frame)} baris" for name, frame in tables.items())
    years = sorted(int(y) for y in combined["tahun"].unique())
    print(
        f"Data valid: {rows}.\nInstansi: {', '.join(sorted(combined['instansi'].unique()))}.\n"
        f"Tahun: {', '.join(map(str, years))}."
    )
    print(_sources_text(_data_dir(args), list(tables)))
    return 0


def _sources_text(data_dir, tables: list[str]) -> str:
    """Every file read, with its dialect, and every file ignored, with why."""
    from .data import ignored_files, table_files
    from .errors import DataError
    from .readers import describe

    lines = ["Berkas:"]
    for table in tables:
        try:
            files = table_files(table, data_dir)
        except DataError:
            continue  # an optional table the data does not have
        lines += [f"  {path.name} ({table}): {describe(path, table)}" for path in files]
    for path, why in ignored_files(data_dir):
        lines.append(f"  {path.name}: diabaikan, {why}")
    return "\n".join(lines)


def _print_written(heading: str, paths, show=lambda path: path.name) -> int:
    """``heading`` and one indented line per written file; exit code 0."""
    print(heading)
    for path in paths:
        print(f"  {show(path)}")
    return 0


def run_build(args) -> int:
    from .build import build

    paths = build(_data_dir(args), args.output_dir)
    return _print_written(f"{len(paths)} berkas ditulis ke {paths[0].parent}:", paths)


def run_audit(args) -> int:
    from .audit import audit, format_findings

    temuan = audit(_data_dir(args))
    if args.csv:  # before printing: a closed stdout ('| head') must not cost the file
        from .spreadsheet import write_export_csv

        write_export_csv(temuan, args.csv)
    print(format_findings(temuan))
    return 0


def run_skenario(args) -> int:
    from . import fmt
    from .data import load_indikator, load_skala
    from .skenario import apply_skenario

    hasil = apply_skenario(load_indikator(_data_dir(args)), args.berkas, load_skala(_data_dir(args)))
    hasil = hasil[hasil["berubah"]]
    for r in hasil.itertuples():
        print(
            f"{r.indikator} ({r.tahun}): target {fmt.number(r.target_awal)} -> {fmt.number(r.target_skenario)}, "
            f"realisasi {fmt.number(r.realisasi_awal)} -> {fmt.number(r.realisasi_skenario)}, "
            f"capaian {fmt.percent(r.capaian_awal, 2)} -> {fmt.percent(r.capaian_skenario, 2)}, "
            f"predikat {r.predikat_awal} -> {r.predikat_skenario}"
        )
    print(f"{len(hasil)} baris berubah.")
    return 0


def run_template(args) -> int:
    from .template import write_template

    path = write_template(args.output, args.force)
    print(
        f"Templat ditulis ke {path}. Isi lembarnya, simpan di direktori data, lalu jalankan "
        "'lkjip validate --data-dir DIREKTORI'."
    )
    return 0


def run_convert(args) -> int:
    from .spreadsheet import convert

    paths = convert(_data_dir(args), args.output_dir)
    return _print_written(f"{len(paths)} berkas CSV baku ditulis ke {args.output_dir}:", paths)


def run_export(args) -> int:
    from .export import ExportError, export

    try:
        paths = export(_data_dir(args), args.output_dir, args.tahun, args.instansi)
    except ExportError as err:  # the others were written: say which, then fail
        _print_written(f"{len(err.written)} buku kerja Excel ditulis:", err.written, show=str)
        raise
    return _print_written(f"{len(paths)} buku kerja Excel ditulis:", paths, show=str)


def run_render(args) -> int:
    from .errors import RenderError
    from .render import render

    batch = render(
        args.notebook,
        args.tahun,
        args.instansi,
        _data_dir(args),
        args.output_dir,
        args.jobs,
        args.with_code,
        force=args.force,
        scheduler=args.scheduler,
    )
    print(batch.text)
    if batch.empty and not batch.failed:
        names = "; ".join(f"{r.task.name} ({r.task.instansi} {r.task.tahun})" for r in batch.empty)
        print(f"{len(batch.empty)} laporan tanpa data (setiap bagiannya menyebut data yang tidak ada): {names}",
              file=sys.stderr)  # fmt: skip
        asked = args.notebook or args.tahun or args.instansi  # the whole default batch: a note, not a failure
        return EXIT_NO_DATA if asked else 0
    if batch.failed:
        raise RenderError(
            f"{len(batch.failed)} dari {len(batch.results)} laporan gagal: "
            + "; ".join(f"{r.task.name} ({r.task.instansi} {r.task.tahun})" for r in batch.failed)
        )
    return 0


# --- parser ------------------------------------------------------------------------------------
def _command(sub, parent, name: str, run, help: str, description: str) -> argparse.ArgumentParser:
    """One subcommand: shared ``--data-dir``, its help texts and its handler."""
    p = sub.add_parser(name, parents=[parent], help=help, description=description)
    p.set_defaults(run=run)
    return p


def add_validate(sub, parent) -> None:
    p = _command(sub, parent, "validate", run_validate, "periksa semua tabel data mentah",
                 "Memeriksa tabel indikator, anggaran dan kepegawaian. Keluar dengan kode 1 dan mencantumkan "
                 "setiap masalah bila data tidak valid.")  # fmt: skip
    _positional_data_dir(p)


def add_build(sub, parent) -> None:
    p = _command(sub, parent, "build", run_build, "ekspor tabel tervalidasi ke data/processed/",
                 "Memvalidasi data lalu menulis Parquet, CSV dan manifest.json untuk alat lain. Tidak menulis "
                 "apa pun bila validasi gagal.")  # fmt: skip
    _positional_data_dir(p)
    p.add_argument("--output-dir", default=None, help="direktori keluaran (bawaan: data/processed)")


def add_audit(sub, parent) -> None:
    p = _command(sub, parent, "audit", run_audit, "periksa aritmetika laporan sumber dan daftar setiap pertentangan",
                 "Menghitung ulang jumlah, persentase, capaian dan predikat yang dinyatakan laporan, lalu "
                 "mencantumkan setiap perbedaan. Temuan adalah informasi tentang laporan, bukan kesalahan alat: "
                 "kode keluar tetap 0.")  # fmt: skip
    _positional_data_dir(p)
    p.add_argument("--csv", metavar="BERKAS", help="tulis temuan juga ke berkas CSV ini")


def add_skenario(sub, parent) -> None:
    p = _command(sub, parent, "skenario", run_skenario,
                 "hitung capaian dan predikat menurut skenario target (berkas YAML)",
                 "Menerapkan perubahan target/realisasi dari berkas YAML lalu menampilkan capaian dan predikat "
                 "awal berdampingan dengan skenario. Format berkas: lihat docstring lkjip_analysis.skenario.")  # fmt: skip
    p.add_argument("berkas", metavar="BERKAS_YAML", help="berkas skenario YAML")
    _positional_data_dir(p)


def add_template(sub, parent) -> None:
    p = _command(sub, parent, "template", run_template, "tulis templat Excel (.xlsx) untuk mengisi data",
                 "Menulis buku kerja .xlsx dari skema: satu lembar per tabel, nama kolom di baris 1, keterangan "
                 "setiap kolom, daftar pilihan dan format angka rupiah/persen. Templat yang sudah diisi dibaca "
                 "langsung bila diletakkan di direktori data.")  # fmt: skip
    p.add_argument("--output", default="templat_lkjip.xlsx", metavar="BERKAS",
                   help="berkas .xlsx yang ditulis (bawaan: templat_lkjip.xlsx)")  # fmt: skip
    p.add_argument("--force", action="store_true", help="timpa berkas yang sudah ada")


def add_convert(sub, parent) -> None:
    p = _command(sub, parent, "convert", run_convert, "tulis data (CSV format apa pun atau .xlsx) sebagai CSV baku",
                 "Memvalidasi data, lalu menulis setiap berkas (atau lembar .xlsx) sebagai CSV baku: pemisah koma, "
                 "titik desimal, tanpa pemisah ribuan, UTF-8; teks persis seperti aslinya. Hasilnya dapat dibaca "
                 "lagi sebagai direktori data dan dibandingkan (diff). Tidak menulis apa pun bila data tidak valid.")  # fmt: skip
    p.add_argument("--output-dir", required=True, metavar="DIR",
                   help="direktori keluaran (wajib; bukan direktori data itu sendiri)")  # fmt: skip


def _add_selection(p) -> None:
    """``--tahun`` and ``--instansi``: which agencies and years a command covers (render, export)."""
    p.add_argument(
        "--tahun",
        type=int,
        action="append",
        metavar="TAHUN",
        help="tahun laporan (boleh diulang; bawaan: setiap tahun yang punya data pengukuran)",
    )
    p.add_argument(
        "--instansi",
        action="append",
        metavar="NAMA",
        help="nama instansi persis seperti di data (boleh diulang; bawaan: semua instansi)",
    )


def add_export(sub, parent) -> None:
    p = _command(sub, parent, "export", run_export, "ekspor tabel analisis ke Excel (.xlsx) per instansi dan tahun",
                 "Menulis reports/<tahun>/<instansi>/tabel_analisis.xlsx: satu lembar per tabel analisis (cakupan PK, "
                 "capaian, progres, refocusing, serapan, kepegawaian, temuan audit, provenans), angka sebagai angka "
                 "berformat Indonesia, baris judul dibekukan, filter otomatis.")  # fmt: skip
    _add_selection(p)
    p.add_argument("--output-dir", default=None, help="direktori laporan (bawaan: reports)")  # fmt: skip


def add_render(sub, parent) -> None:
    p = _command(sub, parent, "render", run_render,
                 "render notebook menjadi laporan HTML luring per instansi dan tahun",
                 "Menjalankan notebook berparameter (papermill) untuk setiap instansi dan tahun yang diminta "
                 "(bawaan: setiap instansi, setiap tahun yang punya data pengukuran), lalu menulis .ipynb dan .html ke "
                 "reports/<tahun>/<instansi>/ serta index.html per tahun. Keluar dengan kode 1 bila ada laporan "
                 "yang gagal.")  # fmt: skip
    _add_selection(p)
    p.add_argument(
        "--notebook",
        action="append",
        metavar="NAMA",
        help="notebook yang dirender: nama atau awalan (mis. 01, 02_anggaran) atau path .ipynb "
        "(boleh diulang; bawaan: semua notebook di notebooks/)",
    )
    p.add_argument("--output-dir", default=None, help="direktori laporan (bawaan: reports)")
    p.add_argument(
        "--jobs",
        type=positive_int,
        default=None,
        metavar="N",
        help="jumlah proses paralel, 1 atau lebih (bawaan dan paling banyak: jumlah inti prosesor, dan satu per "
        "400 MB memori tersedia)",
    )
    p.add_argument("--with-code", action="store_true", help="tampilkan sel kode (laporan untuk analis)")  # fmt: skip
    p.add_argument(
        "--force",
        action="store_true",
        help="render semua laporan, juga yang masukannya tidak berubah sejak render terakhir "
        "(bawaan: laporan yang tidak berubah dilewati; cache di <output-dir>/.lkjip-cache/)",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        help="jalankan laporan di klaster Dask pada penjadwal ini (bawaan: $LKJIP_SCHEDULER; tanpa keduanya: "
        "proses lokal sebanyak --jobs)",
    )


COMMANDS = [add_validate, add_build, add_audit, add_skenario, add_render, add_export, add_template, add_convert]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lkjip", description="Analisis Laporan Kinerja Instansi Pemerintah (LKjIP).")
    parser.add_argument("--debug", action="store_true", help="tampilkan jejak lengkap bila terjadi kesalahan internal")
    sub = parser.add_subparsers(
        title="perintah", metavar="PERINTAH", dest="perintah", required=True, parser_class=_Parser
    )
    parent = _data_dir_parent()
    for add in COMMANDS:
        add(sub, parent)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .config import resolve_data_dir
    from .errors import LkjipError
    from .iorw import protect_inputs

    try:
        _stop_on_sigterm()
        with protect_inputs(resolve_data_dir(_data_dir(args))):  # never write into the data read
            return args.run(args)
    except LkjipError as err:
        _say(f"Gagal: {err}")
        return 1
    except KeyboardInterrupt as err:
        terminated = isinstance(err, Terminated)
        _say(f"Dibatalkan ({'SIGTERM' if terminated else 'Ctrl+C'}); berkas yang sudah selesai ditulis tetap ada.")
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader of stdout went away ('lkjip audit | head'): not a bug
        _detach_stdout()
        _say("Gagal: keluaran standar ditutup sebelum selesai (mis. oleh '| head'); keluaran terpotong.")
        return 1
    except OSError as err:
        if err.filename is None:  # no path: not something the user can fix
            return _internal_error(err, args.debug)
        from .errors import os_error_message

        _say(f"Gagal: {os_error_message(err)}")
        return 1
    except Exception as err:  # an internal bug: a short message, the traceback only on request
        return _internal_error(err, args.debug)


class Terminated(KeyboardInterrupt):
    """SIGTERM: stop like Ctrl+C (workers stopped, finished files kept, temporaries removed)."""


def _stop_on_sigterm() -> None:
    import signal
    import threading

    def stop(signum, frame):
        raise Terminated()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


def _internal_error(err: Exception, debug: bool) -> int:
    if debug:
        raise err
    _say(
        f"Kesalahan internal: {type(err).__name__}: {err}\n"
        "Jalankan ulang dengan 'lkjip --debug ...' untuk jejak lengkap dan laporkan sebagai isu."
    )
    return 2


def _say(message: str) -> None:
    """A message on stderr; silent when stderr is closed too."""
    with contextlib.suppress(BrokenPipeError, ValueError):
        print(message, file=sys.stderr)


def _detach_stdout() -> None:
    """Point stdout at /dev/null, so that Python's flush at exit does not raise BrokenPipeError again."""
    import os

    with contextlib.suppress(AttributeError, OSError, ValueError):  # stdout may have no descriptor (tests)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
