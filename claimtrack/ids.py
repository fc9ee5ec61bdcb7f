"""Claim ids: ``c`` and a number, as people type them.

Kept free of imports so that ``claimtrack check`` (a commit hook) can use it.
"""

from __future__ import annotations


def normalise_claim_id(value: str) -> str:
    """Accept ``c12``, ``C12``, ``12`` or ``claim:c12``; return ``c12``."""
    v = value.strip().lower()
    v = v.removeprefix("claim:")
    if v.isdigit():
        v = "c" + v
    return v
