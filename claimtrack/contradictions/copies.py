"""Identical claims in many sources are compared once, as one claim that many carry.

A wire quote stored by 2,000 outlets made the contradiction report compare
two million pairs (and list a million items).  Claims with the same quote,
statement and attribution say the same thing from the same mouth: they
cannot contradict each other, and what contradicts one contradicts all.
:func:`collapse` keeps the first of each such set (from :data:`COLLAPSE_AT`
copies on; fewer are compared as before) and counts the sources carrying it,
which the report states.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..matching.identical import COLLAPSE_AT

FIELDS = ("quote", "statement", "strength", "attributed_to", "denied_by", "declined", "about")


def _key(claim: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(tuple(v) if isinstance(v, list) else v for v in (claim.get(f) for f in FIELDS))


def collapse(claims: Sequence[dict[str, Any]]
             ) -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    """The claims to compare, and for each kept claim with copies, the sources carrying it."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for claim in claims:
        groups.setdefault(_key(claim), []).append(claim)
    kept: list[dict[str, Any]] = []
    carried: dict[str, set[str]] = {}
    for claim in claims:
        members = groups[_key(claim)]
        if len(members) < COLLAPSE_AT:
            kept.append(claim)
        elif members[0] is claim:
            kept.append(claim)
            carried[claim["id"]] = {m["source"] for m in members}
    return kept, carried
