"""Claim ids: ``c`` and a number, as people type them.

Kept free of imports so that ``claimtrack check`` (a commit hook) can use it.
"""

from __future__ import annotations

#: SQLite's largest integer: no claim number can go past it.
SQLITE_MAX_SEQ = 2**63 - 1
#: The largest claim number an import may bring: the largest integer a JSON reader in
#: JavaScript holds exactly, far below SQLITE_MAX_SEQ (room for claims added after it).
MAX_SEQ = 2**53 - 1


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
