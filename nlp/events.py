"""What a sentence's events key: the date of the event it names (`event_dated`), and the people
charged in a case, keyed by the day they were charged (`case_counts`).

People charged in a case: a smuggling case has no name in the gazetteer: "federal prosecutors in
California on August 5 charged two Chinese nationals", 米司法省は8月5日、中国籍の2人を訴追した and
美国司法部8月5日宣布，起诉三名中国公民 name no entity the three share, so their counts of people
had no subject, no fact key, and a disagreement (two against three) was never compared (blind2 and
blind3 dev: the one class of missed disputes both corpora share). What the three do share is the day
of the charges, written in every language and parsed as the date of the sentence's arrest event. So
a count of people whose own verb is a charge or an arrest is keyed to that day: subject
`case:2025-08-05`, measure `count:person`. Only a day dates a case: "this month" or "in August" may
hold several cases, and a count beside them stays keyless.

Pure: no spaCy, no store; nlp.claims calls both on a claim's figures.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from core.claim import Figure
from core.entities import default_gazetteer
from core.facts import CARRIED, FALLBACK, NAMED
from core.judge import day_span
from nlp.contradiction_cues import (
    RULE_EVENTS,
    approval_and,
    event_at,
    government_of,
    nearest_label,
    rule_named,
)
from nlp.periods import weekdays_named

ARREST = "arrest"
PERSON_COUNT = "count:person"


def own_event(date: Figure, dates: int, event: str | None, text: str) -> str | None:
    """The event class a date dates: the sentence's (`event`) when it is the sentence's only date
    (of `dates`), else the event of the verb nearest it in its clause."""
    return event if dates == 1 else event_at(text, date.start, date.end)


def charge_day(
    figures: list[Figure], event: str | None, text: str, published: date | None = None
) -> str | None:
    """The one day the sentence dates its charges or arrests on (ISO), or None: no such date, a
    month or a longer span, or another date beside it. `event`: the sentence's event class, which
    a sentence's only date takes (as `event_dated` reads it, whatever the subject).

    A wire report dates its news by weekday: "prosecutors have charged two men …, the Justice
    Department said on Tuesday" is the Tuesday of the week it was published in, the day itself
    or the last one before it (blind5 dev class, made-up cases). Only a sentence of charges
    with no date of its own and one weekday: "charged on Monday and sentenced on Friday" dates
    no case."""
    dates = [f for f in figures if f.unit == "year"]
    if not dates and event == ARREST and published is not None:
        weekdays = weekdays_named(text)
        if len(weekdays) != 1:
            return None
        back = (published.isoweekday() - weekdays[0]) % 7
        return (published - timedelta(days=back)).isoformat()
    spans = [day_span(f) for f in dates]
    # The one date of a sentence whose count of people has a charge for its verb dates the charges
    # whatever the sentence's event: "charged two men with illegally shipping chips …, the Justice
    # Department said on August 5" was a shipment (blind6 dev class, made-up cases).
    dated = len(dates) == 1 and any(
        f.unit == "count" and f.measure == PERSON_COUNT and event_at(text, f.start, f.end) == ARREST
        for f in figures
    )
    if not (dated or any(own_event(f, len(dates), event, text) == ARREST for f in dates)):
        return None
    if len(set(spans)) != 1:
        return None  # no charge dated, or two dates ("three on March 3 and two more on March 5")
    span = spans[0]
    return span[0].isoformat() if span is not None and span[0] == span[1] else None


def case_counts(
    figures: list[Figure], event: str | None, text: str, published: date | None = None
) -> list[Figure]:
    """The figures with each count of people charged keyed to the case's day (see the module)."""
    day = charge_day(figures, event, text, published)
    if day is None:
        return figures
    known = default_gazetteer().entities
    out = []
    for fig in figures:
        own = event_at(text, fig.start, fig.end)
        if (
            fig.unit == "count"
            and fig.measure == PERSON_COUNT
            # A company named as the maker of the goods ("エヌビディア製の…3人を訴追") has no one charged.
            and (
                fig.subject is None
                or fig.subject_from == FALLBACK
                or getattr(known.get(fig.subject), "type", None) == "org"
            )
            # Its own verb a charge, or a charge the sentence announces ("司法部8月5日宣布，两名中国公民
            # …被起诉": 宣布 stands nearer the count than 起诉; blind4 dev, made-up cases).
            and (own == ARREST or (own in (None, "announce") and event == ARREST))
        ):
            fig = replace(fig, subject=f"case:{day}", subject_from=NAMED)
        out.append(fig)
    return out


# Events that wait on a licence: a sentence naming both may date either.
_FOLLOWS_APPROVAL = frozenset({"resume", "ship", "halt"})
# "the affiliates rule published on September 29 extended the curbs ..., at least until the
# November 10 suspension": a date naming a suspension, in a sentence of a rule that names no
# product, is the rule's suspension, an easing as "suspended the rule" is
# (nlp.contradiction_cues), not a halt of shipments (blind8 dev class: the day met no other
# report of the suspension; made-up cases).
_RULE_SUSPENSION = re.compile(r"\s+suspension\b(?!\s+of\s+(?!(?:the\s+)?(?:rules?|curbs|controls)\b))")
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|stated|confirmed|signall?ed|indicated|disclosed)\s+(?:[\w,]+\s+){0,3}$"
)


def event_dated(
    figures: list[Figure], event: str | None, entities: list[str], text: str, lang: str = "en"
) -> list[Figure]:
    """A date measures the event its sentence names: "added the permit rule for the H20 in March"
    and "H20纳入出口许可管理…5月" are `h20|date:restrict|year`, one fact whatever the language, so they
    link and cluster by key like any other figure (round-2 class 1: dates had no key, and date
    conflicts across languages were never compared). A sentence with one date: the sentence's
    event; with several, each date the event of the verb nearest it in its clause ("announced in
    October 2023 and took effect on November 17"). No event, no subject or a fallback subject:
    `date`, keyless.

    The event's subject is what it happened to, whoever did it: the one product the sentence
    names (the H20 whose licence was required, by the ministry or "美国商务部"), else the one
    event (WAIC opened), else the date's own subject."""
    dates = [i for i, f in enumerate(figures) if f.unit == "year"]
    if not dates:
        return figures
    known = default_gazetteer().entities
    named_subject = None
    for kind in ("product", "event"):
        named = [e for e in entities if e in known and known[e].type == kind and known[e].kind != "family"]
        if len(named) == 1:
            named_subject = named[0]
            break
    # A rule the sentence names by its name ("the AI diffusion rule", 「AI拡散規則」) is what its
    # dates are of, whoever made or scrapped it (blind6 dev class: keyed to the agency that did, or
    # to nothing); else the export rules (the gazetteer's first rule, no aliases) when the sentence
    # describes them and names no product.
    rules = [e for e in dict.fromkeys(entities) if e in known and known[e].type == "rule"]
    rule, rule_how = None, None
    if named_subject is None and len(rules) == 1:
        rule, rule_how = rules[0], "named"
    elif named_subject is None:
        rule = next((e.id for e in known.values() if e.type == "rule"), None)  # the first: the US's
        rule_how = rule_named(text) if rule else None
    out = list(figures)
    for i in dates:
        date = figures[i]
        own = own_event(date, len(dates), event, text)
        if own in _FOLLOWS_APPROVAL and lang == "en":
            # Of a restart and the approval it waits on, the date's own verb decides (list order
            # said restart; 黄仁勋5月表示…将批准 says approve): the verb before it ("resumed H20
            # shipments in August after licences were approved"), or after a speech verb what
            # was said ("restarted after Nvidia said in early May that permits would be issued").
            # English word order only: a Japanese verb follows its date (許可を受け、8月に出荷を再開した
            # is the restart), and "any Latin letter" let every sentence naming the H20 through.
            said = _SAID_BEFORE.search(text, 0, date.start)
            lo, hi = (date.end, len(text)) if said else (0, date.start)
            own = nearest_label(text, date.start, date.end, approval_and(own), lo, hi) or own
        if own in (None, "halt") and named_subject is None and rule_how:
            own = "ease" if _RULE_SUSPENSION.match(text, date.end) else own
        if own is None or date.lower is None or date.upper is None:
            continue  # no event, or a deadline ("by 2030") that dates none
        if named_subject:
            subject, how = named_subject, NAMED
        elif rule_how and own in RULE_EVENTS:
            subject, how = rule, NAMED if rule_how == "named" else CARRIED
        elif own in RULE_EVENTS and named_subject is None and (government := government_of(text)):
            subject, how = government, NAMED
        elif date.subject is None or date.subject_from == FALLBACK:
            continue
        else:
            subject, how = date.subject, date.subject_from
        out[i] = replace(date, measure=f"date:{own}", subject=subject, subject_from=how)
    return out
