"""Elisions: the passages of a quote's span that the quote, as typed, leaves out.

A quote typed with ``...`` (``Starlink ... license to operate``) or without the
attribution that interrupts it (``“The agency,” she added, “cannot do this
alone.”`` typed as ``"The agency cannot do this alone."``) is stored as the
source's span from its first to its last quoted word (see
:mod:`claimtrack.text.anchoring`).  What it skips is kept beside it as
``elisions``: ``[[start, end], ...]`` offsets into the stored quote, in order,
not overlapping, each strictly inside it.  ``[]`` when nothing is left out.

Standard library only: the commit check and the importer use it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..errors import InvalidInput

Elisions = list[list[int]]


def parse(value: Any, quote: str, *, name: str = "elisions") -> Elisions:
    """``value`` (a list of pairs, its JSON text, or empty) checked against ``quote``.

    Raises :class:`InvalidInput` naming the problem.
    """
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as e:
            raise InvalidInput(f"{name} is not valid JSON ({e.msg}, column {e.colno})") from None
    if not isinstance(value, list) or not all(
        isinstance(pair, list) and len(pair) == 2
        and all(type(v) is int for v in pair) for pair in value
    ):
        raise InvalidInput(f"{name} must be a list of [start, end] pairs of whole numbers")
    last = 0
    for start, end in value:
        if not last < start < end < len(quote):
            raise InvalidInput(
                f"{name}: [{start}, {end}] is not a passage inside the {len(quote)}-character "
                "quote, after the one before it")
        last = end
    return [list(pair) for pair in value]


def dumps(elisions: Sequence[Sequence[int]]) -> str:
    """The stored form: compact JSON text."""
    return json.dumps([list(pair) for pair in elisions], separators=(",", ":"))


def passages(quote: str, elisions: Sequence[Sequence[int]]) -> list[str]:
    """The passages left out, as text."""
    return [quote[start:end] for start, end in elisions]


def as_typed(quote: str, elisions: Sequence[Sequence[int]], mark: str = " … ") -> str:
    """``quote`` with each elided passage replaced by ``mark``: what was quoted, visibly cut."""
    out, last = [], 0
    for start, end in elisions:
        out += [quote[last:start], mark]
        last = end
    return "".join(out) + quote[last:]


def carry(old_quote: str, new_quote: str, elisions: Sequence[Sequence[int]]) -> Elisions:
    """The elisions of ``old_quote`` in ``new_quote`` (a re-anchored, changed quote).

    Each elided passage is looked for in order in the new quote; one that is
    no longer there is dropped (the quote changed around it: a person looks
    at a changed claim anyway).
    """
    out: Elisions = []
    last = 0
    for start, end in elisions:
        passage = old_quote[start:end]
        at = new_quote.find(passage, last + 1 if out else 1)
        if at > 0 and at + len(passage) < len(new_quote):
            out.append([at, at + len(passage)])
            last = at + len(passage)
    return out
