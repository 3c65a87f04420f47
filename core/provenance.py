"""Provenance: where a claim's number comes from, and how many independent origins stand
behind a set of claims (DESIGN.md: origin, independent support, single-source, appearance).

- `resolve_origin(attributed_to, source, outlets, lang)`: a claim's attribution (as
  nlp/attribution.py found it: "FT", "people familiar with the matter", "路透社", "関係者", or a
  gazetteer id such as "financial-times") resolved to an `Origin`:
    outlet       another outlet of the sources file ("according to the FT" when FT is crawled)
    publication  a named publication, wire or research firm outside it (core/origins.yaml)
    official     a government body (its statement is one origin however many quote it)
    anonymous    unnamed sources: the citing outlet's own reporting, flagged
    named        any other named source (a company, an unknown firm), by its name
    self         no attribution, or the outlet speaking of itself
  Origin ids are namespaced ("outlet:reuters", "publication:bloomberg", "official:mofcom",
  "named:nvidia"). `self` and `anonymous` carry the outlet's own id ("outlet:harbor-times"):
  an outlet's unattributed and unnamed-source reports are one origin, the same one another
  outlet cites when it writes "according to Harbor Times".
- `independent_support(claims)`: distinct root origins, where
    * copies count once: claims of articles that are syndicated copies of one original
      (duplicate_of) stand for that original (its claims when present, else the earliest copy);
    * a claim that attributes the number to another outlet counts for that outlet;
    * re-reports are followed to their root: when C cites B and every claim B makes in the
      same set cites one other origin A (B reports nothing of its own there), C and B count
      for A. An outlet with any report of its own in the set is a root.
  `single_source(claims)`: support == 1.
- `citation_edges(claims, appearances)` and `chains(edges)`: the edges (citing -> cited, and
  copy -> original for syndicated appearances) and the re-report chains to show ("C -> B -> A").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import yaml

ORIGIN_KINDS = ("outlet", "publication", "official", "anonymous", "named", "self")
GAZETTEER_PATH = Path(__file__).with_name("origins.yaml")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")
# Host labels that name a service, not the outlet: feeds.arstechnica.com is arstechnica.com.
_SERVICE_LABELS = ("www.", "feeds.", "feed.", "rss.", "m.", "amp.")
# Paths explored when listing re-report chains: a fact has a handful of outlets, but a hostile
# graph of 30 outlets all citing each other has more simple paths than atoms in the universe.
MAX_PATHS_WALKED = 2000


@dataclass(frozen=True)
class Origin:
    kind: str  # one of ORIGIN_KINDS
    id: str  # namespaced: outlet:NAME, publication:ID, official:ID, named:SLUG
    name: str  # for display


@dataclass(frozen=True)
class Outlet:
    """An outlet of the sources file: its name and the domains it publishes on."""

    name: str
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """A publication or official body of core/origins.yaml."""

    id: str
    kind: str  # publication | official
    name: str
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()  # matched as written, whole attribution only
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gazetteer:
    entries: tuple[Entry, ...]
    strong_anonymous: tuple[str, ...]
    weak_anonymous: tuple[str, ...]
    self_whole: tuple[str, ...]
    self_prefix: tuple[str, ...]


class Reported(Protocol):
    """What provenance needs of a claim (core.positions.FigureObs has it)."""

    @property
    def claim_id(self) -> str: ...
    @property
    def article_id(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def reported_at(self) -> datetime | None: ...
    @property
    def origin(self) -> Origin | None: ...
    @property
    def duplicate_of(self) -> str | None: ...


@dataclass(frozen=True)
class Appearance:
    """A syndicated copy carrying one of the claims (the appearances table)."""

    claim_id: str  # the original's claim
    source: str  # the copy's outlet
    article_id: str = ""


@dataclass(frozen=True)
class Edge:
    citing: str  # origin id of the outlet that reports ("outlet:harbor-times")
    cited: str  # origin id it reports from
    claim_id: str  # the claim that shows it
    kind: str = "cites"  # cites | copy


# ---------------------------------------------------------------- the gazetteer


def _list(value: object) -> tuple[str, ...]:
    if isinstance(value, Mapping):  # {en: [...], ja: [...]}: every language's cues
        return tuple(str(x) for v in value.values() for x in (v or ()))
    return tuple(str(x) for x in (value or ()))


def load_gazetteer(path: str | Path = GAZETTEER_PATH) -> Gazetteer:
    """The origins gazetteer (core/origins.yaml, or another file of the same shape)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    entries = []
    for kind, key in (("publication", "publications"), ("official", "officials")):
        for e in data.get(key) or ():
            entries.append(
                Entry(
                    str(e["id"]),
                    kind,
                    str(e.get("name") or e["id"]),
                    _list(e.get("aliases")),
                    _list(e.get("exact")),
                    tuple(d.casefold() for d in _list(e.get("domains"))),
                )
            )
    anonymous = data.get("anonymous") or {}
    own = data.get("self") or {}
    return Gazetteer(
        tuple(entries),
        _list(anonymous.get("strong")),
        _list(anonymous.get("weak")),
        _list(own.get("whole")),
        _list(own.get("prefix")),
    )


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return load_gazetteer()


def normalise(text: str) -> str:
    """NFKC, case-folded, single spaces, no quotes, leading "the" or trailing punctuation."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    text = re.sub(r"\s+", " ", text).strip(" \"'“”「」『』()（）[].,;:。、，")
    return re.sub(r"^the ", "", text)


def slug(text: str) -> str:
    """ "Harbor Times" -> "harbor-times"; Japanese and Chinese characters are kept."""
    return re.sub(r"[\W_]+", "-", normalise(text)).strip("-")


def _domain(url_or_host: str) -> str:
    host = urlsplit(url_or_host if "//" in url_or_host else f"//{url_or_host}").hostname or ""
    host = host.casefold().rstrip(".")
    for label in _SERVICE_LABELS:
        if host.startswith(label) and host.count(".") >= 2:
            host = host[len(label) :]
    return host


def outlets_from_sources(sources: Iterable[object]) -> dict[str, Outlet]:
    """Outlets from the sources file's entries (spiders.sources.Source or anything with a
    name and feeds/sitemaps/start_urls): their domains come from those URLs."""
    out = {}
    for s in sources:
        urls = [u for key in ("feeds", "sitemaps", "start_urls") for u in (getattr(s, key, ()) or ())]
        domains = tuple(sorted({d for d in map(_domain, urls) if d}))
        out[s.name] = Outlet(s.name, domains)
    return out


def _matcher(alias: str, *, as_written: bool = False):
    """A test for an alias inside an attribution: a substring for Japanese/Chinese, whole words
    otherwise (on the case-folded text, or, `as_written`, on the text as written)."""
    if _CJK.search(alias):
        return lambda text, raw: alias in text
    pattern = re.compile(rf"(?<![\w]){re.escape(alias)}(?![\w])")
    if as_written:
        return lambda text, raw: pattern.search(raw) is not None
    return lambda text, raw: pattern.search(text) is not None


class Resolver:
    """Resolves attributions against one sources file and one gazetteer (build once per run)."""

    def __init__(self, outlets: Mapping[str, Outlet] | None = None, gazetteer: Gazetteer | None = None):
        self.outlets = dict(outlets or {})
        self.gazetteer = gazetteer or default_gazetteer()
        # Whole-attribution names: outlet names and aliases, gazetteer ids and aliases.
        self._whole: dict[str, tuple[str, str]] = {}  # normalised name -> ("outlet"|"entry", id)
        self._entries = {e.id: e for e in self.gazetteer.entries}
        for e in self.gazetteer.entries:
            for name in (e.id, e.name, *e.aliases):
                self._whole.setdefault(normalise(name), ("entry", e.id))
        for o in self.outlets.values():  # outlets last: they win over a gazetteer entry
            for name in (o.name, o.name.replace("-", " "), *o.aliases, *o.domains):
                self._whole[normalise(name)] = ("outlet", o.name)
        # Aliases searched inside an attribution, longest first ("美国商务部" before "商务部").
        found = sorted(
            ((normalise(a), a, e.id) for e in self.gazetteer.entries for a in e.aliases),
            key=lambda x: (-len(x[0]), x[0]),
        )
        # FT, AP, BIS: all-capital short names match as written, or "ft" would be found in "ft."
        self._inside = [
            (_matcher(a, as_written=True) if a.isupper() and len(a) <= 6 else _matcher(norm), entry_id)
            for norm, a, entry_id in found
        ]
        self._strong = [_matcher(normalise(c)) for c in self.gazetteer.strong_anonymous]
        self._weak = [_matcher(normalise(c)) for c in self.gazetteer.weak_anonymous]
        self._exact = {x: e.id for e in self.gazetteer.entries for x in e.exact}
        self._self_whole = {normalise(x) for x in self.gazetteer.self_whole}
        self._self_prefix = tuple(normalise(x) for x in self.gazetteer.self_prefix)
        self._outlet_of = {e.id: self._outlet_for(e) for e in self.gazetteer.entries}

    def _outlet_for(self, entry: Entry) -> str | None:
        """The sources-file outlet that is this publication (same name or domain), if any."""
        for o in self.outlets.values():
            if o.name == entry.id or slug(o.name) == slug(entry.name):
                return o.name
            if any(d == e or d.endswith("." + e) for d in o.domains for e in entry.domains):
                return o.name
        return None

    def _entry_origin(self, entry_id: str, source: str) -> Origin:
        entry = self._entries[entry_id]
        outlet = self._outlet_of.get(entry_id)
        if outlet is not None:
            return self._outlet_origin(outlet, source)
        return Origin(entry.kind, f"{entry.kind}:{entry.id}", entry.name)

    def _outlet_origin(self, outlet: str, source: str) -> Origin:
        if outlet == source:
            return own(source)
        return Origin("outlet", f"outlet:{outlet}", outlet)

    def resolve(self, attributed_to: str | None, source: str, lang: str = "en") -> Origin:
        """The origin of a claim of `source` attributed to `attributed_to` (None: unattributed).

        Args:
            attributed_to: claims.attributed_to (a gazetteer id or the source as written).
            source: the outlet the claim appeared in; for a syndicated copy, the original's.
            lang: the claim's language: in English, a lowercase phrase that names nobody
                ("analysts at two banks") is unnamed; elsewhere case says nothing.
        Returns:
            The Origin; never raises on odd text (it falls back to a named origin).
        """
        if attributed_to is None or not attributed_to.strip():
            return own(source)
        raw = unicodedata.normalize("NFKC", attributed_to).strip()
        text = normalise(raw)
        if not text:
            return own(source)
        exact = self._exact.get(raw) or self._exact.get(re.sub(r"^[Tt]he\s+", "", raw))
        if exact is not None:
            return self._entry_origin(exact, source)
        if text in self._self_whole or text.startswith(self._self_prefix):
            return own(source)
        hit = self._whole.get(text) or self._whole.get(slug(text).replace("-", " "))
        if hit is not None:
            kind, ident = hit
            return (
                self._outlet_origin(ident, source) if kind == "outlet" else self._entry_origin(ident, source)
            )
        if any(found(text, raw) for found in self._strong):
            return anonymous(source, raw)
        for found, entry_id in self._inside:
            if found(text, raw):
                return self._entry_origin(entry_id, source)
        if any(found(text, raw) for found in self._weak):
            return anonymous(source, raw)
        if lang == "en" and not _CJK.search(raw) and raw == raw.lower() and " " in raw:
            # "analysts at two banks": nobody in particular. One lowercase word is a gazetteer
            # id ("nvidia": nlp/attribution.py stores the canonical id when it knows the name).
            return anonymous(source, raw)
        return Origin("named", f"named:{slug(raw)}", raw)


def own(source: str) -> Origin:
    """The outlet's own reporting."""
    return Origin("self", f"outlet:{source}", source)


def anonymous(source: str, as_written: str) -> Origin:
    """Unnamed sources: the outlet's own reporting, flagged."""
    return Origin("anonymous", f"outlet:{source}", f"{as_written} ({source})")


def resolve_origin(
    attributed_to: str | None, source: str, outlets: Mapping[str, Outlet] | None = None, lang: str = "en"
) -> Origin:
    """One claim's origin (see `Resolver.resolve`), with the default gazetteer."""
    return _resolver(tuple(sorted((outlets or {}).items()))).resolve(attributed_to, source, lang)


@lru_cache(maxsize=8)
def _resolver(outlets: tuple[tuple[str, Outlet], ...]) -> Resolver:
    """One Resolver per sources file (building one costs ~3 ms; a run resolves thousands)."""
    return Resolver(dict(outlets))


# ---------------------------------------------------------------- independence


def _origin(c: Reported) -> Origin:
    return c.origin or own(c.source)


def _when(c: Reported) -> tuple:
    return (c.reported_at is None, c.reported_at or datetime.min, c.claim_id)


def representatives(claims: Iterable[Reported]) -> list[Reported]:
    """The claims that count: syndicated copies of one original stand for it once (the
    original's own claims when present, else the earliest copy's), in a stable order."""
    groups: dict[str, list[Reported]] = {}
    for c in claims:
        key = c.duplicate_of or c.article_id or f"claim:{c.claim_id}"
        groups.setdefault(key, []).append(c)
    out = []
    for members in groups.values():
        originals = [c for c in members if not c.duplicate_of]
        if originals:
            out.extend(originals)
        else:  # only copies of an article we do not hold: the earliest copy's claims
            first = min(members, key=_when)
            out.extend(c for c in members if c.article_id == first.article_id)
    return sorted(out, key=lambda c: (c.claim_id, c.source))


def roots(claims: Iterable[Reported]) -> dict[str, str]:
    """claim_id -> the origin id its number counts for (copies, citations and chains followed)."""
    reps = representatives(claims)
    cites: dict[str, set[str]] = {}  # outlet id -> origins it attributes the number to
    reports: set[str] = set()  # outlet ids with a report of their own in the set
    for c in reps:
        origin, outlet = _origin(c), f"outlet:{c.source}"
        if origin.id == outlet:
            reports.add(outlet)
        else:
            cites.setdefault(outlet, set()).add(origin.id)

    def root(origin_id: str) -> str:
        seen = [origin_id]
        while origin_id not in reports and len(cites.get(origin_id, ())) == 1:
            (origin_id,) = cites[origin_id]
            if origin_id in seen:  # A cites B cites A, neither reports: the cycle's least id
                return min(seen[seen.index(origin_id) :])
            seen.append(origin_id)
        return origin_id

    return {c.claim_id: root(_origin(c).id) for c in reps}


def independent_support(claims: Iterable[Reported]) -> int:
    """How many distinct origins stand behind these claims (0 for none)."""
    return len(set(roots(claims).values()))


def single_source(claims: Iterable[Reported]) -> bool:
    """Whether the claims rest on exactly one origin."""
    return independent_support(claims) == 1


def citation_edges(claims: Iterable[Reported], appearances: Iterable[Appearance] = ()) -> list[Edge]:
    """Who reports whose number: an edge per claim attributed away from its outlet, and one per
    syndicated copy (copy -> original), without repeats, in a stable order."""
    claims = list(claims)
    by_id = {c.claim_id: c for c in claims}
    edges = set()
    for c in claims:
        citing, origin = f"outlet:{c.source}", _origin(c)
        if c.duplicate_of:
            originals = [o for o in claims if o.article_id == c.duplicate_of and not o.duplicate_of]
            if originals:
                edges.add(Edge(citing, f"outlet:{originals[0].source}", c.claim_id, "copy"))
        if origin.id != citing:
            edges.add(Edge(citing, origin.id, c.claim_id))
    for a in appearances:
        original = by_id.get(a.claim_id)
        if original is not None and a.source != original.source:
            edges.add(Edge(f"outlet:{a.source}", f"outlet:{original.source}", a.claim_id, "copy"))
    return sorted(edges, key=lambda e: (e.citing, e.cited, e.kind, e.claim_id))


def chains(edges: Iterable[Edge]) -> list[tuple[str, ...]]:
    """Re-report chains of two or more edges ("C -> B -> A" as (C, B, A)): every maximal path
    of the citation graph that starts at an outlet nobody cites; cycles are cut where they close."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        if e.citing != e.cited:
            graph.setdefault(e.citing, set()).add(e.cited)
    cited = {t for targets in graph.values() for t in targets}
    out: set[tuple[str, ...]] = set()
    budget = [MAX_PATHS_WALKED]

    def walk(path: tuple[str, ...]) -> None:
        budget[0] -= 1
        nxt = [t for t in sorted(graph.get(path[-1], ())) if t not in path]
        if not nxt or budget[0] <= 0:
            if len(path) >= 3:
                out.add(path)
            return
        for t in nxt:
            walk((*path, t))

    starts = sorted(n for n in graph if n not in cited) or sorted(graph)[:1]
    for start in starts:
        walk((start,))
    return sorted(out)
