"""Links between claims: the matcher's candidates, a person's decisions, groups.

A link joins two claims (``a < b`` by id order) with a ``relation`` (``same``,
``supports``, ``contradicts``) and a ``status``:

- ``linked``: the same claim (matcher at or above the link threshold, or a
  person's ``claim link``);
- ``suggested``: between the suggest and link thresholds, for a person to
  confirm or reject (``match review``);
- ``rejected``: a person said no (``match review`` or ``claim unlink``); the
  matcher never suggests the pair again.

``decided_by`` says who decided.  A person's decision always beats the
matcher: a re-run never touches a link a person decided.

Claims joined by ``same`` or ``supports`` links form *groups* (connected
components).  A group's independent-source count counts each *origin* once:
claims resting on the same outlet's report (the Wall Street Journal story
relayed by Vox and by another outlet) or the same named speaker are one
origin; an outlet's own assertions are that outlet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..attribution import STRENGTH_RANK
from ..columns import RELATIONS
from ..errors import LinkError, UsageError
from ..ids import claim_order
from ..parties import Registry
from ..store import ClaimStore, normalise_claim_id, now

GROUPING = ("same", "supports")


def ordered(a: str, b: str) -> tuple[str, str]:
    """The pair in the order the links table keeps it (``a < b`` as text)."""
    return (a, b) if a < b else (b, a)


def match_claims(
    store: ClaimStore,
    *,
    sources: Sequence[str] = (),
    link_threshold: float | None = None,
    suggest_threshold: float | None = None,
    progress: Callable[[int, int], object] | None = None,
    hooks: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Run the matcher over active claims and record its links and suggestions.

    ``hooks``: more keyword arguments for :func:`~.fused.find_matches` (the
    semantic extra's ranking and model: :func:`claimtrack.matching.hybrid.match_hooks`).

    With ``sources``, only pairs where both claims come from those sources are
    compared.  Returns the candidate pairs the matcher produced, each with the
    status it now has in the database (a person's earlier decision wins).
    """
    from . import fused

    # unless given, the thresholds of the model in use (the semantic extra's has its own)
    link_threshold, suggest_threshold = fused.model_thresholds(
        (hooks or {}).get("scorer"), link_threshold, suggest_threshold)
    if not 0 <= suggest_threshold <= link_threshold <= 100:
        raise UsageError("thresholds must satisfy 0 <= suggest <= link <= 100")
    for key in sources:
        store.get_source(key)
    claims = store.list_claims(status="active")
    if sources:
        claims = [c for c in claims if c["source"] in set(sources)]
    rejected = [(r["a"], r["b"]) for r in store.links(status="rejected")]  # only a person rejects
    candidates = fused.find_matches(claims, link_threshold=link_threshold,
                                       suggest_threshold=suggest_threshold, progress=progress,
                                       rejected=rejected, **(hooks or {}))
    # the claims in scope, retracted ones too: the matcher's earlier links among them are
    # recomputed from scratch, so a pair with a claim retracted since is dropped
    scope = {c["id"] for c in store.list_claims() if not sources or c["source"] in set(sources)}
    out: list[dict[str, Any]] = []
    with store.transaction():
        existing = {(r["a"], r["b"]): r for r in store.links()}
        found = {ordered(cand.a, cand.b) for cand in candidates}
        for (a, b), r in existing.items():
            if r["decided_by"] == "matcher" and a in scope and b in scope and (a, b) not in found:
                store.delete_link(a, b)
        stamp = now()
        for cand in candidates:
            a, b = ordered(cand.a, cand.b)
            score = round(cand.score, 1)
            row = {"a": a, "b": b, "score": score, "method": cand.method,
                   "numbers_differ": cand.numbers_differ}
            prior = existing.get((a, b))
            if prior is not None and prior["decided_by"] == "person":
                out.append({**row, "status": prior["status"], "decided_by": "person"})
                continue
            status = "linked" if cand.decision == "link" else "suggested"
            if prior is None:
                store.add_matcher_link(a, b, status, score, cand.method, stamp)
            elif (prior["status"], prior["score"], prior["method"]) != (status, score, cand.method):
                # the same pair, judged again: the row keeps when it was first found
                store.update_matcher_link(a, b, status, score, cand.method, stamp)
            out.append({**row, "status": status, "decided_by": "matcher"})
    return out


def _pair(store: ClaimStore, a: str, b: str) -> tuple[str, str]:
    ca, cb = store.get_claim(a)["id"], store.get_claim(b)["id"]
    if ca == cb:
        raise LinkError(f"cannot link claim {ca} to itself")
    return ordered(ca, cb)


def link(store: ClaimStore, a: str, b: str, relation: str = "same",
         note: str | None = None) -> dict[str, Any]:
    """A person links two claims (replacing whatever the matcher said).

    The row returned carries ``before``: the pair's link as it was (None when never
    linked), so a caller can say what a person's earlier decision was and how to go back.
    """
    if relation not in RELATIONS:
        raise UsageError(f"unknown relation {relation!r}: use one of {', '.join(RELATIONS)}")
    return _person_decides(store, a, b, status="linked", relation=relation, note=note)


def unlink(store: ClaimStore, a: str, b: str, note: str | None = None) -> dict[str, Any]:
    """A person says two claims are not linked; remembered as a rejection (``before``:
    as :func:`link`)."""
    return decide(store, a, b, accept=False, note=note)


def decide(store: ClaimStore, a: str, b: str, *, accept: bool,
           note: str | None = None) -> dict[str, Any]:
    """Confirm (``linked``) or reject a pair, as a person; the relation stays as it was."""
    return _person_decides(store, a, b, status="linked" if accept else "rejected", note=note)


def _person_decides(store: ClaimStore, a: str, b: str, *, status: str,
                    relation: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Record a person's decision on a pair; it is never overwritten by the matcher.

    The same decision a person already recorded changes nothing (a new note replaces the
    old one); a different one drops the earlier decision's note (its reason) unless given
    a new one.
    """
    with store.transaction():
        x, y = _pair(store, a, b)
        before = store.get_link(x, y)
        by_person = before is not None and before["decided_by"] == "person"
        same = (before is not None and by_person and before["status"] == status
                and relation in (None, before["relation"]))
        if not (same and note is None):
            # a person's other decision takes its note (its reason) with it: see replaced()
            store.set_person_link(x, y, status, relation, note, now(),
                                  keep_note=same or not by_person)
        row = {**get_link(store, x, y), "before": before}
    return row


def replaced(row: dict[str, Any]) -> dict[str, Any] | None:
    """The person's earlier decision that :func:`link` or :func:`unlink` replaced (another
    relation, or linked and rejected the other way round), or None."""
    before = row.get("before")
    if before is None or before["decided_by"] != "person":
        return None
    if before["status"] == row["status"] and (
            row["status"] == "rejected" or before["relation"] == row["relation"]):
        return None
    return before  # type: ignore[no-any-return]


def get_link(store: ClaimStore, a: str, b: str) -> dict[str, Any]:
    x, y = ordered(normalise_claim_id(a), normalise_claim_id(b))
    row = store.get_link(x, y)
    if row is None:
        raise LinkError(f"claims {x} and {y} are not linked")
    return row


def list_links(store: ClaimStore, status: str | None = None) -> list[dict[str, Any]]:
    return store.links(status)


def suggestions(store: ClaimStore) -> list[dict[str, Any]]:
    """Pairs waiting for a person, best score first; not those with a claim retracted since
    (the next ``match`` drops them)."""
    retracted = {c["id"] for c in store.list_claims(status="retracted")}
    return sorted((r for r in list_links(store, "suggested")
                   if r["a"] not in retracted and r["b"] not in retracted),
                  key=lambda r: -(r["score"] or 0))


def origin(claim: dict[str, Any], outlets: dict[str, str],
           parties: Registry | None = None) -> str:
    """Where a claim ultimately comes from, for counting independent sources.

    See :meth:`claimtrack.parties.Registry.origin`: a named speaker counts as
    the organisation they speak for; an anonymous source, a report and an
    outlet's own assertion as the outlet the information first appeared in.
    """
    return (parties or Registry()).origin(claim, outlets.get(claim["source"]) or None)


def claim_groups(store: ClaimStore) -> list[dict[str, Any]]:
    """Connected components of ``same``/``supports`` links, largest first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in list_links(store, "linked"):
        if r["relation"] in GROUPING:
            ra, rb = find(r["a"]), find(r["b"])
            if ra != rb:
                parent[max(ra, rb, key=claim_order)] = min(ra, rb, key=claim_order)
    members: dict[str, list[str]] = {}
    for x in list(parent):
        members.setdefault(find(x), []).append(x)
    outlets = {s["key"]: s.get("outlet") or "" for s in store.list_sources()}
    from ..store.parties import registry

    parties = registry(store)
    groups = []
    for ids in members.values():
        ids.sort(key=claim_order)
        claims = [store.get_claim(i) for i in ids]
        strongest = min(claims, key=lambda c: STRENGTH_RANK[c["strength"]])
        groups.append({
            "claims": ids,
            "sources": sorted({c["source"] for c in claims}),
            "strongest": strongest["strength"],
            "strongest_claim": strongest["id"],
            "independent_sources": len({origin(c, outlets, parties) for c in claims}),
            "origins": sorted({origin(c, outlets, parties) for c in claims}),
            "statement": claims[0]["statement"],
        })
    groups.sort(key=lambda g: (-len(g["claims"]), claim_order(g["claims"][0])))
    # A group is named after its first claim: g4 holds c4 and the claims linked to it.
    return [{"group": "g" + g["claims"][0][1:], **g} for g in groups]


def group_of(store: ClaimStore, claim_id: str) -> dict[str, Any] | None:
    cid = store.get_claim(claim_id)["id"]
    return next((g for g in claim_groups(store) if cid in g["claims"]), None)
