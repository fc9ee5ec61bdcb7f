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


def claim_order(claim_id: str) -> tuple[int, str]:
    """Sort key for claim ids: by number (``c9`` before ``c10``), odd ids last."""
    digits = claim_id[1:]
    return (int(digits), "") if digits.isdigit() else (2**63, claim_id)
