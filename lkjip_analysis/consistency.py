"""Rules across the cells of a row or the rows of a declaration, checked when a table is loaded, after its
schema: what each cell allows alone is the schema's job, what cells must satisfy together is here.

- *indikator*: a negative target (no capaian can be computed from it, with either polarity's formula),
  ``nilai_min`` above ``nilai_maks``, and a plan period whose ``tahun_akhir`` is before its ``tahun_awal``;
- *periode*: ``tahun_akhir`` before ``tahun_awal`` (the period would silently match no year);
- *skala*: each declared scale (rows of one agency, year, source and scale name, by ``urutan``) must be a
  scale :class:`~lkjip_analysis.capaian.Skala` accepts: one ``dasar``, a lower bound not above its upper bound, lower
  bounds strictly decreasing from the highest predikat, no range of values in two levels (one shared
  bound is graded to the higher level, as printed '80 - 100' above '50 - 80'), ``urutan`` not repeated.

Each rule returns ``(row index, column, value, expected)`` for the loader to turn into a
:class:`~lkjip_analysis.errors.Problem` with file, row and column, like every other check.
"""

from __future__ import annotations

import math

import pandas as pd

Finding = tuple[int, str, object, str]
SCALE_KEY = ["instansi", "tahun", "sumber", "skala"]


def _num(value) -> str:
    from .fmt import number

    return "kosong" if pd.isna(value) else number(float(value), 2)


def _period(frame: pd.DataFrame) -> list[Finding]:
    if not {"tahun_awal", "tahun_akhir"} <= set(frame.columns):
        return []
    bad = frame["tahun_awal"].notna() & frame["tahun_akhir"].notna() & (frame["tahun_akhir"] < frame["tahun_awal"])
    return [
        (i, "tahun_akhir", int(frame.at[i, "tahun_akhir"]),
         f"tahun akhir sebelum tahun awal {int(frame.at[i, 'tahun_awal'])}; periode harus tahun_awal <= tahun_akhir")
        for i in frame.index[bad.fillna(False).to_numpy(dtype=bool)]
    ]  # fmt: skip


def _negative_target(frame: pd.DataFrame) -> list[Finding]:
    """A negative target gives no meaningful capaian with either formula: realisasi / target x 100 (positive
    polarity) changes sign, (2 - realisasi / target) x 100 (negative polarity) rewards the wrong direction."""
    bad = frame["target"] < 0
    return [
        (i, "target", frame.at[i, "target"],
         f"target negatif dengan polaritas {frame.at[i, 'polaritas']}: capaian "
         + ("(realisasi / target x 100)" if frame.at[i, "polaritas"] == "positif" else "((2 - realisasi / target) x 100)")
         + " tidak bermakna; periksa tanda target atau polaritasnya")
        for i in frame.index[bad.fillna(False).to_numpy(dtype=bool)]
    ]  # fmt: skip


def _value_range(frame: pd.DataFrame) -> list[Finding]:
    if not {"nilai_min", "nilai_maks"} <= set(frame.columns):
        return []
    bad = frame["nilai_min"] > frame["nilai_maks"]
    return [
        (i, "nilai_min", frame.at[i, "nilai_min"], f"nilai_min melebihi nilai_maks {_num(frame.at[i, 'nilai_maks'])}")
        for i in frame.index[bad.fillna(False).to_numpy(dtype=bool)]
    ]


def _level(row) -> tuple[float, bool, float, bool]:
    lo = -math.inf if pd.isna(row.batas_bawah) else float(row.batas_bawah)
    up = math.inf if pd.isna(row.batas_atas) else float(row.batas_atas)
    return lo, row.inklusif_bawah != "tidak", up, row.inklusif_atas != "tidak"


def _overlap(higher, lower) -> float | None:
    """The lowest value of a range both levels cover (``higher`` above ``lower`` in the scale), if any. One
    shared bound (printed '80 - 100' above '50 - 80') is not an overlap: the higher level takes it, as
    :func:`~lkjip_analysis.capaian.compute_predikat` grades it."""
    bottom, top = max(higher[0], lower[0]), min(higher[2], lower[2])
    return bottom if bottom < top else None


def _scale(rows: pd.DataFrame) -> list[Finding]:
    """The findings of one declared scale (its rows, highest predikat first)."""
    out: list[Finding] = []
    rows = rows.sort_values("urutan", kind="stable")
    seen: dict[int, str] = {}
    previous = None
    first = rows.iloc[0]
    for i, row in rows.iterrows():
        if row.dasar != first.dasar:
            out.append((i, "dasar", row.dasar, f"satu skala dinilai satu dasar; predikat '{first.predikat}' "
                                                 f"berdasar '{first.dasar}'"))  # fmt: skip
    for position, (i, row) in enumerate(rows.iterrows()):
        level = _level(row)
        if int(row.urutan) in seen:
            out.append((i, "urutan", int(row.urutan), f"urutan ganda dalam skala ini, sama dengan predikat "
                                                       f"'{seen[int(row.urutan)]}'"))  # fmt: skip
        seen.setdefault(int(row.urutan), row.predikat)
        if level[0] > level[2]:
            out.append((i, "batas_bawah", row.batas_bawah, f"batas bawah melebihi batas atas {_num(row.batas_atas)}"))
        if math.isinf(level[0]) and position < len(rows) - 1:
            out.append((i, "batas_bawah", None, "kosong (tanpa batas bawah) hanya boleh pada predikat terendah"))
        if previous is not None:
            _, p_row, p_level = previous
            if level[0] >= p_level[0] and math.isfinite(level[0]):
                out.append((i, "batas_bawah", row.batas_bawah,
                            f"batas bawah harus lebih kecil daripada batas bawah predikat di atasnya "
                            f"('{p_row.predikat}', urutan {int(p_row.urutan)}: {_num(p_row.batas_bawah)})"))  # fmt: skip
            else:
                shared = _overlap(p_level, level)
                if shared is not None:
                    out.append((i, "batas_atas", row.batas_atas,
                                f"tumpang tindih dengan predikat '{p_row.predikat}' (urutan {int(p_row.urutan)}): "
                                f"nilai {_num(shared)} masuk ke keduanya"))  # fmt: skip
        previous = (i, row, level)
    return out


def _scales(frame: pd.DataFrame) -> list[Finding]:
    if frame.empty:
        return []
    out: list[Finding] = []
    for _, rows in frame.groupby(SCALE_KEY, sort=False, dropna=False):
        out += _scale(rows)
    return out


RULES = {
    "indikator": [_negative_target, _period, _value_range],
    "periode": [_period],
    "skala": [_scales],
}


def check(table: str, frame: pd.DataFrame) -> list[Finding]:
    """Every finding of the rules of ``table`` on its validated, typed ``frame``."""
    return [finding for rule in RULES.get(table, []) for finding in rule(frame)]
