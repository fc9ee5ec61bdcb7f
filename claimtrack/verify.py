"""Keeping quotes attached to changing sources: ``source refresh`` and ``verify``.

``refresh_source`` stores a new version of a source (the old text is kept in
``source_versions``) and re-anchors every claim on it with
:func:`claimtrack.text.reanchor.reanchor`.  Each claim ends ``anchored``,
``moved``, ``changed`` (new span stored, word diff kept) or ``orphaned``
(old span and text kept, ``anchor_version`` naming the version they index).

``verify`` reads without writing: it reports every active claim that is not
``anchored``, from the database, and re-anchors against the file on disk
where that file no longer matches the stored hash (:mod:`claimtrack.text.drift`,
the comparison ``claimtrack check`` makes too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DatabaseError, RefreshWouldOrphan, SourceFileError
from .store import ClaimStore, now
from .text import drift
from .text.elisions import carry, dumps
from .text.sources import read_text

PROBLEM_STATUSES = drift.PROBLEM_STATUSES


@dataclass
class RefreshResult:
    source: str
    changed: bool
    version: int
    claims: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(("anchored", "moved", "changed", "orphaned"), 0)
        for c in self.claims:
            out[c["anchor_status"]] += 1
        return out


#: A refresh that would orphan more than this share of a source's claims not yet orphaned,
#: and at least :data:`ORPHAN_GUARD_MIN` of them, looks like the wrong file: refused unless
#: forced.
ORPHAN_GUARD_SHARE = 0.5
ORPHAN_GUARD_MIN = 2


def _guard(key: str, file: Path, planned: list[tuple[dict[str, Any], Any]]) -> None:
    """Raise :class:`RefreshWouldOrphan` when ``planned`` orphans more than
    :data:`ORPHAN_GUARD_SHARE` of the claims not already orphaned, and at least
    :data:`ORPHAN_GUARD_MIN`."""
    anchored = [r for claim, r in planned if claim["anchor_status"] != "orphaned"]
    lost = sum(r.status == "orphaned" for r in anchored)
    if lost >= ORPHAN_GUARD_MIN and lost > ORPHAN_GUARD_SHARE * len(anchored):
        which = "" if len(anchored) == len(planned) else " not already orphaned"
        raise RefreshWouldOrphan(
            f"refresh refused, nothing changed: {file} would orphan {lost} of the "
            f"{len(anchored)} claims of source {key!r}{which} (their quotes are not in it): "
            "is it the right file?", lost, len(anchored))


def _old_texts(store: ClaimStore, key: str, current: str) -> dict[int | None, str]:
    texts: dict[int | None, str] = {None: current}
    for version, text in store.source_versions(key).items():
        texts[version] = text
    return texts


def _anchor(claim: dict[str, Any], new_text: str, old_texts: dict[int | None, str]) -> Any:
    return drift.reanchor_in(new_text, claim, old_texts.get(claim.get("anchor_version")))


#: Re-anchoring is redone (outside the lock) at most this many times when the source or
#: its claims change meanwhile; then the refresh fails cleanly.
REFRESH_ATTEMPTS = 3


def _plan(store: ClaimStore, src: dict[str, Any], new_text: str,
          progress: Callable[[int, int], None] | None = None
          ) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], Any]]]:
    """The source's claims as read, and each claim with where it lands in ``new_text``."""
    old_texts = _old_texts(store, src["key"], src["text"])
    old_texts[src["version"]] = src["text"]
    claims = store.list_claims(source=src["key"])
    planned = []
    for done, claim in enumerate(claims, 1):
        if claim.get("anchor_version") is None:
            claim = {**claim, "anchor_version": src["version"]}
        planned.append((claim, _anchor(claim, new_text, old_texts)))
        if progress is not None:
            progress(done, len(claims))
    return claims, planned


def refresh_source(store: ClaimStore, key: str, path: str | Path | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   force: bool = False) -> RefreshResult:
    """Re-read a source (from ``path`` or its stored path) and re-anchor its claims.

    A text that would orphan more than half of the claims not already orphaned (at least 2:
    :func:`_guard`) is refused with :class:`RefreshWouldOrphan`, nothing written, unless
    ``force``.

    ``progress(done, total)`` is told after each claim re-anchored (again from 0 if the
    re-anchoring is redone).

    The slow part (reading the file, re-anchoring every claim) runs without the
    write lock, so other commands go on meanwhile; the lock is taken for the
    writes only.  Under it, the source and its claims are read again: if another
    command changed them in between (another refresh, a claim added or edited),
    the re-anchoring is done again on what is there now (at most
    :data:`REFRESH_ATTEMPTS` times); if another refresh already stored this very
    text, there is nothing left to do.
    """
    from .store import locknote

    src = store.get_source(key, text=True)
    file = Path(path) if path is not None else store.source_path(src)
    if file is None:
        raise SourceFileError(f"source {key!r} has no stored path: give the file, "
                              f"'claimtrack source refresh {key} PATH'")
    new_text, digest = read_text(file)
    if digest == src["sha256"] or new_text == src["text"]:
        return RefreshResult(key, False, src["version"])
    with locknote.doing(f"claimtrack source refresh {key}"):
        for _attempt in range(REFRESH_ATTEMPTS):
            claims, planned = _plan(store, src, new_text, progress)  # no lock held
            with store.transaction():
                latest = store.get_source(key, text=True)
                if latest["sha256"] == digest:  # another refresh stored this text meanwhile
                    return RefreshResult(key, False, latest["version"])
                if latest["version"] != src["version"] or store.list_claims(source=key) != claims:
                    src = latest  # changed meanwhile: re-anchor again, without the lock
                    continue
                if not force:
                    _guard(key, file, planned)
                return _write(store, src, new_text, digest, file, planned)
    raise DatabaseError(f"source {key!r} kept changing while it was being refreshed "
                        f"({REFRESH_ATTEMPTS} attempts): try again")


def _write(store: ClaimStore, src: dict[str, Any], new_text: str, digest: str, file: Path,
           planned: list[tuple[dict[str, Any], Any]]) -> RefreshResult:
    """Store the new version and the planned anchors (inside the write transaction)."""
    key = src["key"]
    result = RefreshResult(key, True, src["version"] + 1)
    stamp = now()
    store.replace_source_text(src, new_text, digest, file, stamp)
    for claim, r in planned:
        if r.status == "orphaned":
            store.set_orphaned(claim["id"], r.score, claim["anchor_version"], stamp)
        else:
            store.set_anchor(claim["id"], r, new_text, stamp,
                             dumps(carry(claim["quote"], r.text, claim["elisions"])))
        store.record_history(claim["id"], "reanchor",
                             f"source {key} v{result.version}: {r.status} (score {r.score:.2f})")
        result.claims.append(store.get_claim(claim["id"]))
    return result


def verify(store: ClaimStore, source: str | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Active claims that are not ``anchored``, and notes about source files.

    Returns ``(problems, notes)``; each problem is the claim with ``anchor_status``
    as found and ``checked_against`` ("database" or the file path).  The comparison is
    :func:`claimtrack.text.drift.compare`, the one ``claimtrack check`` makes.
    """
    sources = [store.get_source(source, text=True)] if source else [
        store.get_source(s["key"], text=True) for s in store.list_sources()]
    problems: list[dict[str, Any]] = []
    notes: list[str] = []
    for src in sources:
        claims = store.list_claims(source=src["key"], status="active")
        path = store.source_path(src)
        state = drift.read_file(path, src["sha256"], src["text"]) if path is not None else None
        if state is not None and state.problem:
            notes.append(f"source {src['key']}: {state.problem} ({path})")
        elif state is not None and state.text is not None:
            notes.append(f"source {src['key']}: {path} changed on disk since it was stored; "
                         f"{drift.refresh_advice(src['key'])}")
        for d in drift.compare(src["text"], state.text if state else None, claims):
            if not d.problem:
                continue
            if d.against == "file":
                problems.append({**d.claim, "anchor_status": d.status,
                                 "anchor_diff": d.result.diff,
                                 "anchor_score": round(d.result.score, 4),
                                 "checked_against": str(path)})
            else:
                problems.append({**d.claim, "anchor_status": d.status,
                                 "checked_against": "database"})
    return problems, notes
