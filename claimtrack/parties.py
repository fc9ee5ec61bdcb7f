"""Parties: who said a claim, whom they speak for, and who is the same as whom.

Every name typed in an attribution (``--named``, ``--reported-by``,
``--anonymous``, ``--denied-by``, ``--declined``) and every source's outlet is
a *party*: a canonical name, its aliases, a kind (``person``,
``organisation``, ``outlet`` or ``anonymous``) and the organisations it speaks
for ("Peter Carr" speaks for "Special Counsel's Office").  Claims keep the
names as typed; this module turns a typed name into its party.

A pure library: :class:`Registry` is built from plain rows (the store reads
them, ``ClaimStore.party_registry()``), and answers the questions the rest of
claimtrack asks:

- :meth:`Registry.canonical`: the canonical name for a typed one;
- :meth:`Registry.related`: the same party, or one speaks for the other;
- :meth:`Registry.origin`: a claim's origin, for counting independent sources.

:func:`suggest` proposes likely aliases for a person to accept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

KINDS = ("person", "organisation", "outlet", "anonymous")

#: Words that do not change which organisation a name refers to.
_NOISE = {"the", "inc", "corp", "corporation", "co", "ltd", "llc", "plc"}
#: Words an outlet's name may carry or drop ("BuzzFeed" / "BuzzFeed News").
_OUTLET_TAILS = {"news", "media", "online", "com", "magazine", "digital", "group"}
#: rapidfuzz ratio (0-100) of two names' keys from which they are proposed as one party.
SUGGEST_RATIO = 85

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def clean(name: str) -> str:
    """A name as stored: NFC, single spaces, no surrounding space."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def name_key(name: str) -> str:
    """What two spellings of one name share: case, accents, punctuation, "the" and "Inc." dropped.

    >>> name_key("The Wall Street Journal") == name_key("wall street journal")
    True
    """
    text = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"'s\b", "", text).replace(".", "")
    words = [w for w in re.findall(r"[^\W_]+", text) if w not in _NOISE]
    return " ".join(words)


@dataclass(frozen=True)
class Party:
    """One party: its canonical name, kind, aliases and the parties it speaks for."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    members: tuple[str, ...] = field(default=(), compare=False)


class Registry:
    """The parties of one database, indexed by every spelling they go by.

    A name nobody registered is its own party: ``canonical`` returns it
    cleaned, and it is related only to itself (by :func:`name_key`).
    """

    def __init__(self, parties: Iterable[Party] = ()):
        self.parties = {p.name: p for p in parties}
        self._by_key: dict[str, str] = {}
        for p in self.parties.values():
            for spelling in (p.name, *p.aliases):
                self._by_key.setdefault(name_key(spelling), p.name)

    @classmethod
    def from_rows(cls, parties: Sequence[Mapping[str, Any]], aliases: Sequence[Mapping[str, Any]],
                  members: Sequence[Mapping[str, Any]]) -> Registry:
        """From the store's ``parties``, ``party_aliases`` and ``party_members`` rows."""
        names = {r["id"]: r["name"] for r in parties}
        alias_of: dict[int, list[str]] = {}
        for r in aliases:
            alias_of.setdefault(r["party_id"], []).append(r["alias"])
        up: dict[int, list[str]] = {}
        down: dict[int, list[str]] = {}
        for r in members:
            up.setdefault(r["member_id"], []).append(names[r["org_id"]])
            down.setdefault(r["org_id"], []).append(names[r["member_id"]])
        return cls(
            Party(id=r["id"], name=r["name"], kind=r["kind"],
                  aliases=tuple(sorted(a for a in alias_of.get(r["id"], []) if a != r["name"])),
                  member_of=tuple(sorted(up.get(r["id"], []))),
                  members=tuple(sorted(down.get(r["id"], []))))
            for r in parties
        )

    def find(self, name: str | None) -> Party | None:
        """The registered party a typed name refers to, if any."""
        if not name:
            return None
        canonical = self._by_key.get(name_key(name))
        return self.parties.get(canonical) if canonical else None

    def canonical(self, name: str) -> str:
        """The canonical name of a typed one (the name itself, cleaned, when unregistered)."""
        party = self.find(name)
        return party.name if party else clean(name)

    def key(self, name: str) -> str:
        """A comparison key: one per party, however it is spelled."""
        party = self.find(name)
        return f"party:{party.id}" if party else f"name:{name_key(name)}"

    def organisations(self, name: str) -> set[str]:
        """Every party a name speaks for, directly or through others (canonical names)."""
        seen: set[str] = set()
        party = self.find(name)
        todo = list(party.member_of if party else ())
        while todo:
            org = todo.pop()
            if org not in seen:
                seen.add(org)
                todo.extend(self.parties[org].member_of if org in self.parties else ())
        return seen

    def root(self, name: str) -> str:
        """The organisation a name ultimately speaks for, or its own canonical name.

        A person who speaks for two unrelated organisations is their own root.
        """
        current = self.canonical(name)
        for _ in range(len(self.parties) + 1):
            party = self.parties.get(current)
            if party is None or len(party.member_of) != 1:
                return current
            current = party.member_of[0]
        return current  # a cycle cannot be stored, but never loop

    def same(self, a: str | None, b: str | None) -> bool:
        """The same party, however each is spelled."""
        return bool(a and b) and self.key(a or "") == self.key(b or "")

    def related(self, a: str | None, b: str | None) -> bool:
        """The same party, or one speaks for the other (directly or through others)."""
        if not a or not b:
            return False
        if self.same(a, b):
            return True
        ca, cb = self.canonical(a), self.canonical(b)
        return cb in self.organisations(a) or ca in self.organisations(b)

    def origin(self, claim: Mapping[str, Any], outlet: str | None) -> str:
        """Where a claim ultimately comes from, for counting independent sources.

        - a named speaker is their own origin, counted as the organisation they
          speak for (a spokesman and his office are one origin), however many
          outlets relay them;
        - an anonymous source registered as a party (aliases joining two
          outlets' descriptions) is that party;
        - any other anonymous source, a report and an outlet's own assertion
          count as the outlet the information first appeared in: the first
          outlet of the chain (``--reported-by``), else the source's outlet.
        """
        strength = claim.get("strength")
        who = claim.get("attributed_to") or ""
        via = list(claim.get("via") or ())
        if strength == "named" and who:
            return f"party:{self.root(who)}"
        if strength == "anonymous" and who:
            party = self.find(who)
            if party is not None:
                return f"party:{self.root(party.name)}"
        if strength == "reported" and who:
            return f"outlet:{self.root(who)}"
        first = via[0] if via else (outlet or claim.get("source") or "")
        return f"outlet:{self.root(first)}"


def with_article(word: str) -> str:
    """``word`` after its indefinite article: "a person", "an organisation", "an outlet".

    By the first letter, which is right for every kind (:data:`KINDS`); words
    whose sound differs from their spelling ("an hour", "a unit") are not told apart.
    """
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def a_kind(kind: str) -> str:
    """A kind in words, with its article: "a person", "an anonymous source"."""
    return with_article("anonymous source" if kind == "anonymous" else kind)


def names_in(claim: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every (name, kind) a claim's attribution mentions, as typed."""
    strength = claim.get("strength")
    out: list[tuple[str, str]] = []
    who = claim.get("attributed_to")
    if who:
        kind = {"named": "person", "reported": "outlet", "anonymous": "anonymous"}.get(
            strength or "", "person")
        out.append((who, kind))
    out += [(v, "outlet") for v in claim.get("via") or ()]
    out += [(p, "organisation") for p in claim.get("denied_by") or ()]
    out += [(p, "organisation") for p in claim.get("declined") or ()]
    return out


def guess_kind(name: str, typed_as: str) -> str:
    """A party's kind from how it was first typed: a name of 2-4 capitalised words is a person.

    A group of people described by a plural noun ("US intelligence officials",
    "two people familiar with the talks", "Pentagon aides") is nobody in
    particular: ``anonymous``, however it was typed (:func:`names_a_group`).
    """
    if typed_as in ("outlet", "anonymous"):
        return typed_as
    if names_a_group(name):
        return "anonymous"
    if _looks_like_organisation(name):
        return "organisation"
    words = name.split()
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return "person"
    return "person" if typed_as == "person" else "organisation"


_ORG_WORDS = {"office", "department", "house", "ministry", "agency", "company", "council",
              "committee", "party", "administration", "government", "inc", "corp", "bureau",
              "commission", "court", "police", "service", "association", "university",
              "spacex", "tesla", "kremlin", "pentagon", "fbi", "cia", "nasa", "embassy"}


#: Nouns for a person by role; their plural ("officials", "aides", "spokesmen") is a group.
_ROLE_NOUNS = {
    "official", "source", "aide", "adviser", "advisor", "staffer", "officer", "analyst", "expert",
    "insider", "critic", "supporter", "observer", "resident", "witness", "employee", "executive",
    "investigator", "lawmaker", "legislator", "diplomat", "representative", "member", "leader",
    "authority", "scientist", "researcher", "engineer", "prosecutor", "agent", "worker", "voter",
    "ally", "associate", "colleague", "friend", "relative", "negotiator", "economist", "activist",
    "protester", "lawyer", "attorney", "senator", "regulator", "investor", "banker", "manager",
    "director", "organiser", "organizer", "volunteer", "soldier", "commander", "spokesperson",
    "spokesman", "spokeswoman", "congressman", "congresswoman", "businessman", "businesswoman",
    "chairman", "person", "man", "woman", "confidant", "donor", "figure", "operative",
    "strategist", "consultant",
}
#: Plurals that are not the singular plus -s/-es/-ies or -man/-men.
_GROUP_WORDS = {"people", "staff", "personnel", "children", "spokespeople", "folks"}


def _plural_role(word: str) -> bool:
    """``word`` (lower case) is the plural of a noun for a person by role."""
    if word in _GROUP_WORDS:
        return True
    if word.endswith("men") and word[:-3] + "man" in _ROLE_NOUNS:
        return True
    if word.endswith("ies") and word[:-3] + "y" in _ROLE_NOUNS:
        return True
    if word.endswith("es") and word[:-2] in _ROLE_NOUNS:
        return True
    return word.endswith("s") and word[:-1] in _ROLE_NOUNS


def names_a_group(name: str) -> bool:
    """A description of several people by their role, not the name of one person or body.

    The name's last word is a plural noun for people ("US intelligence officials",
    "Pentagon aides", "White House spokesmen"), or one is, in lower case, before
    what qualifies it ("officials familiar with the talks", "people close to Musk").
    A capitalised plural inside a proper name ("Reporters Without Borders") is not.

    >>> names_a_group("US intelligence officials"), names_a_group("Todd Harrison")
    (True, False)
    """
    words = re.findall(r"[^\W\d_]+", name.translate(_QUOTES))
    if not words:
        return False
    if _plural_role(words[-1].casefold()):
        return True
    return any(w.islower() and _plural_role(w) for w in words[:-1])


#: Small words that join the capitalised words of a body's name, not of a person's
#: ("Reporters Without Borders", "Americans for Prosperity", "Mothers Against Drunk Driving").
_BODY_JOINS = {"without", "for", "against"}


def _looks_like_organisation(name: str) -> bool:
    words = name.split()
    joined = (len(words) >= 3 and words[0][:1].isupper()
              and any(w.lower() in _BODY_JOINS for w in words[1:-1])
              and all(w[:1].isupper() for w in words if w.lower() not in _BODY_JOINS))
    return bool(set(name_key(name).split()) & _ORG_WORDS) or name.isupper() or joined


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w)


def _alike(a: str, b: str) -> str | None:
    """Why two names look like one party, or None."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb or ka == kb:
        return None
    wa, wb = ka.split(), kb.split()
    short, long = sorted((wa, wb), key=len)
    if long[:len(short)] == short and set(long[len(short):]) <= _OUTLET_TAILS:
        return "the same name with a generic word added"
    if len(short) == 1 and len(long) >= 2:
        short_name = a if len(wa) == 1 else b
        if short[0] == long[-1] and len(short[0]) > 2 and short_name[:1].isupper():
            return "a surname of the full name"
        if len(short[0]) >= 2 and short[0] == _initials(long):
            return "initials of the full name"
    if len(wa) == len(wb) >= 2 and wa[-1] == wb[-1] and (
            len(wa[0]) == 1 or len(wb[0]) == 1) and wa[0][0] == wb[0][0]:
        return "an initial for the first name"
    return None


#: rapidfuzz ratio (0-100) of two names' keys from which an unknown name is told "did you mean".
CLOSE_RATIO = 70


def closest(name: str, names: Iterable[str], *, limit: int = 3) -> list[str]:
    """The known names an unknown (likely mistyped) one is closest to, best first.

    For "did you mean": spelled alike (rapidfuzz ``ratio`` of the keys at least
    :data:`CLOSE_RATIO`), its words all in the other ("musk" / "Elon Musk"), or
    alike by :func:`suggest`'s rules (initials, a surname, "News" added).

    >>> closest("Todd Harison", ["Todd Harrison", "Elon Musk"])
    ['Todd Harrison']
    >>> closest("WSJ", ["Wall Street Journal", "White House"])
    ['Wall Street Journal']
    """
    from rapidfuzz import fuzz

    key = name_key(name)
    if not key:
        return []
    words = set(key.split())
    scored: dict[str, float] = {}
    for other in names:
        other_key = name_key(other)
        if not other_key or other_key == key:
            continue
        score = fuzz.ratio(key, other_key)
        if words <= set(other_key.split()) or _alike(name, other):
            score = max(score, 90.0)
        if score >= CLOSE_RATIO:
            scored[other] = max(score, scored.get(other, 0.0))
    return sorted(scored, key=lambda n: (-scored[n], n.casefold()))[:limit]


def suggest(names: Sequence[str], *, threshold: int = SUGGEST_RATIO) -> list[dict[str, Any]]:
    """Pairs of names that look like one party, best first, for a person to accept.

    Fuzzy spelling (rapidfuzz ``ratio`` of the names' keys, "Axel Rose" /
    "Axl Rose"), a generic word added ("BuzzFeed" / "BuzzFeed News"), initials
    ("ULA" / "United Launch Alliance", "J. Smith" / "John Smith") and a surname
    of a full name ("Plumb" / "John Plumb").
    """
    from rapidfuzz import fuzz, process

    unique = sorted({clean(n) for n in names if n and name_key(n)}, key=str.casefold)
    keys = [name_key(n) for n in unique]
    out: dict[tuple[str, str], dict[str, Any]] = {}
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=threshold, workers=1)
    for i in range(len(unique)):
        for j in range(i + 1, len(unique)):
            if keys[i] == keys[j]:
                continue
            why = _alike(unique[i], unique[j])
            score = float(scores[i][j]) or fuzz.ratio(keys[i], keys[j])
            if why is None and score >= threshold:
                why = "spelled alike"
            if why:
                out[(unique[i], unique[j])] = {
                    "a": unique[i], "b": unique[j], "score": round(score, 1), "why": why}
    return sorted(out.values(), key=lambda r: (-r["score"], r["a"], r["b"]))
