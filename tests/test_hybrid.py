"""The semantic extra wired into similar, match, claim show and match review (hybrid.py).

Vectors are written by hand, and a claim id is the query (its stored vector
is used), so no model runs: ``semantic.available`` is patched to say the
extra is installed, or the model folder is pointed nowhere to simulate the
default install (whose import of the model fails).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from claimtrack.matching import hybrid, semantic

from .vectors import put_vector


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda: True)


@pytest.fixture
def default_install(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMTRACK_MINILM_DIR", str(tmp_path / "no-model"))
    semantic.encoder.cache_clear()
    assert not semantic.available()


def _alike(store) -> None:
    # c3 (Trump, tech capital, narrative) and c5 (DOGE, federal budgets) share no word:
    # only the semantic ranking can bring c5 to c3
    put_vector(store, "c3", [1, 0, 0])
    put_vector(store, "c5", [0.99, 0.1, 0])
    put_vector(store, "c1", [0, 1, 0])


def _similar_ids(cli, *args: str) -> tuple[list[str], str]:
    result = cli("similar", *args, "-n", "100", "--format", "json")
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)], result.stderr


def test_similar_fuses_the_semantic_ranking_when_vectors_are_stored(seeded, cli, installed):
    without, _ = _similar_ids(cli, "c3")
    assert "c5" not in without  # nothing embedded: the index alone
    _alike(seeded)
    found, stderr = _similar_ids(cli, "c3")
    assert "c5" in found and "c3" not in found
    assert set(without) <= set(found)
    # the other claims have no embedding yet: said once, as a hint
    assert stderr.count("claimtrack embed") == 1 and "80 claims without an embedding" in stderr


def test_a_hint_to_embed_when_the_extra_is_installed_and_nothing_is_embedded(seeded, cli, installed):
    _, stderr = _similar_ids(cli, "c3")
    assert stderr.strip() == ("Hint: run 'claimtrack embed' once to rank claims by meaning too "
                              "(the semantic extra).")


def test_no_hint_once_every_claim_is_embedded(seeded, cli, installed):
    ids = [r["id"] for r in seeded.query("SELECT id FROM claims")]
    rng = np.random.default_rng(1)
    for cid in ids:
        put_vector(seeded, cid, rng.normal(size=8))
    _, stderr = _similar_ids(cli, "c3")
    assert stderr == ""
    assert hybrid.state(seeded) == hybrid.State(installed=True, embedded=True, missing=0)


def test_the_default_install_ranks_by_words_and_says_nothing(seeded, cli, default_install):
    found, stderr = _similar_ids(cli, "c3")
    assert stderr == "" and "c5" not in found
    assert hybrid.match_hooks(seeded) == {}
    assert "pip install 'claimtrack[semantic]'" in cli("similar", "--help").stdout.replace("\n", " ")


def test_the_default_install_with_stored_vectors_says_how_to_add_the_extra(seeded, cli, default_install):
    _alike(seeded)
    found, stderr = _similar_ids(cli, "c3")
    assert "c5" not in found  # the vectors are not used without the extra
    assert "semantic extra is not installed" in stderr and semantic.INSTALL_HINT in stderr


def test_claim_show_lists_a_neighbour_by_meaning(seeded, cli, installed):
    _alike(seeded)
    for cid in [r["id"] for r in seeded.query("SELECT id FROM claims WHERE id NOT IN ('c1', 'c3', 'c5')")]:
        put_vector(seeded, cid, [0, 0, 1])  # everything else far from c3
    result = cli("claim", "show", "c3")
    assert result.exit_code == 0
    near = result.stdout.split("Near claims", 1)[1]
    assert " c5 " in near


def test_match_passes_the_semantic_neighbours_to_the_matcher(seeded, cli, installed, monkeypatch):
    from claimtrack.matching import fused

    seen = []
    real = fused.find_matches

    def spy(claims, **kwargs):
        hook = kwargs.get("neighbours")
        seen.append(None if hook is None else hook(claims))
        return real(claims, **kwargs)

    monkeypatch.setattr(fused, "find_matches", spy)
    assert cli("match").exit_code == 0
    assert seen == [None]  # nothing embedded: no hook
    _alike(seeded)
    result = cli("match")
    assert result.exit_code == 0 and "claimtrack embed" in result.stderr
    lists = seen[-1]
    claims = [c for c in seeded.list_claims(status="active")]
    pos = {c["id"]: n for n, c in enumerate(claims)}
    assert lists is not None and len(lists) == len(claims)
    assert lists[pos["c3"]][0] == pos["c5"] and lists[pos["c2"]] == []


def test_the_cached_matrix_follows_added_replaced_and_dropped_vectors(seeded):
    put_vector(seeded, "c1", [1, 0, 0])
    put_vector(seeded, "c2", [0, 1, 0])
    first = semantic.stored(seeded)
    assert sorted(first[0]) == ["c1", "c2"]
    assert semantic.stored(seeded)[1] is first[1]  # nothing changed: not read again
    put_vector(seeded, "c3", [0, 0, 1])  # added
    assert [c for c, _ in semantic.nearest(seeded, np.array([0, 0, 1.0]), k=1)] == ["c3"]
    put_vector(seeded, "c1", [0, 0.1, 1])  # replaced
    assert [c for c, _ in semantic.nearest(seeded, np.array([0, 0, 1.0]), k=3)][:2] == ["c3", "c1"]
    ids, matrix = semantic.stored(seeded)
    assert sorted(ids) == ["c1", "c2", "c3"] and matrix.shape == (3, 3)
    with seeded.transaction() as conn:  # c3's quote changes: its vector is dropped
        conn.execute("UPDATE claims SET quote = quote || ' ' WHERE id = 'c3'")
    ids, matrix = semantic.stored(seeded)
    assert sorted(ids) == ["c1", "c2"] and matrix.shape == (2, 3)
    fresh = semantic.stored_uncached(seeded)
    assert sorted(fresh[0]) == sorted(ids)


def test_the_bulk_semantic_features_equal_the_list_by_list_ones():
    rng = np.random.default_rng(3)
    sizes = [1, 4, 7, 2]
    groups = np.repeat(np.arange(len(sizes)), sizes)
    cos = np.round(rng.uniform(-0.2, 1.0, size=len(groups)), 2)  # rounded: ties occur
    cos[5] = cos[6]
    bulk = hybrid.semantic_many(groups, cos)
    expected = [f for g in range(len(sizes)) for f in hybrid.semantic_features(cos[groups == g].tolist())]
    assert np.allclose(bulk, np.asarray(expected))


def test_match_scores_in_bulk_as_list_by_list(seeded):
    from claimtrack.matching import fusion

    rng = np.random.default_rng(5)
    claims = seeded.list_claims()[:6]
    for c in claims:
        put_vector(seeded, c["id"], rng.normal(size=6))
    hooks = hybrid.MatchSemantics(seeded, coefficients=tuple(rng.normal(size=len(hybrid.FEATURES) + 1)))
    hooks.prepare(claims)
    groups = np.array([0, 0, 0, 3, 3])
    cands = np.array([1, 2, 5, 4, 0])
    rank = np.array([1.0, 2, 3, 1, 2])
    overlap, qw, dw = rng.uniform(1, 5, 5), np.full(5, 9.0), rng.uniform(3, 9, 5)
    lex = rng.uniform(0, 100, 5)
    bulk = hooks.many(groups, cands, rank, overlap, qw, dw, lex)
    one = []
    for g in (0, 3):
        at = np.flatnonzero(groups == g)
        rows = [fusion.Evidence(rank[i], overlap[i], qw[i], dw[i], lex[i]) for i in at]
        one += hooks.one(g, cands[at].tolist(), rows, lambda a, b: False)
    assert np.allclose(bulk, one, atol=0.011)


def test_what_is_embedded_is_the_quote():
    assert semantic.text_of("“We met,” he said.", "Musk met Putin.") == "“We met,” he said."
    assert semantic.text_of("", "Musk met Putin.") == "Musk met Putin."


def test_changing_a_quote_drops_its_embedding(seeded):
    put_vector(seeded, "c1", [1, 0])
    put_vector(seeded, "c2", [0, 1])
    with seeded.transaction() as conn:
        conn.execute("UPDATE claims SET quote = quote || ' ' WHERE id = 'c1'")
    assert [r["claim_id"] for r in seeded.query("SELECT claim_id FROM claim_embeddings")] == ["c2"]
    seeded.edit_claim("c2", statement="Another statement.")  # the quote, what is embedded, is kept
    assert [r["claim_id"] for r in seeded.query("SELECT claim_id FROM claim_embeddings")] == ["c2"]


def test_the_contradiction_detector_may_relate_claims_by_meaning(seeded, installed):
    from claimtrack.contradictions import relatedness

    unrelated = relatedness.Relation(False, frozenset(), (), 0.0)
    assert relatedness.by_meaning("c3", "c5", unrelated, None) is unrelated  # no similarity given
    _alike(seeded)
    cosine = hybrid.similarity(seeded)
    assert cosine is not None and cosine("c3", "c5") > relatedness.RELATED_COSINE
    assert cosine("c3", "c2") is None  # c2 has no embedding
    assert relatedness.by_meaning("c3", "c5", unrelated, cosine).related
    assert not relatedness.by_meaning("c3", "c1", unrelated, cosine).related


class _FixedScorer:
    """A model that scores every pair 95, with its own thresholds (or none)."""

    def __init__(self, thresholds=None):
        if thresholds is not None:
            self.link_threshold, self.suggest_threshold = thresholds

    def prepare(self, claims):
        pass

    def many(self, groups, cands, *evidence):
        return np.full(len(groups), 95.0)

    def one(self, query, cands, rows, same):
        return [95.0] * len(cands)


_PAIR = [
    {"id": "a", "source": "s1", "statement": "The mayor raised the parks budget of Springfield this year."},
    {"id": "b", "source": "s2", "statement": "This year the Springfield mayor increased the budget for parks."},
]


def test_find_matches_uses_the_scorers_own_thresholds():
    from claimtrack.matching import fusion
    from claimtrack.matching.fused import find_matches

    assert fusion.LINK_THRESHOLD <= 95  # the lexical model's threshold would link at 95
    lexical = find_matches(_PAIR, scorer=_FixedScorer())  # no thresholds of its own
    assert [(m.score, m.decision) for m in lexical] == [(95.0, "link")]
    own = find_matches(_PAIR, scorer=_FixedScorer((99.0, 96.0)))
    assert own == []  # 95 is below the model's suggest threshold
    own = find_matches(_PAIR, scorer=_FixedScorer((99.0, 90.0)))
    assert [(m.score, m.decision) for m in own] == [(95.0, "suggest")]
    given = find_matches(_PAIR, scorer=_FixedScorer((99.0, 90.0)), link_threshold=94.0)
    assert [m.decision for m in given] == ["link"]  # thresholds given win


def test_match_uses_the_semantic_models_thresholds(seeded, cli, installed, monkeypatch):
    from claimtrack.matching import fused, fusion

    seen = []
    real = fused.find_matches

    def spy(claims, **kwargs):
        seen.append((kwargs.get("link_threshold"), kwargs.get("suggest_threshold"),
                     kwargs.get("scorer")))
        return real(claims, **kwargs)

    monkeypatch.setattr(fused, "find_matches", spy)
    monkeypatch.setattr(hybrid, "LINK_THRESHOLD", 97.0)
    monkeypatch.setattr(hybrid, "SUGGEST_THRESHOLD", 61.0)
    assert cli("match").exit_code == 0
    assert seen[-1] == (fusion.LINK_THRESHOLD, fusion.SUGGEST_THRESHOLD, None)  # words only
    _alike(seeded)
    assert cli("match").exit_code == 0
    link, suggest, scorer = seen[-1]
    assert isinstance(scorer, hybrid.MatchSemantics)
    assert (link, suggest) == (97.0, 61.0)
    assert cli("match", "--link-threshold", "80").exit_code == 0  # an option still wins
    assert seen[-1][:2] == (80.0, 61.0)
    # and what match records follows them: nothing below the model's suggest threshold
    assert all(r["score"] >= 61.0 for r in seeded.links() if r["decided_by"] == "matcher")


def test_similar_scores_with_the_token_alignment_of_the_query_and_each_candidate(
        seeded, installed, monkeypatch):
    _alike(seeded)
    seen: list[tuple[str, list[str]]] = []

    def alignments(query: str, texts: list[str]) -> list[float]:
        seen.append((query, list(texts)))
        return [0.9 if n == 0 else 0.1 for n in range(len(texts))]

    monkeypatch.setattr(hybrid, "alignments", alignments)
    found = hybrid.similar(seeded, "c3", 100)
    c3 = seeded.get_claim("c3")
    (query, texts), = seen  # one pass over the query and every candidate
    assert query == semantic.text_of(c3["quote"], c3["statement"])
    cands, _, rows, cos = hybrid.candidates(seeded, "c3", depth=100)  # as similar asks for 100
    assert texts == [semantic.text_of(c["quote"], c["statement"]) for c in cands]
    expected = hybrid.calibrated(rows, cos, align=alignments("", texts))
    assert sorted(nb.score for nb in found) == sorted(expected)
    # the alignment weighs in: the same candidates without it score otherwise
    assert expected != hybrid.calibrated(rows, cos, align=[0.1] * len(texts))
