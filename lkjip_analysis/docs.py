"""Documentation generated from the schemas: the data dictionary, ``schema.yaml`` and the README tables.

``make schema`` calls :func:`write_data_docs`; a test fails when the committed files drift.
"""

from __future__ import annotations

import re
from pathlib import Path

from .iorw import write_text
from .schemas import SCHEMAS


def data_dictionary(table: str) -> str:
    """The Column | Description | Unit table of ``table``, as Markdown.

    >>> print(data_dictionary("kepegawaian").splitlines()[2])
    | instansi | Nama instansi (OPD) pelapor, mis. 'BKPSDM Kota Surakarta' (wajib) | - |
    """
    schema = SCHEMAS[table].to_schema()
    lines = ["| Column | Description | Unit |", "|---|---|---|"]
    for name, col in schema.columns.items():
        desc = col.description or ""
        allowed = [c for c in col.checks if c.name == "isin"]
        if allowed:
            desc += "; nilai: " + ", ".join(f"`{v}`" for v in allowed[0].statistics["allowed_values"])
        if not col.nullable:
            desc += " (wajib)"
        lines.append(f"| {name} | {desc} | {(col.metadata or {}).get('unit', '-')} |")
    return "\n".join(lines)


def schema_yaml() -> str:
    """All three schemas as one machine-readable YAML document (pandera's format)."""
    parts = [f"# {name}\n{model.to_schema().to_yaml()}" for name, model in SCHEMAS.items()]
    return "---\n".join(parts)


def write_data_docs(raw_dir) -> None:
    """Regenerate ``schema.yaml`` and the dictionary tables in ``README.md`` of ``raw_dir``.

    The README keeps its prose; only the text between ``<!-- kamus:TABLE -->`` markers is
    replaced. ``make schema`` calls this after a schema change.
    """
    raw_dir = Path(raw_dir)
    write_text(raw_dir / "schema.yaml", schema_yaml())
    readme = raw_dir / "README.md"
    text = readme.read_text(encoding="utf-8")
    for table in SCHEMAS:
        text = re.sub(
            rf"(<!-- kamus:{table} -->\n).*?(\n<!-- /kamus:{table} -->)",
            lambda m, t=table: m.group(1) + data_dictionary(t) + m.group(2),
            text,
            flags=re.S,
        )
    write_text(readme, text)
