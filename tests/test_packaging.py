"""pyproject.toml and environment.yml declare the same dependencies; the repo layout holds."""

import re
import tomllib

import yaml

from lkjip_analysis.config import PROJ_ROOT


def names(requirements):
    return {re.split(r"[<>=!~ \[]", r, maxsplit=1)[0].strip().lower() for r in requirements}


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]
    declared = {
        **{n: "main" for n in names(project["dependencies"])},
        **{n: "test" for n in names(project["optional-dependencies"]["test"])},
    }
    env = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text())
    specs = [d for d in env["dependencies"] if isinstance(d, str)]
    conda = names(specs) - {"python", "pip"}
    assert conda == set(declared)
    # the same version floors too
    floors = dict(re.match(r"([A-Za-z0-9_.-]+)(>=[\d.]+)?", d).groups() for d in specs)
    for req in project["dependencies"] + project["optional-dependencies"]["test"]:
        name, floor = re.match(r"([A-Za-z0-9_.-]+)(>=[\d.]+)", req).groups()
        assert floors[name] == floor, name


def test_readme_starts_with_the_two_commands():
    readme = (PROJ_ROOT / "README.md").read_text()
    head = readme[:800]
    assert "make report" in head and "make test" in head
    assert "Mulai cepat" in readme


def test_ci_runs_make_test():
    assert "make test" in (PROJ_ROOT / ".ci" / "run").read_text()
