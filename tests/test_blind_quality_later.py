"""The later blind beat corpora's quality gates (tests/test_blind_quality.py says what they are),
in a file of their own so that pytest-xdist's two workers share the corpora's runs."""

from __future__ import annotations

import pytest
from test_blind_quality import LATER, check_corpus_floors


@pytest.mark.e2e
@pytest.mark.parametrize("name", LATER)
def test_blind_beat_later_corpus_holds_its_floors(name, tmp_path):
    check_corpus_floors(name, tmp_path)
