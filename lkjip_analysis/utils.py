"""Checks and small computations every analysis module shares (one home for each rule)."""

from __future__ import annotations

import pandas as pd

from .errors import ArgumentError


def require_columns(df, columns, argument: str, hint: str = "") -> None:
    """Raise ArgumentError naming ``argument`` when ``df`` is not a DataFrame with ``columns``.

    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "df")
    Traceback (most recent call last):
    ...
    lkjip_analysis.errors.ArgumentError: argumen 'df': kolom 'b' tidak ada (kolom yang ada: 'a')
    """
    present = list(getattr(df, "columns", []))
    missing = [c for c in columns if c not in present]
    if missing or not hasattr(df, "columns"):
        raise ArgumentError(
            f"argumen '{argument}': kolom {', '.join(repr(c) for c in missing)} tidak ada "
            f"(kolom yang ada: {', '.join(repr(str(c)) for c in present) or '-'}){hint}"
        )


def require_table(df, table: str, argument: str | None = None) -> None:
    """Raise ArgumentError unless ``df`` has every column of ``table`` (as ``load_<table>()`` returns).

    >>> require_table(pd.DataFrame({"instansi": ["A"]}), "periode")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lkjip_analysis.errors.ArgumentError: argumen 'periode': kolom 'laporan', 'dokumen', ... tidak ada ...
    """
    from .schemas import SCHEMAS

    require_columns(df, SCHEMAS[table].to_schema().columns, argument or table, f"; gunakan tabel dari load_{table}()")


def percent_of(part, whole) -> pd.Series:
    """``part / whole * 100`` as float; NaN where ``whole`` is 0 or missing (never inf).

    >>> percent_of(pd.Series([1, 3]), pd.Series([4, 0])).tolist()
    [25.0, nan]
    """
    part = pd.Series(part) if not isinstance(part, pd.Series) else part
    whole = pd.Series(whole, index=part.index) if not isinstance(whole, pd.Series) else whole
    whole = whole.astype("float64")
    return (part.astype("float64") / whole.where(whole != 0) * 100).astype("float64")


def choices(values) -> str:
    """Values quoted and joined, for messages that list valid choices.

    >>> choices(["a", "b"])
    "'a', 'b'"
    """
    return ", ".join(f"'{v}'" for v in values)


def label_documents(table: pd.DataFrame | None) -> pd.DataFrame | None:
    """``table`` with each row's ``sumber`` prefixed by its document (``laporan: sumber``) for the agencies
    whose data holds several documents, so that every place a finding names says which document it is in.

    >>> t = pd.DataFrame({"instansi": ["A", "A", "B"], "laporan": ["LKjIP 2022", "LKjIP 2023", "LKjIP 2023"],
    ...                   "sumber": ["Tabel 3.2", "Tabel 3.2", "Tabel 3.2"]})
    >>> label_documents(t)["sumber"].tolist()
    ['LKjIP 2022: Tabel 3.2', 'LKjIP 2023: Tabel 3.2', 'Tabel 3.2']
    """
    if table is None or table.empty or "laporan" not in table.columns:
        return table
    laporan = table["laporan"].fillna("")
    several = laporan.groupby(table["instansi"]).transform("nunique") > 1
    done = pd.Series([s.startswith(f"{d}: ") for s, d in zip(table["sumber"], laporan)], index=table.index, dtype=bool)
    keep = ~several | (laporan == "") | done
    return table.assign(sumber=table["sumber"].where(keep, laporan + ": " + table["sumber"]))
