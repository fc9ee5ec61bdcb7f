"""Attribution strength: who a claim rests on, and who denied it.

``strength`` is one of:

- ``named``: an on-the-record person or organisation (``--named WHO``);
- ``reported``: another outlet's reporting (``--reported-by OUTLET``);
- ``anonymous``: an unnamed source, described (``--anonymous DESCRIPTION``);
- ``unattributed``: the author's own assertion (the default).

Beside it, any number of parties may have denied the claim or declined to
comment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .errors import UsageError

STRENGTHS = ("named", "reported", "anonymous", "unattributed")
# From strongest to weakest, for "strongest attribution" in a claim group.
STRENGTH_RANK = {"named": 0, "reported": 1, "anonymous": 2, "unattributed": 3}


@dataclass(frozen=True)
class Attribution:
    strength: str = "unattributed"
    attributed_to: str | None = None
    denied_by: tuple[str, ...] = field(default_factory=tuple)
    declined: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.strength not in STRENGTHS:
            raise UsageError(
                f"unknown attribution strength {self.strength!r}: use one of {', '.join(STRENGTHS)}"
            )
        if self.strength == "unattributed" and self.attributed_to:
            raise UsageError("an unattributed claim has no one it is attributed to")
        if self.strength != "unattributed" and not (self.attributed_to or "").strip():
            option = {"named": "--named", "reported": "--reported-by", "anonymous": "--anonymous"}
            raise UsageError(f"{option[self.strength]} needs a value")


def _clean(values: Iterable[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or ():
        v = " ".join(v.split())
        if v and v not in out:
            out.append(v)
    return tuple(out)


def from_options(
    *,
    named: str | None = None,
    reported_by: str | None = None,
    anonymous: str | None = None,
    unattributed: bool = False,
    denied_by: Sequence[str] | None = None,
    declined: Sequence[str] | None = None,
) -> Attribution:
    """Build an Attribution from the CLI's options; at most one kind may be given."""
    given = [
        (kind, value)
        for kind, value in (("named", named), ("reported", reported_by), ("anonymous", anonymous))
        if value is not None
    ]
    if unattributed:
        given.append(("unattributed", ""))
    if len(given) > 1:
        raise UsageError(
            "give one attribution: --named, --reported-by, --anonymous or --unattributed"
        )
    kind, who = given[0] if given else ("unattributed", "")
    who = " ".join(who.split())
    return Attribution(
        strength=kind,
        attributed_to=who or None,
        denied_by=_clean(denied_by),
        declined=_clean(declined),
    )


def describe(claim: dict) -> str:
    """One line for a listing, e.g. ``anonymous: former US official · denied by SpaceX``."""
    strength = claim["strength"]
    who = claim.get("attributed_to")
    head = {
        "named": f"named: {who}",
        "reported": f"reported by {who}",
        "anonymous": f"anonymous: {who}",
        "unattributed": "unattributed",
    }[strength]
    parts = [head]
    parts += [f"denied by {p}" for p in claim.get("denied_by") or ()]
    parts += [f"{p} declined to comment" for p in claim.get("declined") or ()]
    return " · ".join(parts)


def said_by(claim: dict, outlet: str | None = None) -> str:
    """Who a claim rests on, in words for an editor, e.g. ``Elon Musk (on the record)``.

    ``outlet`` is the claim's source's outlet: an unattributed claim is the
    outlet's own assertion.
    """
    who = claim.get("attributed_to") or ""
    strength = claim["strength"]
    if strength == "named":
        return f"{who} (on the record)"
    if strength == "reported":
        return f"reported by {who}"
    if strength == "anonymous":
        return f"anonymous: {who}"
    return f"{outlet or claim.get('source') or 'the source'} (its own words)"
