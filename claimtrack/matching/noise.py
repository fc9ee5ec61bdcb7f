"""Text as it comes: what posts and wire copy add that is not the claim.

The matcher's normalisation (:func:`claimtrack.matching.normalise`) calls
these before it splits a text into words:

* :func:`strip_post_noise`: links (``https://t.co/...``, ``pic.twitter.com/...``,
  ``www.``), an embedded post's trailing signature (``— Name (@handle) March
  24, 2019`` keeps the name, the author being part of what is claimed; a bare
  ``— Reuters`` goes), ``@handles`` and ``#hashtags`` as words, camel case split
  (``#MakeAmericaGreatAgain`` -> "Make America Great Again", ``@JoeBiden`` ->
  "Joe Biden"); a hashtag typed without capitals is read as the words it runs together
  (:func:`run_together`: ``#tamperedwater`` -> "tampered water"), and tags typed one after
  another with no space (``#qanon#falseflag``) as separate tags.
* :func:`split_scaled`: numbers with a scale suffix (``300K``, ``585M``,
  ``2.5bn``) are split into the words the number folding reads ("300
  thousand"), and :data:`MONEY` reads a currency with its country before or
  after the sign (``$US346,807``, ``US$5``, ``A$3``) as dollars.
* :func:`days_as_ordinals`: the day in a date ("June 30, 2003") is an ordinal
  ("june 30th 2003"), a word, not a quantity.
* :data:`CONTRACTIONS`: "dont", "isnt" and the like typed without an
  apostrophe are read as "do not", "is not".
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..text import numbers

__all__ = ["CONTRACTIONS", "clean", "MONEY", "days_as_ordinals", "read_tags", "run_together",
           "split_scaled", "strip_post_noise"]

_RE_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december"
           "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
#: "— Name (@handle) Month D, YYYY" at the end of an embedded post.
_RE_SIGNATURE = re.compile(
    r"[—–-]+\s*([^—–()@\n]{1,60}?)\s*\(@\w+\)\s*(?:(?:" + _MONTHS + r")\.?\s+\d{1,2},?\s+\d{4})?\s*$",
    re.IGNORECASE)
#: "... costs. — Reuters" / "... -- Associated Press": after a sentence's end, a dash and a few
#: capitalised words end the text.
_RE_BYLINE = re.compile(r"(?<=[.!?])([\"”’]?)\s*(?:—|–|--)\s*(?:[A-Z][\w.&]*\s*){1,4}$")
_RE_TAG = re.compile(r"(?<![\w@#])[#@]([A-Za-z0-9_]+)")
_RE_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")


#: The shortest hashtag :func:`run_together` is asked to split, and the shortest word it may
#: split one into: a split into shorter pieces ("#qanon" -> "qa non", a misspelt
#: "#adernochrome" -> "a der no chrome") is more likely a name or a typo than words.
RUN_TOGETHER_MIN = 6
RUN_TOGETHER_PIECE = 3


def run_together(word: str) -> list[str]:
    """The English words a run-together hashtag joins, first to last, or ``[word]``.

    The most probable split by the unigram counts of the `wordsegment` package (the Google
    Web Trillion Word Corpus; loaded once, about 0.25 s, by the first hashtag that needs it),
    kept only if every word has at least :data:`RUN_TOGETHER_PIECE` letters.  About a
    millisecond a tag; a tag met again is looked up (the last 65,536 kept).

    >>> run_together("tamperedwater"), run_together("fyrefestival"), run_together("qanon")
    (['tampered', 'water'], ['fyre', 'festival'], ['qanon'])
    """
    if len(word) < RUN_TOGETHER_MIN or not word.isascii() or not word.isalpha():
        return [word]
    return list(_split_words(word.lower())) or [word]


@functools.lru_cache(maxsize=1 << 16)
def _split_words(word: str) -> tuple[str, ...]:
    """The words of a lower-cased tag, or ``()`` when it is not split (one word, or a piece too
    short)."""
    words: list[str] = _segmenter().segment(word)
    if len(words) < 2 or min(len(w) for w in words) < RUN_TOGETHER_PIECE:
        return ()
    return tuple(words)


@functools.cache
def _segmenter() -> Any:
    import wordsegment

    seg = wordsegment.Segmenter()
    # the unigrams alone split hashtags as well as with the bigrams, in half the time
    seg.unigrams.update(seg.parse(seg.UNIGRAMS_FILENAME))
    seg.total, seg.limit = seg.TOTAL, seg.LIMIT
    return seg


def _split_tag(match: re.Match[str]) -> str:
    word = match.group(1).replace("_", " ")
    split = _RE_CAMEL.sub(" ", word)
    if split == word and match.group(0)[0] == "#":  # no capitals to read: the words it joins
        split = " ".join(run_together(word))
    return " " + split + " "


#: A tag typed straight after another ("#qanon#falseflag"): a space goes between them.
_RE_TAG_CHAIN = re.compile(r"(#[A-Za-z0-9_]+)(?=#[A-Za-z])")


def _unchained(text: str) -> str:
    """``text`` with a space between tags typed one after another (then :data:`_RE_TAG` finds
    each)."""
    return _RE_TAG_CHAIN.sub(r"\1 ", text)


def read_tags(text: str) -> list[str]:
    """The hashtags of ``text`` that are read as other words (camel case, or run together),
    whole and lower-cased: a search index that stores the text as written holds them so.

    >>> read_tags("#tamperedwater #hoax #MakeAmericaGreatAgain #qanon#falseflag")
    ['tamperedwater', 'makeamericagreatagain', 'falseflag']
    """
    if "#" not in text:
        return []
    out = []
    for m in _RE_TAG.finditer(_unchained(text)):
        word = m.group(1)
        if m.group(0)[0] == "#" and "_" not in word and _split_tag(m).split() != [word]:
            out.append(word.lower())
    return out


def strip_post_noise(text: str) -> str:
    """``text`` without links, signatures and the sigils of handles and hashtags.

    >>> strip_post_noise("No Collusion! #KeepAmericaGreat https://t.co/x — Donald J. Trump "
    ...                  "(@realDonaldTrump) March 24, 2019")
    'No Collusion! Keep America Great Donald J. Trump'
    """
    if "/" in text or "www." in text:
        text = _RE_URL.sub(" ", text)
    text = text.rstrip()
    if "(@" in text:
        text = _RE_SIGNATURE.sub(lambda m: " " + m.group(1).strip(), text)
    elif "—" in text or "–" in text or "--" in text:
        text = _RE_BYLINE.sub(r"\1", text)
    if "#" in text or "@" in text:
        text = _RE_TAG.sub(_split_tag, _unchained(text))
    return " ".join(text.split())


#: Money as the matcher reads it (lower-cased, thousands commas gone): a currency sign with an
#: optional country before or after it ($US346807, US$5, A$3, $5bn), its amount and scale
#: (:mod:`claimtrack.text.numbers`, the contradiction detector's reader too).
MONEY = numbers.MONEY


def split_scaled(tokens: list[str]) -> list[str]:
    """Split numbers written with a scale suffix: "300k" -> "300", "thousand" ("585m", "2.5bn").

    >>> split_scaled(["300k", "jobs", "2.5bn", "4g"])
    ['300', 'thousand', 'jobs', '2.5', 'billion', '4g']
    """
    out: list[str] = []
    for tok in tokens:
        figure = numbers.read_figure(tok) if tok[0].isdigit() else None
        if figure and figure.suffix in numbers.SCALE_LETTERS:
            out += (figure.digits, numbers.SCALE_LETTERS[figure.suffix])
        else:
            out.append(tok)
    return out


_RE_DAY = re.compile(r"\b(" + _MONTHS + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|per\b))",
                     re.IGNORECASE)
_RE_DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + _MONTHS + r")\b", re.IGNORECASE)


_RE_DIGIT = re.compile(r"\d")
_MONTH_STARTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _ordinal(day: str) -> str:
    n = int(day)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def days_as_ordinals(text: str) -> str:
    """The day of a date as an ordinal word ("June 30, 2003" -> "June 30th, 2003").

    >>> days_as_ordinals("the year ending June 30, 2003; 4 March")
    'the year ending June 30th, 2003; 4th March'
    """
    if _RE_DIGIT.search(text) is None:
        return text
    if text.isascii():  # every month's name starts with one of these (the regexes are slow)
        lower = text.lower()
        if not any(m in lower for m in _MONTH_STARTS):
            return text
    text = _RE_DAY.sub(lambda m: f"{m.group(1)} {_ordinal(m.group(2))}"
                       if 1 <= int(m.group(2)) <= 31 else m.group(0), text)
    return _RE_DAY_FIRST.sub(lambda m: f"{_ordinal(m.group(1))} {m.group(2)}"
                             if 1 <= int(m.group(1)) <= 31 else m.group(0), text)


#: Negative contractions typed without the apostrophe, as the matcher reads them.
CONTRACTIONS = {
    "dont": "do not", "doesnt": "does not", "didnt": "did not", "isnt": "is not",
    "arent": "are not", "wasnt": "was not", "werent": "were not", "hasnt": "has not",
    "havent": "have not", "hadnt": "had not", "couldnt": "could not", "shouldnt": "should not",
    "wouldnt": "would not", "mustnt": "must not", "neednt": "need not", "aint": "is not",
    "cant": "can not", "wont": "will not", "shouldve": "should have", "wouldve": "would have",
}


def clean(text: str) -> str:
    """Everything above that rewrites a text, in order (the matcher's first step)."""
    return days_as_ordinals(strip_post_noise(text))
