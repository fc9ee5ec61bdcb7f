"""claimtrack's own exceptions.

The core raises these; the CLI turns them into a one-line message on stderr
and an exit code (``ClaimtrackError.exit_code``).  No user error should ever
surface as a traceback.
"""

from __future__ import annotations


class ClaimtrackError(Exception):
    """Base class: a problem the user can fix.  ``str(err)`` is the one-line message."""

    exit_code = 1


class UsageError(ClaimtrackError):
    """Bad option values that the argument parser could not catch."""

    exit_code = 2


class InvalidInput(ClaimtrackError):
    """A value that fails validation (an empty quote, a bad date, ...)."""


class SourceNotFound(ClaimtrackError):
    def __init__(self, key: str):
        super().__init__(f"unknown source {key!r} (see 'claimtrack source list')")
        self.key = key


class SourceConflict(ClaimtrackError):
    """The same key with different text, or a key already taken."""


class SourceFileError(ClaimtrackError):
    """A source file that is missing, unreadable, a folder, or not UTF-8 text."""


class ClaimNotFound(ClaimtrackError):
    def __init__(self, claim_id: str):
        super().__init__(f"unknown claim {claim_id!r} (see 'claimtrack claim list')")
        self.claim_id = claim_id


class PartyNotFound(ClaimtrackError):
    """A name that is no party: not curated, and in no claim or source.  The message names
    the closest known names (``suggestions``: "did you mean") and, where a new party would
    do, how to add one (``hint``)."""

    def __init__(self, name: str, suggestions: list[str] | None = None, *, hint: str = ""):
        shown = [repr(s) for s in suggestions or ()]
        if shown:
            alike = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
            message = f"unknown party {name!r} (did you mean {alike}?)"
        else:
            message = f"unknown party {name!r} (see 'claimtrack party list')"
        super().__init__(message + (f"; {hint}" if hint else ""))
        self.name = name
        self.suggestions = list(suggestions or ())


class QuoteNotFound(ClaimtrackError):
    """``closest``: the passage most like the quote, ``(start, end, score 0-100)``, when one
    comes close (:func:`claimtrack.text.anchoring.closest_passage`)."""

    def __init__(self, message: str, hint: str | None = None,
                 closest: tuple[int, int, float] | None = None):
        super().__init__(message)
        self.hint = hint
        self.closest = closest


class AmbiguousQuote(ClaimtrackError):
    def __init__(self, message: str, positions: list[tuple[int, int]]):
        super().__init__(message)
        self.positions = positions


class LinkError(ClaimtrackError):
    """A link that cannot be made (a claim linked to itself, ...)."""


class ImportFailed(ClaimtrackError):
    """An import file that fails validation; nothing was written."""


class DatabaseError(ClaimtrackError):
    """The database file is not SQLite, is read-only, or fails its checks."""


class SemanticUnavailable(ClaimtrackError):
    """The optional semantic extra (the MiniLM model and its runtime) is not installed."""


class ClaimExists(InvalidInput):
    """The passage is already an active claim of the source (``add_claim(..., unique=True)``;
    ``claim add --again`` stores it again)."""

    def __init__(self, claim: dict[str, object]):  # no typing import: check starts fast
        super().__init__(f"the passage [{claim['span_start']}:{claim['span_end']}] of "
                         f"{claim['source']} is already claim {claim['id']}")
        self.claim = claim


class RefreshWouldOrphan(SourceConflict):
    """A new text that would orphan most of a source's claims (:data:`claimtrack.verify.ORPHAN_GUARD_SHARE`):
    probably the wrong file.  Nothing was written.  ``orphaned`` of the ``anchored`` claims
    (those not already orphaned) would have been lost."""

    def __init__(self, message: str, orphaned: int, anchored: int):
        super().__init__(message)
        self.orphaned = orphaned
        self.anchored = anchored
