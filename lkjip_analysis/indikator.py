"""Indicator tables: the measurement of record, capaian per year with its change, progress toward
the end-of-plan target, target revisions between planning documents, and the realisasi each
predikat needs.

All functions take the frame of :func:`lkjip_analysis.load_indikator` first, never mutate
it, and return new frames, so they chain with ``.pipe``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .capaian import compute_batas_realisasi, compute_capaian, compute_predikat, resolve_skala
from .errors import ArgumentError
from .schemas import DOKUMEN, PENGUKURAN
from .utils import choices, percent_of, require_table

_KEY = ["instansi", "tahun", "kode_indikator"]


def rank_sumber(sumber: pd.Series) -> pd.Series:
    """Which source wins when several state the same indicator and year: a measurement
    table (Tabel 3.x) first, then other tables, then the narrative, the conclusion last."""
    s = sumber.str.lower()
    return np.select(
        [s.str.contains(r"tabel 3\.", regex=True), s.str.contains("kesimpulan"), s.str.contains("tabel")],
        [0, 3, 1],
        default=2,
    )


def select_measurements(indikator: pd.DataFrame) -> pd.DataFrame:
    """One measurement row per (instansi, tahun, kode_indikator), chosen by :func:`rank_sumber`.

    >>> from lkjip_analysis import load_indikator
    >>> p = select_measurements(load_indikator())
    >>> p.query("kode_indikator == 'penempatan_sesuai_kompetensi'")[["tahun", "realisasi", "sumber"]].values.tolist()
    [[2022, 72.0, 'Bab III.A Tabel 3.3'], [2023, 75.0, 'Bab III.A Tabel 3.3']]
    """
    require_table(indikator, "indikator")
    rows = indikator[
        (indikator["dokumen"] == PENGUKURAN) & (indikator["target"].notna() | indikator["realisasi"].notna())
    ]
    rows = rows.assign(_rank=rank_sumber(rows["sumber"]))
    rows = rows.sort_values([*_KEY, "_rank"], kind="stable").drop_duplicates(_KEY)
    return rows.drop(columns="_rank").sort_values(["instansi", "kode_indikator", "tahun"]).reset_index(drop=True)


def tabulate_capaian(indikator: pd.DataFrame, skala="lkjip", rumus: str | None = None) -> pd.DataFrame:
    """Target, realisasi, recomputed capaian and predikat beside the reported ones, and the
    change from the previous year (realisasi and capaian, in points and in percent).

    >>> from lkjip_analysis import load_indikator
    >>> t = tabulate_capaian(load_indikator())
    >>> r = t.query("kode_indikator == 'indeks_merit' and tahun == 2023").iloc[0]
    >>> float(r.capaian), r.predikat, r.predikat_dilaporkan, round(float(r.delta_capaian), 2)
    (93.75, 'Sangat Berhasil', 'Baik', 7.08)
    """
    p = select_measurements(indikator)
    cap = compute_capaian(p["target"], p["realisasi"], p["polaritas"], rumus=rumus)
    p = p.assign(capaian=cap, predikat=compute_predikat(cap, skala=skala))
    prev = p.groupby(["instansi", "kode_indikator"])[["realisasi", "capaian"]].shift(1)
    p = p.assign(
        delta_realisasi=p["realisasi"] - prev["realisasi"],
        delta_realisasi_persen=percent_of(p["realisasi"] - prev["realisasi"], prev["realisasi"]),
        delta_capaian=p["capaian"] - prev["capaian"],
        delta_capaian_persen=percent_of(p["capaian"] - prev["capaian"], prev["capaian"]),
    )
    columns = [
        "instansi",
        "kode_indikator",
        "indikator",
        "satuan",
        "polaritas",
        "tahun",
        "target",
        "realisasi",
        "capaian",
        "predikat",
        "capaian_dilaporkan",
        "predikat_dilaporkan",
        "sumber",
        "delta_realisasi",
        "delta_realisasi_persen",
        "delta_capaian",
        "delta_capaian_persen",
    ]
    return p[columns]


STATUS_RULE = """Status kemajuan menuju target akhir (RPJMD):
- 'tercapai': realisasi terakhir sudah mencapai target akhir (sesuai polaritas);
- 'sesuai jalur': proyeksi linear ke tahun akhir mencapai target (capaian proyeksi >= 100);
- 'berisiko': proyeksi mencapai 90 sampai di bawah 100 persen target;
- 'tidak sesuai jalur': proyeksi di bawah 90 persen target;
- 'belum dapat dinilai': kurang dari dua tahun realisasi, atau tanpa target akhir."""


def track_progress(indikator: pd.DataFrame, batas_berisiko: float = 90.0) -> pd.DataFrame:
    """Progress of each indicator toward its end-of-plan target.

    Gap (``sisa_gap``) is positive while the target is still ahead, for either polarity;
    ``kebutuhan_per_tahun`` is the change of realisasi needed each remaining year;
    ``proyeksi_akhir`` extends the least-squares line through the observed years.

    >>> from lkjip_analysis import load_indikator
    >>> p = track_progress(load_indikator()).set_index("kode_indikator")
    >>> print(*p.loc["indeks_merit", ["realisasi_terakhir", "target_akhir", "proyeksi_akhir", "status"]])
    0.75 0.85 1.05 sesuai jalur
    >>> p.loc["asn_berkinerja_minimal_baik", "status"]
    'tidak sesuai jalur'
    """
    p = select_measurements(indikator)
    akhir = (
        indikator.dropna(subset=["target_akhir"])
        .assign(_rank=lambda d: rank_sumber(d["sumber"]))
        .sort_values(["instansi", "kode_indikator", "_rank", "tahun"], ascending=[True, True, True, False])
        .drop_duplicates(["instansi", "kode_indikator"])[["instansi", "kode_indikator", "tahun_akhir", "target_akhir"]]
    )
    records = []
    for (instansi, kode), group in p.dropna(subset=["realisasi"]).groupby(["instansi", "kode_indikator"], sort=True):
        last = group.iloc[-1]
        fit = np.polyfit(group["tahun"], group["realisasi"], 1) if len(group) >= 2 else None
        records.append(
            {
                "instansi": instansi,
                "kode_indikator": kode,
                "indikator": last["indikator"],
                "polaritas": last["polaritas"],
                "tahun_terakhir": int(last["tahun"]),
                "realisasi_terakhir": float(last["realisasi"]),
                "laju_per_tahun": np.nan if fit is None else float(fit[0]),
                "_fit": fit,
            }
        )
    out = pd.DataFrame(records).merge(akhir, on=["instansi", "kode_indikator"], how="left")
    sign = np.where(out["polaritas"] == "negatif", -1.0, 1.0)
    sisa_tahun = out["tahun_akhir"].astype("float64") - out["tahun_terakhir"]
    proyeksi = [
        np.nan if f is None or pd.isna(t) else float(np.polyval(f, t)) for f, t in zip(out["_fit"], out["tahun_akhir"])
    ]
    out = out.drop(columns="_fit").assign(
        sisa_gap=(out["target_akhir"] - out["realisasi_terakhir"]) * sign,
        sisa_tahun=sisa_tahun,
        kebutuhan_per_tahun=(out["target_akhir"] - out["realisasi_terakhir"]) / sisa_tahun.where(sisa_tahun > 0),
        proyeksi_akhir=np.round(proyeksi, 10),
    )
    out["capaian_proyeksi"] = compute_capaian(out["target_akhir"], out["proyeksi_akhir"], out["polaritas"])
    out["status"] = np.select(
        [
            out["target_akhir"].isna(),
            out["sisa_gap"] <= 0,
            out["proyeksi_akhir"].isna(),
            out["capaian_proyeksi"] >= 100,
            out["capaian_proyeksi"] >= batas_berisiko,
        ],
        ["belum dapat dinilai", "tercapai", "belum dapat dinilai", "sesuai jalur", "berisiko"],
        default="tidak sesuai jalur",
    )
    return out


track_progress.__doc__ += "\n" + STATUS_RULE


def compare_targets(indikator: pd.DataFrame, tahun: int | None = None) -> pd.DataFrame:
    """The same indicator's target across planning documents, side by side, with the change
    from the first document that states it to the last.

    >>> from lkjip_analysis import load_indikator
    >>> r = compare_targets(load_indikator(), 2023).set_index("kode_indikator")
    >>> r.loc["kinerja_di_atas_90", ["IKU", "RKT", "PK Perubahan", "Pengukuran", "perubahan"]].tolist()
    [1.85, 1.48, 1.85, 86.0, 84.15]
    """
    require_table(indikator, "indikator")
    rows = indikator[indikator["target"].notna() & (indikator["dokumen"] != PENGUKURAN)]
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
        perubahan_persen=np.round((np.subtract(last, first)) / np.where(np.array(first) == 0, np.nan, first) * 100, 10),
        direvisi=wide.nunique(axis=1) > 1,
    )
    wide.columns.name = None
    names = indikator.drop_duplicates(_KEY, keep="last").set_index(_KEY)[["indikator", "polaritas"]]
    return wide.join(names).reset_index()


_BATAS_COLUMNS = ["instansi", "tahun", "kode_indikator", "indikator", "satuan", "polaritas", "target", "sumber"]


def tabulate_batas_realisasi(indikator: pd.DataFrame, tahun=None, skala="lkjip", rumus=None) -> pd.DataFrame:
    """One row per indicator with a measured target, one column per predikat: its boundary realisasi.

    Uses the measurement of record (:func:`select_measurements`) of ``tahun`` (default: the latest
    year among them). See :func:`lkjip_analysis.capaian.compute_batas_realisasi`.

    >>> from lkjip_analysis import load_indikator
    >>> t = tabulate_batas_realisasi(load_indikator())
    >>> t.loc[t["kode_indikator"] == "indeks_merit", ["target", "Sangat Berhasil", "Berhasil"]].to_numpy().tolist()
    [[0.8, 0.68, 0.56]]
    """
    skala = resolve_skala(skala)
    rows = select_measurements(indikator).dropna(subset=["target"])
    years = sorted(rows["tahun"].unique().tolist())
    tahun = years[-1] if tahun is None and years else tahun
    if tahun not in years:
        raise ArgumentError(f"argumen 'tahun' tidak ada pada data pengukuran: '{tahun}'; pilihan: {choices(years)}")
    out = rows.loc[rows["tahun"] == tahun, _BATAS_COLUMNS].reset_index(drop=True)
    for p in skala.predikat:
        out[p] = compute_batas_realisasi(out["target"], p, out["polaritas"], skala, rumus)
    return out
