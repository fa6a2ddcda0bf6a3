"""The package's shape: one job per module stated in its docstring, no import cycle, one version."""

import ast
import importlib.metadata
from pathlib import Path

import lkjip_analysis

PACKAGE = Path(lkjip_analysis.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Package modules ``path`` imports at module level (imports inside functions are late by design)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _name(path) if path.name == "__init__.py" else _name(path).rsplit(".", 1)[0]
    found = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
            names = [f"{target}.{a.name}" for a in node.names]
            found |= {n for n in [target, *names] if n in {_name(p) for p in MODULES}}
    return found - {_name(path)}


def test_every_module_states_its_job():
    for path in MODULES:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()[0]) > 20, f"{path.name}: first docstring line states its job"


def test_no_import_cycle():
    graph = {_name(p): _imports(p) for p in MODULES}

    def visit(node, stack):
        assert node not in stack, f"import cycle: {' -> '.join([*stack, node])}"
        for nxt in graph.get(node, ()):
            visit(nxt, [*stack, node])

    for node in graph:
        visit(node, [])


def test_one_version_and_typed_marker():
    assert importlib.metadata.version("lkjip-analysis") == lkjip_analysis.__version__
    assert (PACKAGE / "py.typed").is_file()
