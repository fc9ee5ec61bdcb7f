"""The same words in another encoding are the same text (issue 16).

* A quote typed with composed accents (NFC, ``café``) against a source stored with
  decomposed ones (NFD, ``cafe`` and U+0301), or the other way round, anchors with
  ``claim add``, ``load`` and ``import``; ``check`` does not call it a misquote;
  ``verify`` and ``check`` see no drift in a file saved again in the other form.
  Spans stay offsets of the stored text, and the source file is never rewritten.
* A source converted from CRLF to LF (or back) is refreshed with its claims
  ``anchored`` or ``moved``, never ``changed``; ``verify`` and ``check`` see no drift.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack import ClaimStore
from claimtrack.text.anchoring import fold, locate
from claimtrack.text.approx import find_all
from claimtrack.text.reanchor import reanchor
from claimtrack.verify import refresh_source, verify

from .check_helpers import findings, run, write


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


ARTICLE = (
    "Zürich, 3 March.\n\n"
    "The owner of the Café Odéon said on Monday that “the café will not close, whatever "
    "the council decides”. The council’s spokeswoman, Renée Müller, said the decision was "
    "“entirely a matter for the owners of the building”.\n\n"
    "Regulars were relieved. “Zürich without the Odéon would be a poorer city,” one said.\n"
)
QUOTES = ["the café will not close, whatever the council decides",
          "Renée Müller, said the decision",
          "Zürich without the Odéon would be a poorer city"]


# -- the core -------------------------------------------------------------------------------

@pytest.mark.parametrize("source_form, quote_form", [(nfd, nfc), (nfc, nfd), (nfd, nfd)])
def test_a_quote_anchors_whatever_the_form_of_its_accents(source_form, quote_form):
    text = source_form(ARTICLE)
    for quote in QUOTES:
        span = locate(text, quote_form(quote))
        assert span.text == text[span.start:span.end]  # offsets of the text as stored
        assert nfc(span.text) == nfc(quote)
        assert span.mode == "exact"


def test_a_partial_accented_letter_is_not_a_match():
    # "Cafe" is not "Café", even where the accent is a code point of its own
    with pytest.raises(Exception, match="not found"):
        locate(nfd("Le Café Odéon ferme."), "Le Cafe")


def test_folding_keeps_one_entry_per_rewritten_place_not_per_character():
    text = ("word " * 200_000) + "\n\nend — of “text”"
    folded = fold(text)
    assert folded.text.endswith('end-of "text"')
    assert folded.map.pieces < 10  # a few rewritten places, a million characters
    at = folded.text.index("end-of")
    assert (folded.offsets[at], folded.ends[at + 3]) == (text.index("end"), text.index(" of"))


def _fold_per_character(text: str, caseless: bool, brackets: bool):
    """The fold as it was before issue 16 (Python lists, a character at a time): the
    reference the compact fold must agree with."""
    from claimtrack.text.anchoring import _FOLD

    chars: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            rep = " "
        elif not brackets and ch in "[]":
            continue
        else:
            rep = _FOLD.get(ch, ch)
            if caseless:
                low = rep.lower()
                rep = low if len(low) == len(rep) else rep
        for r in rep:
            last = chars[-1] if chars else ""
            if r == last and r in " -":
                ends[-1] = i + 1
                continue
            if r == " " and last == "-":
                continue
            if r == "-" and last == " ":
                chars.pop()
                offsets.pop()
                ends.pop()
            chars.append(r)
            offsets.append(i)
            ends.append(i + 1)
    return "".join(chars), offsets, ends


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab -[].'\"\n\t\r\u00a0\u2014\u2013\u2026\u201c"
                                             "\u2019AÉé\u0130\u03a3\u3000")), max_size=30),
       st.booleans(), st.booleans())
def test_the_compact_fold_agrees_with_the_per_character_one(text, caseless, brackets):
    folded = fold(text, caseless=caseless, brackets=brackets)
    n = len(folded.text)
    assert (folded.text, [folded.offsets[i] for i in range(n)],
            [folded.ends[i] for i in range(n)]) == _fold_per_character(text, caseless, brackets)


def test_claim_add_on_a_large_source(cli, tmp_path):
    """Several MB of text, the quote at its end: found, with a compact fold (the memory
    figure is bench/bench_memory.py's)."""
    from claimtrack.text.anchoring import fold_source

    paragraph = "Officials said the company \u2014 \u201cafter the report\u201d \u2014 would review it.\n\n"
    text = paragraph * 40_000 + "Lastly, the minister said: \u201cwe will not raise taxes\u201d.\n"
    path = _source(tmp_path, text, "long.txt")
    assert cli("source", "add", str(path), "--key", "long").exit_code == 0
    r = cli("claim", "add", "long", '"we will not raise taxes"')
    assert r.exit_code == 0, r.stderr
    store = ClaimStore(tmp_path / "claims.db")
    (claim,) = store.list_claims(source="long")
    assert text[claim["span_start"]:claim["span_end"]] == "we will not raise taxes"
    store.close()
    # two entries per rewritten place (3 a paragraph: two dashes, a break), none per character
    assert fold_source(text).map.pieces <= 2 * 3 * 40_000 + 1 < len(text) // 10


@pytest.mark.parametrize("convert", [lambda t: t.replace("\r\n", "\n"),
                                     lambda t: t.replace("\n", "\r\n"), nfd])
def test_reanchor_sees_no_change_in_another_encoding(convert):
    old = ARTICLE.replace("\n", "\r\n") if convert(ARTICLE) == ARTICLE else ARTICLE
    new = convert(old)
    assert new != old
    for quote in [*QUOTES, "relieved. “Zürich"] + ["Zürich, 3 March.\r\n\r\nThe owner"] * \
            ("\r\n" in old):
        span = locate(old, quote)
        r = reanchor(new, span.text, span.prefix, span.suffix, span.start, old)
        assert r.status in ("anchored", "moved"), (quote, r)
        assert r.text == new[r.start:r.end]
        assert nfc(r.text).replace("\r\n", "\n") == nfc(span.text).replace("\r\n", "\n")
        assert r.diff == ""


# -- the commands ---------------------------------------------------------------------------

def _source(tmp_path: Path, text: str, name: str = "odeon.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("source_form, quote_form", [(nfd, nfc), (nfc, nfd)])
def test_claim_add_in_the_other_form(cli, tmp_path, source_form, quote_form):
    path = _source(tmp_path, source_form(ARTICLE))
    before = path.read_bytes()
    assert cli("source", "add", str(path), "--key", "odeon").exit_code == 0
    for quote in QUOTES:
        r = cli("claim", "add", "odeon", quote_form(quote))
        assert r.exit_code == 0, r.stderr
    store = ClaimStore(tmp_path / "claims.db")
    text = store.source_text("odeon")
    assert text == source_form(ARTICLE)  # the stored text is the file's, not normalised
    for claim in store.list_claims(source="odeon"):
        assert claim["quote"] == text[claim["span_start"]:claim["span_end"]]
        assert nfc(claim["quote"]) in [nfc(q) for q in QUOTES]
    store.close()
    assert path.read_bytes() == before
    assert cli("verify").exit_code == 0
    assert run()[0] == 0


def test_load_in_the_other_form(cli, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    _source(seeds, nfd(ARTICLE))
    (seeds / "sources.toml").write_text('[[source]]\nfile = "odeon.txt"\nkey = "odeon"\n',
                                        encoding="utf-8")
    (seeds / "claims.toml").write_text("".join(
        f'[[claim]]\nsource = "odeon"\nquote = {json.dumps(nfc(q), ensure_ascii=False)}\n\n'
        for q in QUOTES), encoding="utf-8")
    r = cli("load", str(seeds))
    assert r.exit_code == 0, r.stderr
    store = ClaimStore(tmp_path / "claims.db")
    claims = store.list_claims(source="odeon")
    assert len(claims) == len(QUOTES)
    assert all(c["quote"] == nfd(ARTICLE)[c["span_start"]:c["span_end"]] for c in claims)
    store.close()


def test_import_of_a_quote_in_the_other_form(cli, tmp_path):
    path = _source(tmp_path, nfd(ARTICLE))
    assert cli("source", "add", str(path), "--key", "odeon").exit_code == 0
    assert cli("claim", "add", "odeon", QUOTES[0]).exit_code == 0
    for kind in ("sources", "claims"):
        assert cli("export", kind, "--format", "ndjson", "-o", str(tmp_path / f"{kind}.ndjson")
                   ).exit_code == 0
    claims = tmp_path / "claims.ndjson"
    record = json.loads(claims.read_text(encoding="utf-8"))
    assert record["quote"] != nfc(record["quote"])
    record["quote"] = nfc(record["quote"])  # another tool composed the accents
    claims.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    r = cli("--db", str(tmp_path / "other.db"), "import", str(tmp_path / "sources.ndjson"),
            str(claims))
    assert r.exit_code == 0, r.stderr
    store = ClaimStore(tmp_path / "other.db")
    claim = store.list_claims(source="odeon")[0]
    assert claim["quote"] == nfd(ARTICLE)[claim["span_start"]:claim["span_end"]]
    store.close()


@pytest.mark.parametrize("source_form, draft_form", [(nfd, nfc), (nfc, nfd)])
def test_check_does_not_call_the_other_form_a_misquote(cli, tmp_path, source_form,
                                                       draft_form):
    path = _source(tmp_path, source_form(ARTICLE))
    assert cli("source", "add", str(path), "--key", "odeon").exit_code == 0
    assert cli("claim", "add", "odeon", QUOTES[2]).exit_code == 0
    write("draft.md", draft_form('One regular said "Zürich without the Odéon would be a poorer '
                                 'city" [claim:c1].\n'))
    assert [f["code"] for f in findings("draft.md")] == []
    # a real misquote is still one, and its diff does not list the accented words
    write("wrong.md", draft_form('One regular said "Zürich without the Odéon would be a sadder '
                                 'city" [claim:c1].\n'))
    (misquote,) = findings("wrong.md")
    assert misquote["code"] == "CT104"
    assert misquote["diff"].startswith("... ") or "[-Z" not in misquote["diff"]
    assert misquote["diff"].count("[-") == 1 and "[-sadder-]{+poorer+}" in misquote["diff"]


@pytest.mark.parametrize("convert", [nfd, lambda t: t.replace("\n", "\r\n")],
                         ids=["saved-as-NFD", "saved-with-CRLF"])
def test_no_drift_for_a_file_saved_in_another_encoding(cli, tmp_path, convert):
    path = _source(tmp_path, ARTICLE)
    assert cli("source", "add", str(path), "--key", "odeon").exit_code == 0
    for quote in QUOTES:
        assert cli("claim", "add", "odeon", quote).exit_code == 0
    path.write_bytes(convert(ARTICLE).encode("utf-8"))
    r = cli("verify")
    assert r.exit_code == 0 and "changed on disk" not in r.stderr + r.stdout, r.stdout + r.stderr
    assert run()[0] == 0
    assert [f["code"] for f in findings()] == []
    r = cli("db", "check")
    assert r.exit_code == 0 and "Note" not in r.stderr, r.stderr


@pytest.mark.parametrize("crlf_first", [True, False], ids=["CRLF-to-LF", "LF-to-CRLF"])
def test_refresh_after_converting_line_endings_changes_no_claim(cli, tmp_path, crlf_first):
    crlf = ARTICLE.replace("\n", "\r\n")
    first, then = (crlf, ARTICLE) if crlf_first else (ARTICLE, crlf)
    path = _source(tmp_path, first)
    assert cli("source", "add", str(path), "--key", "odeon").exit_code == 0
    # one quote across a paragraph break, typed with a plain space
    for quote in [*QUOTES, "Zürich, 3 March. The owner of the Café Odéon"]:
        r = cli("claim", "add", "odeon", quote)
        assert r.exit_code == 0, r.stderr
    path.write_bytes(then.encode("utf-8"))
    store = ClaimStore(tmp_path / "claims.db")
    before = {c["id"]: c for c in store.list_claims(source="odeon")}
    result = refresh_source(store, "odeon")
    assert result.changed and result.counts()["changed"] == result.counts()["orphaned"] == 0
    after = {c["id"]: c for c in store.list_claims(source="odeon")}
    text = store.source_text("odeon")
    assert text == then
    for cid, claim in after.items():
        assert claim["anchor_status"] in ("anchored", "moved")
        assert claim["quote"] == text[claim["span_start"]:claim["span_end"]]
        assert claim["quote"].replace("\r\n", "\n") == before[cid]["quote"].replace("\r\n", "\n")
        assert not claim["anchor_diff"]
    assert verify(store) == ([p for p in verify(store)[0] if p["anchor_status"] == "moved"], [])
    store.close()
    assert cli("verify").exit_code == 0
    assert run()[0] == 0


ACCENTED = ["café", "Zürich", "naïve", "한글", "résumé", "Ångström", "the", "x", "Ωmega"]
CONVERSIONS = {
    "LF": lambda t: t.replace("\r\n", "\n"),
    "CRLF": lambda t: t.replace("\r\n", "\n").replace("\n", "\r\n"),
    "NFD": nfd,
    "NFC": nfc,
    "NFD and LF": lambda t: nfd(t).replace("\r\n", "\n"),
}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ACCENTED), min_size=2, max_size=10), min_size=2,
                max_size=5),
       st.sampled_from(["\n", "\r\n", "\r\n\r\n"]), st.booleans(),
       st.sampled_from(sorted(CONVERSIONS)), st.data())
def test_a_whole_word_quote_survives_any_reencoding(paragraphs, sep, decomposed, conversion,
                                                    data):
    words = [w for p in paragraphs for w in p]
    old = sep.join(" ".join(p) for p in paragraphs)
    old = nfd(old) if decomposed else old
    new = CONVERSIONS[conversion](old)
    first = data.draw(st.integers(0, len(words) - 1))
    count = data.draw(st.integers(1, min(6, len(words) - first)))
    # the quote: whole words of the old text, from the first-th word on
    spans = [m.span() for m in re.finditer(r"\S+", old)]
    start, end = spans[first][0], spans[first + count - 1][1]
    quote = old[start:end]
    r = reanchor(new, quote, old[max(0, start - 32):start], old[end:end + 32], start, old)
    canonical_old = nfc(old).replace("\r\n", "\n")
    once = len(find_all(canonical_old, nfc(quote).replace("\r\n", "\n"))) == 1
    assert r.status in ("anchored", "moved") or (r.status == "orphaned" and not once)
    if r.status != "orphaned":
        assert r.text == new[r.start:r.end]
        assert nfc(r.text).replace("\r\n", "\n") == nfc(quote).replace("\r\n", "\n")


MARKS = st.sampled_from(["\u0301", "\u0308", "\u0327", "\u0344", "\u0f73", "\u0b3e", "\u1161",
                         "\u11a8", "\U0001d165", "\U000110ba"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.characters(exclude_categories=("Cs",)), MARKS), max_size=40)
       .map("".join))
def test_composing_with_a_map_is_nfc(text):
    from claimtrack.text.canonical import canonical
    from claimtrack.text.canonical import nfc as nfc_with_map

    composed, offsets = nfc_with_map(text)
    assert composed == nfc(text)
    lf, _ = canonical(text)
    assert lf == nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    if offsets is not None:
        spans = [offsets.span(i) for i in range(len(composed))]
        assert all(start < end for start, end in spans)
        # every character maps to the stretch of the text it was composed from
        assert "".join(nfc(text[a:b]) for a, b in dict.fromkeys(spans)) == composed
        # and an offset of the text maps over to the first character from there on
        first = {}
        for d, (a, _b) in enumerate(spans):
            first.setdefault(a, d)
        for pos in range(len(text) + 1):
            d = offsets.to_rewritten(pos)
            assert d == first[pos] if pos in first else (
                (d == len(composed) or spans[d][0] > pos) and (d == 0 or spans[d - 1][0] < pos))
