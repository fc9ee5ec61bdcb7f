"""Attribution strength: who a claim rests on, and who denied it.

``strength`` is one of:

- ``named``: an on-the-record person or organisation (``--named WHO``);
- ``reported``: another outlet's reporting (``--reported-by OUTLET``);
- ``anonymous``: an unnamed source, described (``--anonymous DESCRIPTION``);
- ``unattributed``: the author's own assertion (the default).

A named or anonymous source may come *as reported by* one or more outlets
(an attribution chain): ``--anonymous "officials" --reported-by "BuzzFeed
News"`` keeps the strength ``anonymous`` and ``via = ("BuzzFeed News",)``;
``--reported-by`` given twice without a source reads "reported by the first,
as reported by the second".  ``via`` runs from the outlet nearest the origin
outward, at most :data:`MAX_CHAIN` outlets.

Beside it, any number of parties may have denied the claim or declined to
comment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .columns import STRENGTHS
from .errors import UsageError

# From strongest to weakest, for "strongest attribution" in a claim group.
STRENGTH_RANK = {s: rank for rank, s in enumerate(STRENGTHS)}
#: The longest chain of relaying outlets kept ("as reported by A, as reported by B, ...").
MAX_CHAIN = 5
#: The option that names whom a claim rests on, by strength (for messages).
SOURCE_OPTION = {"named": "--named", "reported": "--reported-by", "anonymous": "--anonymous"}


@dataclass(frozen=True)
class Attribution:
    strength: str = "unattributed"
    attributed_to: str | None = None
    denied_by: tuple[str, ...] = field(default_factory=tuple)
    declined: tuple[str, ...] = field(default_factory=tuple)
    via: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.strength not in STRENGTHS:
            raise UsageError(
                f"unknown attribution strength {self.strength!r}: use one of {', '.join(STRENGTHS)}"
            )
        if self.strength == "unattributed" and self.attributed_to:
            raise UsageError("an unattributed claim has no one it is attributed to")
        if self.strength != "unattributed" and not (self.attributed_to or "").strip():
            raise UsageError(f"{SOURCE_OPTION[self.strength]} needs a value")
        if self.via and self.strength == "unattributed":
            raise UsageError("an unattributed claim is not reported by anyone: drop --reported-by")
        if len(self.via) > MAX_CHAIN:
            raise UsageError(f"a chain of at most {MAX_CHAIN} reporting outlets is kept")


def clean_list(values: Iterable[str] | None) -> tuple[str, ...]:
    """Names or entities as stored: single spaces, no empty ones, each once, in order."""
    out: list[str] = []
    for v in values or ():
        v = " ".join(v.split())
        if v and v not in out:
            out.append(v)
    return tuple(out)


def denied_by_its_source(attributed_to: str | None, strength: str, denied_by: Iterable[str], *,
                         same: Callable[[str, str], bool] | None = None,
                         subject: str = "the claim") -> str | None:
    """Why an attribution contradicts itself, or None: the party a claim rests on is also
    a party that denied it ("SpaceX said it" and "SpaceX denied it").

    ``same`` tells whether two names are one party (the store passes
    :meth:`claimtrack.parties.Registry.same`, which knows aliases); by default,
    :func:`claimtrack.parties.name_key` (case, accents, punctuation, "the", "Inc.").
    """
    if not attributed_to:
        return None
    if same is None:
        from .parties import name_key

        def same(a: str, b: str) -> bool:
            return name_key(a) == name_key(b)

    for denier in denied_by:
        if same(attributed_to, denier):
            option = SOURCE_OPTION.get(strength, "--named")
            return (f"{subject} rests on {attributed_to} ({option}), who cannot also deny it "
                    f"(--denied-by {denier}): one party cannot both make and deny a claim")
    return None


def from_options(
    *,
    named: str | None = None,
    reported_by: str | Sequence[str] | None = None,
    anonymous: str | None = None,
    unattributed: bool = False,
    denied_by: Sequence[str] | None = None,
    declined: Sequence[str] | None = None,
) -> Attribution:
    """Build an Attribution from the CLI's options.

    One of ``named``, ``anonymous``, ``reported_by`` or ``unattributed`` gives
    the strength; ``reported_by`` (one outlet or several) beside ``named`` or
    ``anonymous`` is the chain the source came through.
    """
    outlets = [reported_by] if isinstance(reported_by, str) else list(reported_by or ())
    outlets = [" ".join(o.split()) for o in outlets]
    if any(not o for o in outlets):
        raise UsageError("--reported-by needs a value")
    given = [(kind, value) for kind, value in (("named", named), ("anonymous", anonymous))
             if value is not None]
    if unattributed:
        given.append(("unattributed", ""))
    if len(given) > 1 or (unattributed and outlets):
        raise UsageError(
            "give one attribution: --named, --anonymous, --reported-by or --unattributed"
            " (--reported-by may follow --named or --anonymous: a source as reported by an outlet)"
        )
    if given:
        kind, who = given[0]
        via = outlets
    elif outlets:
        kind, who, via = "reported", outlets[0], outlets[1:]
    else:
        kind, who, via = "unattributed", "", []
    who = " ".join(who.split())
    return Attribution(
        strength=kind,
        attributed_to=who or None,
        denied_by=clean_list(denied_by),
        declined=clean_list(declined),
        via=clean_list(via),
    )


def describe(claim: dict[str, Any]) -> str:
    """One line for a listing, e.g. ``anonymous: former US official · denied by SpaceX``."""
    strength = claim["strength"]
    who = claim.get("attributed_to")
    head = {
        "named": f"named: {who}",
        "reported": f"reported by {who}",
        "anonymous": f"anonymous: {who}",
        "unattributed": "unattributed",
    }[strength]
    head += "".join(f", as reported by {o}" for o in claim.get("via") or ())
    parts = [head]
    parts += [f"denied by {p}" for p in claim.get("denied_by") or ()]
    parts += [f"{p} declined to comment" for p in claim.get("declined") or ()]
    return " · ".join(parts)


def said_by(claim: dict[str, Any], outlet: str | None = None) -> str:
    """Who a claim rests on, in words for an editor, e.g. ``Elon Musk (on the record)``.

    ``outlet`` is the claim's source's outlet: an unattributed claim is the
    outlet's own assertion.
    """
    who = claim.get("attributed_to") or ""
    strength = claim["strength"]
    chain = "".join(f", as reported by {o}" for o in claim.get("via") or ())
    if strength == "named":
        return f"{who} (on the record){chain}"
    if strength == "reported":
        return f"reported by {who}{chain}"
    if strength == "anonymous":
        return f"anonymous: {who}{chain}"
    return f"{outlet or claim.get('source') or 'the source'} (its own words)"
