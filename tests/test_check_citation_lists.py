"""``claimtrack check``: lists of claims in one citation, citations it cannot read, and
omissions (``...``) in the word diff of a misquotation.

A commit hook must never pass a citation it did not read: ``[claim:c45, c999]`` used to be
skipped (``0 citations``, exit 0).  Drafts are checked against the ``seeded`` store: c45 is
SpaceX's, on the record; c2 rests on an anonymous source; c35's quote is C35.
"""

from __future__ import annotations

import json

import pytest

from claimtrack.check.quotations import quotation_diff

from .check_helpers import C35, at, findings, run, where, write

# -- lists of claims ----------------------------------------------------------------------


@pytest.mark.parametrize(("citation", "unknown"), [
    ("[claim:c45, c999]", "c999"),
    ("[claim:c45 c999]", "c999"),
    ("[claim:c45, claim:c999]", "claim:c999"),
    ("[claim:c45,c999]", "c999"),
    ("[claim:c45; claim:c999]", "claim:c999"),
    ("[claim:c45;c999]", "c999"),
    ("[CLAIM: C45 ;  Claim: 999 ]", "Claim: 999"),
])
def test_each_id_of_a_list_is_checked(seeded, citation, unknown):
    text = f"Intro.\n\nText {citation}.\n"
    code, out, err = run(write("d.md", text))
    assert code == 1, out + err
    line, col = at(text, unknown)
    typed = unknown.split(":")[-1].strip()
    assert out == f"d.md:{line}:{col}: CT101 error: unknown claim {typed!r}\n"
    assert err.strip() == "1 error, 0 warnings in 1 file (2 citations)"


def test_a_list_of_known_claims_passes_and_counts_each(seeded):
    text = "Text [claim:c45, c44; claim:c43 c10].\n"
    code, out, err = run(write("d.md", text))
    assert (code, out) == (0, "")
    assert err.strip() == "0 errors, 0 warnings in 1 file (4 citations)"


def test_the_first_id_of_a_list_is_reported_at_the_citation(seeded):
    text = "Text [claim:c998, c45, c999].\n"
    found = findings(write("d.md", text))
    assert [(f["code"], f["claim"], f["line"], f["col"]) for f in found] == [
        ("CT101", "c998", *at(text, "[claim:")), ("CT101", "c999", *at(text, "c999"))]


def test_ids_of_a_list_get_every_check_of_a_single_citation(seeded):
    seeded.retract_claim("c3", "misread the essay")
    text = "Observers saw it [claim:c45, c3; c2].\n"
    found = findings(write("d.md", text))
    assert [(f["code"], f["claim"], f["col"]) for f in found] == [
        ("CT102", "c3", at(text, "c3")[1]), ("CT201", "c2", at(text, "c2")[1])]


def test_a_quotation_is_compared_with_every_claim_of_a_list(seeded):
    good = 'SpaceX said it "has nothing to do with Russia or China" [claim:c1, c45].\n'
    assert findings(write("d.md", good)) == []
    bad = 'SpaceX said it "has nothing whatever to do with Russia" [claim:c1, c45].\n'
    found = findings(write("d.md", bad))
    assert [(f["code"], f["claim"]) for f in found] == [("CT104", "c45")]


def test_a_list_may_run_onto_the_next_line(seeded):
    text = "Text [claim:c45,\nc999] and more.\n"
    found = findings(write("d.md", text))
    assert where(found, "CT101") == [(2, 1)]


@pytest.mark.parametrize("citation", ["[claim:c1, c45]", "[claim:c1;\n  claim:c45]"])
def test_a_list_after_the_full_stop_belongs_to_the_sentence_before(seeded, citation):
    text = f'SpaceX said it "has nothing whatever to do with Russia." {citation} Next.\n'
    found = findings(write("d.md", text))
    assert [(f["code"], f["claim"], f["col"]) for f in found] == [("CT104", "c45", 16)]


# -- citations that cannot be read ----------------------------------------------------------


@pytest.mark.parametrize(("citation", "word"), [
    ("[claim:c45 and c999]", "and"),
    ("[claim:c45, p. 3]", "p."),
    ("[claim:see c45]", "see"),
    ("[claim:c45, claim:]", "claim:]"),
    ("[claim:c45/c46]", "c45/c46"),
    ("[claim:#45]", "#45"),
])
def test_a_citation_that_cannot_be_read_is_an_error(seeded, citation, word):
    text = f"Intro.\n\nText {citation} here.\n"
    code, out, err = run(write("d.md", text))
    assert code == 1, out + err
    line, col = at(text, word)
    assert out.startswith(f"d.md:{line}:{col}: CT105 error: cannot read citation {citation!r}: ")
    assert "none of its ids are checked" in out and "CT101" not in out  # c999 is not read
    assert err.strip() == "1 error, 0 warnings in 1 file (0 citations)"
    found = findings("d.md")[0]
    assert found["name"] == "unreadable" and found["citation"] == citation and found["claim"] is None


def test_an_unreadable_citation_needs_no_database_and_can_be_excused(tmp_path):
    write("d.md", "Text [claim:c45 and c46].\n")
    code, out, _ = run("--db", "nowhere.db", "d.md")
    assert code == 1 and "CT105" in out
    write("d.md", "Text [claim:c45 and c46]. <!-- claimtrack: ignore[unreadable] -->\n")
    assert run("--db", "nowhere.db", "d.md")[:2] == (0, "")


def test_a_long_unreadable_citation_is_shown_cut(seeded):
    citation = "[claim:c45 " + "word " * 40 + "]"
    code, out, _ = run(write("d.md", f"Text {citation}.\n"))
    assert code == 1 and out.count("\n") == 1
    assert "cannot read citation '[claim:c45 word word" in out and "...'" in out
    assert len(out) < 300


def test_an_unclosed_citation_is_a_warning(seeded):
    text = "Text [claim:c45, c999 and more.\n\nNext paragraph [claim:c45].\n"
    code, out, err = run(write("d.md", text))
    assert code == 0
    line, col = at(text, "[claim:c45,")
    assert out == (f"d.md:{line}:{col}: CT203 warning: citation '[claim:c45, c999 and more.' "
                   "has no closing ']' before the end of its paragraph: it is not checked\n")
    assert err.strip() == "0 errors, 1 warning in 1 file (1 citation)"
    assert run("--error", "unclosed", "d.md")[0] == 1


def test_json_counts_lists_and_unreadable_citations(seeded):
    write("d.md", "One [claim:c45, c999]. Two [claim:c45 or c46].\n")
    code, out, _ = run("--format", "json", "d.md")
    doc = json.loads(out)
    assert code == 1
    assert [f["code"] for f in doc["findings"]] == ["CT101", "CT105"]
    assert doc["summary"]["citations"] == 2 and doc["summary"]["errors"] == 2


# -- an omission is no difference ------------------------------------------------------------


def test_an_omission_is_not_shown_as_a_change(seeded):
    """The quotation leaves words out with '...' (allowed) and changes 'clearance' to 'job'
    (a misquote): the diff shows the change alone, never '[-...-]{+the omitted words+}'."""
    text = ('A former official said "If I went and talked to Putin ... I would definitely '
            'lose my job" [claim:c35].\n')
    code, out, _ = run("--off", "anonymous", write("d.md", text))
    assert code == 1
    col = text.index('"If') + 1
    assert out == (f"d.md:1:{col}: CT104 error: quotation does not match claim "
                   "c35: ... I would definitely lose my [-job-]{+clearance+}; the source says: "
                   f'"{C35}"\n')


@pytest.mark.parametrize(("quotation", "diff"), [
    ("If I went and talked to Putin ... I would definitely lose my job",
     "... I would definitely lose my [-job-]{+clearance+}"),
    ("If I went and talked to Putin\u2026 I would definitely lose my job",
     "... I would definitely lose my [-job-]{+clearance+}"),
    ("If I went and talked to Putin [...] I would surely lose my clearance",
     "... talked to Putin ... I would [-surely-]{+definitely+} lose my clearance"),
    ("If I went and talked to Putin ... we would definitely lose my clearance",
     "... went and talked to Putin ... [-we-]{+I+} would definitely lose my clearance"),
    ("If I went ... to Moscow ... I would definitely lose my clearance",
     "If I went ... to [-Moscow-]{+Putin+} ... I would definitely lose my ..."),
    ("If I went and talked to Putin ... I would definitely lose my clearance",
     "(differs only in case or punctuation)"),
])
def test_quotation_diff_shows_omissions_as_omissions(quotation, diff):
    assert quotation_diff(quotation, C35) == diff


def test_an_omission_too_long_is_said_so():
    source = "Alpha beta " + "filler words here " * 30 + "omega end."
    assert quotation_diff("Alpha beta ... omega end", source) == (
        "(the words match, but '...' leaves out 541 characters of the quote: at most 300 may "
        "be left out)")
