"""match suggests at most one pair per claim and other source (the best, ties kept); links stay."""

from __future__ import annotations

import json
from pathlib import Path

from claimtrack.matching import find_matches, fused
from claimtrack.matching.one_to_one import best_between_sources

LABELLED = Path(__file__).parent / "data" / "match_pairs.jsonl"
SOURCES = {"a": "A", "a2": "A", "b1": "B", "b2": "B", "c": "C"}


def _keep(pairs: list[tuple[str, str, float, bool]]) -> list[tuple[str, str, float, bool]]:
    return best_between_sources(pairs, SOURCES, lambda p: p)


def test_a_claims_weaker_suggestion_into_the_same_source_is_dropped() -> None:
    pairs = [("a", "b1", 40.0, False), ("a", "b2", 30.0, False), ("a", "c", 20.0, False)]
    assert _keep(pairs) == [("a", "b1", 40.0, False), ("a", "c", 20.0, False)]


def test_the_rule_holds_from_both_sides() -> None:
    # b1 is the best in B for both a and a2, but a is b1's best in A: a2-b1 is dropped
    pairs = [("a", "b1", 40.0, False), ("a2", "b1", 35.0, False)]
    assert _keep(pairs) == [("a", "b1", 40.0, False)]


def test_ties_are_kept_and_links_are_never_dropped() -> None:
    assert _keep([("a", "b1", 40.0, False), ("a", "b2", 40.0, False)]) == [
        ("a", "b1", 40.0, False), ("a", "b2", 40.0, False)]
    # a full quote linked and a fragment of it linked too, both in B
    assert _keep([("a", "b1", 99.0, True), ("a", "b2", 96.0, True)]) == [
        ("a", "b1", 99.0, True), ("a", "b2", 96.0, True)]
    # a suggestion below a link into the same source is not the best
    assert _keep([("a", "b1", 99.0, True), ("a", "b2", 60.0, False)]) == [("a", "b1", 99.0, True)]


def _claims() -> list[dict]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    return [{**c, "status": "active"} for p in rows for c in (p["a"], p["b"])]


def test_find_matches_suggests_only_the_best_pair_between_two_sources(monkeypatch) -> None:
    claims = _claims()
    source = {str(c["id"]): c.get("source") for c in claims}
    found = find_matches(claims, suggest_threshold=1.0)
    best: dict[tuple[str, object], float] = {}
    for m in found:
        for mine, other in ((m.a, m.b), (m.b, m.a)):
            best[(mine, source[other])] = max(best.get((mine, source[other]), 0.0), m.score)
    for m in found:
        if m.decision == "suggest":
            assert m.score >= best[(m.a, source[m.b])] and m.score >= best[(m.b, source[m.a])]
    # without the rule, more pairs come out (the rule is what removed them)
    monkeypatch.setattr(fused, "best_between_sources", lambda pairs, *_: list(pairs))
    unfiltered = find_matches(claims, suggest_threshold=1.0)
    assert {(m.a, m.b) for m in found} < {(m.a, m.b) for m in unfiltered}


def test_a_rejected_pair_sets_no_bar() -> None:
    pairs = [("a", "b1", 40.0, False), ("a", "b2", 30.0, False)]
    kept = best_between_sources(pairs, SOURCES, lambda p: p, rejected={("a", "b1")})
    assert kept == pairs  # the rejected pair is still reported; the next one comes up


def _runners_up(claims: list[dict], monkeypatch) -> list[tuple[str, str, str]]:
    """(claim, its best candidate, a weaker one) in one other source, as found without the rule."""
    source = {str(c["id"]): c.get("source") for c in claims}
    with monkeypatch.context() as m:
        m.setattr(fused, "best_between_sources", lambda pairs, *_: list(pairs))
        found = find_matches(claims, suggest_threshold=1.0)
    into: dict[tuple[str, object], list] = {}
    for c in found:
        if c.decision == "suggest":
            into.setdefault((c.a, source[c.b]), []).append((c.score, c.b))
    return [(a, max(v)[1], min(v)[1]) for (a, _), v in into.items() if len({s for s, _ in v}) > 1]


def test_rejecting_the_best_suggestion_brings_up_the_next(monkeypatch) -> None:
    claims = _claims()
    runners_up = _runners_up(claims, monkeypatch)
    assert runners_up, "the labelled set has a claim with two candidates in one source"
    a, best, weaker = runners_up[0]
    pairs = lambda found: {(c.a, c.b) for c in found}  # noqa: E731
    before = pairs(find_matches(claims, suggest_threshold=1.0))
    after = pairs(find_matches(claims, suggest_threshold=1.0,
                               rejected={(a, best) if a < best else (best, a)}))
    assert (a, best) in before and (a, best) in after
    assert (a, weaker) not in before  # held back by the better candidate in its source
    assert len(after) > len(before)  # with the better one turned down, more come up


def test_match_passes_a_persons_rejections(seeded, monkeypatch) -> None:
    from claimtrack.matching import links

    seen = {}
    real = fused.find_matches

    def spy(claims, **kwargs):
        seen["rejected"] = set(kwargs.get("rejected", ()))
        return real(claims, **kwargs)

    monkeypatch.setattr(fused, "find_matches", spy)
    links.decide(seeded, "c2", "c30", accept=False)
    links.match_claims(seeded)
    assert seen["rejected"] == {("c2", "c30")}
