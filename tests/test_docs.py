"""The shipped data dictionary and machine-readable schema match the schema classes."""

from lkjip_analysis import data
from lkjip_analysis.config import RAW_DATA_DIR
from lkjip_analysis.docs import data_dictionary, schema_yaml
from lkjip_analysis.schemas import SCHEMAS

REGENERATE = "run `make schema` to regenerate data/raw/README.md and data/raw/schema.yaml"


def test_schema_yaml_is_current():
    assert (RAW_DATA_DIR / "schema.yaml").read_text(encoding="utf-8") == schema_yaml(), REGENERATE


def test_readme_dictionary_is_current():
    readme = (RAW_DATA_DIR / "README.md").read_text(encoding="utf-8")
    for table in SCHEMAS:
        assert data_dictionary(table) in readme, REGENERATE


def test_loader_docstrings_document_every_column():
    for table in SCHEMAS:
        doc = getattr(data, f"load_{table}").__doc__
        assert "| Column | Description | Unit |" in doc
        for column in SCHEMAS[table].to_schema().columns:
            assert f"| {column} |" in doc
