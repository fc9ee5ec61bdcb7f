"""The contradictions report over a store: :func:`report` runs the detectors on the store's
active claims (with the matcher's candidate pairs and the links people made) and marks
what was dismissed; :func:`dismiss` records a dismissal (finding the one item by its key,
:mod:`.lookup`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import InvalidInput
from .detect import detect

Claim = Mapping[str, Any]
Pair = tuple[str, str]


# --------------------------------------------------------------------------
# the report over a store
# --------------------------------------------------------------------------


def _candidate_ids(claims: Sequence[Claim], store: Any) -> set[tuple[str, str]]:
    """The matcher's candidate pairs (its blocking) plus every pair the links table holds."""
    from ..matching.candidates import candidate_pairs

    pairs = {(str(claims[i]["id"]), str(claims[j]["id"])) for i, j in candidate_pairs(claims)}
    pairs |= {(r["a"], r["b"]) for r in store.links()}
    return pairs


def report(store: Any, sources: Sequence[str] = (), *,
           include_dismissed: bool = True) -> list[dict[str, Any]]:
    """Contradictions between the store's active claims, as report items.

    Each item: ``item`` (stable key), ``kind``, ``claims`` (two ids), ``reason``,
    ``clash`` (the words that clash, as written), ``status`` (``open`` or
    ``dismissed``), ``dismissed_reason``, and for each side (``a_*``, ``b_*``) its
    source, quote, attribution strength, who said it in words (``said_by``;
    :func:`claimtrack.attribution.said_by`) and its stance toward what it is about
    (``stance``: asserts, denies, reports or hedges, with the cue words in brackets;
    :func:`claimtrack.contradictions.stance.of_claim`).  With ``sources``, only items
    with at least one claim from those sources.
    """
    from ..attribution import said_by
    from ..store.parties import registry
    from .stance import of_claim

    for key in sources:
        store.get_source(key)
    from .copies import collapse

    claims, carried = collapse(store.list_claims(status="active"))  # 2,000 copies: compared once
    explicit = [(r["a"], r["b"]) for r in store.links("linked", "contradicts")]
    from ..matching.hybrid import similarity

    found = detect(claims, candidate_pairs=_candidate_ids(claims, store), explicit=explicit,
                   parties=registry(store), similarity=similarity(store))
    from .lookup import remember

    remember(store.path, found)  # for dismiss: each item's pair, by its key
    dismissed = store.dismissals()
    by_id = {c["id"]: c for c in claims}
    outlets = {s["key"]: s.get("outlet") for s in store.list_sources()}
    items = []
    for c in found:
        a, b = by_id[c.claims[0]], by_id[c.claims[1]]
        on = carried.get(a["id"], {a["source"]}) | carried.get(b["id"], {b["source"]})
        if sources and not on & set(sources):
            continue
        reason = c.reason + "".join(
            f" ({side['id']}'s quote is carried by {len(carried[side['id']])} sources)"
            for side in (a, b) if side["id"] in carried)
        d = dismissed.get(c.key)
        if d is not None and not include_dismissed:
            continue
        items.append({
            "item": c.key, "kind": c.kind, "claims": list(c.claims), "reason": reason,
            "clash": list(c.clash), "status": "dismissed" if d else "open",
            "dismissed_reason": d["reason"] if d else None,
            **{f"{side}_{f}": claim[k] for side, claim in (("a", a), ("b", b))
               for f, k in (("source", "source"), ("quote", "quote"), ("strength", "strength"))},
            **{f"{side}_said_by": said_by(claim, outlets.get(claim["source"]))
               for side, claim in (("a", a), ("b", b))},
            **{f"{side}_stance": str(of_claim(claim)) for side, claim in (("a", a), ("b", b))},
        })
    return items


def dismissal(store: Any, item: str) -> dict[str, Any] | None:
    """The stored dismissal of an item (``item``, ``kind``, ``claim_a``, ``claim_b``,
    ``reason``, ``dismissed_at``), or None if it is not dismissed."""
    row: dict[str, Any] | None = store.dismissals().get(item.strip().lower())
    return row


def same_reason(a: str, b: str) -> bool:
    """Two reasons that differ only in spacing and case."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


_EARLIER = re.compile(r"(?s)(.*) \(earlier, (\d{4}-\d\d-\d\d: .*)\)")


def reworded(reason: str, earlier: Mapping[str, Any]) -> str:
    """A new reason that keeps the ones it replaces and when each was given, latest first:
    ``different years (earlier, 2024-10-25: same event; 2024-10-20: checked)``."""
    old = str(earlier["reason"])
    kept = _EARLIER.fullmatch(old)
    history = f"{kept[1]}; {kept[2]}" if kept else old
    return f"{reason.strip()} (earlier, {str(earlier['dismissed_at'])[:10]}: {history})"


def said_at(stamp: str) -> str:
    """A stored timestamp as a person reads it: ``2024-10-25 14:03 UTC``."""
    text = str(stamp)
    if len(text) >= 16 and text[10] == "T" and text.endswith("+00:00"):
        return f"{text[:10]} {text[11:16]} UTC"
    return text


def dismiss(store: Any, item: str, reason: str, *, reword: bool | None = None) -> dict[str, Any]:
    """Dismiss a report item; it stays dismissed across runs.

    The item is found by its key and checked on its own pair
    (:func:`claimtrack.contradictions.lookup.find_item`): dismissing costs what
    the one item costs, not a run of the whole report.  An item already
    dismissed for the same reason is left as it is (``unchanged`` is True and
    ``dismissed_at`` is the first dismissal's).  A different reason replaces
    the earlier one (``earlier``: the dismissal it replaced); with ``reword``
    True the new reason keeps it in words (:func:`reworded`), and with
    ``reword`` False (``contradictions dismiss`` without ``--reword``) it is
    refused.
    """
    from ..errors import ClaimtrackError
    from ..store import now
    from .lookup import find_item

    if not reason or not reason.strip():
        raise InvalidInput("--reason is required: say why this is not a contradiction")
    item = item.strip().lower()
    earlier = dismissal(store, item)
    if earlier is not None and same_reason(earlier["reason"], reason):
        return {"item": item, "kind": earlier["kind"],
                "claims": [earlier["claim_a"], earlier["claim_b"]], "status": "dismissed",
                "dismissed_reason": earlier["reason"], "dismissed_at": earlier["dismissed_at"],
                "unchanged": True, "earlier": None}
    if earlier is not None and reword is False:
        raise ClaimtrackError(
            f"{earlier['item']} is already dismissed ({said_at(earlier['dismissed_at'])}: "
            f"{earlier['reason']!r}); to give it this reason instead, add --reword")
    if earlier is not None and reword:
        reason = reworded(reason, earlier)
    found = find_item(store, item)
    if found is None:
        raise ClaimtrackError(f"no contradiction {item!r} in the current report "
                              "(see 'claimtrack contradictions')")
    stamp = now()
    with store.transaction():
        store.dismiss(item, found.kind, found.claims[0], found.claims[1], reason.strip(), stamp)
    return {"item": item, "kind": found.kind, "claims": list(found.claims),
            "reason": found.reason, "status": "dismissed", "dismissed_reason": reason.strip(),
            "dismissed_at": stamp, "unchanged": False, "earlier": earlier}
