"""A claimtrack database of the CLEF 2020 Task 2 verified claims, for the retrieval benchmarks.

One source (``clef-vclaims``) holds every verified claim and its title, one
line each; each verified claim is a claim whose quote is the claim and whose
statement is its title (the matcher and the index use both).  The claim id
is ``c`` and the claim's row number (from 1); :func:`build` returns the map
from CLEF ids to claim ids.  Built with ``claimtrack import`` (the library
call) into a temporary folder, so the figures come from the shipped index.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

STAMP = "2026-01-01T00:00:00+00:00"


def build(vclaims: Sequence[tuple[str, str, str]], path: Path) -> dict[str, str]:
    """Write the database at ``path``; return CLEF id -> claim id."""
    from claimtrack import ClaimStore
    from claimtrack.exchange.importer import import_files

    lines, claims, ids = [], [], {}
    offset = 0
    for n, (vid, text, title) in enumerate(vclaims, start=1):
        text = " ".join(text.split()) or "(empty)"
        title = " ".join((title or "").split())
        start, end = offset, offset + len(text)
        line = text + (" | " + title if title else "")
        lines.append(line)
        offset += len(line) + 1
        cid = f"c{n}"
        ids[vid] = cid
        claims.append({"id": cid, "source": "clef-vclaims", "quote": text,
                       "statement": title or text, "span_start": start, "span_end": end,
                       "prefix": "", "suffix": "", "strength": "unattributed",
                       "created_at": STAMP, "updated_at": STAMP})
    source_text = "\n".join(lines) + "\n"
    for c in claims:
        c["prefix"] = source_text[max(0, c["span_start"] - 32):c["span_start"]]
        c["suffix"] = source_text[c["span_end"]:c["span_end"] + 32]
    source = {"key": "clef-vclaims", "title": "CLEF 2020 CheckThat! Task 2 verified claims",
              "sha256": hashlib.sha256(source_text.encode()).hexdigest(), "text": source_text}
    src_file, claim_file = path.with_suffix(".sources.ndjson"), path.with_suffix(".claims.ndjson")
    src_file.write_text(json.dumps(source) + "\n", encoding="utf-8")
    claim_file.write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    store = ClaimStore(path)
    try:
        import_files(store, [src_file, claim_file])
    finally:
        store.close()
    return ids
