"""Text for a terminal: control characters from sources made visible, never obeyed.

Sources, drafts and exchange files are untrusted.  A quote, a title or a
file name can hold ANSI colours, a screen clear (``ESC [2J``), an OSC window
title or an OSC 8 hyperlink; printed as they are, the terminal would run
them.  Every listing (tables, the claim panel, the review prompt) and every
message (errors and their hints, notes) goes through :func:`visible` or
:func:`one_line`, which write C0 and C1 control characters, DEL and the
bidirectional overrides ("Trojan Source") as ``\\x1b``-style escapes.

It also holds what every command writes the same way: a count in words
(:func:`counted`), and how output ends when its reader has gone
(:func:`stdout_to_devnull`, :data:`PIPE_CLOSED`).

This module is on the path of ``claimtrack check`` (a commit hook): it
imports nothing but ``re``.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls (\x9b is an 8-bit CSI),
# and the Unicode bidirectional embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile(f"[\n{_CONTROL.pattern[1:-1]}]")
# The same set outside JSON's own escapes (json.dumps already escapes C0 controls).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    c = ord(match.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def visible(text: str) -> str:
    """``text`` with control characters written as escapes; newlines and tabs kept."""
    return _CONTROL.sub(_escape, text)


def one_line(text: str) -> str:
    """:func:`visible`, and newlines escaped too: for a one-line message."""
    return _CONTROL_OR_NEWLINE.sub(_escape, text)


def json_safe(text: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with the characters a
    terminal would obey written as ``\\uXXXX`` escapes (still the same JSON)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


#: The status of a command whose reader stopped reading (``claimtrack claim list | head -1``):
#: 0, as when the output fitted in the pipe before the reader went, so the status does not
#: depend on timing.
PIPE_CLOSED = 0


def stdout_to_devnull() -> None:
    """Point stdout at the null device: what is still buffered, or written later, goes nowhere
    instead of failing again (Python's advice for SIGPIPE)."""
    import os
    import sys

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


#: A table's name for one row ("report" has no plural).
_ONE = {"sources": "source", "claims": "claim", "links": "link", "dismissals": "dismissal",
        "groups": "group", "contradictions": "contradiction", "parties": "party"}


def counted(n: int, kind: str) -> str:
    """``1 claim``, ``2 claims``: a count of rows in words."""
    return f"{n} {_ONE.get(kind, kind) if n == 1 else kind}"
