"""A word diff for people: ``... the [-eight-]{+nine+} members of ...``.

One implementation for the re-anchoring's ``changed`` quotes (:func:`claimtrack.text.reanchor.word_diff`)
and the citation check's misquotations (:func:`claimtrack.check.quotations.quotation_diff`).
Standard library only: ``claimtrack check`` runs in a commit hook and loads this module.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

__all__ = ["diff_words"]


def diff_words(
    old: Sequence[str],
    new: Sequence[str],
    context: int,
    key: Callable[[str], str] | None = None,
) -> str | None:
    """``old``'s words against ``new``'s: removed words as ``[-...-]``, added ones as ``{+...+}``.

    Words are compared by ``key`` (themselves when it is ``None``), so a key that folds case
    or strips punctuation makes those no differences; unchanged words are shown as ``new``
    has them.  A run of unchanged words longer than ``context`` words on each side of a
    change is cut to ``...``; the runs at either end keep only the side toward the change.
    Returns ``None`` when no word differs.

    >>> diff_words("the eight members of the board".split(),
    ...            "the nine members of the board".split(), context=2)
    'the [-eight-]{+nine+} members of ...'
    """
    a_keys = list(old) if key is None else [key(word) for word in old]
    b_keys = list(new) if key is None else [key(word) for word in new]
    opcodes = difflib.SequenceMatcher(a=a_keys, b=b_keys, autojunk=False).get_opcodes()
    if all(tag == "equal" for tag, *_ in opcodes):
        return None
    parts: list[str] = []
    last = len(opcodes) - 1
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag != "equal":
            removed = f"[-{' '.join(old[i1:i2])}-]" if i2 > i1 else ""
            added = f"{{+{' '.join(new[j1:j2])}+}}" if j2 > j1 else ""
            parts.append(removed + added)
            continue
        words = list(new[j1:j2])
        head = words[:context] if index > 0 else []
        tail = words[-context:] if index < last else []
        if len(head) + len(tail) >= len(words):
            parts.extend(words)
        else:
            parts.extend([*head, "...", *tail])
    return " ".join(parts)
