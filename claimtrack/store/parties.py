"""The parties' tables: read them into a :class:`~claimtrack.parties.Registry`, and curate them.

Every change (alias, membership, merge, rename, kind) is one transaction and
appends a line to ``party_history``; claims are never touched, so their names
as typed survive any merge or rename.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput, PartyNotFound, UsageError
from ..parties import KINDS, Party, Registry, a_kind, clean, closest, guess_kind, name_key, names_in
from ..terminal import counted
from .connection import now

if TYPE_CHECKING:
    from .claimstore import ClaimStore

#: Every name a claim or source mentions, with how it was typed (one row per use).
_NAMES_SQL = """
    SELECT c.attributed_to AS name,
           CASE c.strength WHEN 'named' THEN 'person' WHEN 'reported' THEN 'outlet'
                ELSE 'anonymous' END AS typed_as, c.id AS claim
      FROM claims c WHERE c.attributed_to IS NOT NULL
    UNION ALL SELECT j.value, 'outlet', c.id FROM claims c, json_each(c.via) j
    UNION ALL SELECT j.value, 'organisation', c.id FROM claims c, json_each(c.denied_by) j
    UNION ALL SELECT j.value, 'organisation', c.id FROM claims c, json_each(c.declined) j
    UNION ALL SELECT s.outlet, 'outlet', NULL FROM sources s WHERE coalesce(s.outlet, '') <> ''
"""


def registry(store: ClaimStore) -> Registry:
    """The database's curated parties (any other name is its own party)."""
    return Registry.from_rows(
        store.query("SELECT id, name, kind FROM parties ORDER BY id"),
        store.query("SELECT alias, party_id FROM party_aliases"),
        store.query("SELECT member_id, org_id FROM party_members"),
    )


def list_parties(store: ClaimStore, *, kind: str | None = None) -> list[dict[str, Any]]:
    """Every party: curated ones and every other name in use, with their spellings and claims."""
    if kind is not None:
        _check_kind(kind)
    reg = registry(store)
    rows: dict[str, dict[str, Any]] = {}
    for p in reg.parties.values():
        rows[reg.key(p.name)] = _row(p.name, p.kind, p, set(p.aliases), set())
    for use in store.query(_NAMES_SQL):
        name = clean(use["name"] or "")
        if not name_key(name):
            continue
        key = reg.key(name)
        row = rows.get(key)
        if row is None:
            row = rows[key] = _row(name, guess_kind(name, use["typed_as"]), None, set(), set())
        if name != row["name"]:
            row["_spellings"].add(name)
        if use["claim"]:
            row["_claims"].add(use["claim"])
    out = []
    for row in rows.values():
        row["aliases"] = sorted(row.pop("_spellings"), key=str.casefold)
        row["claims"] = len(row.pop("_claims"))
        if kind is None or row["kind"] == kind:
            out.append(row)
    return sorted(out, key=lambda r: (r["name"].casefold(), r["name"]))


def _row(name: str, kind: str, party: Party | None, spellings: set[str],
         claims: set[str]) -> dict[str, Any]:
    return {"name": name, "kind": kind,
            "member_of": list(party.member_of) if party else [],
            "members": list(party.members) if party else [],
            "curated": party is not None, "_spellings": spellings, "_claims": claims}


def known_party(store: ClaimStore, name: str) -> dict[str, Any] | None:
    """The :func:`list_parties` row of the party a name refers to, or None if it is no party."""
    if not name_key(name):
        return None
    reg = registry(store)
    key = reg.key(name)
    return next((r for r in list_parties(store) if reg.key(r["name"]) == key), None)


def require_party(store: ClaimStore, name: str, *, hint: str = "",
                  not_like: str | None = None) -> dict[str, Any]:
    """:func:`known_party`, or :class:`~claimtrack.errors.PartyNotFound` naming the closest known names.

    ``not_like``: a party not to suggest (the other name of a merge).
    """
    row = known_party(store, name)
    if row is not None:
        return row
    reg = registry(store)
    rows = list_parties(store)
    spelled = {s: r["name"] for r in rows for s in (r["name"], *r["aliases"])}
    skip = reg.key(not_like) if not_like else None
    suggestions: list[str] = []
    for s in closest(name, spelled, limit=10):
        canonical = spelled[s]
        if reg.key(canonical) != skip and canonical not in suggestions:
            suggestions.append(canonical)
    raise PartyNotFound(name, suggestions[:3], hint=hint)


def get_party(store: ClaimStore, name: str) -> dict[str, Any]:
    """One party by any of its spellings, with the claims that mention it."""
    row = require_party(store, name)
    spellings = spellings_of(store, name)
    claims = [c for c in store.list_claims(status="all")
              if any(n in spellings for n, _ in names_in(c))]
    return {**row, "claim_ids": [c["id"] for c in claims]}


def spellings_of(store: ClaimStore, name: str, *, members: bool = False) -> set[str]:
    """Every spelling in use (or curated) of a party, and with ``members`` of its members'."""
    reg = registry(store)
    wanted = {reg.key(name)}
    if members:
        party = reg.find(name)
        todo = list(party.members) if party else []
        while todo:
            m = todo.pop()
            if reg.key(m) not in wanted:
                wanted.add(reg.key(m))
                todo.extend(reg.parties[m].members if m in reg.parties else ())
    used = {clean(r["name"]) for r in store.query(_NAMES_SQL) if r["name"]}
    curated = {a for p in reg.parties.values() for a in (p.name, *p.aliases)}
    return {n for n in used | curated if reg.key(n) in wanted}


# -- curation -------------------------------------------------------------------------------


def _a_name(text: str) -> str:
    """``text`` cleaned (:func:`clean`), refused unless it holds a name (letters or digits)."""
    text = clean(text)
    if not name_key(text):
        raise InvalidInput(f"{text!r} is not a name: give some letters or digits")
    return text


def _add_hint(name: str, kind: str = "KIND") -> str:
    return f"to add a new party: claimtrack party add {name!r} --kind {kind}"


def _materialise(store: ClaimStore, name: str, kind: str | None = None, *,
                 hint: str | None = None, not_like: str | None = None) -> int:
    """The id of the curated party a name refers to.

    A name in use in a claim or source but not yet curated becomes a curated
    party under the name and kind it is listed with (``party list``), so
    curating it changes neither.  Any other name is refused
    (:class:`~claimtrack.errors.PartyNotFound`, with ``hint`` or how to add a party): only
    :func:`add_party` creates one.
    """
    name = _a_name(name)
    row = store.conn.execute("SELECT party_id FROM party_aliases WHERE key = ?",
                             [name_key(name)]).fetchone()
    if row:
        return int(row[0])
    listed = require_party(store, name, hint=_add_hint(name) if hint is None else hint,
                           not_like=not_like)
    return _create(store, listed["name"], kind or listed["kind"])


def _create(store: ClaimStore, name: str, kind: str) -> int:
    """A new curated party (its name its first spelling); the caller holds the transaction."""
    stamp = now()
    cur = store.conn.execute(
        "INSERT INTO parties (name, kind, created_at, updated_at) VALUES (?, ?, ?, ?)",
        [name, kind, stamp, stamp])
    party_id = int(cur.lastrowid or 0)
    store.conn.execute("INSERT INTO party_aliases (key, alias, party_id) VALUES (?, ?, ?)",
                       [name_key(name), name, party_id])
    return party_id


def _name(store: ClaimStore, party_id: int) -> str:
    return str(store.conn.execute("SELECT name FROM parties WHERE id = ?", [party_id]).fetchone()[0])


def _log(store: ClaimStore, action: str, party: str, **detail: Any) -> None:
    store.conn.execute(
        "INSERT INTO party_history (action, party, detail, changed_at) VALUES (?, ?, ?, ?)",
        [action, party, json.dumps(detail, ensure_ascii=False), now()])


def add_party(store: ClaimStore, name: str, kind: str) -> str:
    """A new party that no claim names yet (an organisation to record members of, say)."""
    _check_kind(kind)
    name = _a_name(name)
    with store.transaction():
        row = known_party(store, name)
        if row is not None:
            spelled = "" if row["name"] == name else f" (as {row['name']!r})"
            raise InvalidInput(f"{name!r} is already a party{spelled}, {a_kind(row['kind'])}: "
                               "'claimtrack party kind' changes its kind")
        _create(store, name, kind)
        _log(store, "add", name, kind=kind)
    return name


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise UsageError(f"unknown party kind {kind!r}: use one of {', '.join(KINDS)}")


def add_alias(store: ClaimStore, name: str, alias: str) -> str:
    """Make ``alias`` another spelling of ``name``'s party; returns the canonical name.

    ``name`` must be a party (curated, or in a claim or source); its kind stays.
    """
    alias = _a_name(alias)
    with store.transaction():
        hint = None
        if known_party(store, name) is None and (taken := known_party(store, alias)) is not None:
            hint = (f"to make {clean(name)!r} a spelling of {taken['name']!r}: "
                    f"claimtrack party alias {taken['name']!r} {clean(name)!r}")
        party_id = _materialise(store, name, hint=hint)
        canonical = _name(store, party_id)
        row = store.conn.execute("SELECT party_id FROM party_aliases WHERE key = ?",
                                 [name_key(alias)]).fetchone()
        if row and int(row[0]) == party_id:
            raise InvalidInput(f"{alias!r} is already a spelling of {canonical!r}")
        if row:
            other = _name(store, int(row[0]))
            raise InvalidInput(f"{alias!r} belongs to the party {other!r}: "
                               f"use 'claimtrack party merge {other!r} {canonical!r}'")
        store.conn.execute("INSERT INTO party_aliases (key, alias, party_id) VALUES (?, ?, ?)",
                           [name_key(alias), alias, party_id])
        _log(store, "alias", canonical, alias=alias)
    return canonical


def set_member(store: ClaimStore, member: str, org: str, *, remove: bool = False) -> tuple[str, str]:
    """Record (or with ``remove`` end) that ``member`` speaks for ``org``."""
    with store.transaction():
        member_id = _materialise(store, member, hint="" if remove else None)
        org_id = _materialise(store, org, hint="" if remove else _add_hint(clean(org), "organisation"))
        names = _name(store, member_id), _name(store, org_id)
        if member_id == org_id:
            raise InvalidInput(f"{names[0]!r} cannot speak for itself")
        exists = store.conn.execute("SELECT 1 FROM party_members WHERE member_id = ? AND org_id = ?",
                                    [member_id, org_id]).fetchone()
        if remove:
            if not exists:
                raise InvalidInput(f"{names[0]!r} does not speak for {names[1]!r}")
            store.conn.execute("DELETE FROM party_members WHERE member_id = ? AND org_id = ?",
                               [member_id, org_id])
            _log(store, "unmember", names[0], org=names[1])
            return names
        if exists:
            raise InvalidInput(f"{names[0]!r} already speaks for {names[1]!r}")
        if names[0] in registry(store).organisations(names[1]):
            raise InvalidInput(f"{names[1]!r} already speaks for {names[0]!r}: "
                               "membership cannot go round in a circle")
        store.conn.execute("INSERT INTO party_members (member_id, org_id) VALUES (?, ?)",
                           [member_id, org_id])
        _log(store, "member", names[0], org=names[1])
    return names


def merge(store: ClaimStore, name: str, into: str) -> str:
    """Fold ``name``'s party into ``into``'s: its spellings and memberships move over.

    ``into``'s canonical name and kind are the merged party's; ``name`` becomes
    one of its spellings.  Both must be parties already: a name no claim uses
    is refused (a new name for a party is :func:`rename`).  Claims keep their
    names as typed; ``party_history`` records the merge with every spelling
    that moved, so it can be undone by hand.
    """
    with store.transaction():
        src = _materialise(store, name, hint="")
        src_name = _name(store, src)
        dst = _materialise(
            store, into, not_like=src_name,
            hint=f"merge keeps the name of a party that exists; to call {src_name!r} "
                 f"{clean(into)!r} instead: claimtrack party rename {src_name!r} {clean(into)!r}")
        src_name, dst_name = _name(store, src), _name(store, dst)
        if src == dst:
            raise InvalidInput(f"{name!r} and {into!r} are already one party ({dst_name!r})")
        moved = [r[0] for r in store.conn.execute(
            "SELECT alias FROM party_aliases WHERE party_id = ? ORDER BY alias", [src])]
        store.conn.execute("UPDATE party_aliases SET party_id = ? WHERE party_id = ?", [dst, src])
        for member_id, org_id in store.conn.execute(
                "SELECT member_id, org_id FROM party_members WHERE ? IN (member_id, org_id)",
                [src]).fetchall():
            pair = (dst if member_id == src else member_id, dst if org_id == src else org_id)
            if pair[0] != pair[1]:
                store.conn.execute("INSERT OR IGNORE INTO party_members VALUES (?, ?)", pair)
        store.conn.execute("DELETE FROM party_members WHERE member_id = ? OR org_id = ?", [src, src])
        store.conn.execute("DELETE FROM parties WHERE id = ?", [src])
        _log(store, "merge", dst_name, merged=src_name, spellings=moved)
    return dst_name


def rename(store: ClaimStore, name: str, new: str) -> str:
    """Give a party a new canonical name; the old one stays a spelling of it."""
    new = _a_name(new)
    with store.transaction():
        party_id = _materialise(store, name, hint="")
        old = _name(store, party_id)
        if old == new:
            raise InvalidInput(f"the party is already called {new!r}")
        row = store.conn.execute("SELECT party_id FROM party_aliases WHERE key = ?",
                                 [name_key(new)]).fetchone()
        if row and int(row[0]) != party_id:
            other = _name(store, int(row[0]))
            raise InvalidInput(f"{new!r} is a spelling of the party {other!r}: "
                               f"use 'claimtrack party merge {old!r} {other!r}'")
        if not row and (in_use := known_party(store, new)) is not None:
            # a name claims already use: renaming to it would join the two parties unasked
            raise InvalidInput(f"{new!r} is another party, named in {counted(in_use['claims'], 'claims')}: "
                               f"to make them one, use 'claimtrack party merge {old!r} "
                               f"{in_use['name']!r}'")
        if not row:
            store.conn.execute("INSERT INTO party_aliases (key, alias, party_id) VALUES (?, ?, ?)",
                               [name_key(new), new, party_id])
        store.conn.execute("UPDATE parties SET name = ?, updated_at = ? WHERE id = ?",
                           [new, now(), party_id])
        _log(store, "rename", new, old=old)
    return new


def set_kind(store: ClaimStore, name: str, kind: str) -> str:
    """Say what kind of party a name is (person, organisation, outlet, anonymous)."""
    _check_kind(kind)
    with store.transaction():
        party_id = _materialise(store, name, kind)
        canonical = _name(store, party_id)
        store.conn.execute("UPDATE parties SET kind = ?, updated_at = ? WHERE id = ?",
                           [kind, now(), party_id])
        _log(store, "kind", canonical, kind=kind)
    return canonical


def history(store: ClaimStore) -> list[dict[str, Any]]:
    """Every curation of the parties, oldest first."""
    rows = store.query("SELECT id, action, party, detail, changed_at FROM party_history ORDER BY id")
    for r in rows:
        r["detail"] = json.loads(r["detail"])
    return rows


# -- suggestions ----------------------------------------------------------------------------


def suggestions(store: ClaimStore) -> list[dict[str, Any]]:
    """Pairs of parties in use that look like one, not yet joined or turned down."""
    from ..parties import suggest

    reg = registry(store)
    parties = list_parties(store)
    rejected = {(r["a_key"], r["b_key"])
                for r in store.query("SELECT a_key, b_key FROM party_rejections")}
    out = []
    for s in suggest([p["name"] for p in parties]):
        if reg.same(s["a"], s["b"]) or reg.related(s["a"], s["b"]):
            continue
        if tuple(sorted((name_key(s["a"]), name_key(s["b"])))) in rejected:
            continue
        out.append(s)
    return out


def reject(store: ClaimStore, a: str, b: str) -> None:
    """Remember that two names are different parties, so they are not suggested again."""
    ka, kb = sorted((name_key(a), name_key(b)))
    with store.transaction():
        store.conn.execute("INSERT OR IGNORE INTO party_rejections VALUES (?, ?, ?)",
                           [ka, kb, now()])
