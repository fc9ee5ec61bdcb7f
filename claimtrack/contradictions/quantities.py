"""Quantities in a claim: numbers, money, percentages, years and dates, with their bounds
("more than 40") and what they count ("40 launches"), for the ``quantity`` check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .cues import (
    _APPROX,
    _CLAUSE_END,
    _CURRENCIES,
    _LOWER_BOUND,
    _MONTHS,
    _NOT_A_COUNT_BEFORE_ONE,
    _NUMBER,
    _SCALES,
    _SENTENCE_END,
    _TENS,
    _UNITS,
    _UPPER_BOUND,
    _YEAR_LEADS,
    _is_content,
    _stem,
)

Claim = Mapping[str, Any]
Pair = tuple[str, str]


# --------------------------------------------------------------------------- quantities


@dataclass(frozen=True)
class _Quantity:
    """A number found in a claim, as an interval so that hedges and rounding compare."""

    kind: str  # count, money$, percent, year, date
    lo: float
    hi: float
    surface: str
    label: str  # what is counted ("launches"), for the reason
    context: frozenset[str]  # content stems nearby: the role it plays


_TIME_KINDS = frozenset({"year", "date"})


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
            return lo * 0.85, hi * 1.15, start
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
    match = _NUMBER.fullmatch(tokens[i])
    if match:
        currency, digits, suffix = match.groups()
        value, j = float(digits.replace(",", "")), i + 1
        if suffix == "s" and len(digits) == 4:
            return "year", value, value + 9, j
        if not currency and suffix != "%" and _is_year(tokens, i, digits):
            return "year", value, value, j
        decimals = len(digits.partition(".")[2])
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
    """Apply a scale word ("billion"), a currency and a percent sign after a number."""
    lo = hi = value
    if j < len(tokens) and tokens[j] in _SCALES:
        scale = _SCALES[tokens[j]]
        slack = 0.25 * scale / 10**decimals  # "$3 billion" is a rounded figure
        lo, hi, j = value * scale - slack, value * scale + slack, j + 1
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
    if not nxt.isdigit() and (tokens[i] in {"may", "march"} or before not in _YEAR_LEADS):
        return None
    if nxt.isdigit() and int(nxt) <= 31:
        day = month * 100 + int(nxt)
        return day, day, i + 2
    return month * 100, month * 100 + 31, i + 1


def _quantities(tokens: Sequence[str]) -> list[_Quantity]:
    """Every number, amount of money, percentage, year and date in ``tokens``."""
    found: list[_Quantity] = []
    i = 0
    while i < len(tokens):
        month = _month_at(tokens, i)
        number = None if month else _number_at(tokens, i)
        if month:
            kind, (lo, hi, j) = "date", month
        elif number:
            kind, lo, hi, j = number
        else:
            i += 1
            continue
        lo, hi, start = _bounds(tokens, i, lo, hi) if kind not in _TIME_KINDS else (lo, hi, i)
        label = kind if kind in _TIME_KINDS else _label(tokens, j)
        surface = " ".join(tokens[start:j])
        found.append(_Quantity(kind, lo, hi, surface, label, _context(tokens, i, j)))
        i = j
    return found
