"""claimwatch's settings: the one place that reads CLAIMWATCH_* from the environment.

`current()` reads the environment each time it is called (a test's monkeypatch.setenv is seen
at once) into a frozen `Settings`; modules take the field they need and never read
os.environ themselves (tests/test_settings.py checks both that and README's table). An empty
variable counts as unset. Nothing here changes os.environ at import: `apply_process_defaults()`
is called by the entry points (the CLI's main, `python -m flows.daily`, the test and bench
harnesses) for the third-party libraries that only read their environment (Prefect, Hugging
Face), and anything the user set already wins.

Scrapy's CLAIMWATCH_* crawl settings (CLAIMWATCH_NOW, CLAIMWATCH_MAX_*, ...) are Scrapy settings
(`-s KEY=VALUE`, spiders/settings.py), not environment variables.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType

REPO_ROOT = Path(__file__).resolve().parent
PREFIX = "CLAIMWATCH_"
_SPACY_PREFIX = f"{PREFIX}SPACY_"


@dataclass(frozen=True)
class Settings:
    """Every CLAIMWATCH_* environment variable, with its default (README "Settings" lists them)."""

    # CLAIMWATCH_DB: the store of `diff` and `review add-user` when --db is not given.
    db: str = "data/claimwatch.duckdb"
    # CLAIMWATCH_EMBEDDING_MODEL: any sentence-transformers name or path (384-d).
    embedding_model: str = "sentence-transformers/all-MiniLM-L6-v2"
    # CLAIMWATCH_EMBEDDING_BACKEND: onnx, onnx-int8 or torch (validated where it is used,
    # nlp/embeddings.py).
    embedding_backend: str = "onnx"
    # CLAIMWATCH_ONNX_CACHE: where the ONNX exports are cached.
    onnx_cache: str = str(Path.home() / ".cache" / "claimwatch" / "onnx")
    # CLAIMWATCH_SPACY_<LANG>: spaCy pipeline per language code (lower case), e.g. {"en": "..."}.
    spacy_models: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # CLAIMWATCH_REVIEW_ORG: the ClaimReview author.
    review_org: str = "claimwatch"
    # CLAIMWATCH_REVIEW_URL: the review pages' published base URL (None: each user's default).
    review_url: str | None = None
    # CLAIMWATCH_REVIEW_SECRET: keeps CSRF tokens valid across server restarts (None: random).
    review_secret: str | None = None
    # CLAIMWATCH_TEST_KILL_AT: test-only kill point of the job (warehouse/stages.py).
    test_kill_at: str | None = None


def variable(name: str) -> str:
    """The environment variable of field `name` (spacy_models: CLAIMWATCH_SPACY_<LANG>)."""
    if name == "spacy_models":
        return f"{_SPACY_PREFIX}<LANG>"
    return PREFIX + name.upper()


def from_env(environ: Mapping[str, str]) -> Settings:
    """Settings from `environ`; unset or empty variables keep the defaults."""
    values: dict[str, object] = {}
    for f in fields(Settings):
        if f.name == "spacy_models":
            continue
        raw = environ.get(variable(f.name))
        if raw:
            values[f.name] = raw
    backend = values.get("embedding_backend")
    if isinstance(backend, str):
        values["embedding_backend"] = backend.strip().lower() or Settings.embedding_backend
    values["spacy_models"] = MappingProxyType(
        {
            key[len(_SPACY_PREFIX) :].lower(): value
            for key, value in environ.items()
            if key.startswith(_SPACY_PREFIX) and value
        }
    )
    return Settings(**values)  # type: ignore[arg-type]


def current() -> Settings:
    """The settings of this process's environment, read now."""
    return from_env(os.environ)


def _prefect_home() -> str:
    # Project-local: a checkout keeps its flow runs beside it; an installed copy uses ~.
    if (REPO_ROOT / "pyproject.toml").exists() and os.access(REPO_ROOT, os.W_OK):
        return str(REPO_ROOT / ".prefect")
    return str(Path.home() / ".claimwatch" / "prefect")


def process_defaults() -> dict[str, str]:
    """Environment defaults for the libraries that read only their environment, at their import."""
    return {
        # Bundled models only: a hub name otherwise retries the network for ~75 s.
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "TRANSFORMERS_VERBOSITY": "error",
        "PREFECT_HOME": _prefect_home(),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # The ephemeral API cold-starts in ~14 s here against a 20 s default timeout;
        # 2-core CI machines are slower still.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_UI_ENABLED": "false",
    }


def apply_process_defaults() -> None:
    """Set `process_defaults()` where unset; entry points call it before Prefect is imported."""
    for key, value in process_defaults().items():
        os.environ.setdefault(key, value)
