"""``verify`` and ``check`` make one comparison (claimtrack.text.drift) and agree."""

from __future__ import annotations

from claimtrack.text import drift
from claimtrack.verify import refresh_source, verify

from .check_helpers import findings, run
from .test_refresh import VOX_FILE, _claim, _edit

DENIAL = ("SpaceX told Vox that Starlink is not available in Taiwan because the Taiwanese "
          "government has not given it a license to operate and that this “has nothing "
          "to do with Russia or China.”\n")


def _answers(store):
    """What verify and check each say about every claim that is not plainly anchored."""
    problems, notes = verify(store)
    by_verify = {p["id"]: (p["anchor_status"], p["checked_against"] == "database") for p in problems}
    code_status = {"CT103": None, "CT303": "changed", "CT304": "orphaned", "CT305": "moved"}
    by_check = {}
    for f in findings("--warn", "quote-moved"):
        if f["code"] in code_status:
            status = code_status[f["code"]]
            if status is None:  # CT103: as the database stores it, or not at its span
                status = "orphaned" if "not at its stored span" in f["message"] else \
                    store.get_claim(f["claim"])["anchor_status"]
            by_check[f["claim"]] = (status, f["code"] == "CT103")
    return by_verify, by_check, notes


def test_refresh_then_restore_the_file(seeded, seeds_dir):
    """Refresh a source so that one claim is orphaned, then put the original text back."""
    original = (seeds_dir / VOX_FILE).read_text(encoding="utf-8")
    taiwan = _claim(seeded, "has nothing to do with Russia or China")
    _edit(seeds_dir, lambda t: t.replace(DENIAL, ""))
    refresh_source(seeded, "vox-putin")
    assert seeded.get_claim(taiwan["id"])["anchor_status"] == "orphaned"
    _edit(seeds_dir, lambda t: original)

    by_verify, by_check, notes = _answers(seeded)
    assert by_verify == by_check
    # the orphan is still reported, as the database stores it, by both
    assert by_verify[taiwan["id"]] == ("orphaned", True)
    # the others moved back in the restored file (or are orphans from the same sentence)
    others = {i: s for i, s in by_verify.items() if i != taiwan["id"]}
    assert ("moved", False) in others.values()
    assert all(s == ("moved", False) or (s == ("orphaned", True) and
                                         seeded.get_claim(i)["quote"] in DENIAL)
               for i, s in others.items())
    assert run()[0] == 1
    # one piece of advice, worded once
    advice = drift.refresh_advice("vox-putin")
    assert any(advice in n for n in notes)
    assert any(advice in f["message"] for f in findings() if f["code"] == "CT302")


def test_verify_and_check_agree_on_an_edited_file(seeded, seeds_dir):
    _edit(seeds_dir, lambda t: "New first line.\n" + t.replace("eight of the Department",
                                                                "seven of the Department"))
    by_verify, by_check, _ = _answers(seeded)
    assert by_verify == by_check
    assert sorted({s for s, _ in by_verify.values()}) == ["changed", "moved"]


def test_a_quote_not_at_its_span_is_orphaned_for_both(seeded):
    seeded.conn.execute("UPDATE claims SET span_start = span_start + 1, span_end = span_end + 1"
                        " WHERE id = 'c1'")
    by_verify, by_check, _ = _answers(seeded)
    assert by_verify == by_check == {"c1": ("orphaned", True)}
    assert [f["message"] for f in findings() if f["code"] == "CT103"] == [
        "claim c1's quote is not at its stored span in source 'alliance'"]


def test_compare_is_pure():
    claim = {"id": "c1", "quote": "world", "prefix": "hello ", "suffix": "!", "span_start": 6,
             "span_end": 11, "anchor_status": "anchored", "anchor_version": None}
    assert [d.status for d in drift.compare("hello world!", None, [claim])] == ["anchored"]
    moved = drift.compare("hello world!", "Oh, hello world!", [claim])
    assert [(d.status, d.against) for d in moved] == [("moved", "file")]
    stored = drift.compare("hello world!", "Oh, hello world!", [{**claim, "anchor_status": "changed"}])
    assert [(d.status, d.against) for d in stored] == [("changed", "database")]
    assert drift.first_difference("abc", "abd") == 2
