"""Quotes as journalists type them (issue 23): split quotes, and edits that keep their context.

* A quotation interrupted by its attribution (“A,” she added, “B”) is typed
  without it ("A B"): the claim stores the span from the first to the last
  quoted word and the skipped tag as an elision, as ``...`` elisions are.
* A quote whose words changed in part, its prefix and suffix untouched, is
  re-anchored as ``changed`` with a word diff, not orphaned.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack import ClaimStore
from claimtrack.check import main as check_cli
from claimtrack.errors import AmbiguousQuote, QuoteNotFound
from claimtrack.text.anchoring import MAX_ELLIPSIS_GAP, locate
from claimtrack.text.elisions import as_typed, carry
from claimtrack.text.reanchor import MIN_IN_PLACE_QUOTE_SCORE, reanchor

from .conftest import SEEDS

VOX = (SEEDS / "001_5f9e32d0296bbd23.txt").read_text(encoding="utf-8")
AGENCY = ("Officials were blunt about the budget. \u201cThe agency,\u201d she added, "
          "\u201ccannot do this alone.\u201d The hearing went on.\n")
CONTEXT = 32


# -- finding split quotes (library) -----------------------------------------------------


def test_a_split_quote_typed_without_its_tag_is_found_with_the_tag_elided():
    span = locate(AGENCY, '"The agency cannot do this alone."')
    assert span.mode == "split"
    assert span.text == "The agency,\u201d she added, \u201ccannot do this alone."
    assert [span.text[a:b] for a, b in span.elisions] == [",\u201d she added, \u201c"]
    assert as_typed(span.text, span.elisions, " ") == "The agency cannot do this alone."


@pytest.mark.parametrize(("typed", "first", "last", "tags"), [
    # the seed article's own split quote (claim c62 had to leave out "SpaceX")
    ("SpaceX needs the US government as much as the US government needs SpaceX.",
     "SpaceX,", "needs SpaceX.", [",\u201d he added, \u201c"]),
    # a tag ending a sentence, typed with the speaker's full stop
    ("I have seen very little expression of concern. [Musk is] an incredibly good salesperson",
     "I have seen", "good salesperson",
     [",\u201d from military commanders, Burbach said. \u201c"]),
    ("any time soon. We need more competition, not less.", "any time soon,",
     "not less.", [",\u201d he said. \u201c"]),
])
def test_split_quotes_in_the_seed_article(typed, first, last, tags):
    span = locate(VOX, typed)
    assert span.mode == "split"
    assert span.text.startswith(first) and span.text.endswith(last)
    assert [span.text[a:b] for a, b in span.elisions] == tags


def test_single_quotation_marks_dashes_and_apostrophes_in_the_tag():
    text = ("\u2018We are ready,\u2019 the minister\u2019s aide said \u2014 \u2018the launch "
            "is on.\u2019")
    span = locate(text, "We are ready, the launch is on.")
    assert [span.text[a:b] for a, b in span.elisions] == [
        ",\u2019 the minister\u2019s aide said \u2014 \u2018"]


def test_split_and_ellipsis_in_one_quote():
    span = locate(VOX, "SpaceX needs the US government ... needs SpaceX")
    assert [span.text[a:b] for a, b in span.elisions] == [
        ",\u201d he added, \u201c", " as much as the US government "]


def test_an_ellipsis_quote_records_its_elision_too():
    span = locate(VOX, "SpaceX told Vox that Starlink ... license to operate")
    assert span.mode == "ellipsis"
    assert [span.text[a:b] for a, b in span.elisions] == [
        " is not available in Taiwan because the Taiwanese government has not given it a "]


def test_an_exact_quote_has_no_elisions():
    assert locate(AGENCY, "cannot do this alone").elisions == ()


def test_words_not_separated_by_quotation_marks_are_not_a_split_quote():
    with pytest.raises(QuoteNotFound):
        locate(AGENCY, "about the hearing")  # other words between, no quotation marks
    with pytest.raises(QuoteNotFound):
        locate("He said \u201cit was\u201d fine.", "said it was fine")  # marks, but no tag


def test_a_tag_longer_than_the_elision_limit_is_not_skipped():
    long_tag = "she added, " + "after a very long pause " * 13
    assert len(long_tag) > MAX_ELLIPSIS_GAP
    text = f"\u201cThe agency,\u201d {long_tag}\u201ccannot do this alone.\u201d"
    with pytest.raises(QuoteNotFound):
        locate(text, "The agency cannot do this alone.")
    short = text.replace(long_tag, "she added, ")
    assert locate(short, "The agency cannot do this alone.").mode == "split"


def test_an_ambiguous_split_quote_asks_for_an_occurrence():
    text = AGENCY + "Later, again: " + AGENCY
    with pytest.raises(AmbiguousQuote, match="occurs 2 times.*--occurrence"):
        locate(text, "The agency cannot do this alone.")
    second = locate(text, "The agency cannot do this alone.", occurrence=2)
    assert second.start == text.rindex("The agency")
    assert [second.text[a:b] for a, b in second.elisions] == [",\u201d she added, \u201c"]


# -- the commands, as a user types them ----------------------------------------------------


@pytest.fixture
def agency(cli, tmp_path):
    path = tmp_path / "agency.txt"
    path.write_text(AGENCY, encoding="utf-8")
    r = cli("source", "add", str(path), "--key", "agency")
    assert r.exit_code == 0, r.stderr
    return path


def test_claim_add_stores_the_span_and_says_what_it_left_out(cli, agency):
    r = cli("claim", "add", "agency", '"The agency cannot do this alone."', "--named", "Jane Roe")
    assert r.exit_code == 0, r.stderr
    assert "left out of the quote: ',\u201d she added, \u201c'" in r.stderr
    claim = json.loads(cli("claim", "show", "c1", "--format", "json").stdout)[0]
    assert claim["quote"] == "The agency,\u201d she added, \u201ccannot do this alone."
    assert AGENCY[claim["span_start"]:claim["span_end"]] == claim["quote"]
    assert claim["elisions"] == [[10, 25]]
    shown = cli("claim", "show", "c1").stdout
    assert "elided: ',\u201d she added, \u201c' (characters 10-25 of the quote)" in shown


def test_claim_add_refuses_an_ambiguous_split_quote_and_takes_an_occurrence(cli, tmp_path):
    path = tmp_path / "twice.txt"
    path.write_text(AGENCY + AGENCY, encoding="utf-8")
    cli("source", "add", str(path), "--key", "twice")
    r = cli("claim", "add", "twice", "The agency cannot do this alone.")
    assert r.exit_code != 0 and "--occurrence" in r.stderr
    assert "Traceback" not in r.stderr
    r = cli("claim", "add", "twice", "The agency cannot do this alone.", "--occurrence", "2")
    assert r.exit_code == 0, r.stderr
    claim = json.loads(cli("claim", "show", "c1", "--format", "json").stdout)[0]
    assert claim["span_start"] == len(AGENCY) + AGENCY.index("The agency")


def test_claim_edit_quote_finds_a_split_quote_and_clears_elisions_when_gone(cli, agency):
    cli("claim", "add", "agency", "cannot do this alone")
    r = cli("claim", "edit", "c1", "--quote", "The agency cannot do this alone")
    assert r.exit_code == 0, r.stderr
    assert json.loads(cli("claim", "show", "c1", "--format", "json").stdout)[0]["elisions"] == [
        [10, 25]]
    cli("claim", "edit", "c1", "--quote", "cannot do this alone")
    claim = json.loads(cli("claim", "show", "c1", "--format", "json").stdout)[0]
    assert claim["elisions"] == []
    history = json.loads(cli("claim", "history", "c1", "--format", "json").stdout)
    assert [h["data"]["elisions"] for h in history] == [[], [[10, 25]], []]


def test_load_takes_split_quotes_from_claims_toml(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "agency.txt").write_text(AGENCY, encoding="utf-8")
    (folder / "sources.toml").write_text('[[source]]\nfile = "agency.txt"\nkey = "agency"\n')
    (folder / "claims.toml").write_text(
        '[[claim]]\nsource = "agency"\nquote = "The agency cannot do this alone."\n'
        'named = "Jane Roe"\n')
    r = cli("load", str(folder))
    assert r.exit_code == 0, r.stderr
    claim = json.loads(cli("claim", "show", "c1", "--format", "json").stdout)[0]
    assert claim["elisions"] == [[10, 25]]


def test_exports_carry_the_elisions_and_import_checks_them(cli, agency, tmp_path):
    cli("claim", "add", "agency", "The agency cannot do this alone.")
    for fmt in ("json", "csv"):
        out = tmp_path / f"claims.{fmt}"
        assert cli("export", "claims", "--format", fmt, "--output", str(out)).exit_code == 0
    assert json.loads((tmp_path / "claims.json").read_text())[0]["elisions"] == [[10, 25]]
    assert '"[[10, 25]]"' in (tmp_path / "claims.csv").read_text(encoding="utf-8")
    cli("export", "sources", "--format", "json", "--output", str(tmp_path / "sources.json"))

    # Into a new database: the elisions come back; a bad one is refused with its reason.
    for name, fix, ok in [("good", None, True), ("outside", [[10, 999]], False),
                          ("words", "ten to twenty", False)]:
        claims = json.loads((tmp_path / "claims.json").read_text())
        if fix is not None:
            claims[0]["elisions"] = fix
        (tmp_path / f"{name}.json").write_text(json.dumps(claims))
        db = str(tmp_path / f"{name}.db")
        r = cli("--db", db, "import", str(tmp_path / "sources.json"), str(tmp_path / f"{name}.json"))
        assert (r.exit_code == 0) == ok, r.stderr
        if ok:
            shown = json.loads(cli("--db", db, "claim", "show", "c1", "--format", "json").stdout)
            assert shown[0]["elisions"] == [[10, 25]]
        else:
            assert "elisions" in r.stderr and "Traceback" not in r.stderr


def test_the_commit_check_accepts_a_split_quote_typed_without_its_tag(cli, agency):
    cli("claim", "add", "agency", "The agency,\u201d she added, \u201ccannot do this alone")
    Path("draft.md").write_text(
        'The director said "the agency cannot do this alone" [claim:c1].\n'
        'She said "the agency can do it alone" [claim:c1].\n', encoding="utf-8")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = check_cli.main(["--format", "json", "draft.md"])
    findings = json.loads(out.getvalue())["findings"]
    assert code == 1
    assert [(f["code"], f["line"]) for f in findings] == [("CT104", 2)]


# -- re-anchoring: edits inside a quote whose context stands ------------------------------


def _vox_claim(quote: str) -> tuple[int, str, str]:
    start = VOX.index(quote)
    end = start + len(quote)
    return start, VOX[start - CONTEXT:start], VOX[end:end + CONTEXT]


PRESS = "SpaceX\u2019s media relations account described the Journal article as"


def test_three_words_changed_with_the_context_intact_is_changed_with_a_diff():
    start, prefix, suffix = _vox_claim(PRESS)
    new_text = VOX.replace("media relations account", "press office")

    r = reanchor(new_text, PRESS, prefix, suffix, start, VOX)

    assert (r.status, r.start) == ("changed", start)
    assert r.text == "SpaceX\u2019s press office described the Journal article as"
    assert r.diff == ("SpaceX\u2019s [-media relations account-]{+press office+} described "
                      "the Journal ...")
    assert 0.73 <= r.score < 0.9


def test_the_same_edit_after_an_insertion_above_is_changed_at_the_new_place():
    start, prefix, suffix = _vox_claim(PRESS)
    inserted = "Update: this story has been corrected.\n"
    new_text = inserted + VOX.replace("media relations account", "press office")
    r = reanchor(new_text, PRESS, prefix, suffix, start, VOX)
    assert (r.status, r.start) == ("changed", start + len(inserted))


def test_words_replaced_by_unrelated_ones_between_intact_context_are_orphaned():
    start, prefix, suffix = _vox_claim(PRESS)
    new_text = VOX.replace(PRESS, "A spokesperson refused to say anything about it, calling")
    r = reanchor(new_text, PRESS, prefix, suffix, start, VOX)
    assert r.status == "orphaned"


def test_a_deleted_passage_is_orphaned_even_with_a_rewritten_look_alike_elsewhere():
    """The quoted paragraph is deleted; a copy with the same edit survives elsewhere."""
    para = VOX.split("\n")[3]
    assert PRESS in para
    old_text = VOX + "\n" + para.replace("media relations account", "press office")
    start = old_text.index(PRESS)
    end = start + len(PRESS)
    new_text = old_text.replace(para + "\n", "", 1)
    r = reanchor(new_text, PRESS, old_text[start - CONTEXT:start], old_text[end:end + CONTEXT],
                 start, old_text)
    assert (r.status, r.start, r.text) == ("orphaned", start, PRESS)


def test_a_rewrite_the_look_alike_guard_explains_is_orphaned():
    """The new words were already in the old text, in the same context: a look-alike, not an edit."""
    base = ("At a packed session that ran late, the board said the council approved eight new "
            "members of the transit board on Tuesday night, after a debate that lasted hours.\n")
    twin = base.replace("approved eight new members", "rejected all proposed members")
    old_text = base + "Filler.\n" + twin
    quote = "the council approved eight new members of the transit board"
    start = old_text.index(quote)
    end = start + len(quote)
    # The quoted paragraph now reads as the twin did; the twin's own first words changed.
    new_text = twin + "Filler.\n" + twin.replace("the board said", "the chair said")
    prefix, suffix = old_text[start - CONTEXT:start], old_text[end:end + CONTEXT]
    assert len(prefix) == len(suffix) == CONTEXT
    r = reanchor(new_text, quote, prefix, suffix, start, old_text)
    assert r.status == "orphaned"
    # Without the old text, the guard cannot run: the rewrite is taken in place.
    r = reanchor(new_text, quote, prefix, suffix, start)
    assert (r.status, r.start) == ("changed", start)


def test_the_in_place_floor():
    assert MIN_IN_PLACE_QUOTE_SCORE == 0.5


def test_source_refresh_reports_changed_with_the_diff(cli, seeds_dir, tmp_path):
    path = seeds_dir / "001_5f9e32d0296bbd23.txt"
    cli("source", "add", str(path), "--key", "vox")
    cli("claim", "add", "vox", PRESS, "--named", "SpaceX")
    path.write_text(VOX.replace("media relations account", "press office"), encoding="utf-8")
    r = cli("source", "refresh", "vox", "--format", "json")
    assert r.exit_code == 0, r.stderr
    (claim,) = json.loads(r.stdout)
    assert claim["anchor_status"] == "changed"
    assert claim["anchor_diff"].startswith("SpaceX\u2019s [-media relations account-]{+press")


def test_a_split_quotes_elision_follows_a_refresh(tmp_path):
    path = tmp_path / "agency.txt"
    path.write_text(AGENCY, encoding="utf-8")
    store = ClaimStore(tmp_path / "claims.db")
    store.add_source(path, key="agency")
    store.add_claim("agency", "The agency cannot do this alone.")
    from claimtrack.verify import refresh_source

    path.write_text("Breaking.\n" + AGENCY.replace("this alone", "this on its own"),
                    encoding="utf-8")
    (claim,) = refresh_source(store, "agency").claims
    assert claim["anchor_status"] == "changed"
    assert [claim["quote"][a:b] for a, b in claim["elisions"]] == [",\u201d she added, \u201c"]
    store.close()


def test_carry_drops_an_elision_that_is_gone():
    assert carry("A,\u201d she said, \u201cB", "A B", [[1, 15]]) == []
