"""Checking drafts: their ``[claim:ID]`` citations and quotations against the database.

A writer cites a claim in a Markdown or plain-text draft as ``[claim:c12]``
(``[claim:12]`` and ``[claim:C12]`` work too), and several as a list, as pandoc
does: ``[claim:c12, c14]``, ``[claim:c12; claim:c14]``, ``[claim:c12 c14]`` (each
id of a list is a citation of its own).  A ``[claim:...]`` holding anything else
is an error naming it (CT105), a ``[claim:`` never closed a warning (CT203): a
citation is never skipped unread.  :func:`check_files` reads the drafts and
reports, for each citation:

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
``[claim:ID]`` token (of the id for the second and later ids of a list, of the
word that cannot be read for CT105), or of the opening quotation mark for CT104.
A line holding ``claimtrack: ignore`` (or ``claimtrack: ignore[CT104,CT201]``),
usually in an HTML comment, suppresses the findings reported on it.

Speed matters: this runs on every commit.  The module needs only the
standard library and :mod:`claimtrack.text.anchoring`; it reads the database with
plain ``sqlite3`` in read-only mode, and imports :mod:`claimtrack.text.reanchor`
only to describe a misquotation or to re-anchor a changed source file.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path

from ..ids import normalise_claim_id
from .codes import BY_CODE, BY_NAME, Finding, Report, severities
from .database import connect, database_path, load_claims
from .quotations import closest_passage, likeness, quotation_diff, quotation_matches

TYPE_CHECKING = False  # typing, dataclasses and anchoring cost more to import than sqlite3
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any

# -- reading drafts -----------------------------------------------------------------

# A citation is ``[claim:`` and its text up to the closing ``]``: no bracket in it (so the
# pattern is linear), no blank line (a ``[claim:`` left open ends with its paragraph).
# Group 1 is the text, group 2 the closing ``]`` (None: left open).  The one parser of
# citations: :func:`_read_citation` reads the text as a list of claim ids.
_CITATION_TEXT = r"(?:[^\[\]\n]|\n(?![ \t]*\n))*"
CITATION = re.compile(rf"\[claim:({_CITATION_TEXT})(\])?", re.IGNORECASE)
# The patterns below are compiled on first use (``re`` caches them): a draft
# without citations, the common case in a commit, never needs them.
_CITATION_RUN = rf"(?i)(?:\s*\[claim:{_CITATION_TEXT}\])*"  # within a block: no blank line
# The ids of a citation, separated by commas, semicolons or spaces, each with an optional
# ``claim:`` (pandoc's ``[@a; @b]``): ``[claim:c1, c2]``, ``[claim:c1; claim:c2]``.
_CITATION_ITEM = r"(?i)(?:claim:\s*)?[^\s,;]+"
_CLAIM_ID = r"c[0-9]+"
SHOWN_CHARS = 60  # of a citation that cannot be read, in its message
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
    """One claim id of a ``[claim:...]`` citation: the normalised id, the citation's text
    (``raw``), the id as typed, its offsets and sentence.

    ``start`` is where findings about it are reported: the citation's ``[`` for its first
    id, the id itself (its ``claim:`` if typed) for the others of a list; ``end`` is the
    end of the id.
    """

    __slots__ = ("claim", "raw", "start", "end", "sentence", "typed", "token")

    def __init__(self, claim: str, raw: str, start: int, end: int, typed: str = "",
                 token: int = -1) -> None:
        self.claim, self.raw, self.start, self.end, self.sentence = claim, raw, start, end, -1
        self.typed = typed or claim
        self.token = start if token < 0 else token  # where its citation's "[" is

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
    ``unread`` holds the citations that could not be read, ``(code, offset, message, text)``
    (CT105 for a ``[claim:...]`` that is not a list of claim ids, CT203 for a ``[claim:``
    never closed); none of their ids are checked.
    """

    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text
        self.citations: list[Citation] = []
        self.unread: list[tuple[str, int, str, str]] = []
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
    for m in CITATION.finditer(masked):
        _read_citation(draft, m)
    if not draft.citations and not draft.unread:
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


def _read_citation(draft: Draft, m: re.Match[str]) -> None:
    """Read one match of :data:`CITATION` into ``draft.citations``, or ``draft.unread``.

    Its text is a list of claim ids (``c12``, ``C12``, ``12``, each with an optional
    ``claim:``) separated by commas, semicolons or spaces; ``[claim:]`` is one empty id
    (CT101).  Anything else in it makes the whole citation unreadable (CT105, reported at
    the first word that is not a claim id); a ``[claim:`` never closed is CT203.
    """
    raw, body = m.group(0), m.group(1)
    if m.group(2) is None:
        line = raw.split("\n", 1)[0].rstrip()[:200]
        draft.unread.append(("CT203", m.start(), f"citation {_shown(line)} has no closing ']' "
                             "before the end of its paragraph: it is not checked", line))
        return
    items = list(re.finditer(_CITATION_ITEM, body))
    if not items:
        draft.citations.append(Citation("", raw, m.start(), m.end()))
        return
    read = []
    for item in items:
        typed = re.sub(r"(?i)^claim:\s*", "", item.group())
        claim = normalise_claim_id(typed)
        if not re.fullmatch(_CLAIM_ID, claim):
            what = f"{typed!r} is not a claim id" if typed else \
                f"{item.group().strip()!r} names no claim"
            draft.unread.append(("CT105", m.start(1) + item.start(), (
                f"cannot read citation {_shown(raw)}: {what} (write [claim:c12] or "
                "[claim:c12, c14]); none of its ids are checked"), raw))
            return
        read.append(Citation(claim, raw, m.start(1) + item.start(), m.start(1) + item.end(),
                             typed, m.start()))
    read[0].start = m.start()
    draft.citations += read


def _shown(raw: str) -> str:
    """A citation as typed, in quotes, cut to :data:`SHOWN_CHARS` characters."""
    raw = " ".join(raw.split())
    return repr(raw if len(raw) <= SHOWN_CHARS else raw[:SHOWN_CHARS - 3] + "...")


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


#: Drafts over this size are refused (a draft is an article, not a data dump).
MAX_DRAFT_BYTES = 50 * 1024 * 1024


def read_draft(path: str) -> Draft:
    """Read and parse one draft; a file that cannot be read raises ``ValueError`` (one line)."""
    from ..files import FileTooLarge, NotRegularFile, read_bounded

    p = Path(path)
    if p.is_dir():
        raise ValueError(f"{path} is a folder: give the draft files to check")
    try:
        data = read_bounded(p, MAX_DRAFT_BYTES)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except (NotRegularFile, FileTooLarge) as e:
        raise ValueError(f"{path}: {e.strerror}") from None
    except OSError as e:
        raise ValueError(f"{path}: cannot read ({e.strerror or e})") from None
    from ..text.utf8 import decode

    return parse_draft(decode(data, path), path)


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
    claims: dict[str, dict[str, Any]] = {}
    if ids:  # citations that could not be read need no database
        conn = connect(database_path(db))
        try:
            claims = load_claims(conn, ids)
        finally:
            conn.close()
    for draft in drafts:
        if draft.citations or draft.unread:
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

    for code, offset, message, raw in draft.unread:
        emit(code, offset, message, None, citation=raw)
    for cite in draft.citations:
        claim = claims.get(cite.claim)
        cid = cite.claim
        if claim is None:
            what = f"unknown claim {cite.typed!r}" if cid else "empty claim id"
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
    _check_quotations(draft, claims, emit)
    found.sort(key=lambda f: (f.line, f.col, f.code))
    return found


def _check_quotations(draft: Draft, claims: Mapping[str, dict[str, Any]],
                      emit: Callable[..., None]) -> None:
    """CT104: each quotation against the claims its sentence cites."""
    by_sentence: dict[int, list[Citation]] = {}
    for cite in draft.citations:
        if cite.claim in claims:
            by_sentence.setdefault(cite.sentence, []).append(cite)
    # Per sentence: its cited claims once each, and where its citations start (in order),
    # so a sentence with thousands of quotations and citations costs their sum, not product.
    distinct = {s: list(dict.fromkeys(c.claim for c in cs)) for s, cs in by_sentence.items()}
    starts = {s: [c.start for c in cs] for s, cs in by_sentence.items()}
    for quote in draft.quotations:
        cited = by_sentence.get(quote.sentence, [])
        if not cited or not quote.text.strip():
            continue
        if any(_matches_once(quote.text, claims[cid]["quote"])
               for cid in distinct[quote.sentence]) or \
                _not_a_misquote(quote.text, [claims[cid]["quote"] for cid in distinct[quote.sentence]]):
            continue
        at = bisect_left(starts[quote.sentence], quote.end)
        nearest = cited[at] if at < len(cited) else cited[-1]
        claim = claims[nearest.claim]
        listed = [c.claim for c in cited if c.token == nearest.token]
        if len(listed) > 1:  # the nearest citation is a list: the claim the quotation is most like
            claim = claims[max(listed, key=lambda cid: likeness(quote.text, claims[cid]["quote"]))]
        correct = closest_passage(quote.text, claim["quote"])
        diff = quotation_diff(quote.text, correct)
        emit("CT104", quote.start,
             f"quotation does not match claim {claim['id']}: {diff}; the source says: "
             f"\"{correct}\"", claim["id"], quotation=quote.text, expected=correct, diff=diff)


def _not_a_misquote(quotation: str, quotes: Sequence[str]) -> bool:
    """The quotation is (part of) a cited claim's quote, or scare quotes ("bombshell")
    that do not look like a quotation of any of them."""
    from .quotations import looks_quoted_from

    return any(quotation_matches(quotation, q) for q in quotes) or \
        not any(looks_quoted_from(quotation, q) for q in quotes)


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _mentions_denial(sentence: str, parties: Sequence[str]) -> bool:
    """Whether a sentence mentions a denial, or one of the denying parties by name."""
    sentence = CITATION.sub(lambda m: " " if m.group(2) else m.group(0), sentence)
    if re.search(_DENIAL, sentence):
        return True
    folded = " ".join(sentence.split()).casefold()
    return any(re.search(rf"(?<!\w){re.escape(' '.join(p.split()).casefold())}(?!\w)", folded)
               for p in parties)


@lru_cache(maxsize=4096)
def _matches_once(quotation: str, claim_quote: str) -> bool:
    """:func:`quotation_matches`, each (quotation, quote) once."""
    return quotation_matches(quotation, claim_quote)
