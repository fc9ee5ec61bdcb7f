"""From proposals to claims: which are stored already, and adding one the way
``claimtrack claim add`` does (``ClaimStore.add_claim``: anchoring, history).

The rules (:mod:`claimtrack.extract.rules`) never see the store; this module does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..attribution import Attribution, from_options
from ..errors import UsageError
from ..text.anchoring import find_spans
from .proposals import Proposal

# A stored claim is the same as a proposal when their spans share this much of the shorter.
SAME_SPAN_SHARE = 0.5


def stored_claim(proposal: Proposal, claims: Sequence[dict[str, Any]]) -> str | None:
    """The id of a stored claim (of the same source) whose span is the proposal's content."""
    if proposal.content is None:
        return None
    a, b = proposal.content
    for c in claims:
        s, e = c["span_start"], c["span_end"]
        shared = min(b, e) - max(a, s)
        if shared > 0 and shared >= SAME_SPAN_SHARE * min(b - a, e - s):
            return str(c["id"])
    return None


def attribution_of(proposal: Proposal, speaker: str | None = None,
                   declined: Sequence[str] = ()) -> Attribution:
    """The attribution ``claim add`` would be given for this proposal (``speaker``, when
    given, replaces the proposed one: a person's edit)."""
    who = proposal.speaker if speaker is None else " ".join(speaker.split())
    strength = proposal.strength or ("named" if who else "")
    if speaker is not None and strength not in ("named", "reported", "anonymous"):
        strength = "named"
    if not who:
        if not proposal.denied_by:
            raise UsageError("no speaker: give one in 'claimtrack extract --review'")
        strength = ""
    option = {"named": "named", "reported": "reported_by", "anonymous": "anonymous"}.get(strength)
    kwargs: dict[str, Any] = {option: who} if option else {}
    return from_options(**kwargs, denied_by=proposal.denied_by,
                        declined=[*proposal.declined, *declined])


def occurrence_of(text: str, proposal: Proposal) -> int | None:
    """Which occurrence of the proposal's quote is the proposal (None when it is unique)."""
    assert proposal.content is not None
    _mode, spans = find_spans(text, proposal.quote)
    if len(spans) <= 1:
        return None
    start = proposal.content[0]
    best = min(range(len(spans)), key=lambda i: abs(spans[i][0] - start))
    return best + 1


def add(store: Any, key: str, text: str, proposal: Proposal, *, speaker: str | None = None,
        declined: Sequence[str] = ()) -> dict[str, Any]:
    """Store the proposal as a claim of source ``key`` (same path as ``claim add``)."""
    if proposal.content is None:
        raise UsageError("a non-answer has no quote of its own to add")
    attribution = attribution_of(proposal, speaker, declined)
    return store.add_claim(key, proposal.quote, attribution=attribution,  # type: ignore[no-any-return]
                           occurrence=occurrence_of(text, proposal))
