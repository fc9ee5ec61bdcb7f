"""Normalising claim text for matching: case, accents, typography, contractions, numbers
(words, digits, money, percentages) and stop words, so that two wordings of one claim
compare equal where they should.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..text.numbers import SCALE_LETTERS, SCALES
from ..text.numwords import TENS, UNITS
from ..text.typography import TYPOGRAPHY
from . import noise

Claim = Mapping[str, Any]


# --------------------------------------------------------------------------
# normalisation
# --------------------------------------------------------------------------


_UNITS = UNITS
_TENS = TENS
#: Scale words after a number ("hundred" has a rule of its own), and two letters written apart.
_SCALES = {**{w: v for w, v in SCALES.items() if w != "hundred"}, "bn": SCALES["billion"],
           "tn": SCALES["trillion"]}
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS)
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}

_RE_NT = re.compile(r"\b(won|can|shan|ain)'t\b|n't\b")
_RE_ACRONYM = re.compile(r"\b[^\W\d_](?:\.[^\W\d_])+\b\.?")
_RE_POSSESSIVE = re.compile(r"'s\b")
_RE_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_RE_MONEY = re.compile(noise.MONEY)  # $5bn, $US346807, US$5, A$3 (matching/noise.py)
_RE_PERCENT = re.compile(r"%|\bper cent\b")
_RE_PUNCT = re.compile(r"[^\w.]+|_+|(?<!\d)\.|\.(?!\d)")
_ASCII_PUNCT = str.maketrans({c: " " for c in "!\"#$%&'()*+,-/:;<=>?@[\\]^_`{|}~"})
_RE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_RE_DIGIT = re.compile(r"\d")
_RE_NUMERIC = re.compile(r"\d+(?:\.\d+)?")
_RE_DECADE = re.compile(r"\d+0s")
_RE_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*")
_SENTENCE_ENDS = frozenset(".!?:;\"'“‘(")

_CONTRACTIONS = frozenset(noise.CONTRACTIONS)
_NT_FULL = {"won": "will not", "can": "can not", "shan": "shall not", "ain": "is not"}

#: Words that carry no claim content.  Negations are deliberately absent.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be
    because been before being below between both but by could did do does doing
    down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most
    my myself of off on once only or other our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself
    yourselves may might must can shall us now even still yet ever already also
    said says say saying told tells according reportedly added adding stated
    whether however though although s t one mr mrs ms dr""".split()
)
NEGATIONS = frozenset("not no never nor none nobody nothing neither cannot without nowhere".split())


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _money(match: re.Match[str]) -> str:
    symbol, amount, scale = match.group(1), match.group(2), match.group(3)
    scale_word = SCALE_LETTERS.get(scale or "", scale or "")
    return f" {amount} {scale_word} {_CURRENCY[symbol]} "


def _format_number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _fold_numbers(tokens: list[str]) -> tuple[list[str], set[str]]:  # noqa: C901 (a branch per number form)
    """Turn number words and scaled numbers into digits; return tokens and numbers.

    The lone word "one" stays a word (it is mostly a pronoun: "no one", "one of
    them") and is not counted as a number; inside a compound ("twenty one",
    "one million") it is.
    """
    out: list[str] = []
    numbers: set[str] = set()
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        is_digit = tok[0].isdigit() and _RE_NUMERIC.fullmatch(tok) is not None
        if not is_digit and tok not in _NUMBER_WORDS:
            if tok[0].isdigit() and _RE_DECADE.fullmatch(tok):
                numbers.add(tok)
            out.append(tok)
            i += 1
            continue
        total = Decimal(0)
        if is_digit:
            try:
                current = Decimal(tok)
            except InvalidOperation:  # pragma: no cover - regex guarantees digits
                out.append(tok)
                i += 1
                continue
            last = "digit"
        elif tok in _UNITS:
            current, last = Decimal(_UNITS[tok]), "unit"
        else:
            current, last = Decimal(_TENS[tok]), "tens"
        j = i + 1
        while j < n:
            nxt = tokens[j]
            if last == "tens" and nxt in _UNITS and _UNITS[nxt] < 10:
                current += _UNITS[nxt]
                last = "unit"
            elif nxt == "hundred" and last in ("unit", "tens", "digit"):
                current *= 100
                last = "hundred"
            elif nxt == "dozen" and last in ("unit", "digit"):
                current *= 12
                last = "scale"
            elif (
                nxt == "and" and last in ("hundred", "scale") and j + 1 < n and tokens[j + 1] in _NUMBER_WORDS
            ):
                last = "and"
            elif last == "and" and nxt in _UNITS:
                current += _UNITS[nxt]
                last = "unit"
            elif last == "and" and nxt in _TENS:
                current += _TENS[nxt]
                last = "tens"
            elif nxt in _SCALES:
                total += current * _SCALES[nxt]
                current = Decimal(0)
                last = "scale"
            else:
                break
            j += 1
        value = total + current
        if j == i + 1 and tok == "one":
            out.append(tok)  # a lone "one" is a word, not a quantity
        else:
            text = _format_number(value)
            out.append(text)
            numbers.add(text)
        i = j
    return out, numbers


def _tokens(text: str) -> tuple[list[str], set[str]]:
    """Normalised tokens of ``text`` and the numbers it states."""
    text = noise.clean(text)  # links, signatures, tags, dates (matching/noise.py)
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHY).casefold()
        text = _strip_accents(text)
    if "'" in text:
        text = _RE_NT.sub(lambda m: " " + _NT_FULL[m.group(1)] if m.group(1) else " not", text)
        text = _RE_POSSESSIVE.sub("", text).replace("'", "")
    if "." in text:
        text = _RE_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    if "," in text:
        text = _RE_THOUSANDS.sub("", text)
    if "$" in text or "£" in text or "€" in text:
        text = _RE_MONEY.sub(_money, text)
    if "%" in text or "per cent" in text:
        text = _RE_PERCENT.sub(" percent ", text)
    if text.isascii():
        text = text.translate(_ASCII_PUNCT)
        if "." in text:
            text = _RE_DOT.sub(" ", text)
    else:
        text = _RE_PUNCT.sub(" ", text)
    tokens = text.split()
    if not tokens:
        return [], set()
    if _RE_DIGIT.search(text) is not None:
        tokens = noise.split_scaled(tokens)  # "300k" -> "300 thousand"
    if not _CONTRACTIONS.isdisjoint(tokens):  # "dont", "isnt" typed without the apostrophe
        tokens = " ".join(noise.CONTRACTIONS.get(t, t) for t in tokens).split()
    if _RE_DIGIT.search(text) is None and _NUMBER_WORDS.isdisjoint(tokens):
        return tokens, set()
    return _fold_numbers(tokens)


def normalise(text: str) -> str:
    """Return ``text`` case-folded, with punctuation stripped and numbers as digits.

    Curly quotes and dashes are folded, accents removed, "n't" expanded to
    "not", possessive "'s" dropped, "U.S." joined to "us", number words turned
    into digits ("eight" -> "8", "twenty-one" -> "21", "two dozen" -> "24"),
    scaled amounts expanded ("$3 billion" -> "3000000000 dollars", "70%" ->
    "70 percent") and whitespace collapsed.  Vague amounts ("tens of
    millions") are left as words.

    >>> normalise("Musk’s $3 billion — eight launches!")
    'musk 3000000000 dollars 8 launches'
    """
    return " ".join(_tokens(text)[0])


def numbers_in(text: str) -> set[str]:
    """Return the numbers ``text`` states, normalised to plain digit strings.

    "eight" -> "8", "$3 billion" -> "3000000000", "1,000" -> "1000", "70%" ->
    "70", decades kept as written ("1990s").  The lone word "one" is not
    counted (it is mostly a pronoun); "tens of millions" has no number.

    >>> sorted(numbers_in("eight launches, $3 billion, the 1990s"))
    ['1990s', '3000000000', '8']
    """
    return _tokens(text)[1]


def content_words(text: str) -> list[str]:
    """Normalised words of ``text`` without stop words (negations are kept)."""
    return [t for t in _tokens(text)[0] if t not in STOPWORDS]


def sort_key(text: str) -> str:
    """The string the base scorer compares: content words, sorted once.

    ``rapidfuzz.fuzz.ratio`` on two sort keys is the scorer's ``base``; the
    benchmarks use the same key for the naive all-pairs comparison.
    """
    return " ".join(sorted(content_words(text)))


def _names(text: str) -> set[str]:
    """Normalised words written capitalised inside a sentence (likely names)."""
    found: set[str] = set()
    for match in _RE_CAPITALISED.finditer(text):
        p = match.start() - 1
        while p >= 0 and text[p].isspace():
            p -= 1
        if p < 0:
            continue  # the first word of a text
        if text[p] in _SENTENCE_ENDS:
            # "J.D. Vance", "Mr. Musk": an abbreviation, not a sentence end
            q = p
            while q >= 0 and not text[q].isspace():
                q -= 1
            last = text[q + 1 : p + 1]
            if not (text[p] == "." and last[0].isupper() and len(last.replace(".", "")) <= 3):
                continue  # the first word of a sentence is capitalised anyway
        found.add(match.group(0))
    if not found:
        return found
    return set(_tokens(" ".join(found))[0]) - STOPWORDS
