"""One report item found by its key, without running the report: what ``dismiss`` needs.

An item's key (``x-1a2b3c``, :func:`~claimtrack.contradictions.detect.contradiction_key`)
is a hash of its kind and its two claim ids, so it cannot be read backwards.  Running
the whole report to find one key (as ``dismiss`` once did) parses every claim and
checks every candidate pair.  :func:`find_item` instead hashes the pairs the report
could hold, cheapest first, and stops at the first whose key matches and whose
contradiction still stands (checked on that one pair, :func:`verify`):

0. the items of the last report on this database, which :func:`remember` keeps in the
   user's cache folder (``$XDG_CACHE_HOME/claimtrack``, else ``~/.cache/claimtrack``;
   keys and claim ids only, never needed: a missing, stale or edited file only sends
   the search on to the next steps, since every pair found is checked);
1. a dismissal already recorded under the key (re-wording a dismissal);
2. the pairs a person linked, and the links the matcher made;
3. a denied claim and the statements of the party denying it (fields only, no parsing);
4. the matcher's candidate pairs (its blocking over the claims the report compares).

After a report, the usual case, dismissing costs a file read and one pair's check.
Without it, nothing is parsed but the two claims of a matching key, and no detector runs
over the database (the matcher's blocking is the cost, about a third of the report's).
A pair the one-pair check finds and the full report would leave out (the report also
discounts words common to many claims) can be dismissed: the dismissal only ever hides
that pair's item.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from .detect import KINDS, _denial_candidates, _ordered, contradiction_key, pair_conflict

Pair = tuple[str, str]

#: A report with more items than this is not remembered (dismiss searches instead).
REMEMBER_AT_MOST = 200_000


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
    from ..matching.hybrid import similarity

    found = pair_conflict(a, b, parties, similarity(store))  # as the report compares them
    if found is None or found.kind != kind or found.claims != pair:
        return None
    return Found(item, kind, pair, found.reason)


def _light(claims: Sequence[dict[str, Any]]) -> list[Any]:
    """The fields :func:`~claimtrack.contradictions.detect._denial_candidates` reads."""
    return [SimpleNamespace(id=str(c["id"]), strength=str(c.get("strength") or ""),
                            attributed_to=str(c.get("attributed_to") or ""),
                            denied_by=tuple(str(p) for p in c.get("denied_by") or ()))
            for c in claims]


def _cache_file(db: str) -> Path | None:
    """Where the last report's items on the database at ``db`` are remembered."""
    if db == ":memory:":
        return None
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    name = hashlib.sha256(os.path.realpath(db).encode("utf-8", "surrogateescape")).hexdigest()
    return Path(root) / "claimtrack" / "contradiction-items" / f"{name[:32]}.json"


def remember(db: str, items: Iterable[Any]) -> None:
    """Keep each item's key, kind and claims (``Contradiction`` objects) for :func:`find_item`.

    Best effort: a cache that cannot be written (read-only home, full disk) changes nothing.
    """
    path = _cache_file(db)
    if path is None:
        return
    index = {c.key: [c.kind, *c.claims] for c in items}
    if len(index) > REMEMBER_AT_MOST:
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(index), encoding="utf-8")
        os.replace(tmp, path)  # another report writing at once: one of the two wins, whole


def _remembered(db: str, item: str) -> tuple[str, Pair] | None:
    """The kind and pair remembered under ``item`` (unchecked), or None."""
    path = _cache_file(db)
    if path is None:
        return None
    try:
        entry = json.loads(path.read_text(encoding="utf-8")).get(item)
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) for x in entry):
        return entry[0], (entry[1], entry[2])
    return None


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

    cached = _remembered(store.path, item)
    if cached is not None:
        kind, pair = cached
        if kind in KINDS and contradiction_key(kind, *pair) == item:
            found = verify(store, kind, pair, parties)
            if found is not None:
                return found

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
    denials = _denial_candidates(_light(claims), parties)
    found = first(denials)
    if found is not None:
        return found
    from ..matching.candidates import candidate_pairs

    ids = [str(c["id"]) for c in claims]
    return first((ids[i], ids[j]) for i, j in candidate_pairs(claims))
