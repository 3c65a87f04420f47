"""The fact-cluster rule, pure: which claims state one fact, which form one story, and
what each group is called. No storage here (warehouse/clusters.py reads and writes); which
claims take part is core.eligibility, which claims link is core.links.

A fact cluster is the claims that state one fact (subject, measure, unit: the fact key)
with any value, agreeing or not, plus the paraphrases that carry no key of their own:
- claims whose figures share a fact key are one cluster, whatever their similarity;
- claims with different keys are never put together, however similar their sentences
  (on a narrow beat "H20 has 96 GB" and "H200 has 141 GB" score 0.91);
- a claim without a key (no resolved subject, a date, a quote) joins a cluster by
  average linkage over the links: the mean link similarity to the members it could have
  been compared with must reach LINKAGE_CUT, a missing link counting 0. So a claim must
  link to most of a cluster to join it, and A~B~C~D cannot chain A to D;
- a keyless claim that states figures joins only a cluster of one of their measures
  ("measure|unit"): "$1 billion were smuggled" with no subject is no paraphrase of
  "the H20 carries 96 GB", however similar the sentences on one beat (a claim without
  figures, or with dates only, may paraphrase any fact).
- claims of one key whose figures name periods that never meet are two facts, as the judge
  reads them: "revenue of $46.7 billion in the second quarter" and "$57 billion in the third"
  share nvidia|revenue|USD but no cluster, whose dispute would set them against each other
  where the judge does not (made-up cases; blind, blind7 and blind8 cluster precision rose,
  README "Quality on text nobody here wrote"). A claim of the key that names no period joins
  the period group it links to most.
A story is the coarser group: the connected component of links and fact clusters, which is
what union-find over every link made of "clusters" before (one story per event).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from core.disjoint import DisjointSet
from core.facts import Periods, periods_meet
from core.links import NEIGHBOURS

# Mean link similarity a keyless claim needs to the comparable members of a cluster (pairs
# without a link count 0). bench/clusters.py on the labelled pairs (158 pairs in one store):
# cuts from 0.40 to 0.65 give the same 30 clusters (purity 0.81, completeness 0.78), 0.75
# one false pair less, 0.90 loses paraphrases (completeness 0.76). 0.58 is the link threshold
# itself: two single claims join when they link, a third joins a pair only if it links to
# both (0.58 * 2 / 2), never through one link (at most 1.0 / 2 = 0.5).
LINKAGE_CUT = 0.58
# The linker reports at most this many partners per claim (core.links.NEIGHBOURS): a claim can
# show links to no more members than that, so a cluster's comparable size is capped there.
MAX_PARTNERS = NEIGHBOURS

Link = tuple[str, str, float]


def primary_keys(keys: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """The one fact key each keyed claim is clustered by.

    A claim that states several facts joins one cluster: that of its key most claims state
    ("$1 billion smuggled in the three months after the curbs" is about the value, which ten
    claims state, not the duration, which three of them also mention); ties go to the smaller
    key. Then a fact that would be left with a single claim takes back a claim that states
    it too, if that claim's cluster keeps two members without it: "about 300 petaflops, about
    1.7 times the GB200" goes to the petaflops it shares with one claim, not to the ratio that
    two others state already, so both facts keep a cluster.
    """
    keys = {c: sorted(set(ks)) for c, ks in keys.items() if ks}
    holders = Counter(k for ks in keys.values() for k in ks)
    primary = {c: min(ks, key=lambda k: (-holders[k], k)) for c, ks in keys.items()}
    size = Counter(primary.values())
    for key in sorted(k for k in holders if holders[k] >= 2 and size[k] == 1):
        movable = sorted(
            c for c, ks in keys.items() if key in ks and primary[c] != key and size[primary[c]] >= 3
        )
        if movable:
            size[primary[movable[0]]] -= 1
            primary[movable[0]] = key
            size[key] += 1
    return primary


class _Groups:
    """Clusters under construction: members, languages, and summed link similarity to the
    neighbouring clusters that a merge may still join (never two keyed clusters)."""

    def __init__(self, langs: Mapping[str, str], max_partners: int):
        self.members: dict[str, list[str]] = {}
        self.langs: dict[str, Counter] = {}
        self.keyed: dict[str, bool] = {}
        self.measures: dict[str, frozenset[str]] = {}  # "measure|unit" a group states; empty: any
        self.version: dict[str, int] = {}
        self.sums: dict[str, dict[str, float]] = defaultdict(dict)
        self._lang = langs
        self._max = max_partners

    def add(self, gid: str, claims: list[str], keyed: bool, measures: frozenset[str] = frozenset()) -> None:
        self.members[gid] = claims
        self.langs[gid] = Counter(self._lang[c] for c in claims)
        self.keyed[gid] = keyed
        self.measures[gid] = measures
        self.version[gid] = 0

    def mergeable(self, g: str, h: str) -> bool:
        mg, mh = self.measures[g], self.measures[h]
        return g != h and not (self.keyed[g] and self.keyed[h]) and (not mg or not mh or bool(mg & mh))

    def score(self, g: str, h: str) -> float:
        # Comparable pairs: same language (MiniLM is English-only; across languages only a
        # shared key links) and at most max_partners per member of the smaller side.
        comparable = sum(n * self.langs[h][lang] for lang, n in self.langs[g].items())
        comparable = min(comparable, self._max * min(len(self.members[g]), len(self.members[h])))
        return self.sums[g].get(h, 0.0) / comparable if comparable else 0.0

    def merge(self, g: str, h: str) -> str:
        """Merge h into g (the keyed side keeps its id); returns g."""
        if self.keyed[h]:
            g, h = h, g
        self.members[g] += self.members.pop(h)
        self.langs[g] += self.langs.pop(h)
        h_keyed = self.keyed.pop(h)
        self.keyed[g] = self.keyed[g] or h_keyed
        mg, mh = self.measures[g], self.measures.pop(h)
        self.measures[g] = (mg & mh) if mg and mh else (mg | mh)
        self.version[g] += 1
        del self.version[h]
        for other, total in self.sums.pop(h, {}).items():
            del self.sums[other][h]
            if other != g:
                self.sums[g][other] = self.sums[g].get(other, 0.0) + total
                self.sums[other][g] = self.sums[g][other]
        self.sums[g].pop(g, None)
        for other in [o for o in self.sums[g] if not self.mergeable(g, o)]:
            del self.sums[g][other], self.sums[other][g]
        return g


def period_groups(
    claims: list[str], periods: Mapping[str, Periods], links: Mapping[frozenset[str], float]
) -> list[list[str]]:
    """The claims of one fact key split by the periods their figures name (`periods`: claim ->
    its figure's periods; absent or empty: none named). A claim joins the first group whose
    members' periods all meet its own, the claims naming most kinds first; a claim naming none
    joins the group it links to most (summed similarity), else the largest, else the first."""
    named = sorted((c for c in claims if periods.get(c)), key=lambda c: (-len(periods[c]), c))
    groups: list[list[str]] = []
    for claim in named:
        home = next((g for g in groups if all(periods_meet(periods[claim], periods[m]) for m in g)), None)
        if home is None:
            groups.append([claim])
        else:
            home.append(claim)
    free = [c for c in claims if not periods.get(c)]
    if len(groups) <= 1:
        return [sorted(claims)]
    for claim in free:
        best = max(
            range(len(groups)),
            key=lambda i: (sum(links.get(frozenset((claim, m)), 0.0) for m in groups[i]), len(groups[i]), -i),
        )
        groups[best].append(claim)
    return [sorted(g) for g in groups]


_PERIOD_MARK = "#"  # "nvidia|revenue|USD#1": the key's second period group (no key holds "#")


def _period_keys(
    keys: Mapping[str, Iterable[str]], periods: Mapping[str, Mapping[str, Periods]], links: list[Link]
) -> dict[str, set[str]]:
    """Each claim's fact keys, a key whose holders name periods that never meet split into one
    key per period group (`period_groups`), before `primary_keys` chooses among them: a claim
    stating a 2026 count of one subject and a count of another joins the fact it shares with
    others, not a period group where it would stand alone (blind8 dev)."""
    holders: dict[str, list[str]] = defaultdict(list)
    for claim, ks in keys.items():
        for key in set(ks):
            holders[key].append(claim)
    similarity = {frozenset((a, b)): sim for a, b, sim in links if a in keys and b in keys}
    out: dict[str, set[str]] = defaultdict(set)
    for key, claims in holders.items():
        named = {c: periods[c][key] for c in claims if key in periods.get(c, {})}
        parts = period_groups(sorted(claims), named, similarity)
        for n, part in enumerate(parts):
            for claim in part:
                out[claim].add(key if n == 0 else f"{key}{_PERIOD_MARK}{n}")
    return out


def fact_clusters(
    langs: Mapping[str, str],
    keys: Mapping[str, Iterable[str]],
    links: Iterable[Link],
    cut: float = LINKAGE_CUT,
    max_partners: int = MAX_PARTNERS,
    measures: Mapping[str, Iterable[str]] | None = None,
    periods: Mapping[str, Mapping[str, Periods]] | None = None,
) -> list[frozenset[str]]:
    """The fact clusters of two or more claims among `langs` (claim -> language).

    Args:
        langs: every claim taking part, with its language.
        keys: the fact keys of a claim's figures (absent or empty: no key).
        links: (claim_a, claim_b, similarity); links to claims outside `langs` are ignored.
        cut: LINKAGE_CUT; max_partners: MAX_PARTNERS.
        measures: the "measure|unit" of each claim's figures, "date|year" too (absent: any).
        periods: claim -> fact key -> the periods its figure of that key names (absent: none).
    """
    measures = measures or {}
    links = list(links)
    keyed = {c: ks for c, ks in keys.items() if c in langs}
    primary = primary_keys(_period_keys(keyed, periods or {}, links))
    groups = _Groups(langs, max_partners)
    by_key: dict[str, list[str]] = defaultdict(list)
    for claim in sorted(langs):
        if claim in primary:
            by_key[primary[claim]].append(claim)
        else:
            groups.add(claim, [claim], keyed=False, measures=frozenset(measures.get(claim, ())))
    gid_of = {c: c for c in langs if c not in primary}
    for key, claims in by_key.items():
        fact = key.partition(_PERIOD_MARK)[0]
        groups.add(claims[0], claims, keyed=True, measures=frozenset([fact.split("|", 1)[1]]))
        gid_of.update(dict.fromkeys(claims, claims[0]))
    for a, b, sim in links:
        if a in gid_of and b in gid_of:
            g, h = gid_of[a], gid_of[b]
            if groups.mergeable(g, h):
                groups.sums[g][h] = groups.sums[g].get(h, 0.0) + sim
                groups.sums[h][g] = groups.sums[g][h]
    heap = [(-groups.score(g, h), g, h, 0, 0) for g in groups.sums for h in groups.sums[g] if g < h]
    heapq.heapify(heap)
    while heap:
        negative, g, h, vg, vh = heapq.heappop(heap)
        if -negative < cut:
            break
        if groups.version.get(g) != vg or groups.version.get(h) != vh:
            continue  # one side merged since this score was pushed
        z = groups.merge(g, h)
        for other in groups.sums[z]:
            first, second = sorted((z, other))
            heapq.heappush(
                heap,
                (-groups.score(z, other), first, second, groups.version[first], groups.version[second]),
            )
    return sorted((frozenset(m) for m in groups.members.values() if len(m) >= 2), key=lambda g: min(g))


def stories(
    claims: Iterable[str], clusters: Iterable[frozenset[str]], links: Iterable[Link]
) -> list[frozenset[str]]:
    """Connected components (two or more claims) of the links and fact clusters among `claims`."""
    sets = DisjointSet(claims)
    for a, b, _ in links:
        if a in sets and b in sets:
            sets.union(a, b)
    for cluster in clusters:
        first, *rest = sorted(cluster)
        for other in rest:
            sets.union(first, other)
    members = sets.groups()
    return sorted((frozenset(m) for m in members.values() if len(m) >= 2), key=lambda g: min(g))


def name_groups(
    groups: list[frozenset[str]],
    current: Mapping[str, str],
    born: Mapping[str, object],
    taken: Iterable[str] = (),
) -> dict[str, str]:
    """claim -> group name, keeping the names analysts have seen.

    An existing name stays with the group that holds most of its carriers: a group keeps its
    id when claims join, and when groups merge the older name (carried since the earliest
    `born` of its carriers, then the smaller id) wins. A split's other parts, and new groups,
    take their smallest claim id that names nothing else now or before (`taken`: names in
    use outside these groups).

    Args:
        current: claim -> the name it carries now (claims without one are left out).
        born: claim -> a sortable creation time.
    """
    carriers: dict[str, Counter] = defaultdict(Counter)
    for n, group in enumerate(groups):
        for claim in group:
            if claim in current:
                carriers[current[claim]][n] += 1
    age: dict[str, tuple] = {}
    for claim, name in current.items():
        if name in carriers and claim in born and (name not in age or (born[claim], claim) < age[name]):
            age[name] = (born[claim], claim)
    names: dict[int, str] = {}
    used = set(taken) | set(current.values())  # a retired name never comes back for another group
    # Each group's smallest claim once: the tie-break below took min() of a group per name it
    # carried, 0.22 s of a 1.2 s link at 10k when 360 stories merged into one of 21k claims.
    smallest = {n: min(groups[n]) for n in {n for counts in carriers.values() for n in counts}}
    for name in sorted(carriers, key=lambda x: (x not in age, age.get(x, ()), x)):
        for n, _ in sorted(carriers[name].items(), key=lambda t: (-t[1], smallest[t[0]])):
            if n not in names:
                names[n] = name
                break
    for n, group in enumerate(groups):
        if n not in names:
            free = min((c for c in group if c not in used), default=None)
            names[n] = free if free is not None else f"{min(group)}.{n}"  # every member names another
            used.add(names[n])
    return {claim: names[n] for n, group in enumerate(groups) for claim in group}
