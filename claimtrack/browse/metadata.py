"""The Datasette metadata claimtrack ships: descriptions, search, order, facets, canned queries.

Column descriptions are the export reference's (:data:`claimtrack.columns.COLUMNS`),
so the two cannot drift.  The claims table declares its full-text index
(``claims_fts``, whose rowid is ``claims.seq``: migration m004) so that
Datasette's search box searches quotes and statements, and sorts by ``seq``,
the claim's number, so that ``c9`` comes before ``c10``.

Facets are chosen from the columns the database has: a ``stance`` facet
appears once claims have a ``stance`` column.

Canned queries in the claims database read what is stored; contradictions
and claim groups are computed, so their queries live in the ``report``
snapshot database (:mod:`claimtrack.browse.snapshot`).
"""

from __future__ import annotations

from typing import Any

SQL_PARTY = "'%' || :party || '%'"

CLAIMS_QUERIES: dict[str, dict[str, str]] = {
    "claims_denied_by": {
        "title": "Claims denied by a party",
        "description": "Active claims a party (any part of its name) denied; leave it empty "
                       "for every denied claim.",
        "sql": "SELECT c.id, c.source, s.outlet, c.quote, c.strength, c.attributed_to,"
               " c.denied_by, c.declined FROM claims c JOIN sources s ON s.key = c.source"
               " WHERE c.status = 'active' AND EXISTS (SELECT 1 FROM json_each(c.denied_by) j"
               f" WHERE j.value LIKE {SQL_PARTY}) ORDER BY c.seq",
    },
    "claims_by_party": {
        "title": "Claims by party",
        "description": "Every claim a party (any part of its name) made, denied, declined to "
                       "comment on, or is about, with its role.",
        "sql": "SELECT c.id, r.role, c.source, s.outlet, c.strength, c.attributed_to, c.quote,"
               " c.status FROM ("
               f" SELECT id, 'said it' AS role FROM claims WHERE attributed_to LIKE {SQL_PARTY}"
               " UNION ALL SELECT c.id, 'denied it' FROM claims c, json_each(c.denied_by) j"
               f" WHERE j.value LIKE {SQL_PARTY}"
               " UNION ALL SELECT c.id, 'declined to comment' FROM claims c,"
               f" json_each(c.declined) j WHERE j.value LIKE {SQL_PARTY}"
               " UNION ALL SELECT c.id, 'is about it' FROM claims c, json_each(c.about) j"
               f" WHERE j.value LIKE {SQL_PARTY}"
               ") r JOIN claims c ON c.id = r.id JOIN sources s ON s.key = c.source"
               " ORDER BY c.seq, r.role",
    },
    "orphaned_and_changed": {
        "title": "Orphaned and changed quotes",
        "description": "Claims whose quote is no longer in their source's current text "
                       "(orphaned) or was found with different words (changed), after a "
                       "source refresh.",
        "sql": "SELECT c.id, c.source, c.anchor_status, c.anchor_score, c.anchor_diff,"
               " c.anchor_version, c.quote, c.status FROM claims c"
               " WHERE c.anchor_status IN ('orphaned', 'changed') ORDER BY c.seq",
    },
    "source_claims": {
        "title": "A source's claims in text order",
        "description": "The claims of one source (its key), in the order their quotes appear.",
        "sql": "SELECT c.id, c.span_start, c.span_end, c.strength, c.attributed_to, c.quote,"
               " c.denied_by, c.status, c.anchor_status FROM claims c"
               " WHERE c.source = :source ORDER BY c.span_start, c.seq",
    },
    "contradicts_links": {
        "title": "Claims a person linked as contradicting (stored)",
        "description": "The stored part of the contradictions: pairs linked 'contradicts', "
                       "with both quotes and who said each. Detected contradictions are in "
                       "the report database.",
        "sql": "SELECT l.a, ca.source AS a_source, ca.strength AS a_strength,"
               " ca.attributed_to AS a_by, ca.quote AS a_quote, l.b, cb.source AS b_source,"
               " cb.strength AS b_strength, cb.attributed_to AS b_by, cb.quote AS b_quote,"
               " l.note FROM links l JOIN claims ca ON ca.id = l.a JOIN claims cb ON cb.id = l.b"
               " WHERE l.relation = 'contradicts' AND l.status = 'linked'"
               " ORDER BY ca.seq, cb.seq",
    },
    "dismissed_contradictions": {
        "title": "Dismissed contradictions (stored)",
        "description": "Contradictions a person dismissed, why, and both quotes.",
        "sql": "SELECT d.item, d.kind, d.reason, d.dismissed_at, d.claim_a,"
               " ca.attributed_to AS a_by, ca.quote AS a_quote, d.claim_b,"
               " cb.attributed_to AS b_by, cb.quote AS b_quote FROM dismissals d"
               " LEFT JOIN claims ca ON ca.id = d.claim_a LEFT JOIN claims cb ON cb.id = d.claim_b"
               " ORDER BY d.dismissed_at",
    },
}

REPORT_QUERIES: dict[str, dict[str, str]] = {
    "open_contradictions": {
        "title": "Open contradictions",
        "description": "Contradictions no one has dismissed, with both quotes and who said each.",
        "sql": "SELECT item, kind, reason, a_claim, a_said_by, a_outlet, a_source, a_quote,"
               " b_claim, b_said_by, b_outlet, b_source, b_quote FROM contradictions"
               " WHERE status = 'open' ORDER BY CAST(substr(a_claim, 2) AS INTEGER),"
               " CAST(substr(b_claim, 2) AS INTEGER)",
    },
    "groups_by_independent_sources": {
        "title": "Claim groups by independent sources",
        "description": "Claims linked as the same claim, the best corroborated first: "
                       "independent sources count each origin once.",
        "sql": "SELECT g.\"group\", g.independent_sources, g.claims, g.statement, g.origins,"
               " (SELECT group_concat(gc.claim || ' (' || gc.said_by || ')', '; ')"
               " FROM group_claims gc WHERE gc.\"group\" = g.\"group\") AS members"
               " FROM claim_groups g ORDER BY g.independent_sources DESC, g.claims DESC, g.seq",
    },
}

#: Claims columns the export reference does not describe.
EXTRA_CLAIM_COLUMNS = {
    "seq": "The claim's number (c12 is 12): the order claims were added, and the rowid of the "
           "full-text index.",
    "import_id": "The import that brought the claim in (see imports); empty when added here.",
    "stance": "The claim's stance.",
}


def _columns(kind: str, present: set[str] | None = None) -> dict[str, str]:
    from ..columns import COLUMNS

    cols = {c.name: c.description.replace("`", "") for c in COLUMNS[kind]}
    if kind == "claims":
        cols.update(EXTRA_CLAIM_COLUMNS)
    return {k: v for k, v in cols.items() if present is None or k in present}


def claims_database(claim_columns: set[str], *, report: str | None) -> dict[str, Any]:
    """Metadata for the claims database, given the columns its claims table has."""
    facets: list[Any] = ["source", "strength"]
    if "stance" in claim_columns:
        facets.append("stance")
    facets += ["status", {"array": "denied_by"}, "anchor_status"]
    where = (f"computed ones are in the {report} database" if report
             else "serve was started with --no-report, so computed ones are not shown")
    return {
        "description": "Sources and the claims quoted from them, as claimtrack stores them. "
                       f"Contradictions and claim groups are computed, not stored: {where}.",
        "tables": {
            "claims": {
                "description": "One row per quoted claim: the exact quote, where it is in its "
                               "source, and who it rests on. The search box searches quotes "
                               "and statements (words, not phrases).",
                "fts_table": "claims_fts", "fts_pk": "seq", "sort": "seq",
                "facets": facets, "label_column": "quote",
                "columns": _columns("claims", claim_columns),
            },
            "sources": {
                "description": "The articles and documents claims are quoted from, whole.",
                "facets": ["outlet"], "label_column": "title",
                "columns": _columns("sources"),
            },
            "links": {
                "description": "Claims linked as the same, supporting or contradicting, by the "
                               "matcher or a person.",
                "facets": ["relation", "status", "decided_by"],
                "columns": _columns("links"),
            },
            "dismissals": {
                "description": "Contradictions a person dismissed, and why.",
                "facets": ["kind"], "columns": _columns("dismissals"),
            },
            "claim_history": {
                "description": "Every version of every changed claim.",
                "facets": ["action"], "sort_desc": "id",
            },
            "source_versions": {"description": "Earlier texts of refreshed sources."},
            "imports": {"description": "Each claimtrack import: when, which files, how many rows."},
            "claims_fts_content": {"hidden": True},
            "_sqlite_migrations": {"hidden": True},
        },
        "queries": CLAIMS_QUERIES,
    }


def report_database(claims_name: str) -> dict[str, Any]:
    """Metadata for the computed snapshot (:mod:`claimtrack.browse.snapshot`)."""
    from ..columns import COLUMNS

    return {
        "description": f"Computed by claimtrack serve from the {claims_name} database when it "
                       "started (see the snapshot table): contradictions, claim groups and the "
                       "editor's report. Restart claimtrack serve to refresh it.",
        "tables": {
            "contradictions": {
                "description": "Claims that cannot both be right, with both quotes and who "
                               "said each.",
                "facets": ["status", "kind", "a_source", "b_source"],
            },
            "claim_groups": {
                "description": "Claims linked as the same claim, with how many independent "
                               "origins they rest on.",
                "sort_desc": "independent_sources",
                "columns": {c.name: c.description.replace("`", "") for c in COLUMNS["groups"]},
            },
            "group_claims": {"description": "The claims of each group.", "facets": ["source"]},
            "claims_report": {
                "description": "The editor's report: one line per claim (as claimtrack export "
                               "report writes it).",
                "sort": "seq", "facets": ["outlet", "status", "group"],
                "columns": _columns("report"),
            },
            "snapshot": {"description": "When this snapshot was computed, and from what."},
        },
        "queries": REPORT_QUERIES,
    }


def metadata(claims_name: str, claim_columns: set[str], report_name: str | None) -> dict[str, Any]:
    """The whole metadata document for ``claimtrack serve``."""
    databases = {claims_name: claims_database(claim_columns, report=report_name)}
    if report_name:
        databases[report_name] = report_database(claims_name)
    return {
        "title": f"claimtrack: {claims_name}",
        "description": "Quoted claims, their sources, attribution, claim groups and "
                       "contradictions. Read-only.",
        "databases": databases,
    }
