"""One claim, parsed once for every check: its tokens, content words, stems, negated
words and scopes, quantities, parties and quote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidInput
from .cues import (
    _CLAUSE_END,
    _DEONTIC,
    _DETERMINERS,
    _EMBEDDING_VERBS,
    _SCOPE_CUES,
    REBUTTAL_CUES,
    _is_content,
    _stem,
    _tokens,
)
from .quantities import _quantities, _Quantity

Claim = Mapping[str, Any]
Pair = tuple[str, str]


# --------------------------------------------------------------------------- one claim


@dataclass(frozen=True)
class _Scope:
    """A negation cue and the content stems it governs ("not" -> [availabl, taiwan])."""

    cue: str
    stems: tuple[str, ...]
    surface: str
    modal: str  # "should" in "should not have": a norm, not a fact
    subject: tuple[str, ...] = ()  # content stems of its clause before the cue


@dataclass(frozen=True)
class _Parsed:
    """Everything the checks need from one claim, computed once."""

    id: str
    text: str  # the statement
    source: str
    strength: str
    attributed_to: str
    denied_by: tuple[str, ...]
    about: frozenset[str]
    tokens: tuple[str, ...]
    content: frozenset[str]
    words: frozenset[str]  # the plain content words, before stemming
    scopes: tuple[_Scope, ...]
    negated: frozenset[str]
    quantities: tuple[_Quantity, ...]
    quote_words: tuple[str, ...]
    rebuts: bool
    texts: tuple[str, ...] = ()  # the statement, and the quote when it differs
    all_content: frozenset[str] = frozenset()  # content stems of statement and quote


def _scopes(tokens: Sequence[str]) -> list[_Scope]:
    """Each negation cue with up to three content stems after it, in the same clause."""
    scopes = []
    for i, token in enumerate(tokens):
        far_fetched = token == "fetched" and i > 0 and tokens[i - 1] == "far"
        if not _negates(tokens, i) and not far_fetched:
            continue
        stems: list[str] = []
        end = i + 1
        while end < len(tokens) and tokens[end] not in _CLAUSE_END and len(stems) < 3:
            if _is_content(tokens[end]) and tokens[end] not in _EMBEDDING_VERBS:
                stems.append(_stem(tokens[end]))
            end += 1
        if stems:
            surface = " ".join(tokens[i - int(far_fetched) : end])
            modal = tokens[i - 1] if i and tokens[i - 1] in _DEONTIC else ""
            start = i
            while start and tokens[start - 1] not in _CLAUSE_END:
                start -= 1
            subject = tuple(_stem(t) for t in tokens[start:i] if _is_content(t))
            scopes.append(_Scope(token, tuple(stems), surface, modal, subject))
    return scopes


def _negates(tokens: Sequence[str], i: int) -> bool:
    """Whether ``tokens[i]`` negates its clause: a cue, not used as a noun or adjective."""
    if tokens[i] not in _SCOPE_CUES:
        return False
    before = tokens[i - 1] if i else ""
    return before not in _DETERMINERS and not before.endswith("'s")

def _negated(tokens: Sequence[str]) -> frozenset[str]:
    """Content stems in a clause that holds a negation cue ("no competitors ... companies")."""
    negated: set[str] = set()
    clause: list[str] = []
    for token in [*tokens, "."]:
        if token in _CLAUSE_END:
            if any(_negates(clause, k) for k in range(len(clause))):
                negated.update(_stem(t) for t in clause if _is_content(t))
            clause = []
        else:
            clause.append(token)
    return frozenset(negated)


def _parse(claim: Claim) -> _Parsed:
    """Analyse one claim dict."""
    if "id" not in claim:
        raise InvalidInput(f"claim without an id: {dict(claim)!r}")
    quote = str(claim.get("quote") or "")
    statement = str(claim.get("statement") or quote)
    tokens = tuple(_tokens(statement))
    quote_tokens = _tokens(quote)
    scopes = _scopes(tokens)
    return _Parsed(
        id=str(claim["id"]),
        text=statement,
        source=str(claim.get("source") or ""),
        strength=str(claim.get("strength") or ""),
        attributed_to=str(claim.get("attributed_to") or ""),
        denied_by=tuple(str(p) for p in claim.get("denied_by") or ()),
        about=frozenset(re.sub(r"[^a-z0-9]", "", str(e).lower()) for e in claim.get("about") or ()),
        tokens=tokens,
        content=frozenset(_stem(t) for t in tokens if _is_content(t)),
        words=frozenset(t.removesuffix("'s") for t in tokens if _is_content(t)),
        scopes=tuple(scopes),
        negated=frozenset(s for scope in scopes for s in scope.stems) | _negated(tokens),
        quantities=tuple(_quantities(tokens)),
        quote_words=tuple(t for t in quote_tokens if t[0].isalnum() or t[0] in "$€£"),
        rebuts=any(t in REBUTTAL_CUES for t in (*tokens, *quote_tokens)),
        texts=(statement, quote) if quote and quote != statement else (statement,),
        all_content=frozenset(_stem(t) for t in (*tokens, *quote_tokens) if _is_content(t)),
    )
