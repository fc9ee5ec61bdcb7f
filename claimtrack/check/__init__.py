"""The citation check: ``[claim:ID]`` in drafts, and a database against its source files.

Runs as a commit hook, so everything in this package uses the standard library and
``sqlite3`` only (never the store, typer, rich or sqlite-utils):

- :mod:`.drafts`: check codes, draft parsing, quotation comparison and the database check;
- :mod:`.main`: ``main(argv) -> int``, the ``claimtrack check`` / ``claimtrack-check`` command;
- :mod:`.githook`: a plain git pre-commit hook running it.

``from claimtrack.check import check_files`` is the public path.
"""

from __future__ import annotations

from .drafts import (
    BY_CODE,
    BY_NAME,
    CITATION,
    CLAIM_FIELDS,
    CODES,
    README_END,
    README_START,
    SEVERITIES,
    Citation,
    Code,
    Draft,
    Finding,
    Quotation,
    Report,
    check_database,
    check_drafts,
    check_files,
    closest_passage,
    codes_markdown,
    connect,
    database_path,
    load_claims,
    lookup,
    parse_draft,
    quotation_matches,
    read_draft,
    severities,
)

__all__ = [
    "BY_CODE", "BY_NAME", "CITATION", "CLAIM_FIELDS", "CODES", "README_END", "README_START", "SEVERITIES",
    "Citation", "Code", "Draft", "Finding", "Quotation", "Report", "check_database", "check_drafts",
    "check_files",
    "closest_passage", "codes_markdown", "connect", "database_path", "load_claims", "lookup",
    "parse_draft", "quotation_matches", "read_draft", "severities",
]
