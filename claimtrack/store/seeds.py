"""Load a seeds folder (``sources.toml`` + ``claims.toml``) into a store.

Each ``[[claim]]`` mirrors the options of ``claimtrack claim add`` and goes
through the same checks and location as :meth:`ClaimStore.add_claim` (a
:class:`.claimbatch.ClaimBatch`, which writes the rows many at a time).  The whole load is one
transaction: a bad entry leaves the database as it was.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..attribution import from_options
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


def load_seeds(store: ClaimStore, folder: str | Path,
               progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Add every source and claim of ``folder``; return ``(sources, claims)`` added.

    ``progress(done, total)`` is called after each claim."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceFileError(f"{folder}: not a folder")
    sources = read_toml(folder / "sources.toml").get("source", [])
    claims = read_toml(folder / "claims.toml").get("claim", [])
    n_sources = n_claims = 0
    with store.transaction():
        for i, entry in enumerate(sources, 1):
            where = f"{folder / 'sources.toml'} source #{i}"
            _check_fields(entry, SOURCE_FIELDS, where)
            try:
                _, created = store.add_source(
                    folder / entry["file"], key=entry.get("key"), title=entry.get("title"),
                    outlet=entry.get("outlet"), authors=entry.get("authors", []),
                    url=entry.get("url"), published=entry.get("published"))
            except ClaimtrackError as e:
                raise type(e)(f"{where}: {e}") from None
            n_sources += created
        batch = ClaimBatch(store)  # the rows written many at a time, as add_claim writes one
        for i, entry in enumerate(claims, 1):
            where = f"{folder / 'claims.toml'} claim #{i}"
            _check_fields(entry, CLAIM_FIELDS, where)
            try:
                batch.add(entry["source"], entry["quote"], **claim_fields(entry))
            except ClaimtrackError as e:
                raise ClaimtrackError(f"{where}: {e}") from None
            n_claims += 1
            if progress is not None:
                progress(i, len(claims))
        batch.write()
    return n_sources, n_claims


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
