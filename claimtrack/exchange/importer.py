"""Import sources, claims and links from CSV, JSON or NDJSON as ``claimtrack export`` wrote them.

What a file holds is told from its columns (the CSV header, or each JSON
record's keys): claims have ``id`` and ``quote``, sources ``key`` and
``text``, links ``a``, ``b`` and ``relation`` (:data:`claimtrack.columns.SIGNATURES`).
The format is told from the first character: ``[`` is a JSON array, ``{``
newline-delimited JSON, anything else CSV.

The import is all-or-nothing: every file is read and every row validated
inside one transaction, and any problem rolls all of it back.  Problems are
reported as ``FILE:LINE: problem`` (in CSV the row a spreadsheet shows, the
header being row 1; in a JSON array the line the record starts on and its
number).  Validation is cheap on purpose: a claim's quote is checked by
slicing its source's text at the span (``text[span_start:span_end]``), never
by searching for it again.  Claims are bound in chunks of :data:`CHUNK`
into a private in-memory database that a second thread (:class:`.writer._Writer`)
copies into place, so that SQLite writes one chunk while Python parses the
next, and the full-text index is filled :data:`INDEX_EVERY` claims at a time
instead of by its per-row trigger: a million claims import in about 12 s on
a 2-core machine (see BENCHMARKS.md).

Ids are kept.  An id (or source key, or link) already in the database is a
problem, except a source whose key and SHA-256 are both already there, which
is skipped like ``claimtrack source add`` skips a file added twice.  Claims
added later continue after the highest imported number.

The pieces: :mod:`.reading` (files and their records), :mod:`.values` (each value
checked), :mod:`.rules` (each kind's rules, row by row), :mod:`.writer` (the bulk
writer and its staging schema); this module runs them in one transaction.

Usage::

    from claimtrack.exchange.importer import import_files
    result = import_files(store, ["sources.csv", "claims.csv", "links.csv"])
    result.counts  # {"sources": 3, "claims": 83, "links": 0}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..columns import IMPORTABLE
from ..errors import ImportFailed
from ..store import ClaimStore, now
from .reading import ImportFile, _inspect
from .reading import inspect as inspect
from .rules import MAX_PROBLEMS, _Import
from .writer import _tuned

#: How many problems an error message lists (all are counted).
MAX_SHOWN = 20


class ImportProblems(ImportFailed):
    """An import refused for several problems.

    ``str(err)`` is one line, as every :class:`~claimtrack.errors.ClaimtrackError`'s is: how
    many problems, in which files, and the first.  ``problems`` holds them all (up to
    :data:`~claimtrack.exchange.rules.MAX_PROBLEMS`, where counting stops), each
    ``FILE:LINE: problem``; ``headline`` is the count without the first, for a caller
    that lists them (``claimtrack import`` prints :meth:`listed`, a line each).
    """

    def __init__(self, problems: list[str], files: list[str]) -> None:
        self.problems = list(problems)
        n = f"{len(problems)}{'+' if len(problems) >= MAX_PROBLEMS else ''}"
        named = [f for f in files if any(p.startswith(f"{f}:") for p in problems)] or files
        self.headline = f"{', '.join(named)}: {n} problems, nothing was imported"
        first = problems[0]
        if len(named) == 1 and first.startswith(f"{named[0]}:"):
            first = "line " + first[len(named[0]) + 1:]  # the file is named already
        super().__init__(f"{self.headline}; the first: {first}")

    def listed(self, most: int = MAX_SHOWN) -> list[str]:
        """The first ``most`` problems, and how many more there are."""
        more = len(self.problems) - most
        tail = (f"... and {more} more" + (" (stopped counting)"
                                          if len(self.problems) >= MAX_PROBLEMS else "")
                if more > 0 else None)
        return self.problems[:most] + ([tail] if tail else [])


class _CheckOnly(Exception):
    """Raised to roll back a ``check=True`` import."""


@dataclass
class ImportResult:
    """What an import wrote (or, with ``check=True``, would write)."""

    counts: dict[str, int]
    skipped_sources: list[str]
    files: list[ImportFile]


def import_files(store: ClaimStore, files: Iterable[str | Path | ImportFile], *,
                 check: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Validate and import ``files`` in one transaction: all of them, or nothing.

    Files are written sources first, then claims, then links, whatever order
    they are given in.  With ``check=True`` everything is validated (and
    written, to let the database check it too) and then rolled back.
    Raises :class:`ImportFailed` naming the problem as ``FILE:LINE: problem``, or
    :class:`ImportProblems` (one line, and the list of problems) when there are several.
    ``progress(done, total)`` is told the bytes of the files read so far, of their size.
    """
    plan = [f if isinstance(f, ImportFile) else _inspect(Path(f), str(f)) for f in files]
    if not plan:
        raise ImportFailed("no file to import")
    plan.sort(key=lambda f: IMPORTABLE.index(f.kind) if f.kind in IMPORTABLE else -1)
    if progress is not None:
        plan = _metered(plan, progress)
    try:
        with store.bulk(), _tuned(store.conn), store.transaction():
            job = _Import(store, now(), [f.name for f in plan])
            try:
                if any(f.kind == "claims" for f in plan):
                    job.claims_fts_off()
                for f in plan:
                    if f.kind == "sources":
                        job.sources(f)
                    elif f.kind == "claims":
                        job.claims(f)
                    elif f.kind == "links":
                        job.links(f)
                    elif f.kind == "dismissals":
                        job.dismissals(f)
                    if f.read is not None:
                        f.read(f.path.stat().st_size)  # a JSON array is read before it is parsed
                    if len(job.problems) >= MAX_PROBLEMS:
                        break
            except BaseException:
                job.writer.stop(cancel=True)
                raise
            job.claims_fts_on()
            job.writer.stop()
            job.log_counts()
            if job.failed:
                raise _refusal(job.problems, [f.name for f in plan])
            if check:
                raise _CheckOnly
    except _CheckOnly:
        pass
    return ImportResult(job.counts, job.skipped, plan)


def _metered(plan: list[ImportFile], progress: Callable[[int, int], None]) -> list[ImportFile]:
    """The files, each telling ``progress`` the bytes read of all of them as it is read."""
    sizes = [f.path.stat().st_size for f in plan]
    total, out, base = sum(sizes), [], 0

    def reader(base: int) -> Callable[[int], None]:
        return lambda done: progress(base + done, total)

    for f, size in zip(plan, sizes, strict=True):
        out.append(replace(f, read=reader(base)))
        base += size
    return out


def _refusal(problems: list[str], files: list[str]) -> ImportFailed:
    """The error for an import with these problems: the one, or how many and the list."""
    if len(problems) == 1:
        return ImportFailed(f"{problems[0]} (nothing was imported)")
    return ImportProblems(problems, files)
