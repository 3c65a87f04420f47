"""Process-wide defaults set before Prefect, transformers or Hugging Face are imported."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def _prefect_home() -> str:
    # Project-local: a checkout keeps its flow runs beside it; an installed copy uses ~.
    if (REPO_ROOT / "pyproject.toml").exists() and os.access(REPO_ROOT, os.W_OK):
        return str(REPO_ROOT / ".prefect")
    return str(Path.home() / ".claimwatch" / "prefect")


def apply_defaults() -> None:
    """Environment defaults; anything the user set already wins."""
    defaults = {
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
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
