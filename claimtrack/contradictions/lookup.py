"""One report item found by its key, without running the report: what ``dismiss`` needs.

An item's key (``x-1a2b3c``, :func:`~claimtrack.contradictions.detect.contradiction_key`)
is a hash of its kind and its two claim ids, so it cannot be read backwards.  Running
the whole report to find one key (as ``dismiss`` once did) parses every claim and
checks every candidate pair.  :func:`find_item` instead hashes the pairs the report
could hold, cheapest first, and stops at the first whose key matches and whose
contradiction still stands (checked on that one pair, :func:`verify`):

1. a dismissal already recorded under the key (re-wording a dismissal);
2. the pairs a person linked, and the links the matcher made;
3. a denied claim and the statements of the party denying it (fields only, no parsing);
4. the matcher's candidate pairs (its blocking over the claims the report compares).

Nothing is parsed but the two claims of a matching key, and no detector runs over the
database.  A pair the one-pair check finds and the full report would leave out (the
report also discounts words common to many claims) can be dismissed: the dismissal
only ever hides that pair's item.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from .detect import KINDS, _denial_candidates, _ordered, _with_parties, contradiction_key, pair_conflict

Pair = tuple[str, str]


@dataclass(frozen=True)
class Found:
    """A report item, found by its key and checked on its own pair."""

    item: str
    kind: str
    claims: tuple[str, str]
    reason: str


def _matches(item: str, pairs: Iterable[Pair]) -> Iterator[tuple[str, Pair]]:
    """``(kind, pair)`` for every kind and pair whose key is ``item`` (ids in claim order)."""
    seen: set[Pair] = set()
    for x, y in pairs:
        if x == y:
            continue
        pair = _ordered(str(x), str(y))
        if pair in seen:
            continue
        seen.add(pair)
        for kind in KINDS:
            if contradiction_key(kind, *pair) == item:
                yield kind, pair


def verify(store: Any, kind: str, pair: Pair, parties: Any = None) -> Found | None:
    """The item of ``kind`` on ``pair`` if it stands today: both claims active, and either
    a person's ``contradicts`` link (``explicit``) or the detectors' verdict on this one
    pair (any other kind; a pair linked as contradicting is reported as ``explicit`` only).
    """
    from ..errors import ClaimNotFound

    try:
        a, b = store.get_claim(pair[0]), store.get_claim(pair[1])
    except ClaimNotFound:
        return None
    if a["status"] == "retracted" or b["status"] == "retracted":
        return None
    linked = any(link["relation"] == "contradicts" and link["status"] == "linked"
                 for link in (store.get_link(*pair), store.get_link(pair[1], pair[0])) if link)
    item = contradiction_key(kind, *pair)
    if kind == "explicit":
        return Found(item, kind, pair, "linked as contradicting") if linked else None
    if linked:
        return None
    found = pair_conflict(a, b, parties)
    if found is None or found.kind != kind or found.claims != pair:
        return None
    return Found(item, kind, pair, found.reason)


def _light(claims: Sequence[dict[str, Any]]) -> list[Any]:
    """The fields :func:`~claimtrack.contradictions.detect._denial_candidates` reads."""
    return [SimpleNamespace(id=str(c["id"]), strength=str(c.get("strength") or ""),
                            attributed_to=str(c.get("attributed_to") or ""),
                            denied_by=tuple(str(p) for p in c.get("denied_by") or ()))
            for c in claims]


def find_item(store: Any, item: str) -> Found | None:
    """The report item whose key is ``item``, checked on its pair; None when there is none."""
    from ..store.parties import registry

    parties = registry(store)

    def first(pairs: Iterable[Pair]) -> Found | None:
        for kind, pair in _matches(item, pairs):
            found = verify(store, kind, pair, parties)
            if found is not None:
                return found
        return None

    row = store.query("SELECT kind, claim_a, claim_b FROM dismissals WHERE item = ?", [item])
    if row and row[0]["kind"] in KINDS:
        found = verify(store, row[0]["kind"], (row[0]["claim_a"], row[0]["claim_b"]), parties)
        if found is not None and found.item == item:
            return found
    found = first((r["a"], r["b"]) for r in store.links())
    if found is not None:
        return found
    from .copies import collapse

    claims, _carried = collapse(store.list_claims(status="active"))
    with _with_parties(parties):
        denials = _denial_candidates(_light(claims))
    found = first(denials)
    if found is not None:
        return found
    from ..matching.candidates import candidate_pairs

    ids = [str(c["id"]) for c in claims]
    return first((ids[i], ids[j]) for i, j in candidate_pairs(claims))
