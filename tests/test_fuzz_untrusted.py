"""Properties over untrusted files (issue 16).

- ``import`` of any bytes, and of records built from arbitrary JSON values,
  as CSV, JSON or NDJSON, either imports or refuses with claimtrack's own
  one-line error; a refused import leaves the database as it was.
- ``check`` of any draft (arbitrary text with citations, quotations and
  terminal escapes mixed in) returns 0 or 1 and never raises, and its text
  output holds no control character a terminal would obey.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack import ClaimStore
from claimtrack.errors import ClaimtrackError
from claimtrack.exchange.importer import import_files, inspect
from claimtrack.store.seeds import load_seeds

from .conftest import SEEDS, dump

#: More for a longer hunt: CLAIMTRACK_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/test_fuzz_untrusted.py
EXAMPLES = int(os.environ.get("CLAIMTRACK_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
HOSTILE = ["\x1b[2J", "\x1b]0;t\x07", "\x9b", "\u202e", "\r", "\r\n", "\x00", "=cmd", "\ud800",
           "[claim:", "[claim:c1]", '"', "\u201c", "\u201d", "</script>", "javascript:"]
text = st.lists(st.one_of(st.characters(), st.sampled_from(HOSTILE)), max_size=60).map("".join)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8)
FIELDS = ["key", "text", "title", "url", "path", "id", "source", "quote", "statement",
          "span_start", "span_end", "strength", "a", "b", "relation", "versions", "about"]
records = st.lists(st.dictionaries(st.sampled_from(FIELDS), values, min_size=1), min_size=1,
                   max_size=4)


@contextlib.contextmanager
def seeded_copy():
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "claims.db"
        shutil.copyfile(_template(), db)
        yield Path(folder), db


_TEMPLATE: list[Path] = []


def _template() -> Path:
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="fuzz-template-"))
        shutil.copytree(SEEDS, folder / "seeds")
        with ClaimStore(folder / "claims.db") as store:
            load_seeds(store, folder / "seeds")
        _TEMPLATE.append(folder / "claims.db")
    return _TEMPLATE[0]


def _import_fails_cleanly(folder: Path, db: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    before = dump(db)
    try:
        with ClaimStore(db) as store:
            import_files(store, inspect([str(path)]))
    except ClaimtrackError as e:
        assert "\n" not in str(e).strip() or str(e).count("\n") < 25  # one message, listed
        assert dump(db) == before


def _csv(recs: list[dict]) -> bytes:
    out = io.StringIO()
    cols = sorted({k for r in recs for k in r})
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cols)
    for r in recs:
        w.writerow([json.dumps(r[c]) if isinstance(r.get(c), (list, dict)) else
                    ("" if r.get(c) is None else str(r.get(c))) for c in cols])
    return out.getvalue().encode("utf-8", "surrogatepass")


@FUZZ
@given(data=st.binary(max_size=300), ext=st.sampled_from(["csv", "json", "ndjson"]))
def test_import_of_any_bytes(data: bytes, ext: str) -> None:
    with seeded_copy() as (folder, db):
        _import_fails_cleanly(folder, db, f"any.{ext}", data)


@FUZZ
@given(recs=records, fmt=st.sampled_from(["csv", "json", "ndjson"]))
def test_import_of_arbitrary_records(recs: list[dict], fmt: str) -> None:
    if fmt == "json":
        data = json.dumps(recs).encode()
    elif fmt == "ndjson":
        data = "".join(json.dumps(r) + "\n" for r in recs).encode()
    else:
        data = _csv(recs)
    with seeded_copy() as (folder, db):
        _import_fails_cleanly(folder, db, f"records.{fmt}", data)


drafts = st.lists(st.one_of(text, st.sampled_from(
    ["[claim:c1]", "[claim:c2]", "[claim:c999]", '"initiated a review"', "\n\n", "# Title\n",
     "<!-- claimtrack: ignore -->", "`code [claim:c3]`", "\u201cquoted\u201d "])),
    max_size=30).map("".join)


@FUZZ
@given(draft=drafts)
def test_check_of_any_draft(draft: str) -> None:
    from claimtrack.check.main import main

    with seeded_copy() as (folder, db):
        path = folder / "draft.md"
        path.write_bytes(draft.encode("utf-8", "surrogatepass"))
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", str(db), str(path)])
        assert code in (0, 1), err.getvalue()
        for stream in (out.getvalue(), err.getvalue()):
            assert not [c for c in ("\x1b", "\x07", "\x9b", "\u202e") if c in stream]
