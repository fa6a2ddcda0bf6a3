"""Generated corpus cases of issue 20 (workbooks and bytes built by code, not kept as files): the xlsx
surfaces (bounds before parsing, ambiguous sheets, merged cells, percent cells by the row's satuan,
Excel's escaped control characters)."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
CANONICAL = CORPUS / "kanonik"


def _rows(name: str, typed: tuple[str, ...]) -> list[list]:
    with open(CANONICAL / name, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    out = [rows[0]]
    for row in rows[1:]:
        out.append(
            [(float(v) if "." in v else int(v)) if h in typed and v else (v or None) for h, v in zip(rows[0], row)]
        )
    return out


def kepegawaian_rows() -> list[list]:
    return _rows("kepegawaian.csv", ("tahun", "jumlah"))


def _book(sheets: dict[str, list[list]]):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    return book


def two_sheets(target: Path) -> None:
    _book({"kepegawaian": kepegawaian_rows(), "Kepegawaian ": kepegawaian_rows()}).save(target)


def merged(target: Path) -> None:
    book = _book({"kepegawaian": kepegawaian_rows()})
    book["kepegawaian"].merge_cells("G2:G3")  # 'jumlah' of rows 2 and 3: one number typed once
    book.save(target)


def escaped(target: Path) -> None:
    rows = kepegawaian_rows()
    rows[1][4] = "Golongan_x0001_IV"  # what Excel writes for a control character in a shared string
    rows[2][5] = "abc_x202E_def"
    rows[3][4] = "Golongan _x005F_x0001_ V"  # an escaped underscore: the literal text '_x0001_'
    _book({"kepegawaian": rows}).save(target)


def _indikator(satuan: str) -> list[list]:
    rows = _rows("indikator_dasar.csv", ("tahun", "target", "realisasi", "capaian_dilaporkan"))
    rows[1][rows[0].index("satuan")] = satuan
    return rows


def percent(target: Path, satuan: str = "%") -> None:
    """target 0.0185 and realisasi 0.02 formatted as percent: Excel shows 1,85% and 2,00%."""
    from openpyxl.utils import get_column_letter

    rows = _indikator(satuan)
    header = rows[0]
    rows[1][header.index("target")], rows[1][header.index("realisasi")] = 0.0185, 0.02
    book = _book({"indikator": rows})
    for column in ("target", "realisasi"):
        book["indikator"][f"{get_column_letter(header.index(column) + 1)}2"].number_format = "0.00%"
    book.save(target)


def raw_workbook(
    target: Path, sheet_xml: bytes, shared_strings: bytes | None = None, extra: dict | None = None
) -> None:
    """A minimal .xlsx written part by part (as a hostile tool would), sheet 'kepegawaian'."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
           if shared_strings is not None else "")
        + "</Types>"
    )  # fmt: skip
    strings = f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="kepegawaian" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
        f'Target="worksheets/sheet1.xml"/>{strings if shared_strings is not None else ""}</Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    parts.update(extra or {})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, content in parts.items():
            z.writestr(name, content)


def many_rows(target: Path, rows: int = 1_200_000) -> None:
    """A small file with more one-cell rows than Excel allows (the attack: 8 million in 1,2 MB)."""
    body = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, rows + 1))
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    raw_workbook(target, b'<worksheet xmlns="' + main + b'"><sheetData>' + body + b"</sheetData></worksheet>")


def huge_strings(target: Path, megabytes: int = 80) -> None:
    """A small file whose shared-strings part unpacks to ``megabytes`` MB (the attack: 391 MB in 1 MB)."""
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    one = b"<si><t>" + b"x" * 1000 + b"</t></si>"
    strings = b'<sst xmlns="' + main + b'">' + one * (megabytes * 1024) + b"</sst>"
    sheet = (
        b'<worksheet xmlns="'
        + main
        + b'"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
    )
    raw_workbook(target, sheet, strings)


def huge_styles(target: Path, megabytes: int = 70) -> None:
    """A styles part (read whole by openpyxl at open) that unpacks to ``megabytes`` MB."""
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = b'<worksheet xmlns="' + main + b'"><sheetData/></worksheet>'
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    styles = (
        b'<styleSheet xmlns="'
        + main
        + b'"><cellXfs>'
        + xf * (megabytes * 1024 * 1024 // len(xf) + 1)
        + b"</cellXfs></styleSheet>"
    )
    raw_workbook(target, sheet, extra={"xl/styles.xml": styles})


GENERATORS = {
    "kepegawaian_gaya_besar.xlsx": huge_styles,
    "kepegawaian_lembar_ganda.xlsx": two_sheets,
    "kepegawaian_sel_digabung.xlsx": merged,
    "kepegawaian_kendali_excel.xlsx": escaped,
    "indikator_persen_satuan.xlsx": percent,
    "indikator_persen_satuan_lain.xlsx": lambda target: percent(target, "indeks"),
    "kepegawaian_baris_jutaan.xlsx": many_rows,
    "kepegawaian_teks_bersama_besar.xlsx": huge_strings,
    "kepegawaian_sel_terlalu_banyak.xlsx": lambda target: _book({"kepegawaian": kepegawaian_rows()}).save(target),
}
