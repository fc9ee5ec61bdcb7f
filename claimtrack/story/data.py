"""What an editor reads: claims with their outlet, group and contradictions, gathered once.

Contradictions and claim groups are not stored: they are computed from the
claims and links (:func:`claimtrack.contradictions.report`,
:func:`claimtrack.matching.links.claim_groups`).  :func:`gather` computes them once
and joins them to each claim, for the editor's CSV (:func:`editor_rows`),
the HTML report (:mod:`claimtrack.story.html`) and the snapshot Datasette
serves (:mod:`claimtrack.browse.snapshot`).

Usage::

    from claimtrack import ClaimStore
    from claimtrack.story import gather
    story = gather(ClaimStore("claims.db"), about=["Musk"])
    print(len(story.claims), len(story.contradictions))
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Record = dict[str, Any]


@dataclass
class Story:
    """The sources, claims, groups and contradictions of one report."""

    db: str
    generated: str
    sources: list[Record]  # each with ``shown``: how many of its claims the report holds
    claims: list[Record]  # each with ``outlet``, ``said_by``, ``group``, ``contradictions``
    groups: list[Record]  # claim_groups rows, each with ``members``: the claims shown
    contradictions: list[Record]  # contradictions.report items (open and dismissed)
    filters: dict[str, list[str]] = field(default_factory=dict)
    retracted: int = 0  # retracted claims left out

    @property
    def open_contradictions(self) -> list[Record]:
        return [c for c in self.contradictions if c["status"] == "open"]


def one_line(text: str | None) -> str:
    """``text`` with every run of whitespace (line breaks too) as one space."""
    return " ".join((text or "").split())


def _mentions(claim: Record, who: str) -> bool:
    """Whether a claim is about ``who``: its ``about`` names it, or its words or speaker do."""
    w = who.casefold().strip()
    if any(a.casefold() == w for a in claim.get("about") or ()):
        return True
    pattern = re.compile(rf"(?<!\w){re.escape(w)}(?!\w)")
    fields = (claim.get("quote"), claim.get("statement"), claim.get("attributed_to"))
    return any(pattern.search((f or "").casefold()) for f in fields)


def _stances(store: Any) -> dict[str, str]:
    """Each claim's ``stance`` where the claims table has that column (else nothing)."""
    cols = {r["name"] for r in store.query("PRAGMA table_info(claims)")}
    if "stance" not in cols:
        return {}
    return {r["id"]: r["stance"] for r in store.query(
        "SELECT id, stance FROM claims WHERE stance IS NOT NULL")}


def gather(store: Any, sources: Sequence[str] = (), about: Sequence[str] = (), *,
           include_retracted: bool = False) -> Story:
    """Everything a report shows, optionally only some sources' claims or claims about someone.

    With ``sources``, only claims from those sources (an unknown key raises
    :class:`~claimtrack.errors.SourceNotFound`); with ``about``, only claims
    about any of those parties (see :func:`_mentions`).  Groups and
    contradictions are those with at least one claim shown.
    """
    from ..attribution import said_by
    from ..contradictions import report
    from ..contradictions.stance import of_claim
    from ..matching.links import claim_groups

    for key in sources:
        store.get_source(key)
    all_sources = store.list_sources()
    outlets = {s["key"]: s.get("outlet") for s in all_sources}
    every = store.list_claims()
    retracted = sum(c["status"] == "retracted" for c in every)
    claims = every if include_retracted else [c for c in every if c["status"] != "retracted"]
    if sources:
        claims = [c for c in claims if c["source"] in set(sources)]
    if about:
        claims = [c for c in claims if any(_mentions(c, w) for w in about)]
    shown = {c["id"] for c in claims}

    groups = [g for g in claim_groups(store) if shown & set(g["claims"])]
    group_of = {cid: g for g in groups for cid in g["claims"]}
    items = [i for i in report(store)
             if set(i["claims"]) & shown]
    open_keys: dict[str, list[str]] = defaultdict(list)
    for item in items:
        if item["status"] == "open":
            for cid in item["claims"]:
                open_keys[cid].append(item["item"])
    stances = _stances(store)
    by_id: dict[str, Record] = {}
    for c in claims:
        g = group_of.get(c["id"])
        by_id[c["id"]] = {
            **c, "outlet": outlets.get(c["source"]),
            "said_by": said_by(c, outlets.get(c["source"])),
            "stance": stances.get(c["id"]) or str(of_claim(c)),
            "group": g["group"] if g else None,
            "group_independent_sources": g["independent_sources"] if g else None,
            "contradictions": open_keys.get(c["id"], []),
        }
    for g in groups:
        g["members"] = [by_id[cid] for cid in g["claims"] if cid in by_id]
    counts: dict[str, int] = defaultdict(int)
    for c in claims:
        counts[c["source"]] += 1
    kept_sources = [{**s, "shown": counts.get(s["key"], 0)} for s in all_sources
                    if not (sources or about) or counts.get(s["key"])]
    return Story(
        db=Path(str(getattr(store, "path", ""))).name,  # not the whole path: reports are shared
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        sources=kept_sources, claims=list(by_id.values()), groups=groups,
        contradictions=items,
        filters={k: list(v) for k, v in (("source", sources), ("about", about)) if v},
        retracted=retracted,
    )


def editor_rows(store: Any) -> Iterator[Record]:
    """One row per claim (retracted ones too) for the editor's CSV (``export report``); a
    ``javascript:`` URL stored before URLs were checked is left out (:func:`claimtrack.web.safe_url`)."""
    from ..web import safe_url

    story = gather(store, include_retracted=True)
    sources = {s["key"]: s for s in story.sources}
    for c in story.claims:
        s = sources.get(c["source"], {})
        yield {
            "id": c["id"], "outlet": s.get("outlet"), "source": c["source"],
            "source_title": one_line(s.get("title")), "url": safe_url(s.get("url")),
            "published": s.get("published"), "quote": one_line(c["quote"]),
            "attribution": c["said_by"], "stance": c["stance"],
            "denied_by": c["denied_by"], "declined": c["declined"], "status": c["status"],
            "group": c["group"], "group_independent_sources": c["group_independent_sources"],
            "open_contradictions": c["contradictions"],
        }
