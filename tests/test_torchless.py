"""spaCy without torch (nlp/torchless.py): a process that extracts claims does not import
torch, gets the same figures, and can still import torch afterwards (the torch embedding
backend); where a torch pipeline is possible, thinc imports torch as usual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import json, sys
sys.path.insert(0, {root!r})
from nlp.claims import extract_claims_many
claims = extract_claims_many([
    ("Huawei's CloudMatrix 384 delivers about 300 petaflops, 1.7 times the GB200 NVL72.", "en", None),
    ("CloudMatrix 384の消費電力は約559キロワットに上る。", "ja", None),
])
without = "torch" not in sys.modules
import thinc.compat
import torch  # still importable after spaCy
print(json.dumps({{
    "torch_kept_out": without,
    "thinc_has_torch": thinc.compat.has_torch,
    "torch_importable": hasattr(torch, "tensor"),
    "figures": [[str(f) for c in cs for f in c.figures] for cs in claims],
}}, default=str))
"""


def _probe(prelude: str = "") -> dict:
    code = prelude + _PROBE.format(root=str(ROOT))
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_claims_are_extracted_without_importing_torch_and_torch_stays_importable():
    plain = _probe()
    assert plain["torch_kept_out"] is True
    assert plain["thinc_has_torch"] is False
    assert plain["torch_importable"] is True
    # torch imported first, as the torch embedding backend does: thinc gets it, same figures
    with_torch = _probe("import torch\n")
    assert with_torch["torch_kept_out"] is False
    assert with_torch["thinc_has_torch"] is True
    assert plain["figures"] == with_torch["figures"]
    assert plain["figures"][0]  # the comparison has figures, English and Japanese
    assert plain["figures"][1]


def test_spacy_imports_torch_as_usual_where_a_torch_pipeline_is_possible():
    # spacy-transformers "installed": find_spec answers for it, so torch is not kept out
    prelude = (
        "import importlib.util\n"
        "_find = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: object() if name == 'spacy_transformers' "
        "else _find(name, *a)\n"
    )
    probed = _probe(prelude)
    assert probed["torch_kept_out"] is False
    assert probed["thinc_has_torch"] is True
