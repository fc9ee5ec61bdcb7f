"""Load a seeds folder (``sources.toml`` + ``claims.toml``) into a store.

Each ``[[claim]]`` mirrors the options of ``claimtrack claim add`` and goes
through the same checks and location as :meth:`ClaimStore.add_claim` (a
:class:`.claimbatch.ClaimBatch`, which writes the rows many at a time).  The whole load is one
transaction: a bad entry leaves the database as it was.

Loading a folder again adds only what is new.  A source whose text is stored already
is skipped, as ``claimtrack source add`` skips it (under whatever key it is stored:
its claims go to that source).  A claim is *already there* when a claim stored before
the load has, now or in any earlier version of its history, the same source, the same
span (the quote as located, with its ``occurrence``) and the same attribution
(strength, who, and the outlets it came through).  So a stored claim that was edited
or retracted since is not added again while its seed is unchanged; the statement,
``about``, ``denied_by`` and ``declined`` are not compared, and a load never changes a
stored claim (``claimtrack claim edit`` does).  A seed whose span or attribution was
changed after a load is a different claim, and is added.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..attribution import Attribution, from_options
from ..errors import ClaimtrackError, InvalidInput, SourceFileError
from .claimbatch import ClaimBatch
from .claimstore import ClaimStore

SOURCE_FIELDS = {"file", "key", "title", "outlet", "authors", "url", "published"}
CLAIM_FIELDS = {"source", "quote", "claim", "named", "reported_by", "anonymous", "unattributed",
                "denied_by", "declined", "about", "occurrence"}


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise SourceFileError(f"{path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InvalidInput(f"{path}: not valid TOML ({e})") from None


class Loaded(tuple[int, int]):
    """``(sources, claims)`` added by a load (a tuple, as before), with what it skipped:
    ``sources_there`` and ``claims_there``, the entries the database already held."""

    sources_there: int
    claims_there: int

    def __new__(cls, sources: int, claims: int, sources_there: int = 0,
                claims_there: int = 0) -> Loaded:
        self = super().__new__(cls, (sources, claims))
        self.sources_there, self.claims_there = sources_there, claims_there
        return self

    @property
    def sources(self) -> int:
        return self[0]

    @property
    def claims(self) -> int:
        return self[1]


def load_seeds(store: ClaimStore, folder: str | Path,
               progress: Callable[[int, int], None] | None = None) -> Loaded:
    """Add every source and claim of ``folder`` not already stored (see the module's
    notes); return ``(sources, claims)`` added, with the counts skipped as attributes.

    ``progress(done, total)`` is called after each claim."""
    from ..text.sources import slugify

    folder = Path(folder)
    if not folder.is_dir():
        raise SourceFileError(f"{folder}: not a folder")
    sources = read_toml(folder / "sources.toml").get("source", [])
    claims = read_toml(folder / "claims.toml").get("claim", [])
    n_sources = n_claims = sources_there = claims_there = 0
    with store.transaction():
        keys: dict[str, str] = {}  # a seed's source key -> the source stored with its text
        for i, entry in enumerate(sources, 1):
            where = f"{folder / 'sources.toml'} source #{i}"
            _check_fields(entry, SOURCE_FIELDS, where)
            try:
                source, created = store.add_source(
                    folder / entry["file"], key=entry.get("key"), title=entry.get("title"),
                    outlet=entry.get("outlet"), authors=entry.get("authors", []),
                    url=entry.get("url"), published=entry.get("published"))
            except ClaimtrackError as e:
                raise type(e)(f"{where}: {e}") from None
            asked = entry.get("key")
            keys[asked if asked is not None else slugify(Path(entry["file"]).name)] = source["key"]
            n_sources += created
            sources_there += not created
        stored = _StoredClaims(store)  # before the batch writes anything
        batch = ClaimBatch(store)  # the rows written many at a time, as add_claim writes one
        for i, entry in enumerate(claims, 1):
            where = f"{folder / 'claims.toml'} claim #{i}"
            _check_fields(entry, CLAIM_FIELDS, where)
            key = entry["source"]
            key = keys.get(key, key) if isinstance(key, str) else key
            try:
                fields = claim_fields(entry)
                if stored.holds(key, entry["quote"], fields["attribution"], fields["occurrence"]):
                    claims_there += 1
                else:
                    batch.add(key, entry["quote"], **fields)
                    n_claims += 1
            except ClaimtrackError as e:
                raise ClaimtrackError(f"{where}: {e}") from None
            if progress is not None:
                progress(i, len(claims))
        batch.write()
    return Loaded(n_sources, n_claims, sources_there, claims_there)


class _StoredClaims:
    """The claims stored before a load, as what makes a seed the same claim: by source,
    the spans each attribution has (now or in an earlier version of a claim).

    Read a source at a time, when a seed first names it, and only claims numbered up to
    the largest before the load (a batch may have written some of the load's own since).
    A seed whose attribution no stored claim of its source has is new without locating
    its quote: a load into an empty database locates each quote once, as before.
    """

    def __init__(self, store: ClaimStore) -> None:
        self.store = store
        self.top = store.conn.execute("SELECT coalesce(max(seq), 0) FROM claims").fetchone()[0]
        self.sources: dict[str, dict[tuple[Any, ...], set[tuple[int, int]]]] = {}

    def holds(self, source: Any, quote: Any, attribution: Attribution,
              occurrence: int | None) -> bool:
        """Whether a stored claim is this seed: same source, span and attribution."""
        if not self.top or not isinstance(source, str):
            return False
        spans = self._spans(source).get(
            _who(attribution.strength, attribution.attributed_to, attribution.via))
        if not spans:
            return False
        from ..text.anchoring import locate

        span = locate(self.store.source_text(source), quote, occurrence,
                      name=f"source {source!r}")
        return (span.start, span.end) in spans

    def _spans(self, source: str) -> dict[tuple[Any, ...], set[tuple[int, int]]]:
        found = self.sources.get(source)
        if found is None:
            found = self.sources[source] = {}
            rows = self.store.conn.execute(
                "SELECT span_start, span_end, strength, attributed_to, via FROM claims"
                " WHERE source = ? AND seq <= ?"
                " UNION SELECT json_extract(h.data, '$.span_start'),"
                " json_extract(h.data, '$.span_end'), json_extract(h.data, '$.strength'),"
                " json_extract(h.data, '$.attributed_to'), json_extract(h.data, '$.via')"
                " FROM claim_history h JOIN claims c ON c.id = h.claim_id"
                " WHERE c.source = ? AND c.seq <= ?", [source, self.top, source, self.top])
            for start, end, strength, who, via in rows:
                found.setdefault(_who(strength, who, json.loads(via) if via else []),
                                 set()).add((start, end))
        return found


def _who(strength: str, attributed_to: str | None, via: Any) -> tuple[Any, ...]:
    """An attribution as a claim's identity compares it (denials and refusals aside)."""
    return (strength, attributed_to or None, tuple(via or ()))


def claim_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``add_claim`` (and ``ClaimBatch.add``) for one
    ``[[claim]]`` entry of claims.toml, after its source and quote."""
    return {"statement": entry.get("claim"),
            "attribution": from_options(
                named=entry.get("named"), reported_by=entry.get("reported_by"),
                anonymous=entry.get("anonymous"),
                unattributed=bool(entry.get("unattributed", False)),
                denied_by=entry.get("denied_by"), declined=entry.get("declined")),
            "about": entry.get("about", []), "occurrence": entry.get("occurrence")}


def _check_fields(entry: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise InvalidInput(f"{where}: unknown field {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
    required = {"file"} if "file" in allowed else {"source", "quote"}
    missing = sorted(required - set(entry))
    if missing:
        raise InvalidInput(f"{where}: missing field {missing[0]!r}")
