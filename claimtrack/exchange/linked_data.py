"""The linked-data exports of a claim: schema.org ClaimReview and W3C Web Annotation JSON-LD.

:func:`claimreview` and :func:`annotation` turn one claim record (as
:func:`.export.claim_records` gives it) and its source into a JSON-LD object;
:func:`.export.export` writes them with ``script_safe`` JSON, so the result may
sit in a ``<script>`` block.  A source URL a browser would run is left out
(:func:`claimtrack.web.safe_url`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as urlquote

from ..web import safe_url

if TYPE_CHECKING:
    from ..parties import Registry

Record = dict[str, Any]

SCHEMA_ORG = "https://schema.org"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


_ORG_WORDS = frozenset(
    "inc inc. ltd ltd. llc corp corp. corporation company co. group agency office ministry"
    " department council committee commission government administration house pentagon"
    " kremlin congress senate parliament army navy police university institute foundation"
    " association party bank news times post journal press officials spokesperson"
    " spokesman spokeswoman court".split())
_PERSON_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[a-z]{1,3})$")


def person_or_organisation(name: str) -> str:
    """A guess at the schema.org type of a named party: ``Person`` or ``Organization``.

    A person's name is two to five words, each capitalised (``von``, ``de`` and
    the like aside); anything else, or a name with an organisation word
    (``Office``, ``Ministry``, ``officials``, ...), is an organisation.

    >>> person_or_organisation("Bill Nelson"), person_or_organisation("SpaceX")
    ('Person', 'Organization')
    """
    words = name.split()
    if not 2 <= len(words) <= 5 or any(w.lower() in _ORG_WORDS for w in words):
        return "Organization"
    if not words[0][:1].isupper() or not all(_PERSON_WORD.match(w) for w in words):
        return "Organization"
    return "Person"


def _party(name: str, kind: str | None = None, parties: Registry | None = None) -> Record:
    """A schema.org Person or Organization; with ``parties``, by canonical name and kind."""
    party = parties.find(name) if parties is not None else None
    if party is not None:
        return {"@type": "Person" if party.kind == "person" else "Organization",
                "name": party.name}
    return {"@type": kind or person_or_organisation(name), "name": name}


def claim_author(claim: Record, source: Record, parties: Registry | None = None) -> Any:
    """Who made the claim, as schema.org: the named party, the reporting outlet, or
    (for the author's own assertion) the piece's authors or outlet; None when anonymous.

    With ``parties``, a curated party appears by its canonical name and kind.
    """
    who = claim.get("attributed_to")
    if claim["strength"] == "named" and who:
        return _party(who, parties=parties)
    if claim["strength"] == "reported" and who:
        return _party(who, "Organization", parties)
    if claim["strength"] == "unattributed":
        if source.get("authors"):
            people = [_party(a, "Person") for a in source["authors"]]
            return people[0] if len(people) == 1 else people
        if source.get("outlet"):
            return _party(source["outlet"], "Organization")
    return None


def text_fragment_url(url: str, quote: str) -> str:
    """``url`` with a text fragment (``#:~:text=``) that highlights ``quote`` in a browser."""
    words = quote.split()
    if len(words) > 8:
        target = urlquote(" ".join(words[:4]), safe="") + "," + urlquote(
            " ".join(words[-4:]), safe="")
    else:
        target = urlquote(" ".join(words), safe="")
    return f"{url.split('#', 1)[0]}#:~:text={target.replace('-', '%2D')}"


def claimreview(claim: Record, source: Record, parties: Registry | None = None) -> Record:
    """One claim as schema.org ClaimReview JSON-LD.

    ``claimReviewed`` is the statement; ``itemReviewed`` a ``Claim`` whose
    ``author`` is who the claim rests on (see :func:`claim_author`), whose
    ``appearance`` is the source, and whose ``datePublished`` is the source's
    publication date.  ``url`` points at the quote in the published source
    (a text fragment) when the source has a URL.
    """
    appearance: Record = {"@type": "CreativeWork"}
    url = safe_url(source.get("url"))  # a javascript: URL stored before URLs were checked
    if url:
        appearance["url"] = url
    if source.get("title"):
        appearance["headline"] = source["title"]
    if source.get("outlet"):
        appearance["publisher"] = _party(source["outlet"], "Organization")
    if source.get("authors"):
        appearance["author"] = [_party(a, "Person") for a in source["authors"]]
    if source.get("published"):
        appearance["datePublished"] = source["published"]
    item: Record = {"@type": "Claim", "text": claim["quote"]}
    author = claim_author(claim, source, parties)
    if author:
        item["author"] = author
    if source.get("published"):
        item["datePublished"] = source["published"]
    item["appearance"] = appearance
    review: Record = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "identifier": claim["id"],
        "claimReviewed": claim["statement"],
        "itemReviewed": item,
        "datePublished": (claim.get("updated_at") or "")[:10] or None,
    }
    if url:
        review["url"] = text_fragment_url(url, claim["quote"])
    if claim.get("about"):
        review["about"] = [{"@type": "Thing", "name": a} for a in claim["about"]]
    return {k: v for k, v in review.items() if v is not None}


def annotation(claim: Record, source: Record) -> Record:
    """One claim as a W3C Web Annotation on its source.

    The target's ``source`` is the source's URL (``urn:claimtrack:source:KEY``
    without one); its selectors are a TextQuoteSelector (exact, prefix,
    suffix) and a TextPositionSelector (start, end, in Unicode code points of
    the stored text).  The body is the statement, plus one tag per ``about``.
    """
    body: list[Record] = [{"type": "TextualBody", "purpose": "describing",
                           "format": "text/plain", "value": claim["statement"]}]
    body += [{"type": "TextualBody", "purpose": "tagging", "value": a}
             for a in claim.get("about") or ()]
    return {
        "@context": ANNO_CONTEXT,
        "id": f"urn:claimtrack:claim:{claim['id']}",
        "type": "Annotation",
        "motivation": "describing",
        "created": claim.get("created_at"),
        "modified": claim.get("updated_at"),
        "body": body,
        "target": {
            "source": safe_url(source.get("url")) or f"urn:claimtrack:source:{source['key']}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": claim["quote"],
                 "prefix": claim.get("prefix") or "", "suffix": claim.get("suffix") or ""},
                {"type": "TextPositionSelector", "start": claim["span_start"],
                 "end": claim["span_end"]},
            ],
        },
    }
