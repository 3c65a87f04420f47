"""The layers only import downwards (STYLE.md, convention 13; issue 12): read with ast, so a
lazy import inside a function counts too, and nothing is executed.

    core     <- spiders, nlp, warehouse <- review, cli, flows  (warehouse never imports nlp)
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "spiders", "nlp", "warehouse", "review", "flows", "cli")
# package -> the packages of ours it must never import.
FORBIDDEN = {
    "core": {p for p in PACKAGES if p != "core"},
    "spiders": {"nlp", "warehouse", "review", "flows", "cli"},
    "nlp": {"spiders", "warehouse", "review", "flows", "cli"},
    "warehouse": {"spiders", "nlp", "review", "flows", "cli"},  # the store holds core types only
    "review": {"spiders", "flows", "cli"},
}


def imports_of(path: Path, package: str) -> set[str]:
    """The top-level names of our packages that a module imports (absolute or relative)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # a relative import stays inside its own package
                found.add(package)
            elif node.module:
                found.add(node.module.split(".")[0])
    return found & set(PACKAGES)


def package_graph() -> dict[str, dict[str, list[str]]]:
    """package -> imported package -> the modules that import it."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for target in imports_of(path, package) - {package}:
                graph[package][target].append(str(path.relative_to(ROOT)))
    return graph


def test_import_graph_layers_import_only_downwards():
    graph = package_graph()
    crossings = {
        (package, target, module)
        for package, forbidden in FORBIDDEN.items()
        for target in forbidden
        for module in graph[package].get(target, [])
    }
    assert crossings == set()


def test_import_graph_has_no_package_cycle():
    graph = package_graph()
    state: dict[str, str] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target] if target in path else [node, target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for package in PACKAGES:
        if package not in state:
            visit(package, [package])
    assert cycles == []


def test_import_graph_reader_sees_lazy_and_relative_imports(tmp_path):
    # The checker itself: an import inside a function and a relative import are both seen.
    module = tmp_path / "m.py"
    module.write_text(
        "from __future__ import annotations\n"
        "def f():\n    import warehouse.db\n    from flows.cli import main\n"
        "from . import sibling\n",
        encoding="utf-8",
    )
    assert imports_of(module, "nlp") == {"warehouse", "flows", "nlp"}


# nlp names that load or run a model (spaCy, MiniLM, the check-worthiness model): the
# NLP stage calls them, the store only reads what they stored (issue 12, item 4).
MODEL_RUNNERS = {
    "nlp.embeddings": {"embed", "load_model"},
    "nlp.checkworthiness": {"score_sentences", "score_mixed", "load_model"},
    "nlp.pipeline": {"build_nlp"},
    "nlp.claims": {"extract_claims", "extract_claims_many", "claim_from_sentence"},
}


def model_imports(package: str) -> set[tuple[str, str, str]]:
    """(module, nlp module, name) for each model-running nlp name a package's modules import."""
    found = set()
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module in MODEL_RUNNERS:
                found |= {
                    (str(path.relative_to(ROOT)), node.module, a.name)
                    for a in node.names
                    if a.name in MODEL_RUNNERS[node.module]
                }
            elif isinstance(node, ast.Import) and any(a.name in MODEL_RUNNERS for a in node.names):
                found.add((str(path.relative_to(ROOT)), "module", "*"))
    return found


def test_import_graph_store_runs_no_model():
    # Language is detected at extraction, check-worthiness scored and claims embedded in the NLP
    # stage (flows/nlp_stage.py); warehouse/ imports no nlp module at all (FORBIDDEN above).
    assert model_imports("warehouse") == set()
    assert model_imports("review") == set()
