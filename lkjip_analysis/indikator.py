"""Indicator tables: the measurement of record, PK coverage, capaian on the PK basis, progress toward
the end-of-plan target, target revisions and the realisasi each predikat needs.

All functions take the frame of :func:`lkjip_analysis.load_indikator` first, never mutate it, and
return new frames, so they chain with ``.pipe``. The agency's own scale and plan period come from
the *skala* and *periode* tables (:mod:`lkjip_analysis.declarations`) when they are given.

Rules (documented once, used everywhere):

- **Measurement of record**: per indicator and year, the ``Pengukuran`` row marked ``utama``;
  without a mark, the Pengukuran row that states most of target, realisasi and capaian (the first
  such row in the file on a tie).
- **Basis of capaian**: the Perjanjian Kinerja: the PK Perubahan target, else the PK target, else
  the measurement's own target (``dasar``). Where the measurement's target differs, the capaian
  on it stands beside (``capaian_tabel``) and ``predikat_berubah`` says whether the basis changes the
  predikat.
- **One indicator**: a row with ``induk_indikator`` is a component or second reading of that
  indicator and counts with it (:func:`count_measured`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import fmt
from .capaian import (
    compute_batas_realisasi,
    compute_capaian,
    compute_predikat,
    decimals_of,
    resolve_skala,
)
from .declarations import PLAN_DOCUMENTS, plan_period, scale_for
from .errors import ArgumentError
from .schemas import DOKUMEN, PENGUKURAN, PK, PK_PERUBAHAN
from .utils import choices, percent_of, require_table

_KEY = ["instansi", "tahun", "kode_indikator"]
TERUKUR, BELUM_ADA_REALISASI, TIDAK_DIUKUR, TAMBAHAN = (
    "terukur", "belum ada realisasi", "tidak diukur", "indikator tambahan",
)  # fmt: skip
KOMPONEN = "komponen"
ASAL_DILAPORKAN = "dilaporkan"
"""``asal_capaian`` of a capaian printed without target and realisasi, taken as reported."""
STATUS_CAKUPAN = {
    TERUKUR: "pengukuran Bab III menyebut realisasinya (atau capaiannya, atau realisasi komponennya)",
    BELUM_ADA_REALISASI: "Bab III menyebut indikator ini tetapi tanpa realisasi",
    TIDAK_DIUKUR: "indikator PK ini tidak muncul dalam pengukuran Bab III",
    TAMBAHAN: "diukur di Bab III tetapi tidak ada dalam PK tahun ini",
    KOMPONEN: "komponen atau bacaan kedua indikator di atasnya; dihitung satu dengan induknya",
}
"""Coverage statuses and what each means (the reports print this legend)."""


def _indicators(indikator: pd.DataFrame) -> pd.DataFrame:
    """Rows about one indicator (not a sasaran or the whole agency)."""
    require_table(indikator, "indikator")
    return indikator[indikator["tingkat"] == "indikator"]


def rank_documents(indikator: pd.DataFrame) -> pd.Series:
    """For each row, the recency of its document (``laporan``) among its agency's documents: 0 for the
    latest. A document is as recent as the latest year it measures (else the latest year it names), so the
    2023 report outranks the 2022 report for the 2022 figures both print.

    >>> rows = pd.DataFrame({"instansi": ["A"] * 3, "laporan": ["LKjIP 2022", "LKjIP 2023", "LKjIP 2023"],
    ...                      "tahun": [2022, 2022, 2023], "dokumen": ["Pengukuran"] * 3})
    >>> rank_documents(rows).tolist()
    [1, 0, 0]
    """
    measured = indikator["tahun"].where(indikator["dokumen"] == PENGUKURAN)
    keys = [indikator["instansi"], indikator["laporan"].fillna("")]
    latest = measured.groupby(keys).transform("max").fillna(indikator["tahun"].groupby(keys).transform("max"))
    named = indikator["tahun"].groupby(keys).transform("max")
    by_agency = indikator["instansi"]
    first = latest.groupby(by_agency).rank(method="dense", ascending=False)
    second = named.groupby(by_agency).rank(method="dense", ascending=False)
    combined = (first * 1000 + second).groupby(by_agency).rank(method="dense")
    return (combined - 1).fillna(0).astype(int)


def select_measurements(indikator: pd.DataFrame) -> pd.DataFrame:
    """One measurement row per (instansi, tahun, kode_indikator): the measurement of record (see the
    module docstring), including one that states no realisasi. Where several documents of the agency
    (``laporan``) measure the same indicator and year, the latest document's reading is the record.

    >>> from lkjip_analysis import load_indikator
    >>> p = select_measurements(load_indikator()).query("instansi == 'BKPSDM Kota Surakarta'")
    >>> p.query("kode_indikator == 'penempatan_sesuai_kompetensi'")[["tahun", "realisasi", "sumber"]].values.tolist()
    [[2022, 72.0, 'Bab III.A Tabel 3.3'], [2023, 75.0, 'Bab III.A Tabel 3.3']]
    """
    rows = _indicators(indikator)
    rows = rows.assign(_doc=rank_documents(rows))
    rows = rows[rows["dokumen"] == PENGUKURAN]
    stated = rows[["target", "realisasi", "capaian_dilaporkan"]].notna().sum(axis=1)
    rows = rows.assign(_score=stated + 10 * (rows["utama"] == "ya"), _order=range(len(rows)))
    rows = rows.sort_values([*_KEY, "_doc", "_score", "_order"], ascending=[True, True, True, True, False, True],
                            kind="stable")  # fmt: skip
    rows = rows.drop_duplicates(_KEY).drop(columns=["_doc", "_score", "_order"])
    return rows.sort_values(["instansi", "kode_indikator", "tahun"]).reset_index(drop=True)


def pk_targets(indikator: pd.DataFrame) -> pd.DataFrame:
    """The Perjanjian Kinerja target of each indicator and year: PK Perubahan, else PK
    (columns ``target_pk`` and ``dokumen_pk``).

    >>> from lkjip_analysis import load_indikator
    >>> pk = pk_targets(load_indikator()).set_index("kode_indikator")
    >>> print(*pk.loc["penempatan_sesuai_kompetensi", ["target_pk", "dokumen_pk"]])
    93.0 PK Perubahan
    """
    rows = _indicators(indikator)
    rows = rows[rows["dokumen"].isin([PK, PK_PERUBAHAN])]
    rows = rows.assign(_order=(rows["dokumen"] == PK).astype(int))  # PK Perubahan first
    rows = rows.sort_values([*_KEY, "_order"], kind="stable").drop_duplicates(_KEY)
    return rows[[*_KEY, "target", "dokumen", "indikator", "satuan", "polaritas"]].rename(
        columns={"target": "target_pk", "dokumen": "dokumen_pk"}
    )


def _declared(frame: pd.DataFrame, table: str):
    """The declarations (skala, periode) of the data ``frame`` was loaded from; None for a hand-built frame."""
    from .data import declared

    return declared(frame, table)


def grade(table: pd.DataFrame, skala, column: str = "capaian") -> pd.Series:
    """The predikat of ``column`` per row of ``table`` (with ``instansi`` and ``tahun``): on each agency's
    own scale of that year when ``skala`` is the *skala* table, else on the one scale ``skala`` names.

    >>> t = pd.DataFrame({"instansi": ["A", "A"], "tahun": [2024, 2024], "capaian": [95.0, 70.0]})
    >>> grade(t, "lima_tingkat").tolist()
    ['Sangat Tinggi', 'Sedang']
    """
    if not isinstance(skala, pd.DataFrame):
        return compute_predikat(table[column], skala=resolve_skala(skala))
    out = pd.Series(index=table.index, dtype=object)
    for (instansi, tahun), part in table.groupby(["instansi", "tahun"]):
        out[part.index] = compute_predikat(part[column], skala=scale_for(skala, instansi, int(tahun)))
    return out


def tabulate_capaian(indikator: pd.DataFrame, skala=None, rumus: str | None = None) -> pd.DataFrame:
    """Every measured indicator and year: capaian on the PK basis and on the measurement's own target,
    predikat on the agency's scale beside the reported ones, and the change from the previous year.

    ``skala`` is the *skala* table (each agency's own scale per year), a scale name or
    :class:`~lkjip_analysis.capaian.Skala`; None means the scales the loaded data declares (the *skala*
    table beside the files ``load_indikator`` read), else the default scale for a frame built by hand. An indicator without
    realisasi (measured without one, or in the PK and not measured at all) stays in the table with an
    empty capaian, never counted in averages. A capaian the document prints without target and realisasi
    is taken as reported and graded on the same scale (``asal_capaian`` = 'dilaporkan').

    >>> from lkjip_analysis import load_indikator, load_skala
    >>> t = tabulate_capaian(load_indikator(), load_skala()).set_index(["kode_indikator", "tahun"])
    >>> r = t.loc[("penempatan_sesuai_kompetensi", 2023)]
    >>> r.dasar, float(r.target), round(float(r.capaian), 2), r.predikat, float(r.capaian_tabel), r.predikat_tabel
    ('PK Perubahan', 93.0, 80.65, 'Berhasil', 100.0, 'Sangat Berhasil')
    """
    skala = _declared(indikator, "skala") if skala is None else skala
    p = select_measurements(indikator).rename(columns={"target": "target_tabel"})
    pk = pk_targets(indikator)
    p = p.merge(pk, on=_KEY, how="outer", suffixes=("", "_pk"))
    for column in ("indikator", "satuan", "polaritas"):  # a PK indicator Bab III does not measure: kept
        p[column] = p[column].fillna(p[f"{column}_pk"])
    p["sumber"] = p["sumber"].fillna(p["dokumen_pk"])
    p = p.sort_values(["instansi", "kode_indikator", "tahun"]).reset_index(drop=True)
    has_pk = p["target_pk"].notna()
    p = p.assign(
        target=p["target_pk"].where(has_pk, p["target_tabel"]),
        dasar=p["dokumen_pk"].where(has_pk, "tabel pengukuran"),
    )
    computed = compute_capaian(p["target"], p["realisasi"], p["polaritas"], rumus=rumus)
    reported_only = computed.isna() & p["realisasi"].isna() & p["capaian_dilaporkan"].notna()
    p["capaian"] = computed.where(~reported_only, p["capaian_dilaporkan"])
    p["asal_capaian"] = np.where(reported_only, ASAL_DILAPORKAN, np.where(computed.notna(), "dihitung", ""))
    p["capaian_tabel"] = compute_capaian(p["target_tabel"], p["realisasi"], p["polaritas"], rumus=rumus)
    p["predikat"] = grade(p, skala, "capaian")
    p["predikat_tabel"] = grade(p, skala, "capaian_tabel")
    differs = p["target_tabel"].notna() & has_pk & (p["target_tabel"] != p["target_pk"])
    p["predikat_berubah"] = differs & (p["predikat"] != p["predikat_tabel"])
    p["realisasi_lain"] = other_readings(indikator, p)
    prev = p.groupby(["instansi", "kode_indikator"])[["realisasi", "capaian"]].shift(1)
    p = p.assign(
        delta_realisasi=p["realisasi"] - prev["realisasi"],
        delta_realisasi_persen=percent_of(p["realisasi"] - prev["realisasi"], prev["realisasi"]),
        delta_capaian=p["capaian"] - prev["capaian"],
        delta_capaian_persen=percent_of(p["capaian"] - prev["capaian"], prev["capaian"]),
    )
    columns = [
        "instansi", "kode_indikator", "induk_indikator", "indikator", "satuan", "polaritas", "tahun", "dasar",
        "target", "target_tabel", "realisasi", "capaian", "predikat", "capaian_tabel", "predikat_tabel",
        "predikat_berubah", "asal_capaian", "capaian_dilaporkan", "predikat_dilaporkan", "skala_predikat", "laporan",
        "sumber", "realisasi_lain",
        "delta_realisasi", "delta_realisasi_persen", "delta_capaian", "delta_capaian_persen",
    ]  # fmt: skip
    return p[columns]


def other_readings(indikator: pd.DataFrame, record: pd.DataFrame) -> pd.Series:
    """For each row of ``record`` (the measurement of record per indicator and year): the other realisasi the
    document states for the same indicator and year, with where ('87 (narasi Sasaran 1.2)'); '' when none."""
    rows = _indicators(indikator)
    rows = rows[(rows["dokumen"] == PENGUKURAN) & rows["realisasi"].notna()]
    merged = rows.merge(record[[*_KEY, "realisasi", "sumber", "laporan"]], on=_KEY, suffixes=("", "_record"))
    other = (merged["sumber"] != merged["sumber_record"]) | (merged["laporan"] != merged["laporan_record"])
    merged = merged[other & (merged["realisasi"] != merged["realisasi_record"])]
    where = merged["sumber"].where(
        merged["laporan"] == merged["laporan_record"], merged["laporan"] + ", " + merged["sumber"]
    )
    text = pd.Series([f"{fmt.number(v)} ({w})" for v, w in zip(merged["realisasi"], where)], index=merged.index,
                     dtype=object)  # fmt: skip
    joined = text.groupby([merged[k] for k in _KEY]).agg(lambda t: "; ".join(dict.fromkeys(t))) if len(text) else {}
    keys = list(zip(record["instansi"], record["tahun"], record["kode_indikator"]))
    return pd.Series([joined.get(k, "") for k in keys], index=record.index, dtype=object)


def count_measured(capaian: pd.DataFrame) -> int:
    """Distinct indicators with a capaian: an indicator and its components or second readings
    (``induk_indikator``) count once.

    >>> from lkjip_analysis import load_indikator
    >>> t = tabulate_capaian(load_indikator()).query("instansi == 'BKPSDM Kota Surakarta' and tahun == 2023")
    >>> count_measured(t)
    6
    """
    measured = capaian[capaian["capaian"].notna()]
    return int(measured["induk_indikator"].fillna(measured["kode_indikator"]).nunique())


def tabulate_coverage(indikator: pd.DataFrame, tahun: int | None = None) -> pd.DataFrame:
    """The PK coverage matrix of each agency and year: every Perjanjian Kinerja indicator (PK
    Perubahan, else PK) with its targets in every planning document side by side, the measured target
    and realisasi, and a status (:data:`STATUS_CAKUPAN`); indicators measured in Bab III but in no PK
    follow as *indikator tambahan*. An indicator measured through its components or second readings
    (``induk_indikator``) is *terukur*; each measured component follows its indicator with status
    *komponen* (never counted on its own). A capaian printed without realisasi counts as measured. An
    agency-year without a PK lists its measured indicators with status by realisasi.

    >>> from lkjip_analysis import load_indikator
    >>> c = tabulate_coverage(load_indikator(), 2023).query("instansi == 'BKPSDM Kota Surakarta'")
    >>> c.set_index("kode_indikator")["status"].head(6).to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'akurasi_data_kepegawaian': 'terukur', 'jumlah_data_asn_terupdate': 'komponen',
     'kinerja_di_atas_90': 'belum ada realisasi', 'pelanggaran_disiplin': 'belum ada realisasi',
     'penempatan_sesuai_kompetensi': 'terukur', 'skm': 'terukur'}
    """
    rows = _indicators(indikator)
    if tahun is not None:
        rows = rows[rows["tahun"] == tahun]
    components = rows[rows["induk_indikator"].notna()]
    rows = rows[rows["induk_indikator"].isna()]
    pk = pk_targets(rows)
    kept = [*_KEY, "target", "realisasi", "capaian_dilaporkan", "indikator", "satuan", "polaritas", "sumber"]
    measured = select_measurements(rows)[kept]
    measured = measured.rename(columns={"target": "target_pengukuran", "sumber": "sumber_pengukuran"})
    parts = select_measurements(components)
    parts = parts[parts["realisasi"].notna() | parts["capaian_dilaporkan"].notna()]
    through_parts = set(zip(parts["instansi"], parts["tahun"], parts["induk_indikator"]))
    with_pk = set(zip(pk["instansi"], pk["tahun"]))
    in_pk = pk.merge(measured.drop(columns=["indikator", "satuan", "polaritas"]), on=_KEY, how="left")
    by_parts = pd.Series([k in through_parts for k in zip(in_pk["instansi"], in_pk["tahun"], in_pk["kode_indikator"])],
                         index=in_pk.index, dtype=bool)  # fmt: skip
    in_pk["status"] = np.select(
        [
            in_pk["realisasi"].notna() | in_pk["capaian_dilaporkan"].notna() | by_parts,
            in_pk["sumber_pengukuran"].notna(),
        ],
        [TERUKUR, BELUM_ADA_REALISASI],
        TIDAK_DIUKUR,
    )
    extra = measured.merge(pk[_KEY], on=_KEY, how="left", indicator=True)
    extra = extra[extra["_merge"] == "left_only"].drop(columns="_merge")
    no_pk = [(i, t) not in with_pk for i, t in zip(extra["instansi"], extra["tahun"])]
    stated = extra["realisasi"].notna() | extra["capaian_dilaporkan"].notna()
    extra["status"] = np.where(no_pk, np.where(stated, TERUKUR, BELUM_ADA_REALISASI), TAMBAHAN)
    extra["dalam_pk"] = False
    in_pk["dalam_pk"] = True
    parts = parts[[*kept, "induk_indikator"]].rename(
        columns={"target": "target_pengukuran", "sumber": "sumber_pengukuran"}
    )
    parts = parts.assign(status=KOMPONEN, dalam_pk=False)
    out = pd.concat([in_pk, extra], ignore_index=True)
    out["induk_indikator"] = pd.Series(pd.NA, index=out.index, dtype="str")
    targets = rows[rows["target"].notna() & (rows["dokumen"] != PENGUKURAN)]
    targets = targets.drop_duplicates([*_KEY, "dokumen"]).pivot(index=_KEY, columns="dokumen", values="target")
    targets = targets.reindex(columns=[d for d in DOKUMEN if d in targets.columns]).reset_index()
    targets.columns.name = None
    out = out.merge(targets, on=_KEY, how="left")
    out["_order"] = out["status"].map({TERUKUR: 0, BELUM_ADA_REALISASI: 0, TIDAK_DIUKUR: 0, TAMBAHAN: 1})
    out = out.sort_values(["instansi", "tahun", "_order", "kode_indikator"], kind="stable").drop(columns="_order")
    if len(parts):  # each component right below its indicator
        out = pd.concat([out, parts], ignore_index=True)
        parent = out["induk_indikator"].fillna(out["kode_indikator"])
        rank = {k: i for i, k in enumerate(dict.fromkeys(zip(out["instansi"], out["tahun"], parent)))}
        out = out.assign(_p=[rank[k] for k in zip(out["instansi"], out["tahun"], parent)],
                         _c=out["induk_indikator"].notna())  # fmt: skip
        out = out.sort_values(["_p", "_c"], kind="stable").drop(columns=["_p", "_c"])
    docs = [d for d in DOKUMEN if d in out.columns]
    first = ["instansi", "tahun", "kode_indikator", "induk_indikator", "indikator", "satuan", "polaritas", "dalam_pk",
             *docs]  # fmt: skip
    last = ["target_pk", "target_pengukuran", "realisasi", "capaian_dilaporkan", "status", "sumber_pengukuran"]
    return out[[*first, *last]].reset_index(drop=True)


# --- progress toward the end-of-plan target ---------------------------------------------------
UNIT_ALIASES = {"%": "%", "persen": "%", "prosen": "%", "percent": "%", "indeks": "indeks", "index": "indeks"}
"""Normalisation of free-text units: case and spaces ignored, these spellings mean the same unit."""
UNIT_RANGES = {"%": (0.0, 100.0), "indeks": (0.0, 1.0)}
"""Default range of a unit when the data gives none (``nilai_min``/``nilai_maks``); counts never go below 0.
A default maximum is dropped for an indicator whose own values already exceed it (e.g. a percentage
of capaian above 100)."""
MIN_POINTS = 3
"""Comparable yearly realisasi needed for a linear projection: two points make a line, not a trend."""
REACH = 1.0
"""A projection is used only within the realisasi seen so far, widened on each side by this many times the
largest absolute realisasi seen: a rate is never projected to a value its history never approaches (a series
of 10, 50 and 150 is not projected to 466)."""
BASIS_JUMP = 5.0
"""A target that changes by more than this factor from one year to the next marks a change of basis
(e.g. 1,85 to 86): points before it are not compared with points after it."""
STATUS_RULE = """Status kemajuan menuju target akhir periode rencana:
- 'tercapai': realisasi tahun pengukuran terakhir sudah mencapai target akhir (sesuai polaritas);
- 'sesuai jalur': proyeksi linear ke tahun akhir mencapai target akhir (capaian proyeksi >= 100);
  proyeksi dibuat dari paling sedikit tiga tahun realisasi yang sebanding dan tidak dipakai bila jauh di
  luar nilai yang pernah dicapai;
- 'berisiko': proyeksi mencapai 90 sampai di bawah 100 persen target akhir;
- 'tidak sesuai jalur': proyeksi di bawah 90 persen target akhir;
- 'belum dapat dinilai': tanpa target akhir, tanpa realisasi pada tahun pengukuran terakhir, atau
  proyeksi tidak dapat dibuat (kolom keterangan menyebut alasannya)."""


def normalize_satuan(satuan: pd.Series) -> pd.Series:
    """Units compared case- and space-insensitively, with :data:`UNIT_ALIASES` applied.

    >>> normalize_satuan(pd.Series(["Persen", " % ", "kkal/kapita/hari"])).tolist()
    ['%', '%', 'kkal/kapita/hari']
    """
    text = satuan.astype("string").str.strip().str.lower().str.replace(r"\s+", " ", regex=True)
    return text.map(lambda s: UNIT_ALIASES.get(s, s), na_action="ignore")


def value_range(rows: pd.DataFrame) -> tuple[float, float]:
    """The (min, max) an indicator's values can take: ``nilai_min``/``nilai_maks`` from the data, else
    :data:`UNIT_RANGES` by unit, else [0, inf) for positive values; a default maximum the observed
    values already exceed is dropped.

    >>> rows = pd.DataFrame({"target": [90.0], "realisasi": [95.0], "target_akhir": [98.0], "satuan": ["%"],
    ...                      "nilai_min": [None], "nilai_maks": [None]})
    >>> value_range(rows)
    (0.0, 100.0)
    """
    observed = pd.concat([rows["target"], rows["realisasi"], rows["target_akhir"]]).dropna()
    unit = normalize_satuan(rows["satuan"]).dropna()
    low, high = UNIT_RANGES.get(unit.iloc[-1] if len(unit) else "", (0.0, np.inf))
    if len(observed) and observed.min() < low:
        low = -np.inf
    if len(observed) and observed.max() > high:
        high = np.inf
    given_low, given_high = rows["nilai_min"].dropna(), rows["nilai_maks"].dropna()
    return (
        float(given_low.iloc[-1]) if len(given_low) else low,
        float(given_high.iloc[-1]) if len(given_high) else high,
    )


def _comparable(points: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The latest run of points measured in one unit on one basis, and why earlier ones were dropped."""
    if points.empty:
        return points, ""
    units = normalize_satuan(points["satuan"]).astype(object).fillna("")
    keep = units == units.iloc[-1]
    why = "" if keep.all() else "satuan berubah"
    points = points[keep]
    targets = points["target"].to_numpy(dtype=float)
    start = 0
    for i in range(1, len(targets)):
        a, b = targets[i - 1], targets[i]
        if np.isfinite(a) and np.isfinite(b) and min(a, b) > 0 and max(a, b) / min(a, b) > BASIS_JUMP:
            start, why = i, "dasar target berubah"
    return points.iloc[start:], why


def _is_cumulative(rows: pd.DataFrame) -> bool:
    """Whether the indicator's end-of-plan target is compared with realisasi summed since the plan began."""
    kinds = rows.loc[rows["target_akhir"].notna(), "jenis_target"].dropna()
    return bool(len(kinds)) and kinds.iloc[-1] == "kumulatif"


def _end_target(rows: pd.DataFrame, periode, instansi: str, tahun: int) -> tuple[float, float, str]:
    """The end-of-plan (target_akhir, tahun_akhir, dokumen) of one indicator: the plan is the document of
    the rows that state the target (a Renstra row is a Renstra target), else the plan in force."""
    stated = rows.dropna(subset=["target_akhir"])
    own = stated.loc[stated["dokumen"].isin(PLAN_DOCUMENTS), "dokumen"]
    prefer = own.iloc[-1] if len(own) else None
    plan = plan_period(periode, instansi, tahun, prefer) if isinstance(periode, pd.DataFrame) else None
    if plan is None and prefer:
        plan = (prefer, np.nan, np.nan)
    if plan is not None:
        in_plan = stated[stated["tahun_akhir"].isna() | (stated["tahun_akhir"] == plan[2])]
        stated = in_plan if len(in_plan) else stated
    if stated.empty:
        return np.nan, (plan[2] if plan else np.nan), (plan[0] if plan else "")
    ranked = stated.assign(_m=stated["dokumen"] == PENGUKURAN).sort_values(["_m", "tahun"], kind="stable")
    last = ranked.iloc[-1]
    year = last["tahun_akhir"] if pd.notna(last["tahun_akhir"]) else (plan[2] if plan else np.nan)
    return float(last["target_akhir"]), float(year) if pd.notna(year) else np.nan, (plan[0] if plan else "")


def track_progress(
    indikator: pd.DataFrame, periode: pd.DataFrame | None = None, tahun: int | None = None, batas_berisiko: float = 90.0
) -> pd.DataFrame:
    """Progress of each indicator toward its end-of-plan target, up to ``tahun`` (default: all years);
    ``periode`` None means the plan periods the loaded data declares.

    ``progres`` is the realisasi to date against the end-of-plan target (capaian of the target akhir);
    for a ``kumulatif`` target the realisasi to date is the sum since the plan began.
    A linear projection to the end year uses only comparable points (:func:`_comparable`: one unit, no
    change of basis, at least :data:`MIN_POINTS` of them), stays within the indicator's range
    (:func:`value_range`) and is dropped when it leaves the reach of the values seen (:data:`REACH`);
    ``keterangan`` says in a short phrase why a projection could not be made or was bounded.

    >>> from lkjip_analysis import load_indikator, load_periode
    >>> p = track_progress(load_indikator(), load_periode(), 2023).set_index("kode_indikator")
    >>> print(*p.loc["indeks_merit", ["realisasi_terakhir", "target_akhir", "progres", "proyeksi_akhir", "status"]])
    0.75 0.85 88.23529411764706 nan belum dapat dinilai
    """
    periode = _declared(indikator, "periode") if periode is None else periode
    rows = _indicators(indikator)
    rows = rows[rows["induk_indikator"].isna()]
    if tahun is not None:
        rows = rows[rows["tahun"] <= tahun]
    measured = select_measurements(rows)
    records = []
    for (instansi, kode), group in measured.groupby(["instansi", "kode_indikator"], sort=True):
        group = group.sort_values("tahun")
        latest = group.iloc[-1]
        year = int(tahun if tahun is not None else latest["tahun"])
        all_rows = rows[(rows["instansi"] == instansi) & (rows["kode_indikator"] == kode)]
        target_akhir, tahun_akhir, dokumen = _end_target(all_rows, periode, instansi, year)
        low, high = value_range(all_rows)
        if _is_cumulative(all_rows):
            start = all_rows["tahun_awal"].dropna()
            since = int(start.min()) if len(start) else int(group["tahun"].min())
            group = group[group["tahun"] >= since]
            group = group.assign(realisasi=group["realisasi"].cumsum().where(group["realisasi"].notna()))
            latest = group.iloc[-1]
            high = np.inf
        points, why = _comparable(group.dropna(subset=["realisasi"]))
        fit, note, projection = None, "", np.nan
        if np.isnan(target_akhir):
            note = "tanpa target akhir"
        elif pd.isna(latest["realisasi"]):
            note = f"tahun {int(latest['tahun'])} tanpa realisasi"
        elif len(points) < MIN_POINTS:
            note = f"hanya {len(points)} titik sebanding; proyeksi perlu paling sedikit {MIN_POINTS}"
            note = f"{why}; {note}" if why else note
        else:
            fit = np.polyfit(points["tahun"].astype(float), points["realisasi"].astype(float), 1)
            projection = float(np.polyval(fit, tahun_akhir)) if np.isfinite(tahun_akhir) else np.nan
            seen = points["realisasi"].astype(float)
            reach = REACH * float(seen.abs().max())
            if projection > high or projection < low:
                bound = high if projection > high else low
                note = f"proyeksi dibatasi pada batas rentang nilai ({bound:g})"
                projection = bound
            if not seen.min() - reach <= projection <= seen.max() + reach:
                note = "proyeksi linear jauh di luar nilai yang pernah dicapai; tidak dipakai"
                projection = np.nan
            elif why and not note:
                note = f"{why}: hanya {len(points)} titik terakhir dipakai"
        records.append({
            "instansi": instansi, "kode_indikator": kode, "indikator": latest["indikator"],
            "satuan": latest["satuan"], "polaritas": latest["polaritas"], "dokumen_rencana": dokumen,
            "tahun_terakhir": int(latest["tahun"]), "realisasi_terakhir": float(latest["realisasi"]),
            "tahun_akhir": tahun_akhir, "target_akhir": target_akhir,
            "laju_per_tahun": float(fit[0]) if fit is not None else np.nan,
            "proyeksi_akhir": round(projection, 10) if np.isfinite(projection) else np.nan, "keterangan": note,
        })  # fmt: skip
    out = pd.DataFrame(records, columns=[
        "instansi", "kode_indikator", "indikator", "satuan", "polaritas", "dokumen_rencana", "tahun_terakhir",
        "realisasi_terakhir", "tahun_akhir", "target_akhir", "laju_per_tahun", "proyeksi_akhir", "keterangan",
    ])  # fmt: skip
    sign = np.where(out["polaritas"] == "negatif", -1.0, 1.0)
    sisa_tahun = out["tahun_akhir"] - out["tahun_terakhir"]
    out = out.assign(
        progres=compute_capaian(out["target_akhir"], out["realisasi_terakhir"], out["polaritas"]),
        sisa_gap=(out["target_akhir"] - out["realisasi_terakhir"]) * sign,
        sisa_tahun=sisa_tahun,
        kebutuhan_per_tahun=(out["target_akhir"] - out["realisasi_terakhir"]) / sisa_tahun.where(sisa_tahun > 0),
        capaian_proyeksi=compute_capaian(out["target_akhir"], out["proyeksi_akhir"], out["polaritas"]),
    )
    out["status"] = np.select(
        [out["target_akhir"].isna() | out["realisasi_terakhir"].isna(), out["sisa_gap"] <= 0,
         out["proyeksi_akhir"].isna(), out["capaian_proyeksi"] >= 100, out["capaian_proyeksi"] >= batas_berisiko],
        ["belum dapat dinilai", "tercapai", "belum dapat dinilai", "sesuai jalur", "berisiko"],
        default="tidak sesuai jalur",
    )  # fmt: skip
    return out


track_progress.__doc__ += "\n" + STATUS_RULE


POSISI = {"di atas jalur": "realisasi mencapai target rencana tahun itu (sesuai polaritas)",
          "di bawah jalur": "realisasi belum mencapai target rencana tahun itu",
          "belum ada realisasi": "tahun tanpa realisasi (tahun yang akan datang, atau tidak dilaporkan)",
          "belum ada target": "dokumen rencana tidak menetapkan target tahun itu (mis. tahun dasar)"}  # fmt: skip
"""Where a year's realisasi stands on the plan's target path (:func:`track_plan_path`)."""


def track_plan_path(indikator: pd.DataFrame, tahun: int | None = None) -> pd.DataFrame:
    """The yearly targets of the plan (Renstra, RPJMD) for every indicator that has them, beside the
    realisasi of record of each year up to ``tahun`` (from the year before the plan's first target, its
    baseline) and its capaian against that year's plan target
    (``posisi``: :data:`POSISI`). Where several documents give a plan target for one year, the latest
    document's is used (the others are audit findings).

    >>> from lkjip_analysis import load_indikator
    >>> p = track_plan_path(load_indikator(), 2016).query("kode_indikator == 'wirausaha_baru'")
    >>> p[["tahun", "target_rencana", "realisasi", "posisi"]].values.tolist()[:4]  # doctest: +NORMALIZE_WHITESPACE
    [[2013, nan, 570.0, 'belum ada target'], [2014, 1180.0, 1180.0, 'di atas jalur'],
     [2015, 1850.0, 3380.0, 'di atas jalur'], [2016, 1000.0, 640.0, 'di bawah jalur']]
    """
    rows = _indicators(indikator)
    rows = rows.assign(_doc=rank_documents(rows))
    rows = rows[rows["induk_indikator"].isna()]
    plan = rows[rows["dokumen"].isin(PLAN_DOCUMENTS) & rows["target"].notna()]
    plan = plan.sort_values([*_KEY, "_doc"], kind="stable").drop_duplicates(_KEY)
    if plan.empty:
        return pd.DataFrame(columns=["instansi", "kode_indikator", "indikator", "satuan", "polaritas", "dokumen",
                                     "tahun", "target_rencana", "realisasi", "capaian_rencana", "posisi"])  # fmt: skip
    codes = plan[["instansi", "kode_indikator"]].drop_duplicates()
    measured = select_measurements(rows).merge(codes, on=["instansi", "kode_indikator"])
    if tahun is not None:
        measured = measured[measured["tahun"] <= tahun]
    plan = plan[[*_KEY, "dokumen", "target", "indikator", "satuan", "polaritas"]].rename(
        columns={"target": "target_rencana"}
    )
    out = plan.merge(measured[[*_KEY, "realisasi", "indikator", "satuan", "polaritas"]], on=_KEY, how="outer",
                     suffixes=("", "_diukur"))  # fmt: skip
    for column in ("indikator", "satuan", "polaritas"):
        out[column] = out[column].fillna(out[f"{column}_diukur"])
    out["dokumen"] = out.groupby(["instansi", "kode_indikator"])["dokumen"].transform("first")
    first = out["tahun"].where(out["target_rencana"].notna()).groupby([out["instansi"], out["kode_indikator"]])
    out = out[out["tahun"] >= first.transform("min") - 1]  # the plan's years and the year before (its baseline)
    out["capaian_rencana"] = compute_capaian(out["target_rencana"], out["realisasi"], out["polaritas"])
    out["posisi"] = np.select(
        [out["realisasi"].isna(), out["target_rencana"].isna(), out["capaian_rencana"] >= 100],
        ["belum ada realisasi", "belum ada target", "di atas jalur"],
        "di bawah jalur",
    )
    columns = ["instansi", "kode_indikator", "indikator", "satuan", "polaritas", "dokumen", "tahun", "target_rencana",
               "realisasi", "capaian_rencana", "posisi"]  # fmt: skip
    return out[columns].sort_values(["instansi", "kode_indikator", "tahun"]).reset_index(drop=True)


def compare_targets(indikator: pd.DataFrame, tahun: int | None = None) -> pd.DataFrame:
    """The same indicator's target across planning documents, side by side, with the change
    from the first document that states it to the last.

    >>> from lkjip_analysis import load_indikator
    >>> r = compare_targets(load_indikator(), 2023).set_index("kode_indikator")
    >>> r.loc["penempatan_sesuai_kompetensi", ["IKU", "RKT", "PK Perubahan", "Pengukuran", "perubahan"]].tolist()
    [93.0, 90.0, 93.0, 75.0, -18.0]
    """
    rows = _indicators(indikator)
    rows = rows[rows["target"].notna() & (rows["dokumen"] != PENGUKURAN)]
    rows = pd.concat([rows, select_measurements(indikator).dropna(subset=["target"])])
    if tahun is not None:
        rows = rows[rows["tahun"] == tahun]
    rows = rows.drop_duplicates([*_KEY, "dokumen"])
    wide = rows.pivot(index=_KEY, columns="dokumen", values="target")
    wide = wide.reindex(columns=[d for d in DOKUMEN if d in wide.columns])
    ordered = wide.to_numpy()
    first = [next((v for v in r if not np.isnan(v)), np.nan) for r in ordered]
    last = [next((v for v in r[::-1] if not np.isnan(v)), np.nan) for r in ordered]
    wide = wide.assign(
        perubahan=np.round(np.subtract(last, first), 10),
        perubahan_persen=np.round(np.subtract(last, first) / np.where(np.array(first) == 0, np.nan, first) * 100, 10),
        direvisi=wide.nunique(axis=1) > 1,
    )
    wide.columns.name = None
    names = indikator.drop_duplicates(_KEY, keep="last").set_index(_KEY)[["indikator", "polaritas"]]
    return wide.join(names).reset_index()


def tabulate_batas_realisasi(indikator: pd.DataFrame, tahun=None, skala=None, rumus=None) -> pd.DataFrame:
    """One row per measured indicator of ``tahun`` (default: the latest) with a target on the PK basis,
    one column per predikat that has a lower bound: the realisasi that just reaches it at the data's
    precision (see :func:`lkjip_analysis.capaian.compute_batas_realisasi`). ``skala`` as in
    :func:`tabulate_capaian`.

    >>> from lkjip_analysis import load_indikator, load_skala
    >>> t = tabulate_batas_realisasi(load_indikator(), 2023, load_skala()).query("instansi == 'BKPSDM Kota Surakarta'")
    >>> t.loc[t["kode_indikator"] == "indeks_merit", ["target", "Sangat Berhasil", "Berhasil", "Cukup Berhasil"]].values.tolist()
    [[0.8, 0.69, 0.57, 0.45]]
    """
    skala = _declared(indikator, "skala") if skala is None else skala
    table = tabulate_capaian(indikator, skala, rumus).dropna(subset=["target"])
    years = sorted(table["tahun"].unique().tolist())
    tahun = years[-1] if tahun is None and years else tahun
    if tahun not in years:
        raise ArgumentError(f"argumen 'tahun' tidak ada pada data pengukuran: '{tahun}'; pilihan: {choices(years)}")
    table = table[table["tahun"] == tahun]
    parts = []
    for (instansi, year), part in table.groupby(["instansi", "tahun"], sort=True):
        scale = scale_for(skala, instansi, int(year)) if isinstance(skala, pd.DataFrame) else resolve_skala(skala)
        part = part[["instansi", "tahun", "kode_indikator", "indikator", "satuan", "polaritas", "dasar", "target"]]
        part = part.reset_index(drop=True)
        raw = indikator[(indikator["instansi"] == instansi)]
        for level in scale.predikat:
            values = []
            for row in part.itertuples():
                own = raw[raw["kode_indikator"] == row.kode_indikator]
                places = decimals_of(pd.concat([own["target"], own["realisasi"]]).dropna())
                values.append(compute_batas_realisasi(row.target, level, row.polaritas, scale, rumus, desimal=places))
            if not all(np.isnan(values)):
                part[level] = values
        parts.append(part)
    return pd.concat(parts, ignore_index=True) if parts else table.iloc[0:0]
