"""Quantities in a claim: numbers, money, percentages, years and dates, with their bounds
("more than 40") and what they count ("40 launches"), for the ``quantity`` check; and the
comparison of two claims' quantities (:func:`_quantity_clashes`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..text.numbers import letter_scale, read_figure
from .cues import (
    _APPROX,
    _BELOW,
    _CLAUSE_END,
    _CURRENCIES,
    _LOWER_BOUND,
    _MONTHS,
    _NOT_A_COUNT_BEFORE_ONE,
    _ORDINAL,
    _SCALES,
    _SENTENCE_END,
    _TENS,
    _UNITS,
    _UPPER_BOUND,
    _YEAR_LEADS,
    APPROX_TOLERANCE,
    _is_content,
    _stem,
)

Claim = Mapping[str, Any]
Pair = tuple[str, str]


# --------------------------------------------------------------------------- quantities


@dataclass(frozen=True)
class _Quantity:
    """A number found in a claim, as an interval so that hedges and rounding compare."""

    kind: str  # count, money$, percent, year, date, age, ordinal
    lo: float
    hi: float
    surface: str
    label: str  # what is counted ("launches"), for the reason
    context: frozenset[str]  # content stems nearby: the role it plays


_TIME_KINDS = frozenset({"year", "date"})
#: Kinds never taken for another kind in the same slot: "the 21st launch" is no count.
_NOT_SWAPPABLE = _TIME_KINDS | {"age", "ordinal"}


def _parse_words(tokens: Sequence[str], i: int) -> tuple[float, int] | None:
    """A spelled-out number starting at ``tokens[i]``: ("twenty", "five") -> (25, i + 2)."""
    word = tokens[i]
    if word not in _UNITS and word not in _TENS:
        return None
    if word == "one" and i and tokens[i - 1] in _NOT_A_COUNT_BEFORE_ONE:
        return None
    value, j = float(_UNITS.get(word, 0) or _TENS.get(word, 0)), i + 1
    if word in _TENS and j < len(tokens) and tokens[j] in _UNITS:
        value, j = value + _UNITS[tokens[j]], j + 1
    return value, j


def _bounds(tokens: Sequence[str], i: int, lo: float, hi: float) -> tuple[float, float, int]:
    """Widen ``[lo, hi]`` for a hedge before ``tokens[i]``; also return where the hedge starts."""
    before1 = tokens[i - 1] if i >= 1 else ""
    before2 = " ".join(tokens[i - 2 : i]) if i >= 2 else ""
    for phrase, start in ((before2, i - 2), (before1, i - 1)):
        if phrase in _LOWER_BOUND:
            return lo, float("inf"), start
        if phrase in _UPPER_BOUND:
            return 0.0, hi, start
        if phrase in _APPROX:
            value = (lo + hi) / 2
            top = value if phrase in _BELOW else max(hi, value * (1 + APPROX_TOLERANCE))
            return min(lo, value * (1 - APPROX_TOLERANCE)), top, start
    return lo, hi, i


def _label(tokens: Sequence[str], j: int) -> str:
    """What a number counts: the last content word of the phrase after it ("launches")."""
    label = ""
    for token in tokens[j : j + 7]:
        if _is_content(token):
            label = token.removesuffix("'s")
        elif token not in {"of", "the", "and", "a", "an"} or token in _CLAUSE_END:
            break
    return label


def _context(tokens: Sequence[str], i: int, j: int) -> frozenset[str]:
    """Content stems within five tokens of ``tokens[i:j]``, inside the same sentence."""
    left = i
    while left > max(0, i - 5) and tokens[left - 1] not in _SENTENCE_END:
        left -= 1
    right = j
    while right < min(len(tokens), j + 5) and tokens[right] not in _SENTENCE_END:
        right += 1
    nearby = list(tokens[left:i]) + list(tokens[j:right])
    return frozenset(_stem(t) for t in nearby if _is_content(t))


def _is_year(tokens: Sequence[str], i: int, digits: str) -> bool:
    """"in 2016", "2016," and "June 2016" are years; "2016 troops" is a count."""
    if not re.fullmatch(r"\d{4}", digits) or not 1800 <= int(digits) <= 2100:
        return False
    before = tokens[i - 1] if i else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else "."
    return before in _YEAR_LEADS or before in _MONTHS or not _is_content(after)


def _number_at(tokens: Sequence[str], i: int) -> tuple[str, float, float, int] | None:
    """(kind, lo, hi, end) for a number written in digits or words at ``tokens[i]``."""
    figure = read_figure(tokens[i])  # "US$", "$US": "$"
    if figure:
        currency, digits, suffix = figure.currency or None, figure.digits, figure.suffix or None
        value, j = figure.value, i + 1
        if suffix == "s" and len(digits) == 4:
            return "year", value, value + 9, j
        if suffix in _ORDINAL:
            return "ordinal", value, value, j  # "the 21st launch": a rank, not a count
        if not currency and not suffix and _is_year(tokens, i, digits):
            return "year", value, value, j
        decimals = figure.decimals
    else:
        parsed = _parse_words(tokens, i)
        if parsed is None:
            return None
        (value, j), currency, suffix, decimals = parsed, None, None, 0
    return _scaled(tokens, j, value, decimals, currency, suffix)


def _scaled(
    tokens: Sequence[str],
    j: int,
    value: float,
    decimals: int,
    currency: str | None,
    suffix: str | None,
) -> tuple[str, float, float, int]:
    """Apply a scale word ("billion") or letter ("bn"), a currency and a percent sign."""
    lo = hi = value
    scale = letter_scale(suffix or "")
    if scale is None and j < len(tokens) and tokens[j] in _SCALES:
        scale, j = _SCALES[tokens[j]], j + 1
    if scale is not None:
        slack = 0.25 * scale / 10**decimals  # "$3 billion" is a rounded figure
        lo, hi = value * scale - slack, value * scale + slack
    nxt = tokens[j] if j < len(tokens) else ""
    if currency or nxt in _CURRENCIES:
        kind = "money" + _CURRENCIES[currency or nxt]
        j += 0 if currency else 1
    elif suffix == "%" or nxt in {"percent", "percentage"}:
        kind, j = "percent", j + (0 if suffix == "%" else 1)
    else:
        kind = "count"
    return kind, lo, hi, j


def _month_at(tokens: Sequence[str], i: int) -> tuple[float, float, int] | None:
    """A month ("June", "June 5") as a date interval: month * 100 + day."""
    month = _MONTHS.get(tokens[i])
    if month is None:
        return None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    before = tokens[i - 1] if i else ""
    day_of = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", nxt)
    if day_of and int(day_of.group(1)) <= 31:  # "June 5", "March 9th"
        day = month * 100 + int(day_of.group(1))
        return day, day, i + 2
    if not nxt.isdigit() and (tokens[i] in {"may", "march"} or before not in _YEAR_LEADS):
        return None
    return month * 100, month * 100 + 31, i + 1


def _day_before_month(tokens: Sequence[str], i: int) -> tuple[float, float, int] | None:
    """"5 June", "9th of March": a day written before its month."""
    day = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", tokens[i])
    if not day or int(day.group(1)) > 31:
        return None
    j = i + 2 if tuple(tokens[i + 1 : i + 2]) == ("of",) else i + 1
    month = _MONTHS.get(tokens[j]) if j < len(tokens) else None
    if month is None:
        return None
    if tokens[j] == "may" and not re.fullmatch(r"\d{4}", tokens[j + 1] if j + 1 < len(tokens) else ""):
        return None  # "5 may be": the verb, unless a year follows ("5 May 2024")
    value = month * 100 + int(day.group(1))
    return value, value, j + 1

def _is_age(tokens: Sequence[str], i: int, j: int) -> bool:
    """"the 21-year-old", "21 years old", "aged 21": an age, not a count."""
    if tuple(tokens[j : j + 2]) in (("year", "old"), ("years", "old")):
        return True
    return i > 0 and tokens[i - 1] in {"aged", "age"}

def _ranged(tokens: Sequence[str], i: int, first: tuple[str, float, float, int]
            ) -> tuple[str, float, float, int]:
    """"3 to 4 million", "between $3 and $4 billion": one interval from both ends."""
    kind, lo, hi, j = first
    joiner = tokens[j] if j < len(tokens) else ""
    before = tokens[i - 1] if i else ""
    if kind in _TIME_KINDS or before == "from" or not (
            joiner == "to" or joiner == "and" and before == "between"):
        return first  # "from 12 to 7 percent" is a change, not a range
    second = _number_at(tokens, j + 1) if j + 1 < len(tokens) else None
    if second is None or second[0] in _TIME_KINDS:
        return first
    kind2, lo2, hi2, j2 = second
    if kind == "count" and kind2 != "count" or lo < 1e3 <= lo2:  # "3 to 4 million", "$3-4bn"
        bare = _bare_value(tokens[j + 1])
        scale = (lo2 + hi2) / 2 / bare if bare else 1.0
        lo, hi = lo * scale, hi * scale
    return (kind2 if kind == "count" else kind), min(lo, lo2), max(hi, hi2), j2

def _bare_value(token: str) -> float:
    """The digits or number word of a token, unscaled ("4bn" -> 4.0)."""
    figure = read_figure(token)
    if figure:
        return figure.value
    return float(_UNITS.get(token, 0) or _TENS.get(token, 0))

def _quantities(tokens: Sequence[str]) -> list[_Quantity]:
    """Every number, amount of money, percentage, year and date in ``tokens``."""
    found: list[_Quantity] = []
    i = 0
    while i < len(tokens):
        month = _month_at(tokens, i)
        day_first = _day_before_month(tokens, i)
        number = None if month or day_first else _number_at(tokens, i)
        if month or day_first:
            kind, (lo, hi, j) = "date", month or day_first  # type: ignore[misc]
        elif number:
            kind, lo, hi, j = _ranged(tokens, i, number)
            if kind == "count" and _is_age(tokens, i, j):
                kind, j = "age", j + (2 if tuple(tokens[j : j + 1]) in (("year",), ("years",)) else 0)
        else:
            i += 1
            continue
        lo, hi, start = _bounds(tokens, i, lo, hi) if kind not in _TIME_KINDS else (lo, hi, i)
        label = kind if kind in _TIME_KINDS | {"age", "ordinal"} else _label(tokens, j)
        surface = " ".join(tokens[start:j])
        found.append(_Quantity(kind, lo, hi, surface, label, _context(tokens, i, j)))
        i = j
    return found


# --------------------------------------------------------------------------- comparing


def _overlaps(p: _Quantity, q: _Quantity) -> bool:
    """Whether two quantities can be the same value (their intervals meet)."""
    tolerance = 1e-9 * max(abs(p.hi), abs(q.hi), 1.0)
    return p.lo <= q.hi + tolerance and q.lo <= p.hi + tolerance

def _same_role(p: _Quantity, q: _Quantity) -> float:
    """How sure we are that two quantities measure the same thing (0 to 1)."""
    if p.label and p.label == q.label:
        return 1.0
    shared = len(p.context & q.context)
    if shared < 2:
        return 0.0
    return shared / min(len(p.context), len(q.context))

def _rival(
    q: _Quantity, mine: Sequence[_Quantity], others: Sequence[_Quantity]
) -> _Quantity | None:
    """The quantity in ``others`` that plays q's role with a different value, if any.

    A quantity that ``mine`` restates cannot be q's rival: in "eight of the nine
    launches" against "eight launches", the nine is a total, not a count of eight.
    """
    if any(_overlaps(q, o) for o in others if o.kind == q.kind):
        return None  # restated
    alone = sum(p.kind == q.kind for p in mine) == 1
    same_kind = [
        o for o in others
        if o.kind == q.kind and not any(_overlaps(o, p) for p in mine if p.kind == o.kind)
    ]
    if not same_kind:
        return None
    if alone and len(same_kind) == 1:
        return same_kind[0]
    score, best = max((_same_role(q, o), i) for i, o in enumerate(same_kind))
    return same_kind[best] if score >= 0.5 else None

def _swapped(a: Sequence[_Quantity], b: Sequence[_Quantity]) -> tuple[_Quantity, _Quantity] | None:
    """One number each, in the same slot, of different kinds ("248" vs "67%")."""
    if len(a) != 1 or len(b) != 1:
        return None
    p, q = a[0], b[0]
    if p.kind == q.kind or {p.kind, q.kind} & _NOT_SWAPPABLE:
        return None
    shared = len(p.context & q.context)
    return (p, q) if shared >= 2 and shared >= 0.5 * min(len(p.context), len(q.context)) else None

def _quantity_clashes(a: Sequence[_Quantity], b: Sequence[_Quantity]
                      ) -> list[tuple[_Quantity, _Quantity]]:
    """Pairs (from a, from b) of quantities in the same role with different values."""
    clashes = []
    sides = ((a, b, False), (b, a, True))
    for mine, theirs, flip in sides:
        for q in mine:
            rival = _rival(q, mine, theirs)
            if rival is not None:
                clashes.append((rival, q) if flip else (q, rival))
    swapped = _swapped(a, b)
    return clashes + [swapped] if swapped else clashes
