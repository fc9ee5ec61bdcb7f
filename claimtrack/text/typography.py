"""Typography folded to ASCII: curly quotes, primes and accents to ``'`` or ``"``, every dash
and minus to ``-``, the ellipsis character to ``...``.

The one table both quote anchoring (:mod:`.anchoring`) and the matcher's normalisation
(:mod:`claimtrack.matching.normalise`) fold by; a module of its own so that the matcher
(``claimtrack similar``) need not import the anchoring machinery for it.
"""

from __future__ import annotations

__all__ = ["FOLD", "TYPOGRAPHY"]

FOLD = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d", "-"),
    "\u2026": "...",
}
#: The same folding as a ``str.translate`` table (for the matcher's normalisation).
TYPOGRAPHY = str.maketrans(FOLD)
