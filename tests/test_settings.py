"""One settings object: only settings.py reads CLAIMWATCH_* from the environment, README's
table lists every field, and importing the package changes no environment variable."""

from __future__ import annotations

import ast
import dataclasses
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import settings

ROOT = Path(__file__).resolve().parents[1]


def _module_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "string" constants (KILL_AT_ENV = "CLAIMWATCH_..." style)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def _text(node: ast.AST, constants: dict[str, str]) -> str | None:
    """The string an expression spells, as far as it is static (an f-string's leading text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _text(node.values[0], constants) or ""
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _is_environ(node: ast.AST) -> bool:
    """os.environ, environ, os.getenv, getenv (and .get/.pop/... on environ)."""
    if isinstance(node, ast.Attribute):
        return node.attr in ("environ", "getenv") or _is_environ(node.value)
    return isinstance(node, ast.Name) and node.id in ("environ", "getenv")


def env_reads(source: str) -> list[str]:
    """CLAIMWATCH_* names that `source` reads from the environment."""
    tree = ast.parse(source)
    constants = _module_strings(tree)
    keys: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_environ(node.func) and node.args:
            keys.append(node.args[0])
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            keys.append(node.slice)
        elif isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            keys.append(node.left)
    names = [_text(key, constants) for key in keys]
    return [name for name in names if name and name.startswith(settings.PREFIX)]


def _our_modules() -> list[Path]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]}
    paths = [path for package in sorted(packages | {"bench"}) for path in (ROOT / package).rglob("*.py")]
    return sorted(paths)


def test_settings_scan_finds_every_spelling_of_a_read():
    source = (
        "import os\nfrom os import environ, getenv\nKEY = 'CLAIMWATCH_B'\n"
        "a = os.environ.get('CLAIMWATCH_A')\nb = os.environ[KEY]\nc = getenv(f'CLAIMWATCH_SPACY_{x}')\n"
        "d = 'CLAIMWATCH_D' in environ\ne = os.environ.get('HF_HUB_OFFLINE')\n"
    )
    assert env_reads(source) == ["CLAIMWATCH_A", "CLAIMWATCH_B", "CLAIMWATCH_SPACY_", "CLAIMWATCH_D"]


def test_settings_no_module_but_settings_reads_claimwatch_variables():
    modules = _our_modules()
    assert len(modules) > 100  # the scan sees the package
    readers = {
        str(path.relative_to(ROOT)): reads
        for path in modules
        if (reads := env_reads(path.read_text(encoding="utf-8")))
    }
    assert not readers, f"read CLAIMWATCH_* from the environment outside settings.py: {readers}"
    assert env_reads((ROOT / "settings.py").read_text(encoding="utf-8")) == []  # it reads by field name


def test_settings_readme_table_lists_every_field():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `(CLAIMWATCH_[A-Z_<>]+)`[^|]*\| `(\w+)` \|", section, re.M)
    }
    fields = {f.name: settings.variable(f.name) for f in dataclasses.fields(settings.Settings)}
    assert {v: k for k, v in fields.items()} == rows


def test_settings_from_env_defaults_overrides_and_empty_values():
    assert settings.from_env({}) == settings.Settings()
    got = settings.from_env(
        {
            "CLAIMWATCH_DB": "x.duckdb",
            "CLAIMWATCH_EMBEDDING_BACKEND": " ONNX ",
            "CLAIMWATCH_SPACY_JA": "ja_core_news_sm",
            "CLAIMWATCH_SPACY_ZH": "",
            "CLAIMWATCH_REVIEW_ORG": "",  # empty: unset, the default wins
            "CLAIMWATCH_TEST_KILL_AT": "link:2",
        }
    )
    assert got.db == "x.duckdb"
    assert got.embedding_backend == "onnx"
    assert dict(got.spacy_models) == {"ja": "ja_core_news_sm"}
    assert got.review_org == "claimwatch"
    assert got.review_url is None
    assert got.test_kill_at == "link:2"
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.db = "y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        got.spacy_models["en"] = "x"  # type: ignore[index]


def test_settings_current_reads_the_environment_when_called(monkeypatch):
    monkeypatch.setenv("CLAIMWATCH_REVIEW_URL", "https://checks.example.org")
    assert settings.current().review_url == "https://checks.example.org"
    monkeypatch.delenv("CLAIMWATCH_REVIEW_URL")
    assert settings.current().review_url is None


def test_settings_importing_the_package_sets_no_environment_variable():
    code = (
        "import os, json; before = dict(os.environ)\n"
        "import settings, cli.main, flows.daily, flows.nlp_stage, nlp.embeddings, nlp.pipeline, "
        "warehouse.stages, warehouse.claimreview, demo.run\n"
        "after = dict(os.environ)\n"
        "print(json.dumps(sorted(k for k in after.keys() | before.keys() if after.get(k) != before.get(k))))"
    )
    # Without the process defaults (conftest applied them here), so that setting one would show;
    # PREFECT_HOME stays the suite's so that importing Prefect leaves no state anywhere else.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in settings.process_defaults() and not k.startswith("CLAIMWATCH_")
    }
    env |= {"PYTHONPATH": str(ROOT), "PREFECT_HOME": os.environ["PREFECT_HOME"]}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"
