"""Identical claims across many sources: one group joined by n - 1 links, not n² pairs.

A wire quote carried by 2,000 outlets made 2,000 claims that every blocking
key put together: the matcher scored two million pairs and wrote two million
links.  Claims whose texts are the same after the matcher's normalisation
(same content words, same numbers) are the same claim; :func:`collapse`
keeps the first of them for matching and joins every copy from another
source to it with one link (a star).  Groups are the connected components of
links, so the group is whole; anything the representative matches joins it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

#: The method recorded on a link between two identical claims.
METHOD = "identical"


#: Copies from this many sources on are collapsed; fewer are matched pair by pair as
#: before (each pair then has its own score, and a few copies cost little).
COLLAPSE_AT = 50


def copy_key(prepared: Any) -> Any:
    """What makes two prepared claims copies of one claim: the same normalised texts (the
    matcher's sorted content words, statement and quote) and the same numbers."""
    return (tuple(t.key for t in prepared.texts), prepared.numbers)


def collapse(claims: Sequence[Any], prepared: Sequence[Any],
             candidate: Callable[..., Any],
             keys: Sequence[Any] | None = None) -> tuple[list[int], list[Any]]:
    """Positions of the claims left to match, and the links of copies to their first.

    ``prepared`` holds the matcher's prepared claims (``texts`` with a ``key``,
    ``numbers``, ``short``); ``candidate`` builds one result (``a``, ``b``,
    ``score``, ``method``, ``decision``, ``short``).  Only a text found in
    :data:`COLLAPSE_AT` claims or more is collapsed.  A copy in the same source
    as its first stays to be matched as before (the matcher never pairs a
    source with itself).  A short claim's copies are suggested, not linked, as
    the matcher's rule for short claims says.
    """
    if keys is None:  # each claim's copy_key (None: no text), when not given
        keys = [copy_key(p) if p.texts else None for p in prepared]
    counts: dict[Any, int] = {}
    for key in keys:
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    first: dict[Any, int] = {}
    keep: list[int] = []
    links: list[Any] = []
    for i, key in enumerate(keys):
        if key is None or counts[key] < COLLAPSE_AT:
            keep.append(i)
            continue
        rep = first.setdefault(key, i)
        if rep == i or claims[rep].get("source") == claims[i].get("source"):
            keep.append(i)
            continue
        short = prepared[i].short
        links.append(candidate(a=str(claims[rep]["id"]), b=str(claims[i]["id"]), score=100.0,
                               method=METHOD, decision="suggest" if short else "link",
                               short=short))
    return keep, links
