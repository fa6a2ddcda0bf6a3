"""Time and peak memory of reading and validating one 50 MB table file, in each accepted format.

    .venv/bin/python benchmarks/bench_read.py [--mb 50] [--xlsx-mb 5]

Builds an ``indikator`` file of about ``--mb`` megabytes from the shipped rows (each copy under
another agency name, so every key stays unique), as canonical CSV and as Indonesian CSV, and a
smaller .xlsx (openpyxl reads some 100 000 cells a second). Each measurement runs in a fresh
process and reports wall time and that process's peak resident memory, beside the peak of a
process that only imports the libraries.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MEASURE = """
import json, resource, sys, time
from pathlib import Path
from lkjip_analysis.readers import read_file
from lkjip_analysis.data import load_table
step, path = sys.argv[1], Path(sys.argv[2])
start = time.perf_counter()
if step == "read":
    sheet = read_file(path, "indikator")
    rows, problems = len(sheet.frame), len(sheet.problems)
elif step == "load":
    rows, problems = len(load_table("indikator", path.parent)), 0
else:
    rows, problems = 0, 0
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "rows": rows, "problems": problems}))
"""


def shipped_rows() -> tuple[list[str], list[list[str]]]:
    from lkjip_analysis.config import RAW_DATA_DIR

    with open(RAW_DATA_DIR / "indikator.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_csv(path: Path, megabytes: float, indonesian: bool) -> int:
    """An indikator file of about ``megabytes``; returns its number of data rows."""
    header, rows = shipped_rows()
    agency = header.index("instansi")
    numeric = {n for n in ("target", "realisasi", "capaian_dilaporkan", "target_akhir", "capaian_akhir")}
    numeric_at = [i for i, name in enumerate(header) if name in numeric]
    delimiter = ";" if indonesian else ","
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        copy = 0
        while handle.tell() < megabytes * 1024 * 1024:
            copy += 1
            for row in rows:
                row = list(row)
                row[agency] = f"Dinas Uji {copy}"
                if indonesian:
                    for i in numeric_at:
                        row[i] = row[i].replace(".", ",")
                writer.writerow(row)
                count += 1
    return count


def write_xlsx(path: Path, megabytes: float) -> None:
    from openpyxl import Workbook

    source = path.with_suffix(".src.csv")
    write_csv(source, megabytes, indonesian=False)
    book = Workbook()  # not write_only: like Excel, it writes the sheet's dimension first
    sheet = book.active
    sheet.title = "indikator"
    with open(source, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        sheet.append(header)
        numeric = {"target", "realisasi", "capaian_dilaporkan", "target_akhir", "capaian_akhir", "tahun"}
        for row in reader:
            sheet.append(
                [float(v) if name in numeric and v else (v or None) for name, v in zip(header, row, strict=True)]
            )
    book.save(path)
    source.unlink()


def measure(step: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, step, str(path)], capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument("--xlsx-mb", type=float, default=5, help="size of the CSV the .xlsx is made from")
    args = parser.parse_args()
    base = measure("import", ROOT / "pyproject.toml")
    print(f"hanya impor pustaka: puncak memori {base['peak_mb']:.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for name, indonesian in (("csv", False), ("csv-id", True)):
            folder = Path(tmp, name)
            folder.mkdir()
            path = folder / "indikator.csv"
            write_csv(path, args.mb, indonesian)
            cases.append((name, path))
        folder = Path(tmp, "xlsx")
        folder.mkdir()
        write_xlsx(folder / "indikator.xlsx", args.xlsx_mb)
        cases.append(("xlsx", folder / "indikator.xlsx"))
        for name, path in cases:
            size = path.stat().st_size / 1024 / 1024
            for step in ("read", "load"):
                m = measure(step, path)
                label = "baca (readers.read_file)" if step == "read" else "baca + validasi (load_table)"
                print(
                    f"{name:<7} {size:6.1f} MB {m['rows']:>8} baris  {label:<30} {m['seconds']:6.2f} dtk  "
                    f"puncak memori {m['peak_mb']:6.0f} MB"
                )


if __name__ == "__main__":
    main()
