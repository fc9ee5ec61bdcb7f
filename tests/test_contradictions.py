"""Contradiction detection: one test per kind, the quiet cases, the seed denial, the labelled set.

``tests/data/contradiction_pairs.jsonl`` holds hand-labelled pairs drawn from the
seed articles and paraphrases of them.  Each has a ``set``: ``tuning`` (the
heuristics were tuned on it), ``round2`` (written as a held-out set, measured,
then used to fix the heuristics) and ``blind`` (written last, measured once and
never tuned on: its scores are the honest ones).
"""

from __future__ import annotations

import importlib.util
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.contradictions import (
    KINDS,
    Contradiction,
    contradiction_key,
    detect,
    pair_conflict,
)
from claimtrack.errors import InvalidInput

REPO = Path(__file__).resolve().parent.parent
PAIRS = REPO / "tests" / "data" / "contradiction_pairs.jsonl"


def claim(claim_id: str, statement: str, **fields: Any) -> dict[str, Any]:
    """A claim dict with the defaults of an unattributed, active claim."""
    base: dict[str, Any] = {
        "id": claim_id,
        "source": "vox-putin",
        "quote": statement,
        "statement": statement,
        "strength": "unattributed",
        "attributed_to": None,
        "denied_by": [],
        "declined": [],
        "about": [],
        "status": "active",
    }
    base.update(fields)
    return base


def kind_of(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    found = pair_conflict(a, b)
    return found.kind if found else None


# --------------------------------------------------------------------------- the seed case

PUTIN_TAIWAN = claim(
    "c29",
    "Putin asked Musk not to turn on Starlink over Taiwan as a favour to Xi Jinping.",
    quote="These conversations reportedly included a request from the Russian leader to avoid "
    "turning on Musk’s Starlink satellite internet service over Taiwan as a favor to Chinese "
    "leader Xi Jinping.",
    strength="reported",
    attributed_to="Wall Street Journal",
    denied_by=["SpaceX"],
    declined=["White House"],
    about=["Vladimir Putin", "Elon Musk", "Starlink", "Taiwan", "Xi Jinping"],
)
SPACEX_TAIWAN = claim(
    "c45",
    "Starlink's absence from Taiwan has nothing to do with Russia or China.",
    quote="has nothing to do with Russia or China",
    strength="named",
    attributed_to="SpaceX",
    about=["SpaceX", "Starlink", "Taiwan", "Russia", "China"],
)


def test_seed_spacex_denial_in_the_same_source():
    found = detect([SPACEX_TAIWAN, PUTIN_TAIWAN])
    assert len(found) == 1
    item = found[0]
    assert item.kind == "denial"
    assert item.claims == ("c29", "c45")
    assert "SpaceX" in item.reason and "\n" not in item.reason
    assert re.fullmatch(r"x-[0-9a-f]{6}", item.key)


def test_seed_denial_needs_the_denying_party():
    # Issue 18: said by someone else it is no denial by the party, but its words
    # ("nothing to do with") still refute the report: a refutation.
    other_speaker = dict(SPACEX_TAIWAN, attributed_to="Herming Chiueh")
    assert [(f.kind, f.clash) for f in detect([other_speaker, PUTIN_TAIWAN])] == [
        ("refutation", ("nothing to do with",))
    ]


def load_seed_claims() -> list[dict[str, Any]]:
    """seeds/claims.toml as claim dicts (ids c1, c2, ... in file order)."""
    data = tomllib.loads((REPO / "seeds" / "claims.toml").read_text(encoding="utf-8"))
    claims = []
    for number, entry in enumerate(data["claim"], start=1):
        strength, who = "unattributed", None
        for field, name in (("named", "named"), ("reported_by", "reported"), ("anonymous", "anonymous")):
            if field in entry:
                strength, who = name, entry[field]
        claims.append(
            claim(
                f"c{number}",
                entry.get("claim") or entry["quote"],
                source=entry["source"],
                quote=entry["quote"],
                strength=strength,
                attributed_to=who,
                denied_by=entry.get("denied_by", []),
                about=entry.get("about", []),
            )
        )
    return claims


@pytest.mark.skipif(not (REPO / "seeds" / "claims.toml").exists(), reason="no seed claims")
def test_seed_corpus_reports_the_taiwan_denial():
    claims = load_seed_claims()
    putin = next(c for c in claims if "over Taiwan as a favor" in c["quote"])
    spacex = next(c for c in claims if c["quote"] == "has nothing to do with Russia or China")
    found = {item.claims: item.kind for item in detect(claims)}
    pair = tuple(sorted((putin["id"], spacex["id"]), key=lambda i: int(i[1:])))
    assert found.get(pair) == "denial"


# --------------------------------------------------------------------------- one test per kind


def test_denial_by_a_differently_spelled_party():
    report = claim(
        "c1",
        "Tesla will close its Shanghai factory in 2026.",
        strength="reported",
        attributed_to="Reuters",
        denied_by=["Tesla"],
        about=["Tesla", "Shanghai"],
    )
    denial = claim(
        "c2",
        "Tesla has no plans to close its Shanghai factory.",
        source="tesla",
        strength="named",
        attributed_to="Tesla Inc.",
        about=["Tesla", "Shanghai"],
    )
    assert kind_of(report, denial) == "denial"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Starlink is not available in Taiwan.", "Starlink is available in Taiwan."),
        (
            "The government would not cancel its contracts with SpaceX.",
            "The government would cancel its contracts with SpaceX.",
        ),
        (
            "Starlink was never intended to be used for offensive purposes.",
            "Starlink was intended to be used for offensive purposes.",
        ),
        ("Starlink is unavailable in Taiwan.", "Starlink is available in Taiwan."),
        (
            "Musk opposes skilled immigration through the H-1B program.",
            "Musk supports skilled immigration through the H-1B program.",
        ),
    ],
)
def test_polarity(first: str, second: str):
    a = claim("c1", first, about=["Starlink"])
    b = claim("c2", second, source="blog", about=["Starlink"])
    found = pair_conflict(a, b)
    assert found is not None and found.kind == "polarity"


@pytest.mark.parametrize(
    ("first", "second", "shown"),
    [
        (
            "So far in 2024, eight of the Department of Defense's launches were on SpaceX rockets.",
            "So far in 2024, nine of the Defense Department's launches were on SpaceX rockets.",
            "'eight' vs 'nine' (launches)",
        ),
        (
            "Musk's $3 billion in government contracts are unlikely to be canceled.",
            "Musk's $5 billion in government contracts are unlikely to be canceled.",
            "'$3 billion' vs '$5 billion'",
        ),
        (
            "Support in Taiwan for the scheme fell to 7 percent.",
            "Support in Taiwan for the scheme fell to 12%.",
            "'7 percent' vs '12%'",
        ),
        (
            "In 2016, SpaceX broke the monopoly on military space launches held by ULA.",
            "SpaceX broke ULA's monopoly on military space launches in 2015.",
            "'2016' vs '2015'",
        ),
        (
            "In June 2025 the White House began a review of SpaceX's federal contracts.",
            "The White House began reviewing SpaceX's federal contracts in July 2025.",
            "'june' vs 'july'",
        ),
    ],
)
def test_quantity(first: str, second: str, shown: str):
    a = claim("c1", first, about=["SpaceX"])
    b = claim("c2", second, source="wire", about=["SpaceX"])
    found = pair_conflict(a, b)
    assert found is not None and found.kind == "quantity"
    assert shown in found.reason


def test_misattribution_across_sources():
    quote = "There is really no other company right now that can compete with SpaceX, for scale"
    a = claim("c1", "No one competes with SpaceX.", quote=quote, strength="named",
              attributed_to="John Plumb")  # fmt: skip
    b = claim("c2", "No one competes with SpaceX.", quote=quote + ".", source="digest",
              strength="named", attributed_to="Todd Harrison")  # fmt: skip
    found = pair_conflict(a, b)
    assert found is not None and found.kind == "misattribution"
    assert "John Plumb" in found.reason and "Todd Harrison" in found.reason


def test_explicit_links_win_over_detected_kinds():
    a = claim("c1", "So far in 2024, eight of the Pentagon's launches were on SpaceX rockets.")
    b = claim("c2", "So far in 2024, nine of the Pentagon's launches were on SpaceX rockets.")
    found = detect([a, b], explicit=[("c2", "c1")])
    assert [(f.kind, f.claims) for f in found] == [("explicit", ("c1", "c2"))]


# --------------------------------------------------------------------------- quiet cases


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # the same number restated, in words and digits
        (
            "So far in 2024, eight of the Department of Defense's launches were on SpaceX rockets.",
            "SpaceX rockets carried 8 Defense Department launches in 2024.",
        ),
        # a hedge and a rounded figure that agree
        (
            "Musk's companies hold about $3 billion in government contracts.",
            "Musk's companies hold $3.2 billion in government contracts.",
        ),
        # two periods, not a contradiction
        (
            "In 2023, ten of the Department of Defense's launches were on SpaceX rockets.",
            "In 2024, eight of the Department of Defense's launches were on SpaceX rockets.",
        ),
        # the same polarity in other words
        (
            "Starlink is not available in Taiwan because the government has not given it a license.",
            "Starlink isn't available in Taiwan.",
        ),
        # unrelated claims that both hold numbers
        (
            "So far in 2024, eight of the Department of Defense's launches were on SpaceX rockets.",
            "Musk has donated tens of millions of dollars to pro-Trump super PACs.",
        ),
        # different topics, both negated
        (
            "There's no evidence that Musk knowingly spread Russian content.",
            "Trump neither could nor did simply gift contracts to Musk.",
        ),
        # a norm against a fact
        (
            "Elon Musk holds a top secret security clearance.",
            "Musk should not have a security clearance right now.",
        ),
    ],
)
def test_consistent_pairs_are_not_reported(first: str, second: str):
    a = claim("c1", first)
    b = claim("c2", second, source="wire")
    assert pair_conflict(a, b) is None


def test_same_speaker_same_quote_is_not_a_misattribution():
    quote = "SpaceX needs the US government as much as the US government needs SpaceX"
    a = claim("c1", quote, strength="named", attributed_to="John Plumb")
    b = claim("c2", quote, source="digest", strength="named", attributed_to="Plumb")
    assert pair_conflict(a, b) is None


def test_retracted_claims_are_ignored():
    a = claim("c1", "Starlink is not available in Taiwan.")
    b = claim("c2", "Starlink is available in Taiwan.", status="retracted")
    assert pair_conflict(a, b) is None
    assert detect([a, b], explicit=[("c1", "c2")]) == []


def test_unknown_ids_in_links_and_candidates_are_ignored():
    a = claim("c1", "Starlink is not available in Taiwan.")
    assert detect([a], candidate_pairs=[("c1", "c9")], explicit=[("c1", "c9")]) == []


def test_a_claim_without_an_id_is_an_error():
    with pytest.raises(InvalidInput):
        detect([{"statement": "no id"}])


# --------------------------------------------------------------------------- the API


def test_keys_are_stable_short_and_depend_on_kind_and_ids():
    key = contradiction_key("quantity", "c1", "c2")
    assert key == contradiction_key("quantity", "c1", "c2")
    assert re.fullmatch(r"x-[0-9a-f]{6}", key)
    assert key != contradiction_key("polarity", "c1", "c2")
    assert key != contradiction_key("quantity", "c1", "c3")


def test_result_is_the_same_whatever_the_input_order():
    a = claim("c9", "Starlink is not available in Taiwan.")
    b = claim("c12", "Starlink is available in Taiwan.", source="blog")
    assert detect([a, b]) == detect([b, a])
    (item,) = detect([b, a])
    assert item.claims == ("c9", "c12")  # natural order, not string order
    assert pair_conflict(a, b) == pair_conflict(b, a) == item


def test_candidate_pairs_limit_what_is_compared():
    a = claim("c1", "Starlink is not available in Taiwan.")
    b = claim("c2", "Starlink is available in Taiwan.")
    assert detect([a, b], candidate_pairs=[]) == []
    assert len(detect([a, b], candidate_pairs=[("c2", "c1")])) == 1


def test_denials_are_found_even_outside_the_candidate_pairs():
    assert [f.kind for f in detect([PUTIN_TAIWAN, SPACEX_TAIWAN], candidate_pairs=[])] == [
        "denial"
    ]


def test_blocking_finds_the_pair_among_many_unrelated_claims():
    fillers = [
        claim(f"c{n}", f"Outlet {n} wrote about the zorb{n} budget and the qix{n} plan.")
        for n in range(10, 400)
    ]
    a = claim("c1", "So far in 2024, eight of the Pentagon's launches were on SpaceX rockets.")
    b = claim("c2", "So far in 2024, nine of the Pentagon's launches were on SpaceX rockets.")
    found = detect([*fillers, a, b])
    assert [(f.kind, f.claims) for f in found] == [("quantity", ("c1", "c2"))]


def test_contradictions_are_frozen():
    item = Contradiction("polarity", ("c1", "c2"), "why", "x-000000")
    with pytest.raises(AttributeError):
        item.kind = "quantity"  # type: ignore[misc]


SEED_SENTENCES = [
    line.strip()
    for path in sorted((REPO / "seeds").glob("*.txt"))
    for line in re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8"))
    if 6 <= len(line.split()) <= 60
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SEED_SENTENCES), st.sampled_from(SEED_SENTENCES))
def test_properties_on_seed_sentences(first: str, second: str):
    """A claim never contradicts its own restatement; the verdict is symmetric."""
    a = claim("c1", first, strength="named", attributed_to="Someone")
    copy = claim("c2", first, source="other", strength="named", attributed_to="Someone")
    b = claim("c3", second, source="other")
    assert pair_conflict(a, copy) is None
    one, other = pair_conflict(a, b), pair_conflict(b, a)
    assert one == other


# --------------------------------------------------------------------------- the labelled set


def load_pairs() -> list[dict[str, Any]]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line]


def bench_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "bench_contradictions", REPO / "bench" / "bench_contradictions.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labelled_set_is_big_and_covers_every_kind():
    pairs = load_pairs()
    assert len(pairs) >= 40
    for kind in KINDS:
        assert any(p["kind"] == kind and p["label"] == "contradiction" for p in pairs), kind
    for kind in KINDS[1:]:
        assert any(p["kind"] == kind and p["label"] == "consistent" for p in pairs), kind
    assert {p["set"] for p in pairs} == {"tuning", "round2", "blind"}


def test_precision_and_recall_on_the_labelled_set():
    result = bench_module().evaluate(load_pairs())
    assert result["precision"] >= 0.95, result["errors"]
    assert result["recall"] >= 0.88, result["errors"]
    assert result["kind_accuracy"] >= 0.95


def test_blind_pairs_meet_a_lower_bar():
    pairs = [p for p in load_pairs() if p["set"] == "blind"]
    result = bench_module().evaluate(pairs)
    assert result["precision"] >= 0.85, result["errors"]
    assert result["recall"] >= 0.75, result["errors"]


def test_evaluate_counts():
    a = claim("c1", "Starlink is not available in Taiwan.")
    b = claim("c2", "Starlink is available in Taiwan.")
    c = claim("c3", "Musk has donated tens of millions of dollars to super PACs.")
    pairs = [
        {"a": a, "b": b, "label": "contradiction", "kind": "polarity"},
        {"a": a, "b": c, "label": "contradiction", "kind": "polarity"},
        {"a": b, "b": c, "label": "consistent", "kind": "polarity"},
    ]
    result = bench_module().evaluate(pairs)
    assert (result["tp"], result["fp"], result["fn"]) == (1, 0, 1)
    assert result["precision"] == 1.0 and result["recall"] == 0.5
