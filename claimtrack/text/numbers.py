"""Numbers written in digits, as claims write them: one reader for the matcher
(:mod:`claimtrack.matching.normalise`, :mod:`claimtrack.matching.noise`) and the
contradiction detector (:mod:`claimtrack.contradictions.quantities`).

* scale words and the letters that stand for them: ``300K``, ``585M``, ``2.5bn``, ``1.2tn``;
* a currency sign with its country before or after it: ``$US346,807``, ``US$5``, ``A$3``
  are dollars;
* what may follow the digits in one token: a scale letter, ``%``, the ``s`` of a decade
  (``1990s``) or an ordinal's ending (``21st``).

Texts are read in lower case.  Number words ("twenty-one") are :mod:`claimtrack.text.numwords`.
Standard library only.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["FIGURE", "MONEY", "SCALES", "SCALE_LETTERS", "Figure", "letter_scale", "read_figure"]

#: Scale words and their values.
SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
#: Scale letters written onto a number ("300k", "585m", "$4bn", "1.2tn") and the word each stands for.
SCALE_LETTERS = {
    "k": "thousand", "m": "million", "mn": "million", "b": "billion", "bn": "billion",
    "tn": "trillion", "trn": "trillion",
}  # fmt: skip

_SIGN = "[$€£]"
#: The country written before or after a currency sign: US$, $US, A$, AU$, C$, CA$, NZ$, HK$.
_COUNTRY = "(?:us|au|a|ca|c|nz|hk)"
#: A sign first: most words are not a country, and a tokeniser tries this at every word.
_CURRENCY = rf"(?:{_SIGN}{_COUNTRY}?|{_COUNTRY}{_SIGN}{_COUNTRY}?)"
_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"
_LETTERS = "|".join(sorted({*SCALE_LETTERS, "s", "st", "nd", "rd", "th"}, key=lambda s: (-len(s), s)))
_SUFFIX = rf"%|(?:{_LETTERS})\b"

#: A number in digits as one token of lower-case text (no groups: for a tokeniser's pattern).
FIGURE = rf"{_CURRENCY}?{_DIGITS}(?:{_SUFFIX})?"
_FIGURE = re.compile(rf"({_CURRENCY})?({_DIGITS})({_SUFFIX})?")

#: Money in running lower-case text with the thousands commas gone: the sign (group 1), the
#: amount (2) and a scale word or letter (3), the amount maybe spaced from either
#: ("$5bn", "$US346807", "us$ 5 million").  "Hundred" is left out: "$5 hundred" is rare
#: and the matcher has always read it as five dollars.
MONEY = (
    rf"{_COUNTRY}?({_SIGN}){_COUNTRY}?\s?(\d+(?:\.\d+)?)\s*"
    rf"({'|'.join([*(w for w in SCALES if w != 'hundred'), *SCALE_LETTERS])})?\b"
)


class Figure(NamedTuple):
    """One token's number: ``$us346,807`` is ``Figure("$", "346,807", "")``."""

    currency: str  # the sign alone ("$" for "$us", "us$", "a$"), or ""
    digits: str  # as written, commas kept: "346,807", "2.5"
    suffix: str  # "k", "bn", "%", "s", "st" ... or ""

    @property
    def value(self) -> float:
        """The digits' value, before any scale: 2.5 for ``2.5bn``."""
        return float(self.digits.replace(",", ""))

    @property
    def decimals(self) -> int:
        """How many digits follow the decimal point (a rounded figure's precision)."""
        return len(self.digits.partition(".")[2])

    @property
    def scale(self) -> int | None:
        """The scale its letter stands for (10**9 for ``bn``), or ``None``."""
        return letter_scale(self.suffix)


def letter_scale(letter: str) -> int | None:
    """The value of a scale letter (``k`` -> 1000), or ``None`` if it is none."""
    word = SCALE_LETTERS.get(letter)
    return None if word is None else SCALES[word]


def read_figure(token: str) -> Figure | None:
    """The number a lower-case token writes in digits, or ``None``.

    >>> read_figure("$us346,807")
    Figure(currency='$', digits='346,807', suffix='')
    >>> read_figure("300k").value * read_figure("300k").scale
    300000.0
    >>> read_figure("585m").scale, read_figure("1990s").suffix, read_figure("4g")
    (1000000, 's', None)
    """
    if token.isalpha():
        return None  # most tokens are words, and a figure has a digit
    match = _FIGURE.fullmatch(token)
    if match is None:
        return None
    currency, digits, suffix = match.groups()
    sign = currency.strip("abchknsuz") if currency else ""
    return Figure(sign, digits, suffix or "")
