"""How a draft's quotation differs from the cited claim's quote, for CT104 findings,
and whether a quotation is a quotation of the claim at all (not scare quotes).

Standard library only (and :mod:`rapidfuzz` is not needed): this is on the commit
hook's path, loaded only when a quotation does not match.
"""

from __future__ import annotations

import difflib
import re

#: A quotation of fewer words than this is compared with the claim only when it shares
#: a word with it: shorter ones are usually scare quotes ("bombshell", "witch hunt").
SCARE_MAX_WORDS = 3
DIFF_CONTEXT = 6  # unchanged words kept on each side of a change

_TYPOGRAPHY = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc`\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    "\u2026": "...",
})
# A dash between words (em, en, a spaced hyphen, --): a word of its own in a diff, so
# "suggestion — from" never becomes one word "suggestion-from".
_DASH = re.compile(r"\s*(?:[\u2013\u2014\u2015]|--+)\s*|\s+-\s+")
_EDGE = ".,;:!?'\"()[]*_"


def _words(text: str) -> list[str]:
    return _DASH.sub(" \u2014 ", text.translate(_TYPOGRAPHY)).split()


def _key(word: str) -> str:
    return word.casefold().strip(_EDGE)


def looks_quoted_from(quotation: str, claim_quote: str) -> bool:
    """Whether ``quotation`` looks like a quotation of ``claim_quote``: long enough, or
    sharing a word with it.  ``"bombshell"`` beside a citation is a scare quote."""
    words = [k for k in (_key(w) for w in _words(quotation)) if k and k != "\u2014"]
    if len(words) >= SCARE_MAX_WORDS:
        return True
    theirs = {_key(w) for w in _words(claim_quote)}
    return any(w in theirs or any(_close(w, t) for t in theirs) for w in words)


def _close(a: str, b: str) -> bool:
    return len(a) > 3 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def quotation_diff(draft: str, source: str) -> str:
    """``... [-draft words-]{+source words+} ...``: case, typography and the punctuation at
    a word's edges are not differences; unchanged words show as the source has them."""
    a, b = _words(draft), _words(source)
    ka, kb = [_key(w) for w in a], [_key(w) for w in b]
    ops = difflib.SequenceMatcher(a=ka, b=kb, autojunk=False).get_opcodes()
    if all(tag == "equal" for tag, *_ in ops):
        return "(differs only in case or punctuation)"
    parts: list[str] = []
    last = len(ops) - 1
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "equal":
            parts.append((f"[-{' '.join(a[i1:i2])}-]" if i2 > i1 else "")
                         + (f"{{+{' '.join(b[j1:j2])}+}}" if j2 > j1 else ""))
            continue
        words = b[j1:j2]
        head = words[:DIFF_CONTEXT] if n > 0 else []
        tail = words[-DIFF_CONTEXT:] if n < last else []
        parts.extend(words if len(head) + len(tail) >= len(words) else [*head, "...", *tail])
    return " ".join(parts)
