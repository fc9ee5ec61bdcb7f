"""Finding the same claim: text as it comes, the stemmed index, similar, the calibrated match."""

from __future__ import annotations

import json

import pytest

from claimtrack import ClaimStore
from claimtrack.matching import find_matches, fusion, noise, normalise, numbers_in, score_pair
from claimtrack.matching.retrieval import porter_stems, reciprocal_rank_fusion
from claimtrack.matching.similar import similar


def claim(cid: str, source: str, text: str) -> dict:
    return {"id": cid, "source": source, "quote": text, "statement": text, "status": "active"}


# -- text as it comes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Read this https://t.co/TPX0dF5Dil now", "read this now"),
        ("pic.twitter.com/abc123 and www.example.com/x too", "and too"),
        ("Thanks @JoeBiden for nothing", "thanks joe biden for nothing"),
        ("#MakeAmericaGreatAgain rally", "make america great again rally"),
        ("#maddoxstrong", "maddox strong"),
        ("#qanon#falseflag", "qanon false flag"),  # tags typed together; no split into "qa non"
        ("#Adernochrome", "adernochrome"),  # a typo is not split into "a der no chrome"
        ("No Collusion! — Donald J. Trump (@realDonaldTrump) March 24, 2019", "no collusion donald j trump"),
        ("Prices rose five percent. — Reuters", "prices rose 5 percent"),
    ],
)
def test_post_noise_is_not_part_of_the_claim(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_a_run_together_hashtag_is_read_as_its_words() -> None:
    assert noise.run_together("poisonwaterbottles") == ["poison", "water", "bottles"]
    assert noise.run_together("hoax") == ["hoax"]  # too short to split
    assert noise.run_together("covid19") == ["covid19"]  # not letters only
    # a handle is a name: its letters are not split into words
    assert normalise("@pnbrock was there") == "pnbrock was there"


def test_a_hashtag_that_runs_words_together_finds_the_claim() -> None:
    # the post shares no word with the claim until its hashtags are read as words
    a = claim("a", "post", "Terrifying, pass it on #contaminatedwater #poisonbottles")
    b = claim("b", "wire", "Someone is injecting poison into bottles of water, police warned.")
    assert {"poison", "bottles", "water"} <= set(normalise(a["quote"]).split())
    assert [(m.a, m.b) for m in find_matches([a, b], suggest_threshold=1.0)] == [("a", "b")]


def test_hashtag_words_load_only_when_needed() -> None:
    import subprocess
    import sys

    code = ("import sys; from claimtrack.matching import normalise; normalise('#MAGA rally @JoeBiden');"
            " print('wordsegment' in sys.modules); normalise('#tamperedwater');"
            " print('wordsegment' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_a_signature_does_not_add_a_number() -> None:
    post = "They cut the budget. — Jane Doe (@janedoe) June 4, 2019"
    assert numbers_in(post) == set()


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("300K jobs", {"300000"}),
        ("585M users", {"585000000"}),
        ("a 2.5bn deal", {"2500000000"}),
        ("$US346,807 paid", {"346807"}),
        ("US$5 fee", {"5"}),
        ("A$3 million", {"3000000"}),
    ],
)
def test_numbers_with_suffixes_and_currency_prefixes(text: str, numbers: set[str]) -> None:
    assert numbers_in(text) == numbers


def test_a_scale_letter_after_a_space_is_not_a_scale() -> None:
    assert numbers_in("5 m long") == {"5"}


def test_contractions_without_apostrophes_are_negations() -> None:
    assert normalise("they dont care, it isnt fair") == "they do not care it is not fair"
    a = claim("a", "x", "The minister does not support the new border policy at all.")
    b = claim("b", "y", "The minister doesnt support the new border policy at all.")
    c = claim("c", "y", "The minister does support the new border policy at all.")
    assert not score_pair(a, b).negation_differs
    assert score_pair(c, b).negation_differs


def test_an_added_date_or_year_is_not_a_conflicting_number() -> None:
    a = claim("a", "x", "The council paid the consultant $US346,807 for the year ending June 30, 2003.")
    b = claim("b", "y", "The council paid the consultant $346,807.")
    ps = score_pair(a, b)
    assert not ps.numbers_differ
    assert numbers_in(a["quote"]) == {"346807", "2003"}  # the day is a date, not a quantity


def test_two_different_years_still_conflict() -> None:
    a = claim("a", "x", "The council paid the consultant $346,807 in 2003.")
    b = claim("b", "y", "The council paid the consultant $346,807 in 2004.")
    assert score_pair(a, b).numbers_differ


def test_cleaning_is_idempotent_on_its_output() -> None:
    text = "#StopTheSteal 300K votes $US5bn https://x.co/1 — Jo (@jo) May 2, 2020"
    assert normalise(normalise(text)) == normalise(text)
    assert noise.clean(noise.clean(text)) == noise.clean(text)


# -- the stemmed index ----------------------------------------------------------------


def test_porter_stems_are_sqlites() -> None:
    stems = porter_stems(["satellites", "racist", "racists", "contracts"])
    assert stems["satellites"] == "satellit"
    assert stems["racist"] == stems["racists"]


def test_search_finds_inflected_words(seeded: ClaimStore) -> None:
    plural = {c["id"] for c in seeded.list_claims(search="contracts")}
    singular = {c["id"] for c in seeded.list_claims(search="contract")}
    assert plural and plural == singular


def test_a_database_before_the_stemmed_index_is_rebuilt(tmp_path) -> None:
    from sqlite_utils import Database, Migrations

    from claimtrack.store import migrations

    path = tmp_path / "old.db"
    old = Migrations(migrations.MIGRATION_SET)
    for fn in migrations.MIGRATIONS:
        old()(fn)
    db = Database(path)
    old.apply(db, stop_before="m007_index_stems")
    db.execute("INSERT INTO sources (key, sha256, text, added_at, updated_at)"
               " VALUES ('s', 'x', 'Launching satellites', 't', 't')")
    db.execute("INSERT INTO claims (id, seq, source, quote, statement, span_start, span_end,"
               " prefix, suffix, strength, created_at, updated_at) VALUES ('c1', 1, 's',"
               " 'Launching satellites', 'Launching satellites', 0, 20, '', '', 'unattributed', 't', 't')")
    db.conn.commit()
    db.close()
    store = ClaimStore(path)
    assert migrations.pending(store.conn) == []
    assert [c["id"] for c in store.list_claims(search="satellite launch")] == ["c1"]
    assert store.conn.execute("SELECT doc FROM claims_fts_vocab WHERE term = 'satellit'").fetchone() == (1,)
    store.add_claim("s", "satellites")
    assert [c["id"] for c in store.list_claims(search="satellite")] == ["c1", "c2"]


# -- similar --------------------------------------------------------------------------


def test_similar_finds_a_rewording_first(seeded: ClaimStore) -> None:
    found = similar(seeded, "the White House began reviewing SpaceX federal contracts in June 2025", 5)
    assert found[0].claim["id"] == "c1"
    assert [n.score for n in found] == sorted((n.score for n in found), reverse=True)
    assert all(0 <= n.score <= 100 for n in found)


def test_similar_to_a_claim_leaves_the_claim_out(seeded: ClaimStore) -> None:
    found = similar(seeded, "c1", 5)
    assert found and "c1" not in {n.claim["id"] for n in found}
    assert len(found) <= 5


def test_similar_fuses_another_ranking(seeded: ClaimStore) -> None:
    text = "Musk and Trump clashed publicly in June 2025."
    plain = [n.claim["id"] for n in similar(seeded, text, 20)]
    pushed = [n.claim["id"] for n in similar(seeded, text, 20, extra=["c4"])]
    assert "c4" in pushed and set(plain) <= set(pushed)


def test_similar_finds_a_stored_post_by_its_hashtag(seeded: ClaimStore, tmp_path) -> None:
    # the index holds the stored post's tag whole; the query reads it as words and asks for both
    post = tmp_path / "post.txt"
    post.write_text("Check the caps on your bottles #tamperedwater", encoding="utf-8")
    seeded.add_source(post, key="post")
    stored = seeded.add_claim("post", "Check the caps on your bottles #tamperedwater")
    found = similar(seeded, "#tamperedwater seen again", 5)
    assert found and found[0].claim["id"] == stored["id"]


@pytest.mark.parametrize("named", ["c1", "C1", "1", "claim:c1", " claim:C1 "])
def test_similar_names_a_claim_as_every_command_does(seeded: ClaimStore, named: str) -> None:
    found = similar(seeded, named, 5)
    assert [n.claim["id"] for n in found] == [n.claim["id"] for n in similar(seeded, "c1", 5)]
    assert "c1" not in {n.claim["id"] for n in found}


def test_similar_needs_words(seeded: ClaimStore) -> None:
    from claimtrack.errors import InvalidInput

    with pytest.raises(InvalidInput, match="letters or digits"):
        similar(seeded, "!!! ???")
    with pytest.raises(InvalidInput, match="not a common one"):
        similar(seeded, "the of")


def test_similar_command(cli, seeded: ClaimStore) -> None:
    r = cli("similar", "White House review of SpaceX contracts", "-n", "3", "--format", "json")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) == 3 and rows[0]["rank"] == 1
    assert {"score", "id", "source", "statement", "strength", "attributed_to"} <= set(rows[0])
    r = cli("similar", "c1")
    assert r.exit_code == 0 and "c2" in r.stdout
    r = cli("similar", "c99999")
    assert r.exit_code != 0 and "c99999" in r.stderr


def test_claim_show_lists_near_claims(cli, seeded: ClaimStore) -> None:
    r = cli("claim", "show", "c1")
    assert r.exit_code == 0, r.stderr
    assert "Near claims" in r.stdout


# -- the calibrated score and match ------------------------------------------------------


def test_calibrated_many_equals_calibrated() -> None:
    import numpy as np

    lists = [[fusion.Evidence(r, ov, 20.0, 15.0, lex) for r, (ov, lex) in enumerate(rows, start=1)]
             for rows in ([(9.0, 80.0), (3.0, 40.0), (3.0, 45.0)], [(5.0, 60.0)], [(2.0, 30.0), (2.0, 30.0)])]
    one_by_one = [p for rows in lists for p in fusion.calibrated(rows)]
    flat = [(q, e) for q, rows in enumerate(lists) for e in rows]
    many = fusion.calibrated_many(
        np.array([q for q, _ in flat]), *(np.array([getattr(e, f) for _, e in flat], dtype=float)
                                         for f in ("rank", "overlap", "query_weight", "doc_weight", "lexical")))
    assert many.tolist() == one_by_one


def test_copies_are_not_rivals() -> None:
    rows = [fusion.Evidence(1, 9.0, 20.0, 18.0, 85.0), fusion.Evidence(2, 9.0, 20.0, 18.0, 85.0),
            fusion.Evidence(3, 2.0, 20.0, 18.0, 20.0)]
    rivals = fusion.calibrated(rows)
    copies = fusion.calibrated(rows, lambda a, b: {a, b} == {0, 1})
    assert copies[0] > rivals[0] and copies[1] > rivals[1]


def test_reciprocal_rank_fusion() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "a"]], k=5)
    assert [item for item, _ in fused] == ["a", "c", "b"]


def _outlets(n_other: int = 60) -> list[dict]:
    same = [
        claim("c1", "vox", "SpaceX won a $1.8 billion contract to build spy satellites for the National Reconnaissance Office."),
        claim("c2", "wsj", "The National Reconnaissance Office awarded SpaceX a $1.8 billion contract to build spy satellites."),
        claim("c3", "ft", "SpaceX was awarded a $1.8bn contract by the National Reconnaissance Office to build spy satellites."),
    ]
    topics = ["tariffs on steel imports", "the city budget for schools", "rail strikes in the north",
              "a court ruling on water rights", "hospital waiting lists", "a new airport runway"]
    other = [claim(f"c{10 + n}", f"s{n % 7}", f"Officials discussed {topics[n % len(topics)]} on day {n} "
                   f"of the session with reporters and analysts number {n}.") for n in range(n_other)]
    return same + other


def test_one_claim_in_three_outlets_is_found_pairwise() -> None:
    found = {(m.a, m.b): m for m in find_matches(_outlets())}
    for pair in (("c1", "c2"), ("c1", "c3"), ("c2", "c3")):
        assert pair in found, pair
        assert found[pair].score >= fusion.SUGGEST_THRESHOLD
        assert found[pair].lexical is not None


def test_match_takes_another_ranking_through_the_hook() -> None:
    claims = _outlets()
    calls = []

    def neighbours(active):
        calls.append(len(active))
        return [[] for _ in active]

    find_matches(claims, neighbours=neighbours)
    assert calls == [len(claims)]


def test_compared_pairs_cross_sources_only() -> None:
    from claimtrack.matching.fused import compared_pairs

    claims = _outlets()
    pairs = compared_pairs(claims)
    src = {c["id"]: c["source"] for c in claims}
    assert ("c1", "c2") in pairs
    assert all(src[a] != src[b] for a, b in pairs)


@pytest.mark.parametrize("quote", ["...", "…", "[...]", " — "])
def test_a_quote_without_words_is_refused(cli, seeded: ClaimStore, quote: str) -> None:
    from .conftest import dump

    before = dump(seeded.path)
    r = cli("claim", "add", "vox-putin", quote)
    assert r.exit_code == 1 and "no words" in r.stderr and "Traceback" not in r.stderr
    assert dump(seeded.path) == before


def test_claim_show_of_a_claim_without_words_has_no_near_claims(cli, seeded: ClaimStore) -> None:
    """A database from before the rule above may hold one: showing it still works."""
    with seeded.transaction():
        seeded.conn.execute("UPDATE claims SET statement = '…', quote = '…' WHERE id = 'c3'")
    r = cli("claim", "show", "c3")
    assert r.exit_code == 0, r.stderr
    assert "Near claims" not in r.stdout
