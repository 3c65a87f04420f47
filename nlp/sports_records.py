"""A team's or a player's win-loss record written in words ("won 7 of their last 10 games"): a sports
statistic, no count (GUIDE; realtext5 and realtext7 READMEs: records like "won 12 of 13" stay sports
stats). `nlp.not_figures` drops both numbers of such a record (a count inside a RECORD match).
"""

from __future__ import annotations

import re

from nlp.numerals import WORD_VALUES, alternation

_NUMBER = rf"(?:[0-9]{{1,3}}|{alternation(WORD_VALUES)})"
# "won 7 of their last 10 games", "have lost 5 of 6 games", "won nine of his past 11 fights": a verb
# of winning or losing, a part, "of", an optional owner and span word, the whole and an event of
# sport. "The firm won 4 of 6 contracts" names no sporting event and keeps its counts, and so do
# races and contests ("Democrats won 5 of 7 races" counts seats); "won 4 of her last 5 matches" was
# already a measure (units.EN_MEASURE: matches).
RECORD = re.compile(
    rf"(?i)\b(?:won|wins?|winning|lost|loses|losing|dropped|drops?|split)\s+{_NUMBER}\s+of\s+"
    rf"(?:(?:their|his|her|its|the|our|those)\s+)?(?:(?:last|past|previous|first|opening|final)\s+)?{_NUMBER}"
    r"\s+(?:(?:home|road|away|league|conference|division|regular-season|playoff)\s+)?"
    r"(?:games|matches|fights|bouts|starts|outings|meetings|tournaments|series)\b"
)
