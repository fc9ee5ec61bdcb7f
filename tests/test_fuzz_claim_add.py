"""Property: ``add_claim`` with any Unicode source and any quote either stores
a span whose text is exactly what the source holds there, or refuses with
one of claimtrack's own errors and leaves the database as it was.

Quotes are drawn three ways: arbitrary text, an exact piece of the source,
and a piece retyped the way people do (straight quotes for curly ones,
``--`` for a dash, a line break for a space, other case, ``...`` for words
left out, quotation marks around it all).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from claimtrack import ClaimStore
from claimtrack.errors import ClaimtrackError
from claimtrack.text.anchoring import CONTEXT

from .conftest import dump

#: More for a longer hunt: CLAIMTRACK_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/test_fuzz_claim_add.py
EXAMPLES = int(os.environ.get("CLAIMTRACK_FUZZ_EXAMPLES", "100"))
TYPOGRAPHY = list("‘’‚“”„«»'\"`´—–‐−-…[]() \n\t\r\u00a0\u2028") + ["...", "--", "ß", "İ", "ﬁ"]

chars = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(TYPOGRAPHY))
texts = st.lists(chars, min_size=1, max_size=120).map("".join)

RETYPINGS = {
    "straight quotes": lambda q: q.translate(str.maketrans("‘’“”", "''\"\"")),
    "curly quotes": lambda q: q.replace("'", "’").replace('"', "”"),
    "double hyphen": lambda q: q.replace("—", "--").replace("–", "--"),
    "em dash": lambda q: q.replace("-", "—"),
    "line breaks": lambda q: q.replace(" ", "\n"),
    "spaces": lambda q: " ".join(q.split()),
    "upper case": str.upper,
    "lower case": str.lower,
    "quoted": lambda q: f"“{q}”",
    "ellipsis": lambda q: f"{q[:len(q) // 3]}...{q[2 * len(q) // 3:]}",
    "ellipsis character": lambda q: f"{q[:len(q) // 3]} … {q[2 * len(q) // 3:]}",
    "brackets": lambda q: q.replace(" ", " [", 1).replace(" ", "] ", 2),
}


def draw_quote(data: st.DataObject, text: str) -> str:
    how = data.draw(st.sampled_from(["arbitrary", "piece", "retyped"]), label="quote kind")
    if how == "arbitrary":
        return data.draw(texts, label="quote")
    start = data.draw(st.integers(0, len(text) - 1), label="start")
    end = data.draw(st.integers(start + 1, min(len(text), start + 80)), label="end")
    quote = text[start:end]
    if how == "retyped":
        for name in data.draw(st.lists(st.sampled_from(sorted(RETYPINGS)), max_size=3,
                                       unique=True), label="retypings"):
            quote = RETYPINGS[name](quote)
    return quote


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(source=texts, data=st.data())
def test_claim_add_stores_the_source_span_or_refuses_cleanly(source: str,
                                                             data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "source.txt").write_text(source, encoding="utf-8", newline="")
        db = folder / "claims.db"
        with ClaimStore(db) as store:
            try:
                store.add_source(folder / "source.txt", key="s")
            except ClaimtrackError as e:  # empty, NUL bytes, ...: refused, nothing stored
                event(f"source refused: {type(e).__name__}")
                assert store.query("SELECT count(*) AS n FROM sources")[0]["n"] == 0
                return
            text = store.source_text("s")
            quote = draw_quote(data, text)
            before = dump(db)
            try:
                claim = store.add_claim("s", quote)
            except ClaimtrackError as e:
                event(f"quote refused: {type(e).__name__}")
                assert dump(db) == before
                return
            event("claim stored")
            start, end = claim["span_start"], claim["span_end"]
            assert 0 <= start < end <= len(text)
            assert claim["quote"] == text[start:end]
            assert claim["prefix"] == text[max(0, start - CONTEXT):start]
            assert claim["suffix"] == text[end:end + CONTEXT]
            assert store.history(claim["id"])[0]["data"]["quote"] == text[start:end]
