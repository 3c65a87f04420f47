"""`pip install .` gets what the code imports: every third-party import in the package is a
declared dependency (required or an extra). Installs nothing; reads pyproject.toml and the
metadata of the environment the suite runs in."""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = _pyproject()["project"]
    specs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        specs += extra
    return {_norm(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]) for spec in specs}


def _packages() -> list[str]:
    include = _pyproject()["tool"]["setuptools"]["packages"]["find"]["include"]
    return sorted({pattern.rstrip("*") for pattern in include})


def _third_party_imports() -> dict[str, Path]:
    """Top-level module name -> the first file that imports it (lazy imports included)."""
    ours = set(_packages()) | set(_pyproject()["tool"]["setuptools"].get("py-modules", []))
    found: dict[str, Path] = {}
    for package in ours:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in ours and top not in sys.stdlib_module_names:
                        found.setdefault(top, path.relative_to(ROOT))
    return found


def test_packaging_every_third_party_import_is_declared():
    distributions = md.packages_distributions()
    declared = _declared()
    undeclared = {}
    for module, path in _third_party_imports().items():
        dists = {_norm(d) for d in distributions.get(module, [module])}
        if not dists & declared:
            undeclared[module] = (sorted(dists), str(path))
    assert not undeclared, f"imported, not in pyproject.toml (module: distributions, importer): {undeclared}"


def test_packaging_the_scan_sees_the_imports_it_must():
    # The scan itself: a lazy import inside a function (onnxruntime, rich) counts like a top one.
    imports = _third_party_imports()
    assert {"duckdb", "scrapy", "spacy", "onnxruntime", "rich", "fastapi"} <= set(imports)
