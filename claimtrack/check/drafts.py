"""The citation check: ``[claim:ID]`` in drafts, and a database against its source files.

A writer cites a claim in a Markdown or plain-text draft as ``[claim:c12]``
(``[claim:12]`` and ``[claim:C12]`` work too).  :func:`check_files` reads the
drafts and reports, for each citation:

* the claim is unknown (CT101), retracted (CT102), or its quote is
  ``changed`` or ``orphaned`` against its source (CT103);
* a quotation in the citing sentence (text in straight or curly double
  quotes) that is not the claim's words (CT104), with a word diff and the
  correct quote.  Typographic differences (quotes, dashes, spaces), case,
  ``[brackets]`` and the end punctuation are not differences; a quotation may
  be a part of the claim's quote, and ``...`` stands for omitted words;
* warnings, which settings can make errors or turn off: the claim rests only
  on an anonymous source (CT201); the claim was denied and the sentence does
  not say so (CT202).

:func:`check_database` checks the database itself: every source file on disk
still matches its stored text (CT301, CT302), every quote still anchors in it
(CT303, CT304, CT305), and no claim is stored as changed or orphaned (CT103).

Findings are reported at 1-based line and column (in characters) of the
``[claim:ID]`` token, or of the opening quotation mark for CT104.  A line
holding ``claimtrack: ignore`` (or ``claimtrack: ignore[CT104,CT201]``),
usually in an HTML comment, suppresses the findings reported on it.

Speed matters: this runs on every commit.  The module needs only the
standard library and :mod:`claimtrack.text.anchoring`; it reads the database with
plain ``sqlite3`` in read-only mode, and imports :mod:`claimtrack.text.reanchor`
only to describe a misquotation or to re-anchor a changed source file.
"""

from __future__ import annotations

import os
import re
import sqlite3
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from ..errors import DatabaseError, UsageError
from ..ids import normalise_claim_id

TYPE_CHECKING = False  # typing, dataclasses and anchoring cost more to import than sqlite3
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Any

# -- codes ---------------------------------------------------------------------------


class Code:
    """One kind of finding: its code, a short name for settings, default severity, meaning.

    Only codes that are not errors by default can be made errors or turned off
    (an error stays an error; a line can still be excused with ``claimtrack: ignore``).
    """

    __slots__ = ("code", "name", "severity", "description")

    def __init__(self, code: str, name: str, severity: str, description: str) -> None:
        self.code, self.name, self.severity, self.description = code, name, severity, description

    def __repr__(self) -> str:
        return f"Code({self.code!r}, {self.name!r}, {self.severity!r})"

    @property
    def configurable(self) -> bool:
        return self.severity != "error"


CODES: tuple[Code, ...] = (
    Code("CT101", "unknown-claim", "error", "The cited claim id is not in the database."),
    Code("CT102", "retracted", "error", "The cited claim is retracted (the reason is shown)."),
    Code("CT103", "unanchored", "error",
         "The claim's quote is `changed` or `orphaned` against its source: "
         "it is no longer known to be in the source."),
    Code("CT104", "misquote", "error",
         "A quotation in the citing sentence is not in the claim's quote; shows a word diff "
         "(`[-draft-]{+source+}`) and the correct quote. Typography, case, `[brackets]`, "
         "end punctuation and `...` for omitted words are allowed."),
    Code("CT201", "anonymous", "warning",
         "The claim rests only on an anonymous source (no linked claim names one)."),
    Code("CT202", "denied", "warning",
         "The claim was denied by a party, and the citing sentence mentions neither a "
         "denial (deny, denied, dispute, rejected, ...) nor that party."),
    Code("CT301", "source-missing", "warning",
         "Database check: a source's file is missing or unreadable."),
    Code("CT302", "source-changed", "warning",
         "Database check: a source's file differs from its stored text (shown at the first "
         "difference); its claims are re-anchored against the file."),
    Code("CT303", "quote-changed", "error",
         "Database check: a claim's quote has changed words in the file (word diff shown)."),
    Code("CT304", "quote-orphaned", "error",
         "Database check: a claim's quote is no longer found in the file."),
    Code("CT305", "quote-moved", "off",
         "Database check: a claim's quote is intact but at another place in the file "
         "(off by default: CT302 counts them)."),
)
BY_CODE = {c.code: c for c in CODES}
BY_NAME = {c.name: c for c in CODES}
SEVERITIES = ("error", "warning", "off")


def lookup(key: str) -> Code:
    """A code by its code (``CT201``, ``ct201``) or its name (``anonymous``)."""
    k = key.strip()
    found = BY_CODE.get(k.upper()) or BY_NAME.get(k.lower())
    if found is None:
        raise UsageError(f"unknown check code {key!r}: use one of {', '.join(BY_CODE)}")
    return found


def severities(*layers: Mapping[str, str]) -> dict[str, str]:
    """Each code's severity: the defaults, overridden by each layer in turn.

    A layer maps codes or names to ``error``, ``warning`` or ``off`` (settings
    first, then the command line).  Only warnings can be changed.
    """
    out = {c.code: c.severity for c in CODES}
    for layer in layers:
        for key, value in layer.items():
            code = lookup(key)
            if value not in SEVERITIES:
                raise UsageError(f"{key} = {value!r}: use one of {', '.join(SEVERITIES)}")
            if not code.configurable and value != "error":
                raise UsageError(f"{code.code} ({code.name}) is always an error")
            out[code.code] = value
    return out


def codes_markdown() -> str:
    """The table of codes for the README (between its ``codes`` markers)."""
    rows = ["| code | name | default | meaning |", "|---|---|---|---|"]
    rows += [f"| {c.code} | `{c.name}` | {c.severity} | {c.description} |" for c in CODES]
    return "\n".join(rows)


README_START, README_END = "<!-- codes:start -->", "<!-- codes:end -->"


# -- findings and reports ---------------------------------------------------------------


class Finding:
    """One problem at ``path:line:col`` (1-based, in characters).

    ``extra`` holds details for ``--format json`` (a misquotation's ``diff``, ...).
    """

    __slots__ = ("path", "line", "col", "code", "severity", "message", "claim", "extra")

    def __init__(self, path: str, line: int, col: int, code: str, severity: str, message: str,
                 claim: str | None = None, extra: dict[str, Any] | None = None) -> None:
        self.path, self.line, self.col, self.code = path, line, col, code
        self.severity, self.message, self.claim = severity, message, claim
        self.extra = extra or {}

    def __repr__(self) -> str:
        return f"Finding({self.format()!r})"

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "col": self.col, "code": self.code,
                "name": BY_CODE[self.code].name, "severity": self.severity,
                "message": self.message, "claim": self.claim, **self.extra}


class Report:
    """What a check found.  ``problems`` are inputs that could not be checked at all.

    ``mode`` is ``drafts`` (``files`` and ``citations`` count what was read) or
    ``database`` (they count sources and active claims).
    """

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.findings: list[Finding] = []
        self.problems: list[str] = []
        self.files = 0
        self.citations = 0

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def ok(self) -> bool:
        """No error and no unreadable input: the commit may go ahead."""
        return not self.errors and not self.problems

    def summary(self) -> str:
        """``2 errors, 1 warning in 3 files (14 citations)``."""
        what = ("file", "citation") if self.mode == "drafts" else ("source", "claim")
        line = (f"{_n(self.errors, 'error')}, {_n(self.warnings, 'warning')} in "
                f"{_n(self.files, what[0])} ({_n(self.citations, what[1])})")
        if self.problems:
            line += f"; {_n(len(self.problems), 'input')} could not be checked"
        return line

    def as_json(self) -> str:
        import json

        counts = {"errors": self.errors, "warnings": self.warnings, "unchecked": len(self.problems)}
        if self.mode == "drafts":
            counts.update(files=self.files, citations=self.citations)
        else:
            counts.update(sources=self.files, claims=self.citations)
        return json.dumps({"mode": self.mode, "findings": [f.as_dict() for f in self.findings],
                           "problems": self.problems, "summary": counts},
                          ensure_ascii=False, indent=2)


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- reading drafts -----------------------------------------------------------------

CITATION = re.compile(r"\[claim:[ \t]*([^\]\s]*)[ \t]*\]", re.IGNORECASE)
# The patterns below are compiled on first use (``re`` caches them): a draft
# without citations, the common case in a commit, never needs them.
_CITATION_RUN = r"(?i)(?:\s*\[claim:[^\]\n]*\])*"  # within a block: no blank line
_QUOTATION = "\u201c([^\u201c\u201d]*)\u201d|\"([^\"]*)\""
_SENTENCE_END = r"[.!?\u2026]+['\"\u2019\u201d)]*"
_BLOCK_BREAK = r"\n[ \t]*\n|\n(?=[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|\|))"
_NEXT = r"(\s*)(\S?)"
# Markdown code, HTML comments and tags: blanked out (same length) before parsing.
_MASKED = (
    r"(?ms)^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)"
    r"|(`+)[^`\n][^\n]*?\2(?!`)|`+"
    r"|<!--.*?(?:-->|\Z)"
    r"|</?[A-Za-z][^<>\n]*>")
_IGNORE = r"(?i)claimtrack:[ \t]*ignore(?:\[([A-Za-z0-9_, -]*)\])?"
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr gen gov sen rep lt col sgt capt cmdr adm inc co corp ltd "
    "vs no nos vol pp fig approx est dept univ e.g i.e cf al".split())
_DENIAL = (r"(?i)\b(?:den(?:y|ies|ied|ial|ials|ying)|disput\w*|reject\w*|refut\w*|"
           r"contest\w*|rebut\w*)\b")


class Citation:
    """A ``[claim:ID]`` token: the normalised id, the token, its offsets and sentence."""

    __slots__ = ("claim", "raw", "start", "end", "sentence")

    def __init__(self, claim: str, raw: str, start: int, end: int) -> None:
        self.claim, self.raw, self.start, self.end, self.sentence = claim, raw, start, end, -1

    def __repr__(self) -> str:
        return f"Citation({self.claim!r}, {self.start})"


class Quotation:
    """Text between double quotes; ``start`` is the opening mark's offset, ``end`` after the closing."""

    __slots__ = ("text", "start", "end", "sentence")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end, self.sentence = text, start, end, -1

    def __repr__(self) -> str:
        return f"Quotation({self.text!r}, {self.start})"


class Draft:
    """A parsed draft: its citations, quotations and sentences (offsets into ``text``).

    ``ignores`` maps a line number to the codes excused on it (None: all of them).
    """

    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text
        self.citations: list[Citation] = []
        self.quotations: list[Quotation] = []
        self.sentences: list[tuple[int, int]] = []
        self.ignores: dict[int, frozenset[str] | None] = {}
        self._lines: list[int] = []

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        if not self._lines:
            self._lines = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect_right(self._lines, offset)
        return line, offset - self._lines[line - 1] + 1

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]

    def ignored(self, line: int, code: str) -> bool:
        if line not in self.ignores:
            return False
        codes = self.ignores[line]
        return codes is None or code in codes


def parse_draft(text: str, path: str = "<draft>") -> Draft:
    """Find the citations, the quotations and the sentences they are in."""
    draft = Draft(path, text)
    if "[claim:" not in text and not CITATION.search(text):
        return draft  # the common case for a file without citations: nothing more to do
    masked = re.sub(_MASKED, _blank, text)
    draft.citations = [Citation(normalise_claim_id(m.group(1)), m.group(0), m.start(), m.end())
                       for m in CITATION.finditer(masked)]
    if not draft.citations:
        return draft
    for m in re.finditer(_IGNORE, text):
        line = text.count("\n", 0, m.start()) + 1
        codes = m.group(1)
        draft.ignores[line] = None if codes is None else frozenset(
            _code_of(c) for c in re.split(r"[,\s]+", codes) if c)
    blocks, pos = [], 0
    for m in re.finditer(_BLOCK_BREAK, masked):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(masked)))
    for start, end in blocks:
        if start >= end:
            continue
        quotes = [Quotation(m.group(1) if m.group(1) is not None else m.group(2) or "",
                            m.start(), m.end())
                  for m in re.compile(_QUOTATION).finditer(masked, start, end)]
        draft.quotations += quotes
        draft.sentences += _sentences(masked, start, end, quotes)
    starts = [s for s, _ in draft.sentences]
    for cite in draft.citations:
        cite.sentence = max(0, bisect_right(starts, cite.start) - 1)
    for quote in draft.quotations:
        quote.sentence = max(0, bisect_right(starts, quote.start) - 1)
    return draft


def _code_of(key: str) -> str:
    found = BY_CODE.get(key.upper()) or BY_NAME.get(key.lower())
    return found.code if found else key.upper()


def _blank(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def _sentences(text: str, start: int, end: int,
               quotes: Sequence[Quotation]) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``; citations after a full stop belong before it."""
    out, begin = [], start
    run, nxt = re.compile(_CITATION_RUN), re.compile(_NEXT)
    opens = [q.start for q in quotes]  # in order, never overlapping
    for m in re.compile(_SENTENCE_END).finditer(text, start, end):
        p, e = m.start(), m.end()
        i = bisect_right(opens, p - 1) - 1  # the last quotation opened before p
        if i >= 0 and p < quotes[i].end and e < quotes[i].end:
            continue  # a full stop inside a quotation does not end the sentence
        if text[p] == "." and _abbreviation(text, begin, p):
            continue
        boundary = run.match(text, e, end).end()  # type: ignore[union-attr]
        space, first = nxt.match(text, boundary, end).groups()  # type: ignore[union-attr]
        if first and (not space or not _starts_sentence(first)):
            continue  # "U.S. officials", "3.5", a lower-case word: not a new sentence
        out.append((begin, boundary))
        begin = boundary
    if begin < end:
        out.append((begin, end))
    return out


def _abbreviation(text: str, begin: int, p: int) -> bool:
    before = text[max(begin, p - 24):p]  # the word before the full stop, not the whole sentence
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    word = word.lstrip("(\"'\u201c\u2018").lower()
    return word in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word))


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in "\"'\u201c\u2018([*_"


def read_draft(path: str) -> Draft:
    """Read and parse one draft; a file that cannot be read raises ``ValueError`` (one line)."""
    p = Path(path)
    if p.is_dir():
        raise ValueError(f"{path} is a folder: give the draft files to check")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except OSError as e:
        raise ValueError(f"{path}: cannot read ({e.strerror or e})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"{path} is not UTF-8 text (invalid byte 0x{data[e.start]:02x} at "
                         f"offset {e.start})") from None
    return parse_draft(text, path)


# -- the database -------------------------------------------------------------------

CLAIM_FIELDS = ("id", "source", "quote", "status", "status_reason", "anchor_status",
                "strength", "attributed_to", "denied_by", "span_start")


def connect(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """Open a claimtrack database read-only (the check never writes)."""
    from .readonly import open_readonly

    p = Path(path)
    if p.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file")
    if not p.exists():
        raise DatabaseError(
            f"no database at {path}: give --db PATH, set CLAIMTRACK_DB, or set db in "
            "[tool.claimtrack] (pyproject.toml) or .claimtrack.toml")
    try:
        conn = open_readonly(p)  # leaves no -wal/-shm beside it
        conn.execute("SELECT id FROM claims LIMIT 0")
    except sqlite3.DatabaseError as e:
        raise DatabaseError(f"{path} is not a claimtrack database ({e})") from None
    return conn


def load_claims(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The claims with these ids, with ``corroborated`` for anonymous ones.

    An anonymous claim is corroborated when a linked claim (``same`` or
    ``supports``) rests on a named party or another outlet's reporting.
    """
    wanted = sorted(set(ids))
    claims: dict[str, dict[str, Any]] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        rows = conn.execute(
            f"SELECT {', '.join(CLAIM_FIELDS)} FROM claims WHERE id IN "
            f"({', '.join('?' * len(chunk))})", chunk).fetchall()
        for row in rows:
            claim = dict(zip(CLAIM_FIELDS, row, strict=True))
            denied = claim["denied_by"]
            claim["denied_by"] = [] if denied in (None, "", "[]") else _json_list(denied)
            claim["corroborated"] = False
            claims[claim["id"]] = claim
    anonymous = [c for c in claims.values() if c["strength"] == "anonymous"]
    if anonymous:
        try:
            rows = conn.execute(
                "SELECT l.a, l.b FROM links l JOIN claims x ON x.id = l.a JOIN claims y"
                " ON y.id = l.b WHERE l.status = 'linked' AND l.relation IN ('same', 'supports')"
                " AND (x.strength IN ('named', 'reported') OR y.strength IN ('named', 'reported'))"
            ).fetchall()
        except sqlite3.OperationalError:
            rows = []  # no links table: nothing corroborates
        # An anonymous claim in such a pair has a named or reported partner.
        linked = {a for a, _ in rows} | {b for _, b in rows}
        for c in anonymous:
            c["corroborated"] = c["id"] in linked
    return claims


def _json_list(text: str) -> list[str]:
    import json

    return list(json.loads(text))


def database_path(db: str | os.PathLike[str] | None) -> str:
    """``db``, else CLAIMTRACK_DB, else ``claims.db``."""
    return str(db) if db else os.environ.get("CLAIMTRACK_DB") or "claims.db"


# -- checking drafts ----------------------------------------------------------------


def check_files(paths: Sequence[str], *, db: str | os.PathLike[str] | None = None,
                severity: Mapping[str, str] | None = None) -> Report:
    """Check the citations in each draft against the database ``db``.

    A file that cannot be read is noted in ``Report.problems`` and the others
    are still checked.  The database is opened only if some draft cites a claim.
    """
    report = Report("drafts")
    drafts = []
    for path in paths:
        try:
            drafts.append(read_draft(path))
        except ValueError as e:
            report.problems.append(str(e))
    return check_drafts(drafts, db=db, severity=severity, report=report)


def check_drafts(drafts: Sequence[Draft], *, db: str | os.PathLike[str] | None = None,
                 severity: Mapping[str, str] | None = None,
                 report: Report | None = None) -> Report:
    """Check parsed drafts (see :func:`parse_draft`)."""
    report = report or Report("drafts")
    sev = dict(severity or severities())
    report.files += len(drafts)
    report.citations += sum(len(d.citations) for d in drafts)
    ids = {c.claim for d in drafts for c in d.citations}
    if not ids:
        return report
    conn = connect(database_path(db))
    try:
        claims = load_claims(conn, ids)
    finally:
        conn.close()
    for draft in drafts:
        report.findings += _check_draft(draft, claims, sev)
    return report


def _check_draft(draft: Draft, claims: Mapping[str, dict[str, Any]],
                 sev: Mapping[str, str]) -> list[Finding]:
    found: list[Finding] = []

    def emit(code: str, offset: int, message: str, claim: str | None, **extra: Any) -> None:
        severity = sev[code]
        if severity == "off":
            return
        line, col = draft.position(offset)
        if not draft.ignored(line, code):
            found.append(Finding(draft.path, line, col, code, severity, message, claim, extra))

    for cite in draft.citations:
        claim = claims.get(cite.claim)
        cid = cite.claim
        if claim is None:
            what = f"unknown claim {cite.raw[1:-1].split(':', 1)[1].strip()!r}" if cid else \
                "empty claim id"
            emit("CT101", cite.start, what, cid or None)
            continue
        if claim["status"] == "retracted":
            reason = f": {claim['status_reason']}" if claim.get("status_reason") else ""
            emit("CT102", cite.start, f"claim {cid} is retracted{reason}", cid)
        if claim["anchor_status"] in ("changed", "orphaned"):
            emit("CT103", cite.start, f"claim {cid}'s quote is {claim['anchor_status']} in "
                 f"source {claim['source']!r}: check it there before citing it", cid)
        if claim["strength"] == "anonymous" and not claim["corroborated"]:
            who = f" ({claim['attributed_to']})" if claim.get("attributed_to") else ""
            emit("CT201", cite.start, f"claim {cid} rests only on an anonymous source{who}", cid)
        if claim["denied_by"] and not _mentions_denial(draft.sentence_text(cite.sentence),
                                                       claim["denied_by"]):
            emit("CT202", cite.start, f"claim {cid} is denied by {_and(claim['denied_by'])}; "
                 "the sentence does not mention the denial", cid)
    by_sentence: dict[int, list[Citation]] = {}
    for cite in draft.citations:
        if cite.claim in claims:
            by_sentence.setdefault(cite.sentence, []).append(cite)
    for quote in draft.quotations:
        cited = by_sentence.get(quote.sentence, [])
        if not cited or not quote.text.strip():
            continue
        if any(quotation_matches(quote.text, claims[c.claim]["quote"]) for c in cited):
            continue
        from .quotediff import looks_quoted_from

        if not any(looks_quoted_from(quote.text, claims[c.claim]["quote"]) for c in cited):
            continue  # scare quotes ("bombshell"), not a quotation of the cited claim
        after = [c for c in cited if c.start >= quote.end]
        nearest = after[0] if after else cited[-1]
        claim = claims[nearest.claim]
        correct = closest_passage(quote.text, claim["quote"])
        diff = _word_diff(quote.text, correct)
        emit("CT104", quote.start,
             f"quotation does not match claim {claim['id']}: {diff}; the source says: "
             f"\"{correct}\"", claim["id"], quotation=quote.text, expected=correct, diff=diff)
    found.sort(key=lambda f: (f.line, f.col, f.code))
    return found


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _mentions_denial(sentence: str, parties: Sequence[str]) -> bool:
    """Whether a sentence mentions a denial, or one of the denying parties by name."""
    sentence = CITATION.sub(" ", sentence)
    if re.search(_DENIAL, sentence):
        return True
    folded = " ".join(sentence.split()).casefold()
    return any(re.search(rf"(?<!\w){re.escape(' '.join(p.split()).casefold())}(?!\w)", folded)
               for p in parties)


# -- comparing quotations -------------------------------------------------------------

_DOUBLE_QUOTES = "[\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033]"
_EDGE = " \t\n.,;:!?"
# The commonest typographic variants, for a quick literal test before anchoring's fold.
_QUICK = str.maketrans({"\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-"})


def _prepare(text: str) -> str:
    """A quotation ready for containment: nested double quotes as single, no emphasis marks,
    no punctuation at either end (a leading or trailing ``...`` omits nothing that matters)."""
    return re.sub(_DOUBLE_QUOTES, "'", text).replace("*", "").replace("_", "").strip(_EDGE)


def quotation_matches(quotation: str, claim_quote: str) -> bool:
    """Whether a draft's quotation is the claim's quote or a part of it.

    The comparison is that of :func:`claimtrack.text.anchoring.find_spans` (typography,
    then case, brackets and ``...`` for omitted words), with double quotes
    nested in the quotation read as single ones and the end punctuation free.
    """
    needle, haystack = _prepare(quotation), _prepare(claim_quote)
    if not needle.strip(" .'"):
        return True
    if _quick(needle) in _quick(haystack):
        return True  # the usual case, and anchoring's fold would agree: no need to load it
    from ..text.anchoring import find_spans

    _mode, spans = find_spans(haystack, needle)
    return bool(spans)


def _quick(text: str) -> str:
    return " ".join(text.translate(_QUICK).split()).lower()


def closest_passage(quotation: str, claim_quote: str) -> str:
    """The words of ``claim_quote`` that ``quotation`` tried to quote (all of it if unclear)."""
    from difflib import SequenceMatcher

    words = [m for m in re.finditer(r"\S+", claim_quote)]
    key = [_word_key(m.group(0)) for m in words]
    draft = [_word_key(w) for w in quotation.split() if w not in ("...", "\u2026")]
    blocks = [b for b in SequenceMatcher(None, key, draft, autojunk=False).get_matching_blocks()
              if b.size]
    if not blocks or sum(b.size for b in blocks) * 3 < len(draft):
        return claim_quote
    lo = max(0, blocks[0].a - blocks[0].b)
    hi = min(len(words), blocks[-1].a + blocks[-1].size + (len(draft) - blocks[-1].b
                                                           - blocks[-1].size))
    passage = claim_quote[words[lo].start():words[hi - 1].end()]
    return passage.strip("\"'\u201c\u201d\u2018\u2019 ")


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    from ..text.anchoring import fold

    return fold(word, caseless=True).text.strip(".,;:!?'\"()[]*_")


def _word_diff(draft: str, source: str) -> str:
    """``[-draft words-]{+source words+}`` (:func:`claimtrack.check.quotediff.quotation_diff`)."""
    from .quotediff import quotation_diff

    return quotation_diff(draft.strip(_EDGE), source.strip(_EDGE))


# -- checking the database --------------------------------------------------------------


def check_database(db: str | os.PathLike[str] | None = None, *,
                   severity: Mapping[str, str] | None = None) -> Report:
    """Check every source file against its stored text and every active claim's anchor."""
    sev = dict(severity or severities())
    path = database_path(db)
    conn = connect(path)
    root = Path(path).resolve().parent
    report = Report("database")
    try:
        sources = conn.execute("SELECT key, path, sha256, text FROM sources ORDER BY key").fetchall()
        claims = conn.execute(
            "SELECT id, source, quote, prefix, suffix, span_start, anchor_status FROM claims"
            " WHERE status = 'active' ORDER BY seq").fetchall()
    finally:
        conn.close()
    by_source: dict[str, list[tuple[Any, ...]]] = {}
    for row in claims:
        by_source.setdefault(row[1], []).append(row)
    report.files, report.citations = len(sources), len(claims)

    from ..text.anchoring import line_col as _line_col  # database mode only: off the hook's path

    def emit(code: str, where: str, text: str, offset: int, message: str,
             claim: str | None = None, **extra: Any) -> None:
        if sev[code] != "off":
            line, col = _line_col(text, offset)
            report.findings.append(Finding(where, line, col, code, sev[code], message, claim,
                                           extra))

    for key, rel, sha256, stored in sources:
        ours = by_source.get(key, [])
        where = _display(root / rel) if rel else f"<source {key}>"
        for cid, _src, _quote, _p, _s, start, status in ours:
            if status in ("changed", "orphaned"):
                emit("CT103", where, stored, start,
                     f"claim {cid}'s quote is stored as {status} in source {key!r}", cid)
        if not rel:
            continue
        file = root / rel
        try:
            data = file.read_bytes()
        except OSError as e:
            why = "missing" if isinstance(e, FileNotFoundError) else f"unreadable ({e.strerror})"
            emit("CT301", where, "", 0, f"source {key!r}: its file is {why}")
            continue
        import hashlib

        if hashlib.sha256(data).hexdigest() == sha256:
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            emit("CT301", where, "", 0, f"source {key!r}: its file is no longer UTF-8 text")
            continue
        first = next((i for i, (a, b) in enumerate(zip(stored, text, strict=False)) if a != b),
                     min(len(stored), len(text)))
        results = {cid: _reanchor(text, quote, prefix, suffix, start, stored)
                   for cid, _src, quote, prefix, suffix, start, status in ours
                   if status not in ("changed", "orphaned")}  # those are CT103 above
        fates = [r.status for r in results.values()]
        counts = ", ".join(f"{fates.count(s)} {s}" for s in ("moved", "changed", "orphaned")
                           if s in fates)
        emit("CT302", where, text, first,
             f"source {key!r}: the file differs from the stored text from here on"
             f"{f' (quotes: {counts})' if counts else ''}; record the new version with "
             f"'claimtrack source refresh {key} {where}'")
        for cid, _src, quote, _prefix, _suffix, start, _status in ours:
            if cid not in results:
                continue
            result = results[cid]
            if result.status == "changed":
                emit("CT303", where, text, result.start,
                     f"claim {cid}'s quote changed in the file: {result.diff}", cid,
                     diff=result.diff, expected=quote, found=result.text)
            elif result.status == "orphaned":
                emit("CT304", where, stored, start,
                     f"claim {cid}'s quote is no longer in the file (it was at line "
                     f"{_line_col(stored, start)[0]} of the stored text)", cid, expected=quote)
            elif result.status == "moved":
                emit("CT305", where, text, result.start,
                     f"claim {cid}'s quote moved (it was at line {_line_col(stored, start)[0]})",
                     cid)
    report.findings.sort(key=lambda f: (f.path, f.line, f.col, f.code))
    return report


def _reanchor(text: str, quote: str, prefix: str, suffix: str, start: int, old: str) -> Any:
    from ..text.reanchor import reanchor

    return reanchor(text, quote, prefix, suffix, start, old_text=old)


def _display(path: Path) -> str:
    """A path relative to the current folder when it is under it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
