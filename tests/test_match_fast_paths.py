"""match's fast paths (issue 17's speed target) against the plain code they replace, on random
claim sets: the ranking's head against the full ranking, the candidate lists in arrays
against the lists built one by one with dicts, the shared stem weights against the plain
sum, and the lists ranked by two forked processes against one."""

from __future__ import annotations

import math
import random

import pytest

from claimtrack.matching import candidate_lists, find_matches, forked, fusion
from claimtrack.matching.candidates import BLOCK_K, _block, _Vocab
from claimtrack.matching.fused import MATCH_CROSS, MATCH_DEPTH, _candidates, _copy_keys, _groups
from claimtrack.matching.retrieval import StemIndex, porter_stems
from claimtrack.matching.score import _prepare

WORDS = [f"w{n}{'abcdefghij'[n % 10]}" for n in range(400)]


def _claims(seed: int, n: int = 500, sources: int = 12) -> list[dict]:
    """Random claims: words drawn with a long tail, some reworded or copied in other sources,
    one source much larger than the others (a fact-check collection)."""
    rnd = random.Random(seed)
    weights = [1.0 / (rank + 1) for rank in range(len(WORDS))]
    claims: list[dict] = []
    for k in range(n):
        roll = rnd.random()
        if claims and roll < 0.15:  # a rewording or a copy of an earlier claim
            words = claims[rnd.randrange(len(claims))]["statement"].rstrip(".").split()
            if roll < 0.1:
                words[rnd.randrange(len(words))] = rnd.choice(WORDS)
        else:
            words = rnd.choices(WORDS, weights, k=rnd.randint(4, 16))
        source = "big" if rnd.random() < 0.3 else f"s{rnd.randrange(sources)}"
        text = " ".join(words) + "."
        claims.append({"id": f"c{k}", "source": source, "statement": text, "quote": text})
    return claims


def _index(claims: list[dict]) -> tuple[list, StemIndex]:
    prepared = [_prepare(c) for c in claims]
    stems = porter_stems(_Vocab.of(prepared).words)
    return prepared, StemIndex([[stems[w] for w in p.words] for p in prepared])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_head_of_a_ranking_is_the_start_of_top(seed: int) -> None:
    _, index = _index(_claims(seed))
    rnd = random.Random(seed)
    queries = index.queries()
    for d in range(index.n):
        k = rnd.choice([1, 3, 10, 40, 200])
        want = min(k, rnd.choice([1, 5, 20, 48]))
        head, whole = index.head(queries[d], k, want)
        top = [j for j, _ in index.top(queries[d], k)]
        assert head == top[:len(head)] and len(head) <= k
        if whole:
            assert head == top


def _plain_lists(index: StemIndex, sources: list, rep: list[int],
                 members: dict[int, list[int]], blocked: set) -> dict[int, list[tuple[int, int]]]:
    """The lists as match built them before they were arrays: one ``top`` per group, rows
    as tuples in a dict, the pairs blocking adds appended one by one."""
    queries = index.queries()
    only = {}
    for g, group in members.items():
        first = sources[group[0]]
        only[g] = first if all(sources[m] == first for m in group) else None
    lists: dict[int, list[tuple[int, int]]] = {}
    for i in members:
        row: list[tuple[int, int]] = []
        seen = {i}
        r = crossing = 0
        for j, _ in index.top(queries[i], MATCH_DEPTH + 1 + len(members[i])):
            g = rep[j]
            if g in seen:
                continue
            seen.add(g)
            r += 1
            crosses = only[i] is None or only[g] is None or only[g] != only[i]
            if r <= fusion.CANDIDATES:
                row.append((g, r))
                crossing += crosses
            elif r > MATCH_DEPTH or crossing >= MATCH_CROSS:
                break
            elif crosses:
                row.append((g, r))
                crossing += 1
        lists[i] = row
    pairs = {(min(i, j), max(i, j)) for i, row in lists.items() for j, _ in row}
    for i, j in blocked:
        a, b = rep[i], rep[j]
        if a != b and (min(a, b), max(a, b)) not in pairs:
            lists[a].append((b, MATCH_DEPTH + 1))
            pairs.add((min(a, b), max(a, b)))
    return lists


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_candidate_lists_in_arrays_equal_the_plain_lists(seed: int) -> None:
    claims = _claims(seed, n=700)
    prepared, index = _index(claims)
    sources = [c["source"] for c in claims]
    rep = _groups(_copy_keys(prepared))
    members: dict[int, list[int]] = {}
    for i, g in enumerate(rep):
        members.setdefault(g, []).append(i)
    blocked = _block(prepared, sources, BLOCK_K, _Vocab.of(prepared))
    lists = candidate_lists.build(index, sources, rep, members, None, blocked,
                                  cross=MATCH_CROSS, depth=MATCH_DEPTH)
    plain = _plain_lists(index, sources, rep, members, blocked)
    rows = [(i, j, r) for i, row in plain.items() for j, r in row]
    assert list(zip(lists.owner.tolist(), lists.cand.tolist(), lists.rank.tolist(),
                    strict=True)) == rows
    assert lists.pairs() == {(min(i, j), max(i, j)) for i, j, _ in rows}
    assert [(lo, hi) for lo, hi in zip(lists.lo.tolist(), lists.hi.tolist(), strict=True)] \
        == sorted(lists.pairs())
    # each row points at its pair
    for n, (i, j) in enumerate(zip(lists.owner.tolist(), lists.cand.tolist(), strict=True)):
        p = int(lists.pair[n])
        assert (int(lists.lo[p]), int(lists.hi[p])) == (min(i, j), max(i, j))


def test_shared_weights_are_the_plain_sums() -> None:
    import numpy as np

    _, index = _index(_claims(7))
    rnd = random.Random(7)
    pairs = sorted({(rnd.randrange(index.n), rnd.randrange(index.n)) for _ in range(3000)})
    lo = np.asarray([a for a, _ in pairs], dtype=np.int64)
    hi = np.asarray([b for _, b in pairs], dtype=np.int64)
    shared, count = candidate_lists.shared_weights(index, lo, hi)
    for n, (a, b) in enumerate(pairs):
        assert math.isclose(shared[n], index.shared_weight(a, b), rel_tol=1e-12, abs_tol=1e-12)
        assert count[n] == len(set(index.stems_of(a)) & set(index.stems_of(b)))


def test_lists_ranked_by_two_processes_equal_one(monkeypatch: pytest.MonkeyPatch) -> None:
    if not forked.forkable():
        pytest.skip("ranking in two processes needs Linux and two cores")
    claims = _claims(8, n=900)
    alone = find_matches(claims, suggest_threshold=20)
    prepared = [_prepare(c) for c in claims]
    sources = [c["source"] for c in claims]
    one = _candidates(prepared, sources, _Vocab.of(prepared), BLOCK_K, None)[3]
    monkeypatch.setattr(candidate_lists, "PARALLEL_AT", 1)
    two = _candidates(prepared, sources, _Vocab.of(prepared), BLOCK_K, None)[3]
    for name in ("owner", "cand", "rank", "pair", "lo", "hi"):
        assert getattr(one, name).tolist() == getattr(two, name).tolist()
    assert find_matches(claims, suggest_threshold=20) == alone



def test_scores_are_rounded_as_python_rounds() -> None:
    import numpy as np

    from claimtrack.matching.bulk_lexical import _round2

    rnd = np.random.default_rng(9)
    values = np.concatenate([rnd.random(20_000) * 100, np.round(rnd.random(20_000) * 100, 3),
                             np.arange(0, 100, 0.005), [0.0, 0.125, 0.145, 1.005, 2.675, 71.005]])
    assert _round2(values).tolist() == [round(v, 2) for v in values.tolist()]


def test_days_as_ordinals_skips_only_texts_without_a_month() -> None:
    from claimtrack.matching import noise

    def plain(text: str) -> str:  # the regexes run on every text with a digit
        text = noise._RE_DAY.sub(lambda m: f"{m.group(1)} {noise._ordinal(m.group(2))}"
                                 if 1 <= int(m.group(2)) <= 31 else m.group(0), text)
        return noise._RE_DAY_FIRST.sub(lambda m: f"{noise._ordinal(m.group(1))} {m.group(2)}"
                                       if 1 <= int(m.group(1)) <= 31 else m.group(0), text)

    rnd = random.Random(11)
    parts = ["June", "JAN.", "sept", "Sep", "of", "the", "May", "dec", "DECEMBER", "market",
             "4th", "30", "31,", "2003", "12", "per", "percent", "%", "ſep", "Déc", "1st", "x"]
    for _ in range(3000):
        text = " ".join(rnd.choices(parts, k=rnd.randint(1, 7)))
        assert noise.days_as_ordinals(text) == plain(text)


def test_a_collection_whose_compared_texts_share_no_word() -> None:
    """Two claims of one source that share no word are still in each other's list (a small
    collection's lists hold every claim): numpy summed their shared weights in integers and
    `claimtrack match` failed with a traceback.  Two CLEF 2020 verified claims found it."""
    from claimtrack.matching.fused import find_matches

    texts = ["Massive anti-immigrant demonstrations in Poland were ignored by news media in Europe.",
             "A new Pepsi soda can design omitted the words 'under God' from the Pledge of Allegiance."]
    claims = [{"id": f"c{n}", "source": "a", "quote": t, "statement": t}
              for n, t in enumerate(texts, start=1)]
    assert find_matches(claims) == []
    claims.append({"id": "c3", "source": "b", "quote": texts[0], "statement": texts[0]})
    assert [(m.a, m.b, m.score) for m in find_matches(claims)] == [("c1", "c3", 100.0)]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("n", [2, 3, 5, 12, 40, 300])
def test_match_on_random_collections_of_any_size(seed: int, n: int) -> None:
    """Whatever the collection (two claims or hundreds, copies, claims sharing no word),
    every pair is reported once, between two sources, with a score in range."""
    claims = _claims(seed, n=n, sources=2 if n < 10 else 12)
    found = find_matches(claims, suggest_threshold=1.0)
    pairs = [(m.a, m.b) for m in found]
    assert len(pairs) == len(set(pairs)) and all(a != b for a, b in pairs)
    source = {c["id"]: c["source"] for c in claims}
    assert all(source[a] != source[b] for a, b in pairs)
    assert all(1.0 <= m.score <= 100.0 for m in found)
