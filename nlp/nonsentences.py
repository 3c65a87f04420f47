"""Lines that state no claim although they hold figures: table rows, promo lines, open questions and a
page's gallery or comment counters.

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
# A deal report measures its discount against the shelf price: "$200 off the regular rate" is what a
# buyer saves, a figure (realtext6's call), not a code to redeem (realtext7 dev: the sentence was dropped).
_PROMO = re.compile(
    r"(?i:\b(?:promo(?:tional)?|coupon|discount|voucher|referral)\s+codes?\b|\b(?:use|with|enter|apply)\s+"
    r"(?:the\s+)?code\s+[A-Z0-9]{3,}|[$€£]\s?[0-9][0-9,.]*\s+off\b(?!\s+(?:the|its|their)\s+(?:regular|usual|normal"
    r"|list|retail|original|full)\s+(?:price|rate|cost)\b)"
    r"|[0-9]+\s?%\s+off\b)"
    r"|クーポン(?:コード)?|割引コード|プロモーションコード|优惠码|优惠券|折扣码|促销码"
)
# A question asks about its figures only when it is an open one: a yes/no question ("Will sales top
# $10bn?", "Is it $5 or $6?") or a choice between numbers. A rhetorical question presupposes them
# ("Why did the council hand $30 million to consultants?", "Did you know we lost 70,000 factories?"),
# and so does a statement with a question tag ("She took $2.5 million, can you believe that?").
_QUESTION_END = re.compile(r"[?？]+[\s\"'”’)]*$")
_YES_NO = re.compile(
    r"^[\W_]*(?i:is|are|was|were|will|would|can|could|should|shall|do|does|did|has|have|had|may|might|must)\b"
)
_RHETORICAL_EN = re.compile(
    r"^[\W_]*(?i:(?:did|do|does)\s+(?:you|anyone|anybody)\s+(?:know|reali[sz]e|remember|hear|notice)"
    r"|(?:have|has)\s+(?:you|anyone|anybody)\s+(?:heard|noticed|forgotten|seen)|can\s+you\s+believe"
    r"|would\s+you\s+believe|is\s+it\s+any\s+wonder|isn['’]t\s+it\s+(?:true|odd|strange|funny)"
    r"|\w+n['’]t)\b"  # a negative yes/no question asserts: "Didn't he cut Medicare by $716 billion?"
)
_CHOICE = re.compile(r"[0-9%]\s*(?i:or)\s+(?:[$€£]\s?)?[0-9]")  # "$5 or $6?", "5% or 6%?"
_HYPOTHETICAL = re.compile(r"^[\W_]*(?i:if|suppose|supposing|unless|what\s+if|imagine)\b")
# ... but a negated past counterfactual presupposes what it negates: "If he hadn't inherited $200
# million, where would he be?" says that he did (realtext dev round 5).
_COUNTERFACTUAL = re.compile(r"^[\W_]*(?i:if)\s+[^,;?]{0,60}?(?i:\bhad\s+(?:not|never)|\bhadn['’]t)\b")
# The question after the last comma or dash is a tag when it is this short: ", right?", "-- who pays?"
_TAG_WORDS = 6
_TAG_SPLIT = re.compile(r"[,;:—–]|\s-{1,2}\s")
_RHETORICAL_CJK = re.compile(
    r"なぜ|何故|どうして|ご存[知じ]|知って(?:い)?ますか|为什么|为何|凭什么|难道|你知道|怎么会"
)
# A page's counter of a gallery or a thread, alone on its line: "(16 Videos)", "24 Photos", "3
# comments" (realtext7 dev: a page line read as a count of 16 videos). It labels a link; no one asserts
# it. Likes and views are left to the sentence rules (a post may state them).
_COUNTER_LINE = re.compile(
    # ... a share or reply counter too ("345 Shares": realtext6 README, page furniture; round 11)
    r"[(\[]?\s*[0-9][0-9,.]*[Kk]?\s+(?i:photos?|videos?|images?|pictures?|slides?|comments?|shares|replies)"
    r"\s*[)\]]?"
    # ... or a list's pager: "Showing 1-20 of 345 results" (navigation, round 11)
    r"|(?i:showing)\s+[0-9]+\s*[-–]\s*[0-9]+\s+(?i:of)\s+[0-9][0-9,]*"
    r"(?:\s+(?i:results|items|products|stories|articles|posts|listings))?"
    # ... or a link that opens the gallery: "View 12 photos", "Tap to see 50 photos from the parade"
    r"|(?i:(?:tap|click)\s+to\s+)?(?i:see|view|watch|browse)(?:\s+(?i:all))?\s+[0-9][0-9,]*\s+"
    r"(?i:photos|videos|images|pictures|slides)(?:\s+(?i:from|of|in)\s+[^.!?]{0,60})?"
)
# A roster or snap-count row: a player's position, the name, then two numbers ("CB J. Doe 12 18%"),
# even with fewer than three cells or a page's trailing words ("No stats registered"; realtext5's call
# that stat lines are no figures; realtext7 dev: a false 1%). Only two- and three-letter positions: a
# capital letter alone may open a sentence; two numbers, so that "TE Connectivity 2019 sales rose 5%"
# (a company) stays a sentence.
_ROSTER_ROW = re.compile(
    r"(?:QB|RB|FB|WR|TE|OL|OT|OG|DL|DE|DT|NT|LB|ILB|OLB|MLB|CB|DB|FS|SS|LS|KR|PR)\s+"
    r"(?:[A-Z][\w.'’-]*\s+){1,3}[0-9][0-9,.]*%?\s+[0-9]"
)
# 3 cells: a name and two numbers ("Lakers 112, Celtics 108") is still too little to tell a score
# box from a headline; a row of three or more numbers with no lowercase word is a table.
_MIN_CELLS = 3


def non_sentence(text: str, lang: str) -> str | None:
    """Why `text` is no claim sentence ("table-row", "promo", "question", "counter"); None if it may be one.

    Args:
        text: one sentence or line as written.
        lang: "en", "ja" or "zh"; table rows are told by their cells in every language.
    """
    if _PROMO.search(text):
        return "promo"
    if _COUNTER_LINE.fullmatch(text.strip()):
        return "counter"
    if _QUESTION_END.search(text) and _open_question(text):
        return "question"
    if _ROSTER_ROW.match(text.strip()):
        return "table-row"
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


def _open_question(text: str) -> bool:
    """Whether a sentence ending in "?" asks about its figures rather than stating them."""
    if _CHOICE.search(text):
        return True
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text):
        return _RHETORICAL_CJK.search(text) is None
    if _RHETORICAL_EN.search(text):
        return False
    if _HYPOTHETICAL.search(text) and not _COUNTERFACTUAL.search(text):
        return True  # "If the deficit hits $2 trillion, who pays?" states no deficit
    *statement, tag = _TAG_SPLIT.split(text)
    if statement and len(tag.split()) <= _TAG_WORDS and any(c.isdigit() for c in "".join(statement)):
        return False  # the figures stand in a statement before the tag
    return _YES_NO.search(text) is not None
