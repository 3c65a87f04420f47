"""core/ is the pure domain layer: importing it loads no storage, model, crawl or orchestration
library, and it imports nothing of the layers above it."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("duckdb", "pyarrow", "spacy", "torch", "scrapy", "prefect", "sentence_transformers", "numpy")


def test_core_purity_import_loads_no_heavy_library():
    modules = sorted(p.stem for p in (ROOT / "core").glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module('core.' + m)\n"
        "from core.provenance import default_gazetteer; default_gazetteer()\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('warehouse', 'nlp', 'flows', 'review', 'spiders'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    heavy, ours = (json.loads(line) for line in out.stdout.strip().splitlines()[-2:])
    assert {"intervals", "positions", "provenance"} <= set(modules)
    assert heavy == []
    assert ours == []


def test_core_purity_imports_no_upper_layer():
    # Read statically as well: a lazy import inside a function would escape the check above.
    upper = {"warehouse", "nlp", "flows", "review", "spiders", *HEAVY}
    found = []
    for path in sorted((ROOT / "core").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            found += [(path.name, n) for n in names if n.split(".")[0] in upper]
    assert found == []


def test_core_purity_is_packaged_with_its_gazetteer():
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "core*" in tool["packages"]["find"]["include"]
    assert "*.yaml" in tool["package-data"]["core"]
    assert (ROOT / "core" / "origins.yaml").is_file()
