"""Decoding UTF-8 files, and the one message for a file that is not UTF-8.

Sources (:mod:`.sources`), drafts (:mod:`claimtrack.check.drafts`) and import files
(:mod:`claimtrack.exchange.reading`) all say it the same way, with the first bad byte
and how to convert the file.  Standard library only: the commit hook uses it.
"""

from __future__ import annotations

HINT = "convert it with: iconv -f LATIN1 -t UTF-8"


def not_utf8(name: str, data: bytes, error: UnicodeDecodeError, *, line: bool = False) -> str:
    """``NAME is not UTF-8 text (invalid byte 0xE9 at offset 3); convert it with: ...``;
    with ``line``, ``NAME:LINE: not UTF-8 text (...)`` (as import problems are listed)."""
    where = f"invalid byte 0x{data[error.start]:02x} at offset {error.start}"
    if line:
        number = data.count(b"\n", 0, error.start) + 1
        return f"{name}:{number}: not UTF-8 text ({where}); {HINT}"
    return f"{name} is not UTF-8 text ({where}); {HINT}"


def decode(data: bytes, name: str, error: type[Exception] = ValueError) -> str:
    """UTF-8 bytes as text (a byte-order mark dropped), or ``error`` with :func:`not_utf8`."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise error(not_utf8(name, data, e)) from None
