"""Every table's columns and every vocabulary, declared once.

The listings (``claimtrack claim list -f json``), the exports (``claimtrack export claims -f
json``), the import's validation, the store's queries and the documentation
(``docs/export-columns.md``) all read the columns from here, so they cannot disagree:
a column marked ``export`` (a source's full ``text``, a claim's ``history``) is left out of
listings, one marked ``listing`` (a source's ``chars``) is computed for people and not
exchanged.

The vocabularies (attribution strengths, statuses, relations, kinds) and the output
:class:`Format` live here too.  Standard library only, and nothing heavier than
``enum`` and ``typing``, which ``--help`` loads anyway (no ``dataclasses``: it would
add to every command's start-up).
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from .errors import UsageError

# -- vocabularies ------------------------------------------------------------------------

#: Attribution strength, strongest first (:mod:`claimtrack.attribution`).
STRENGTHS = ("named", "reported", "anonymous", "unattributed")
#: Where a claim's quote stands in its source (:mod:`claimtrack.text.reanchor`).
ANCHOR_STATUSES = ("anchored", "moved", "changed", "orphaned")
CLAIM_STATUSES = ("active", "retracted")
#: How two linked claims relate, and where a link stands (:mod:`claimtrack.matching.links`).
RELATIONS = ("same", "supports", "contradicts")
LINK_STATUSES = ("linked", "suggested", "rejected")
DECIDERS = ("matcher", "person")
#: Kinds of contradiction, most specific first (:mod:`claimtrack.contradictions`).
CONTRADICTION_KINDS = ("explicit", "denial", "misattribution", "quantity", "polarity",
                       "refutation")


# -- output formats ----------------------------------------------------------------------


class Format(StrEnum):
    """Every output format.  ``nl`` is newline-delimited JSON; ``ndjson`` is accepted for it."""

    table = "table"
    json = "json"
    csv = "csv"
    nl = "nl"
    markdown = "markdown"
    claimreview = "claimreview"
    annotation = "annotation"


#: Other names accepted for a format (never shown in help).
FORMAT_ALIASES = {"ndjson": "nl", "jsonl": "nl"}
#: What each kind of command offers.
LISTING_FORMATS = ("table", "json", "csv", "nl")
REPORT_FORMATS = ("table", "markdown", "json", "csv", "nl")
DATA_FORMATS = ("csv", "json", "nl")
CLAIM_FORMATS = ("claimreview", "annotation")
EXPORT_FORMATS = DATA_FORMATS + CLAIM_FORMATS


def format_name(name: str, choices: tuple[str, ...] = tuple(Format)) -> str:
    """The canonical name of a format (``ndjson`` -> ``nl``), or a UsageError."""
    canonical = FORMAT_ALIASES.get(name.lower(), name.lower())
    if canonical not in choices:
        raise UsageError(f"unknown format {name!r}: use one of {', '.join(choices)}")
    return canonical


# -- columns -----------------------------------------------------------------------------

BOTH, EXPORT, LISTING = "both", "export", "listing"


class Col(NamedTuple):
    """One documented column: its name, its type, whether import needs it, what it holds, and
    where it appears."""

    name: str
    type: str
    description: str
    required: bool = False
    #: ``both`` (listings and exports), ``export`` (too big for a listing) or ``listing``
    #: (computed for people, not exchanged).
    where: str = "both"


#: Column types, as the README explains them.
TYPES = {
    "text": "a string; an empty CSV cell is null",
    "string": "a string; an empty CSV cell is the empty string",
    "integer": "a whole number",
    "number": "a decimal number; empty is null",
    "list": "a list of strings; in CSV joined with `; ` (and split at `;` on import)",
    "json": "JSON: a list of objects in JSON and NDJSON, JSON text in CSV",
    "date": "`YYYY-MM-DD`; empty is null",
    "timestamp": "ISO 8601 in UTC; empty on import means the time of the import",
}

SOURCE_COLUMNS: tuple[Col, ...] = (
    Col("key", "text", "Short key claims refer to, e.g. `vox-putin`.", True),
    Col("title", "text", "Headline."),
    Col("outlet", "text", "Publication, e.g. `Vox`."),
    Col("authors", "list", "Authors of the piece."),
    Col("url", "text", "Where it was published."),
    Col("published", "date", "Publication date."),
    Col("path", "text", "The file it was read from, relative to the database's folder."),
    Col("sha256", "text", "SHA-256 of the file; computed from `text` when empty."),
    Col("version", "integer", "Version of the text: 1, plus one per refresh; 1 when empty."),
    Col("chars", "integer", "Length of the text in characters.", where=LISTING),
    Col("claims", "integer", "How many claims quote it.", where=LISTING),
    Col("added_at", "timestamp", "When the source was added."),
    Col("updated_at", "timestamp", "When its text or metadata last changed."),
    Col("text", "string", "The full text; claim spans are offsets into it.", True, where=EXPORT),
    Col("versions", "json", "Earlier texts: `[{version, sha256, text, path, replaced_at}]`.",
        where=EXPORT),
)

CLAIM_COLUMNS: tuple[Col, ...] = (
    Col("id", "text", "Stable id, `c` and a number (`c12`); kept on import.", True),
    Col("source", "text", "Key of the source the quote is in.", True),
    Col("quote", "string", "The source's exact words: `text[span_start:span_end]` (of the "
        "`anchor_version` text when given).", True),
    Col("statement", "string", "The claim in plain words; the quote when empty."),
    Col("span_start", "integer", "Offset of the quote's first character (Unicode code points).",
        True),
    Col("span_end", "integer", "Offset just after the quote's last character.", True),
    Col("prefix", "string", "Up to 32 characters before the quote; computed when the column "
        "is absent."),
    Col("suffix", "string", "Up to 32 characters after the quote; computed when the column "
        "is absent."),
    Col("elisions", "json", "What the quote as typed leaves out of its span (words cut with "
        "`...`, an attribution between quotation marks): `[[start, end], ...]`, offsets into "
        "`quote`; `[]` when nothing."),
    Col("strength", "text", "Attribution: `named`, `reported`, `anonymous` or `unattributed`.",
        True),
    Col("attributed_to", "text", "Who the claim rests on; empty when unattributed."),
    Col("via", "list", "The outlets the source came through, nearest the origin first "
        "(`--reported-by` beside `--named` or `--anonymous`)."),
    Col("denied_by", "list", "Parties that denied the claim."),
    Col("declined", "list", "Parties that declined to comment."),
    Col("about", "list", "Who or what the claim is about."),
    Col("status", "text", "`active` or `retracted`; `active` when empty."),
    Col("status_reason", "text", "Why it was retracted."),
    Col("anchor_status", "text", "`anchored`, `moved`, `changed` or `orphaned`; `anchored` "
        "when empty."),
    Col("anchor_score", "number", "Similarity of a re-anchored quote."),
    Col("anchor_diff", "text", "How a re-anchored quote's words changed."),
    Col("anchor_version", "integer", "For an orphaned claim, the source version its span "
        "indexes (see `versions`); empty for the current text."),
    Col("created_at", "timestamp", "When the claim was added."),
    Col("updated_at", "timestamp", "When it last changed."),
    Col("history", "json", "Every version: `[{version, action, note, data, changed_at}]`; "
        "one `import` version when empty.", where=EXPORT),
)

LINK_COLUMNS: tuple[Col, ...] = (
    Col("a", "text", "The claim with the lower id (as text: `c10` sorts before `c9`).", True),
    Col("b", "text", "The other claim.", True),
    Col("relation", "text", "`same`, `supports` or `contradicts`.", True),
    Col("status", "text", "`linked`, `suggested` or `rejected`.", True),
    Col("score", "number", "The matcher's score."),
    Col("method", "text", "How the link was found.", True),
    Col("decided_by", "text", "`matcher` or `person`.", True),
    Col("note", "text", "Why."),
    Col("created_at", "timestamp", "When the link was made."),
    Col("updated_at", "timestamp", "When it last changed."),
)

DISMISSAL_COLUMNS: tuple[Col, ...] = (
    Col("item", "text", "The contradiction dismissed, e.g. `x-1a2b3c` (see "
        "`claimtrack contradictions`).", True),
    Col("kind", "text", "Its kind: `explicit`, `denial`, `misattribution`, `quantity`, "
        "`polarity` or `refutation`.", True),
    Col("claim_a", "text", "Its first claim.", True),
    Col("claim_b", "text", "Its second claim.", True),
    Col("reason", "string", "Why it is not a contradiction.", True),
    Col("dismissed_at", "timestamp", "When it was dismissed."),
)

GROUP_COLUMNS: tuple[Col, ...] = (
    Col("group", "text", "The group's id: `g` and the number of its first claim."),
    Col("claims", "list", "Ids of the claims joined by `same` or `supports` links."),
    Col("sources", "list", "Keys of the sources that carry them."),
    Col("strongest", "text", "The strongest attribution among them."),
    Col("strongest_claim", "text", "The claim with that attribution."),
    Col("independent_sources", "integer", "How many independent origins (outlets or "
        "speakers) the claims rest on."),
    Col("origins", "list", "Those origins."),
    Col("statement", "string", "The first claim's statement."),
)

CONTRADICTION_COLUMNS: tuple[Col, ...] = (
    Col("item", "text", "Stable id of the item, e.g. `x-1a2b3c`."),
    Col("kind", "text", "`explicit`, `denial`, `misattribution`, `quantity`, `polarity` or "
        "`refutation`."),
    Col("claims", "list", "The two claims."),
    Col("reason", "string", "Why they cannot both be right."),
    Col("clash", "list", "The words that clash, as written (a refutation: its refuting words)."),
    Col("status", "text", "`open` or `dismissed`."),
    Col("dismissed_reason", "text", "Why it was dismissed."),
    Col("a_source", "text", "The first claim's source."),
    Col("a_quote", "string", "The first claim's quote."),
    Col("a_strength", "text", "The first claim's attribution strength."),
    Col("b_source", "text", "The second claim's source."),
    Col("b_quote", "string", "The second claim's quote."),
    Col("b_strength", "text", "The second claim's attribution strength."),
    Col("a_said_by", "text", "Who the first claim rests on, in words: `Elon Musk (on the "
        "record)`, `reported by Wall Street Journal`, `anonymous: a former official` or "
        "`Vox (its own words)`."),
    Col("b_said_by", "text", "Who the second claim rests on, in words."),
    Col("a_stance", "text", "The first claim's stance: `asserts`, `denies`, `reports` or "
        "`hedges`, with its cue words in brackets."),
    Col("b_stance", "text", "The second claim's stance, as `a_stance`."),
)
REPORT_COLUMNS: tuple[Col, ...] = (
    Col("id", "text", "The claim's id."),
    Col("outlet", "text", "The outlet of its source."),
    Col("source", "text", "The source's key."),
    Col("source_title", "text", "The source's headline, on one line."),
    Col("url", "text", "Where the source was published."),
    Col("published", "date", "When."),
    Col("quote", "string", "The quote, on one line (line breaks and runs of spaces as one "
        "space)."),
    Col("attribution", "text", "Who the claim rests on, in words: `Elon Musk (on the "
        "record)`, `reported by Wall Street Journal`, `anonymous: a former official` or "
        "`Vox (its own words)`."),
    Col("stance", "text", "The claim's stance, where the database records one; else read "
        "from its words: `asserts`, `denies`, `reports` or `hedges`, with its cue words."),
    Col("denied_by", "list", "Parties that denied it."),
    Col("declined", "list", "Parties that declined to comment."),
    Col("status", "text", "`active` or `retracted`."),
    Col("group", "text", "Its claim group (see `groups`); empty when it stands alone."),
    Col("group_independent_sources", "integer", "Independent origins in that group."),
    Col("open_contradictions", "list", "Keys of the open contradictions it takes part in "
        "(see `contradictions`)."),
)

PARTY_COLUMNS: tuple[Col, ...] = (
    Col("name", "text", "The party's canonical name."),
    Col("kind", "text", "`person`, `organisation`, `outlet` or `anonymous` (guessed from how "
        "the name was typed unless a person said, `claimtrack party kind`)."),
    Col("aliases", "list", "Its other spellings: every name as typed in claims that refers "
        "to it, and the aliases a person gave."),
    Col("member_of", "list", "The parties it speaks for (`claimtrack party member`)."),
    Col("members", "list", "The parties that speak for it."),
    Col("claims", "integer", "How many claims name it (said, relayed, denied or declined)."),
    Col("curated", "text", "Whether a person curated it (`true`), or it is a name of its own."),
)

COLUMNS: dict[str, tuple[Col, ...]] = {
    "sources": SOURCE_COLUMNS,
    "claims": CLAIM_COLUMNS,
    "links": LINK_COLUMNS,
    "dismissals": DISMISSAL_COLUMNS,
    "groups": GROUP_COLUMNS,
    "contradictions": CONTRADICTION_COLUMNS,
    "parties": PARTY_COLUMNS,
    "report": REPORT_COLUMNS,
}
KINDS = tuple(COLUMNS)
#: The kinds ``claimtrack import`` reads, in the order it writes them.
IMPORTABLE = ("sources", "claims", "links", "dismissals")
#: Columns that tell ``claimtrack import`` what a file holds (the first kind that matches).
SIGNATURES: dict[str, tuple[str, ...]] = {
    "claims": ("id", "quote"),
    "sources": ("key", "text"),
    "links": ("a", "b", "relation"),
    "dismissals": ("item", "claim_a", "claim_b", "reason"),
}


def exported(kind: str) -> tuple[Col, ...]:
    """The columns ``claimtrack export`` writes and ``claimtrack import`` reads for ``kind``."""
    return tuple(c for c in COLUMNS[kind] if c.where != LISTING)


def names(kind: str) -> list[str]:
    """The exported column names of ``kind``, in order (what ``claimtrack export`` writes)."""
    return [c.name for c in exported(kind)]


def listing(kind: str) -> list[str]:
    """The column names a listing of ``kind`` shows (``claim list -f json``), in order."""
    return [c.name for c in COLUMNS[kind] if c.where != EXPORT]


#: Columns a verify or refresh listing shows of each claim.
ANCHOR_COLUMNS = ("id", "source", "anchor_status", "anchor_score", "span_start", "span_end",
                  "quote", "anchor_diff")
