"""Looking after sources once added: their earlier versions, a diff between two,
metadata edits, a new key, and removing one that no claim quotes.

Each write is one transaction; an edit keeps the values it replaced in
``source_history`` (migration m010); a renamed source's claims keep their ids
and get a history entry saying so.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from typing import Any

from ..errors import InvalidInput, SourceConflict
from ..text.sources import check_key
from .claimstore import ClaimStore
from .connection import now

#: A source's metadata, as ``source add`` and ``source edit`` take it (``authors`` a list).
SOURCE_METADATA = ("title", "outlet", "authors", "url", "published")


def source_metadata(*, title: str | None = None, outlet: str | None = None,
                    authors: Sequence[str] | None = None, url: str | None = None,
                    published: str | None = None) -> dict[str, Any]:
    """The metadata given, validated and cleaned as it is stored: a date ``YYYY-MM-DD``, a
    URL a browser will not run, an empty value as None, blank authors dropped.  A field not
    given is None too, except ``authors``: None when not given, a list (maybe empty) when
    given."""
    from ..text.sources import check_date
    from ..web import check_url

    published = check_date(published)
    return {"title": title or None, "outlet": outlet or None,
            "authors": None if authors is None else [a for a in authors if a.strip()],
            "url": check_url(url) or None, "published": published}


def refuse_differences(stored: dict[str, Any], key: str | None, given: dict[str, Any]) -> None:
    """Refuse (SourceConflict) a key or metadata given for a text stored as ``stored`` that
    differs from it (``ClaimStore.add_source(..., refuse_changes=True)``); a field not
    given (or blank) is not a difference."""
    from shlex import quote

    differing = [f for f in SOURCE_METADATA if given[f] not in (None, []) and given[f] != stored[f]]
    renamed = key is not None and key != stored["key"]
    if not differing and not renamed:
        return
    name = stored["key"]
    head = (f"this text is already stored as source {name!r} (you gave the key {key!r})"
            if renamed else f"source {name!r} already holds this text")
    facts = [_describe(f, stored[f], given[f]) for f in differing]
    advice = []
    if differing:
        options = " ".join(_options({f: given[f] for f in differing}))
        advice.append(f"to change {'it' if len(differing) == 1 else 'them'}, "
                      f"claimtrack source edit {name} {options}")
    if key is not None and renamed:
        advice.append(f"to give it the key {key!r}, claimtrack source rename {name} {quote(key)}")
    raise SourceConflict(f"{head}: nothing added; " + "".join(f"{f}; " for f in facts)
                         + "; ".join(advice))


_LABELS = {"title": "title", "outlet": "outlet", "authors": "authors", "url": "URL",
           "published": "publication date"}


def _describe(field: str, old: Any, new: Any) -> str:
    """``its outlet is 'Old' (you gave 'New')``: a stored field and a value given for it."""
    label = _LABELS[field]
    stored = (f"it has no {label}" if old in (None, []) else
              f"its {label} {'are' if field == 'authors' else 'is'} {show_metadata(old)}")
    return f"{stored} (you gave {show_metadata(new)})"


def show_metadata(value: Any) -> str:
    """A metadata value in a message: ``'Vox'``, ``'A', 'B'`` (authors), or ``none``."""
    if value in (None, []):
        return "none"
    if isinstance(value, list):
        return ", ".join(repr(v) for v in value)
    return repr(value)


def _options(values: dict[str, Any]) -> list[str]:
    """The ``source add``/``source edit`` options that give these values (shell-quoted)."""
    from shlex import quote

    out = []
    for field, value in values.items():
        option = "--author" if field == "authors" else f"--{field}"
        for v in (value or [""]) if field == "authors" else [value or ""]:
            out.append(f"{option} {quote(v)}")
    return out


def versions(store: ClaimStore, key: str) -> list[dict[str, Any]]:
    """Every version of a source, oldest first, the current one last (``current`` True)."""
    current = store.get_source(key)
    rows = store.query(
        "SELECT version, sha256, path, length(text) AS chars, replaced_at FROM source_versions"
        " WHERE source_key = ? ORDER BY version", [key])
    out = [{**r, "current": False} for r in rows]
    out.append({"version": current["version"], "sha256": current["sha256"],
                "path": current["path"], "chars": current["chars"], "replaced_at": None,
                "current": True})
    return out


def history(store: ClaimStore, key: str) -> list[dict[str, Any]]:
    """A source's versions (:func:`versions`) with its metadata edits, oldest first: each
    edit follows the version it was made on.

    Every row has ``version``, ``current``, ``change`` (``text added``, ``text refreshed``,
    or the edit in words: ``outlet: 'Old' -> 'New'``) and ``changed_at`` (when that text
    was stored, or the edit made); an edit also ``old`` and ``new`` (the fields it changed,
    before and after) and its ``note``.
    """
    source = store.get_source(key)
    by_version: dict[int, list[dict[str, Any]]] = {}
    for e in edits(store, key):
        by_version.setdefault(e["version"], []).append(e)
    out: list[dict[str, Any]] = []
    stored_at = source["added_at"]
    for n, v in enumerate(versions(store, key)):
        out.append({**v, "change": "text refreshed" if n else "text added",
                    "changed_at": stored_at, "old": None, "new": None, "note": None})
        stored_at = v["replaced_at"]
        out.extend({"version": e["version"], "current": False, "change": e["change"],
                    "changed_at": e["changed_at"], "chars": None, "sha256": None, "path": None,
                    "replaced_at": None, "old": e["old"], "new": e["new"], "note": e["note"]}
                   for e in by_version.pop(v["version"], []))
    for rest in by_version.values():  # an edit on a version no longer listed: never lost
        out.extend({**e, "current": False} for e in rest)
    return out


def edits(store: ClaimStore, key: str) -> list[dict[str, Any]]:
    """A source's metadata edits, oldest first (``old``, ``new``: the fields changed)."""
    rows = store.query(
        "SELECT version, action, old_values, new_values, note, changed_at FROM source_history"
        " WHERE source_key = ? ORDER BY id", [key])
    out = []
    for r in rows:
        old, new = json.loads(r.pop("old_values")), json.loads(r.pop("new_values"))
        out.append({**r, "old": old, "new": new,
                    "change": edit_words({f: (old.get(f), v) for f, v in new.items()})})
    return out


def edit_words(changes: dict[str, tuple[Any, Any]]) -> str:
    """``outlet: 'Old' -> 'New'; published: none -> '2024-10-25'``: an edit in words."""
    return "; ".join(f"{f}: {show_metadata(old)} -> {show_metadata(new)}"
                     for f, (old, new) in changes.items())


def edit(store: ClaimStore, key: str, *, title: str | None = None, outlet: str | None = None,
         authors: Sequence[str] | None = None, url: str | None = None,
         published: str | None = None, note: str | None = None) -> dict[str, tuple[Any, Any]]:
    """Change a source's metadata in one transaction, keeping the values it replaces in its
    history.  A field given as None stays; an empty value (``authors=[]``) clears it;
    ``published`` and ``url`` are checked as ``add_source`` checks them.

    Returns the changes, ``{field: (old, new)}``: empty when every value given is the
    stored one (nothing is written then).
    """
    asked = {f: v for f, v in zip(SOURCE_METADATA, (title, outlet, authors, url, published),
                                  strict=True) if v is not None}
    if not asked:
        raise InvalidInput(f"nothing to change in source {key!r}: give --title, --outlet, "
                           "--author, --url or --published")
    given = source_metadata(title=title, outlet=outlet, authors=authors, url=url,
                            published=published)
    with store.transaction() as conn:
        source = store.get_source(key)  # raises SourceNotFound
        changes = {f: (source[f], given[f]) for f in asked if given[f] != source[f]}
        if not changes:
            return {}
        stamp = now()
        stored = {f: json.dumps(new, ensure_ascii=False) if f == "authors" else new
                  for f, (_old, new) in changes.items()}
        conn.execute(f"UPDATE sources SET {', '.join(f'{f} = ?' for f in stored)},"
                     " updated_at = ? WHERE key = ?", [*stored.values(), stamp, key])
        conn.execute(
            "INSERT INTO source_history (source_key, action, version, old_values, new_values,"
            " note, changed_at) VALUES (?, 'edit', ?, ?, ?, ?, ?)",
            [key, source["version"],
             json.dumps({f: old for f, (old, _new) in changes.items()}, ensure_ascii=False),
             json.dumps({f: new for f, (_old, new) in changes.items()}, ensure_ascii=False),
             (note or "").strip() or None, stamp])
    return changes


def version_text(store: ClaimStore, key: str, version: int) -> str:
    current = store.get_source(key)
    if version == current["version"]:
        return store.source_text(key)
    rows = store.query("SELECT text FROM source_versions WHERE source_key = ? AND version = ?",
                       [key, version])
    if not rows:
        known = ", ".join(str(v["version"]) for v in versions(store, key))
        raise InvalidInput(f"source {key!r} has no version {version} (versions: {known})")
    return str(rows[0]["text"])


def diff(store: ClaimStore, key: str, old: int | None = None, new: int | None = None) -> str:
    """A unified diff of two versions of a source (default: the last two)."""
    all_versions = [v["version"] for v in versions(store, key)]
    if new is None:
        new = all_versions[-1]
    if old is None:
        earlier = [v for v in all_versions if v < new]
        if not earlier:
            raise InvalidInput(f"source {key!r} has only one version: nothing to compare")
        old = earlier[-1]
    a, b = version_text(store, key, old), version_text(store, key, new)
    return "".join(difflib.unified_diff(
        a.splitlines(keepends=True), b.splitlines(keepends=True),
        fromfile=f"{key} version {old}", tofile=f"{key} version {new}"))


def rename(store: ClaimStore, old: str, new: str) -> int:
    """Give source ``old`` the key ``new``; its claims and versions follow.  Returns the
    number of claims moved (each gets a history entry)."""
    check_key(new)
    store.get_source(old)  # raises SourceNotFound
    if store.query("SELECT 1 FROM sources WHERE key = ?", [new]):
        raise SourceConflict(f"a source {new!r} already exists: pick another key")
    with store.transaction() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")  # the key and its references move together
        conn.execute("UPDATE sources SET key = ?, updated_at = ? WHERE key = ?", [new, now(), old])
        conn.execute("UPDATE source_versions SET source_key = ? WHERE source_key = ?", [new, old])
        conn.execute("UPDATE source_history SET source_key = ? WHERE source_key = ?", [new, old])
        ids = [r["id"] for r in store.query("SELECT id FROM claims WHERE source = ?", [old])]
        conn.execute("UPDATE claims SET source = ? WHERE source = ?", [new, old])
        for claim_id in ids:
            store.record_history(claim_id, "edit", note=f"source renamed from {old} to {new}")
    return len(ids)


def remove(store: ClaimStore, key: str) -> None:
    """Remove a source no claim quotes (with its earlier versions and metadata edits)."""
    source = store.get_source(key)
    if source["claims"]:
        raise SourceConflict(
            f"source {key!r} has {source['claims']} claim(s): a source that claims quote "
            "cannot be removed (their history would lose its text)")
    with store.transaction() as conn:
        conn.execute("DELETE FROM source_versions WHERE source_key = ?", [key])
        conn.execute("DELETE FROM source_history WHERE source_key = ?", [key])
        conn.execute("DELETE FROM sources WHERE key = ?", [key])
