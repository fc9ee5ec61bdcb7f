"""match's candidate lists: the same query as similar, copies grouped, claims of a large source
reaching other sources, and the numpy paths equal to the plain ones."""

from __future__ import annotations

import json
import random
from pathlib import Path

from claimtrack.matching import build_idf, find_matches, fusion, score_pair
from claimtrack.matching.bulk_lexical import lexical_scores
from claimtrack.matching.candidates import _Vocab
from claimtrack.matching.fused import compared_pairs
from claimtrack.matching.retrieval import StemIndex, porter_stems
from claimtrack.matching.score import _idf_from_df, _prepare, _total, _weight_fn

LABELLED = Path(__file__).parent / "data" / "match_pairs.jsonl"


def claim(cid: str, source: str, text: str, statement: str | None = None) -> dict:
    return {"id": cid, "source": source, "quote": text, "statement": statement or text,
            "status": "active"}


def _labelled_claims() -> list[dict]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    return [c for p in rows for c in (p["a"], p["b"])]


def _index(claims: list[dict]) -> StemIndex:
    prepared = [_prepare(c) for c in claims]
    stems = porter_stems(_Vocab.of(prepared).words)
    return StemIndex([[stems[w] for w in p.words] for p in prepared])


def test_queries_in_bulk_equal_one_by_one() -> None:
    index = _index(_labelled_claims() + [claim("e", "s", "!!!")])
    for terms, postings in ((12, 5_000), (3, 5_000), (12, 4), (12, 1)):
        bulk = index.queries(terms=terms, postings=postings)
        assert bulk == [index.query(d, terms=terms, postings=postings) for d in range(index.n)]


def test_top_is_the_ranking_by_shared_weight() -> None:
    index = _index(_labelled_claims())
    for d in range(0, index.n, 7):
        top = index.top(index.query(d, terms=50, postings=10**6), index.n)
        mine = set(index.stems_of(d))
        expected = sorted(((j, sum(float(index.idf[t]) for t in index.stems_of(j) if t in mine))
                           for j in range(index.n)), key=lambda x: (-x[1], x[0]))
        expected = [(j, w) for j, w in expected if w > 0]
        # the same weights in the same order (ties may fall either way: sums in another order)
        assert [round(w, 9) for _, w in top] == [round(w, 9) for _, w in expected]
        assert {j for j, _ in top} == {j for j, _ in expected}


def test_lexical_in_bulk_equals_score_pair() -> None:
    claims = _labelled_claims() + [claim("x1", "z", "NASA budget", "Joe Biden said the NASA "
                                         "budget was $3 billion"), claim("x2", "y", "!!!")]
    prepared = [_prepare(c) for c in claims]
    vocab = _Vocab.of(prepared)
    idf = _idf_from_df(vocab.df_dict(), len(prepared))
    weight = _weight_fn(idf)
    totals = [[_total(t, weight) for t in p.texts] for p in prepared]
    rnd = random.Random(7)
    pairs = sorted({tuple(sorted(rnd.sample(range(len(claims)), 2))) for _ in range(300)}
                   | {(0, 1), (2, 3), (len(claims) - 2, len(claims) - 1)})
    bulk = lexical_scores(prepared, pairs, idf, weight, totals, None)
    for i, j in pairs:
        assert abs(bulk[(i, j)] - score_pair(claims[i], claims[j], idf).score) <= 0.011


def test_a_claim_stored_twice_is_one_candidate_found_twice() -> None:
    text = "The National Reconnaissance Office awarded SpaceX a contract to build spy satellites."
    claims = [claim("c1", "vox", "SpaceX won a contract to build spy satellites for the "
                    "National Reconnaissance Office."),
              claim("c2", "factchecks", text), claim("c3", "factchecks", text)]
    claims += [claim(f"c{10 + n}", "factchecks", f"Officials discussed topic {n} of the budget "
                     f"for schools and roads with analysts number {n}.") for n in range(30)]
    found = {(m.a, m.b): m for m in find_matches(claims)}
    assert ("c1", "c2") in found and ("c1", "c3") in found
    assert found[("c1", "c2")].score == found[("c1", "c3")].score
    # without its copy the claim scores alike: copies are not each other's rivals
    alone = {(m.a, m.b): m for m in find_matches([c for c in claims if c["id"] != "c3"])}
    assert abs(alone[("c1", "c2")].score - found[("c1", "c2")].score) < 1.0
    assert {("c1", "c2"), ("c1", "c3")} <= compared_pairs(claims)


def test_copies_from_two_sources_score_100() -> None:
    text = "Musk has held secret talks with Vladimir Putin since late 2022."
    claims = [claim("c1", "wsj", text), claim("c2", "ft", text)]
    claims += [claim(f"c{10 + n}", f"s{n % 3}", f"The city council debated item {n} of the "
                     f"school budget with teachers number {n}.") for n in range(20)]
    found = {(m.a, m.b): m for m in find_matches(claims)}
    assert found[("c1", "c2")].score == 100.0 and found[("c1", "c2")].decision == "link"


def test_a_claim_of_a_large_source_reaches_other_sources() -> None:
    """A collection's claims are each other's nearest; a claim elsewhere ranked below 20 of
    them is still compared (the list reaches down for claims from other sources)."""
    base = "vaccine trial results were published by the health ministry for region"
    collection = [claim(f"c{n}", "checks", f"The {base} {n}.") for n in range(1, 41)]
    tweet = claim("t1", "tweet", "Vaccine trial results from the health ministry look odd to me")
    # the tweet ties with all 40 in its own list (it keeps the first 20); c40 puts its 39
    # siblings before the tweet
    pairs = compared_pairs([*collection, tweet], block_k=0)  # retrieval alone
    assert ("c40", "t1") in pairs


def test_similar_groups_copies(tmp_path: Path) -> None:
    from claimtrack import ClaimStore
    from claimtrack.matching.similar import candidates

    text = "The National Reconnaissance Office awarded SpaceX a contract to build spy satellites."
    other = "The city council debated the school budget with teachers on Monday."
    path = tmp_path / "a.txt"
    path.write_text(f"{text} {other} {text}\n", encoding="utf-8")
    store = ClaimStore(tmp_path / "c.db")
    try:
        store.add_source(path, key="a")
        store.add_claim("a", text, occurrence=1)
        store.add_claim("a", other)
        store.add_claim("a", text, occurrence=2)
        found, _, rows = candidates(store, "SpaceX got a spy satellite contract from the NRO office")
        ids = [c["id"] for c in found]
        a, b = ids.index("c1"), ids.index("c3")
        assert rows[a].group == rows[b].group and set(ids) == {"c1", "c3"}
        scores = fusion.calibrated(rows)
        assert scores[a] == scores[b]
    finally:
        store.close()


def test_idf_of_the_bulk_path_is_build_idf() -> None:
    claims = _labelled_claims()
    prepared = [_prepare(c) for c in claims]
    idf = _idf_from_df(_Vocab.of(prepared).df_dict(), len(prepared))
    assert dict(idf) == dict(build_idf(claims))


def test_lists_with_copies_in_bulk_equal_one_by_one() -> None:
    import numpy as np

    from claimtrack.matching.rivals import calibrated_with_copies

    rnd = random.Random(3)
    lists = []
    for size in (1, 2, 5, 9, 30):
        rows = [fusion.Evidence(r, rnd.uniform(0, 9), 20.0, rnd.uniform(5, 30),
                                rnd.uniform(10, 100), rnd.randrange(max(1, size // 2)))
                for r in range(1, size + 1)]
        lists.append(rows)
    flat = [(q, e) for q, rows in enumerate(lists) for e in rows]
    many = calibrated_with_copies(
        np.array([q for q, _ in flat]), np.array([e.group for _, e in flat]),
        *(np.array([getattr(e, f) for _, e in flat], dtype=float)
          for f in ("rank", "overlap", "query_weight", "doc_weight", "lexical")))
    one_by_one = [p for rows in lists for p in fusion.calibrated(rows)]
    assert np.allclose(many, one_by_one, atol=0.011)
