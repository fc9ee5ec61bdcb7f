"""Drift: a source file on disk against its stored text, and each claim's quote in it.

The one comparison behind ``claimtrack verify`` (:mod:`claimtrack.verify`) and
``claimtrack check`` in database mode (:mod:`claimtrack.check.database`), so the two
give the same answer.  For one source, :func:`read_file` says whether its file still
holds the stored text, and :func:`compare` says, for each active claim, where its
quote stands:

1. a claim the database stores as ``changed`` or ``orphaned`` is reported as stored,
   against the database (a refresh decided that; the file is not asked again, so a
   file put back to an older text does not hide an orphan);
2. a claim whose quote is not at its span in the stored text is ``orphaned``, against
   the database (the database disagrees with itself: never silent);
3. otherwise, when the file differs from the stored text, the quote is re-anchored in
   the file's text (:func:`claimtrack.text.reanchor.reanchor`): ``anchored``, ``moved``,
   ``changed`` or ``orphaned``, against the file;
4. otherwise the claim is ``anchored``.

Standard library only (re-anchoring is imported when a file differs): this is on the
commit hook's path.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs more to import than this module
if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Mapping
    from typing import Any

#: Stored anchor statuses that need a person: ``verify`` exits 1 on them, ``check`` reports CT103.
PROBLEM_STATUSES = ("changed", "orphaned")

SAME, DIFFERS, MISSING, UNREADABLE, NOT_UTF8 = "same", "differs", "missing", "unreadable", "not-utf8"


def refresh_advice(key: str) -> str:
    """The one way both commands tell a person to record a changed file."""
    return f"record the new version with 'claimtrack source refresh {key}'"


class FileState:
    """What a source's file holds: ``state`` is one of ``same``, ``differs`` (``text`` set),
    ``missing``, ``unreadable`` or ``not-utf8`` (``problem`` says it in words)."""

    __slots__ = ("state", "text", "problem")

    def __init__(self, state: str, text: str | None = None, problem: str | None = None) -> None:
        self.state, self.text, self.problem = state, text, problem

    def __repr__(self) -> str:
        return f"FileState({self.state!r})"


def read_file(path: str | os.PathLike[str], sha256: str, stored: str | None = None) -> FileState:
    """Read a source's file and compare it with the stored text's ``sha256``.

    With the ``stored`` text, a file that differs from it only in line endings or
    Unicode form (saved again on Windows, or by a macOS tool in NFD) is the ``same``:
    its words did not change (:func:`claimtrack.text.canonical.equivalent`)."""
    from ..files import read_bounded
    from .sources import MAX_SOURCE_BYTES

    try:
        data = read_bounded(path, MAX_SOURCE_BYTES)  # no FIFO, no /dev/zero, no 10 GB file
    except FileNotFoundError:
        return FileState(MISSING, problem="its file is missing")
    except OSError as e:
        return FileState(UNREADABLE, problem=f"its file is unreadable ({e.strerror or e})")
    import hashlib  # loads OpenSSL: only when there is a file to hash

    if hashlib.sha256(data).hexdigest() == sha256:
        return FileState(SAME)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return FileState(NOT_UTF8, problem="its file is no longer UTF-8 text")
    if stored is not None:
        from .canonical import equivalent

        if equivalent(text, stored):
            return FileState(SAME)
    return FileState(DIFFERS, text=text)


def first_difference(a: str, b: str) -> int:
    """The offset of the first character where ``a`` and ``b`` differ."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


class ClaimDrift:
    """Where one claim's quote stands.  ``against`` is ``database`` or ``file``; ``result`` is
    the :class:`~claimtrack.text.reanchor.Reanchor` when the quote was re-anchored in the file.
    ``stored`` says why a database finding was made: ``status`` (stored as a problem) or
    ``span`` (the quote is not at its span in the stored text)."""

    __slots__ = ("claim", "status", "against", "result", "stored")

    def __init__(self, claim: Mapping[str, Any], status: str, against: str,
                 result: Any = None, stored: str | None = None) -> None:
        self.claim, self.status, self.against = claim, status, against
        self.result, self.stored = result, stored

    @property
    def problem(self) -> bool:
        """Anything but ``anchored`` is worth showing (``moved`` is news, not an error)."""
        return self.status != "anchored"

    def __repr__(self) -> str:
        return f"ClaimDrift({self.claim['id']!r}, {self.status!r}, {self.against!r})"


def compare(stored_text: str, file_text: str | None,
            claims: Iterable[Mapping[str, Any]]) -> list[ClaimDrift]:
    """Each active claim of one source against its stored text and, when the file differs
    (``file_text`` is not None), against the file's text.  Claims need ``quote``, ``prefix``,
    ``suffix``, ``span_start``, ``span_end``, ``anchor_status`` and ``anchor_version``."""
    out = []
    for claim in claims:
        if claim["anchor_status"] in PROBLEM_STATUSES:
            out.append(ClaimDrift(claim, claim["anchor_status"], "database", stored="status"))
        elif claim.get("anchor_version") is None and \
                stored_text[claim["span_start"]:claim["span_end"]] != claim["quote"]:
            out.append(ClaimDrift(claim, "orphaned", "database", stored="span"))
        elif file_text is not None:
            result = reanchor_in(file_text, claim, stored_text)
            out.append(ClaimDrift(claim, result.status, "file", result))
        else:
            out.append(ClaimDrift(claim, "anchored", "database"))
    return out


def reanchor_in(text: str, claim: Mapping[str, Any], old_text: str | None) -> Any:
    """Re-anchor one claim's stored quote in ``text`` (``old_text``: the text its span indexes)."""
    from .reanchor import reanchor

    return reanchor(text, claim["quote"], claim["prefix"], claim["suffix"], claim["span_start"],
                    old_text)
