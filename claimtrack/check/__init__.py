"""The citation check: ``[claim:ID]`` in drafts, and a database against its source files.

Runs as a commit hook, so everything in this package uses the standard library and
``sqlite3`` only (never the store, typer, rich or sqlite-utils):

- :mod:`.codes`: the check codes (CT101 ...), severities, findings and reports;
- :mod:`.drafts`: reading drafts and checking their ``[claim:ID]`` citations (and lists,
  ``[claim:c1, c2]``);
- :mod:`.quotations`: comparing a draft's quotation with the claim's quote;
- :mod:`.database`: reading claims read-only, and checking source files against their stored text;
- :mod:`.main`: ``main(argv) -> int``, the ``claimtrack check`` / ``claimtrack-check`` command;
- :mod:`.githook`: a plain git pre-commit hook running it.

``from claimtrack.check import check_files`` is the public path.
"""

from __future__ import annotations

from .codes import (
    BY_CODE,
    BY_NAME,
    CODES,
    README_END,
    README_START,
    SEVERITIES,
    Code,
    Finding,
    Report,
    codes_markdown,
    lookup,
    severities,
)
from .database import CLAIM_FIELDS, check_database, connect, database_path, load_claims
from .drafts import CITATION, Citation, Draft, Quotation, check_drafts, check_files, parse_draft, read_draft
from .quotations import closest_passage, quotation_matches

__all__ = [
    "BY_CODE", "BY_NAME", "CITATION", "CLAIM_FIELDS", "CODES", "README_END", "README_START", "SEVERITIES",
    "Citation", "Code", "Draft", "Finding", "Quotation", "Report", "check_database", "check_drafts",
    "check_files",
    "closest_passage", "codes_markdown", "connect", "database_path", "load_claims", "lookup",
    "parse_draft", "quotation_matches", "read_draft", "severities",
]
