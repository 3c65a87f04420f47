"""Our spaCy components: figures on sentences (quantities + gazetteer entities)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from core.entities import default_gazetteer
from nlp.quantities import parse_quantities

if not Span.has_extension("figures"):
    Span.set_extension("figures", default=None)
if not Span.has_extension("mentions"):
    Span.set_extension("mentions", default=None)


class FigureMarker:
    """Sets `sent._.figures` (nlp.quantities.Quantity, offsets within the sentence) and
    `sent._.mentions` (gazetteer entities) on every sentence."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.gazetteer = default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        for sent in doc.sents:
            sent._.figures = parse_quantities(sent.text, self.lang)
            sent._.mentions = self.gazetteer.find(sent.text)
        return doc


@Language.factory("claimwatch_figures", default_config={"lang": "en"})
def make_figure_marker(nlp: Language, name: str, lang: str) -> FigureMarker:
    return FigureMarker(lang)
