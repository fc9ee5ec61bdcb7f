"""Check codes (CT101 ...), their severities, and what a check found (findings and a report).

Standard library only: this runs on every commit.
"""

from __future__ import annotations

from ..errors import UsageError

TYPE_CHECKING = False  # typing costs more to import than this module
if TYPE_CHECKING:
    from collections.abc import Mapping
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
    Code("CT105", "unreadable", "error",
         "A `[claim:...]` citation holds something other than claim ids (`[claim:c12]`, or a "
         "list: `[claim:c12, c14]`, `[claim:c12; claim:c14]`); the text is shown, and none of "
         "its ids are checked."),
    Code("CT201", "anonymous", "warning",
         "The claim rests only on an anonymous source (no linked claim names one)."),
    Code("CT202", "denied", "warning",
         "The claim was denied by a party, and the citing sentence mentions neither a "
         "denial (deny, denied, dispute, rejected, ...) nor that party."),
    Code("CT203", "unclosed", "warning",
         "A `[claim:` has no closing `]` before the end of its paragraph: it is not read as "
         "a citation, and nothing in it is checked."),
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
    """The table of codes for docs/check-codes.md (between its ``codes`` markers)."""
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
