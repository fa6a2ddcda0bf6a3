"""The ``lkjip`` command line (messages in Bahasa Indonesia).

Each subcommand is one ``add_<name>`` function that declares its arguments and one module-level
``run_<name>`` handler that turns them into one library call and prints what it returns. Heavy
modules are imported inside the handlers, so that ``lkjip --help`` and the commands that only
read data never import papermill, nbconvert or jupyter.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys

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
    combined = pd.concat([t[["instansi", "tahun"]] for t in tables.values()])
    rows = ", ".join(f"{name} {len(frame)} baris" for name, frame in tables.items())
    years = sorted(int(y) for y in combined["tahun"].unique())
    print(
        f"Data valid: {rows}.\nInstansi: {', '.join(sorted(combined['instansi'].unique()))}.\n"
        f"Tahun: {', '.join(map(str, years))}."
    )
    return 0


def run_build(args) -> int:
    from .build import build

    paths = build(_data_dir(args), args.output_dir)
    print(f"{len(paths)} berkas ditulis ke {paths[0].parent}:")
    for path in paths:
        print(f"  {path.name}")
    return 0


def run_audit(args) -> int:
    from .audit import audit, format_findings

    temuan = audit(_data_dir(args))
    print(format_findings(temuan))
    if args.csv:
        from .iorw import atomic_write

        atomic_write(args.csv, lambda p: temuan.to_csv(p, index=False, encoding="utf-8"))
    return 0


def run_skenario(args) -> int:
    from . import fmt
    from .data import load_indikator
    from .skenario import apply_skenario

    hasil = apply_skenario(load_indikator(_data_dir(args)), args.berkas)
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


def run_render(args) -> int:
    from .errors import RenderError
    from .render import render

    batch = render(
        args.notebook, args.tahun, args.instansi, _data_dir(args), args.output_dir, args.jobs, args.with_code
    )
    print(batch.text)
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


def add_render(sub, parent) -> None:
    p = _command(sub, parent, "render", run_render,
                 "render notebook menjadi laporan HTML luring per instansi dan tahun",
                 "Menjalankan notebook berparameter (papermill) untuk setiap instansi dan tahun yang diminta "
                 "(bawaan: setiap instansi dan tahun terakhirnya), lalu menulis .ipynb dan .html ke "
                 "reports/<tahun>/<instansi>/ serta index.html per tahun. Keluar dengan kode 1 bila ada laporan "
                 "yang gagal.")  # fmt: skip
    p.add_argument(
        "--tahun",
        type=int,
        action="append",
        metavar="TAHUN",
        help="tahun laporan (boleh diulang; bawaan: tahun terakhir setiap instansi)",
    )
    p.add_argument(
        "--instansi",
        action="append",
        metavar="NAMA",
        help="nama instansi persis seperti di data (boleh diulang; bawaan: semua instansi)",
    )
    p.add_argument(
        "--notebook",
        action="append",
        metavar="NAMA",
        help="notebook yang dirender: nama atau awalan (mis. 01, 02_anggaran) atau path .ipynb "
        "(boleh diulang; bawaan: semua notebook di notebooks/)",
    )
    p.add_argument("--output-dir", default=None, help="direktori laporan (bawaan: reports)")
    p.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="jumlah proses paralel (bawaan: jumlah inti prosesor)"
    )
    p.add_argument("--with-code", action="store_true", help="tampilkan sel kode (laporan untuk analis)")  # fmt: skip


COMMANDS = [add_validate, add_build, add_audit, add_skenario, add_render]


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
        print(
            f"Kesalahan internal: {type(err).__name__}: {err}\n"
            "Jalankan ulang dengan 'lkjip --debug ...' untuk jejak lengkap dan laporkan sebagai isu.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
