"""Lines that state no claim although they hold figures: table rows and promo lines.

Pages carry score boxes, stat lines, ticker rows and poll tables ("QB J. Smith 31 88% 2 TD",
"ACME CORP 12.50 -0.40 -3.1%", "トヨタ 2,850 +35 +1.2%") and coupon offers ("use code SAVE20 for
20% off"). Their numbers are real, but nobody asserts them in a sentence, so the claim stage skips
the line. Pure stdlib; nlp.claims calls `non_sentence` once per sentence.
"""

from __future__ import annotations

import re

# A number standing alone as a cell: "31", "88%", "-0.40", "+1.2%", "$12.50", "$5.2bn", "1,680.00",
# "28-of-35", "(3.1%)". Letters glued to it ("H20", "3rd") make it a word, not a cell.
_CELL = re.compile(
    r"[(\[]?[-+−±]?[$€£¥]?[0-9][0-9,.]*(?:bn|mn|tn|[kmbKMBT%x]|-of-[0-9]+|[-/:][0-9]+)?[)\]]?[,;]?",
)
# Words that only a sentence has: any lowercase word of two letters or more ("rose", "of", "the").
_LOWER_WORD = re.compile(r"[a-z][a-z'’]+[,;.]?")
# A word of a name or label: "Smith", "Undecided", "Harris"; all-caps tags ("QB", "TD", "CORP") and
# initials ("J.") are not counted, so that a ticker row of capitals has no words at all.
_NAME_WORD = re.compile(r"[A-Z][a-z][A-Za-z'’-]*[,;.]?")
# Sentence punctuation of Japanese and Chinese: a row has none.
_CJK_CLAUSE = re.compile(r"[。、，；！？]")
_PROMO = re.compile(
    r"(?i:\b(?:promo(?:tional)?|coupon|discount|voucher|referral)\s+codes?\b|\b(?:use|with|enter|apply)\s+"
    r"(?:the\s+)?code\s+[A-Z0-9]{3,}|[$€£]\s?[0-9][0-9,.]*\s+off\b"
    r"|[0-9]+\s?%\s+off\b)"
    r"|クーポン(?:コード)?|割引コード|プロモーションコード|优惠码|优惠券|折扣码|促销码"
)
# 3 cells: a name and two numbers ("Lakers 112, Celtics 108") is still too little to tell a score
# box from a headline; a row of three or more numbers with no lowercase word is a table.
_MIN_CELLS = 3


def non_sentence(text: str, lang: str) -> str | None:
    """Why `text` is no claim sentence: "table-row" or "promo"; None when it may be one.

    Args:
        text: one sentence or line as written.
        lang: "en", "ja" or "zh"; table rows are told by their cells in every language.
    """
    if _PROMO.search(text):
        return "promo"
    if "\t" in text or text.count("|") >= 2:
        cells = [c for c in re.split(r"\t|\|", text) if c.strip()]
        if sum(bool(_CELL.fullmatch(c.strip())) for c in cells) >= 2:
            return "table-row"
    tokens = text.split()
    cells = sum(bool(_CELL.fullmatch(t)) for t in tokens)
    if cells < _MIN_CELLS:
        return None
    if lang in ("ja", "zh") or re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text):
        # CJK sentences run without spaces: a row is cells apart by spaces, with no clause punctuation.
        others = len(tokens) - cells
        return "table-row" if not _CJK_CLAUSE.search(text) and cells >= others else None
    lower = sum(bool(_LOWER_WORD.fullmatch(t)) for t in tokens)
    names = sum(bool(_NAME_WORD.fullmatch(t)) for t in tokens)
    # One lowercase word is allowed ("312 yds"); a sentence with three figures has several.
    return "table-row" if lower <= 1 and cells >= names else None
