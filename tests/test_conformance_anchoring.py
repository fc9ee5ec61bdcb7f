"""Conformance of ``claimtrack.text.approx`` with the test suites it was ported from.

The cases in ``tests/data/conformance/quote-anchoring/`` were transcribed from
two public test suites; see ORIGIN.txt there, and the licences beside it:

* ``approx-string-match-cases.jsonl``: robertknight/approx-string-match-js
  @ 9d566d6683be0ec355873f7bf5f15ec903b847ee, test/index-test.ts (MIT,
  approx-string-match-LICENSE);
* ``hypothesis-matchQuote-cases.jsonl``: hypothesis/client
  @ 9d28950c84560765f77b8e8e133c0f11ad577410,
  src/annotator/anchoring/test/match-quote-test.js (BSD-2-Clause,
  hypothesis-client-LICENSE).

Their offsets are JavaScript UTF-16 code units.  Ours are code points, so each
result is converted to UTF-16 before it is compared.  The error counts differ
too where a case has a character outside the Basic Multilingual Plane (JS
counts an emoji as two characters): those cases are checked twice, in code
points against a Levenshtein reference, and on the text's UTF-16 code units,
where our counts must equal the JavaScript ones exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.text.approx import Match, match_quote, search, search_local

DATA = Path(__file__).resolve().parent / "data" / "conformance" / "quote-anchoring"


def _cases(name: str) -> list[Any]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    return [pytest.param(case, id=case["id"]) for case in cases]


ASM_CASES = _cases("approx-string-match-cases.jsonl")
HYPOTHESIS_CASES = _cases("hypothesis-matchQuote-cases.jsonl")


def utf16(text: str, offset: int) -> int:
    """The UTF-16 code-unit offset of code-point ``offset`` in ``text``."""
    return len(text[:offset].encode("utf-16-le")) // 2


def code_point(text: str, offset16: int) -> int:
    """The code-point offset of UTF-16 offset ``offset16`` in ``text``."""
    units = 0
    for index, char in enumerate(text):
        if units >= offset16:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def code_units(text: str) -> str:
    """``text`` with each UTF-16 code unit as one character (surrogates stay unpaired)."""
    data = text.encode("utf-16-le")
    return "".join(chr(int.from_bytes(data[i : i + 2], "little")) for i in range(0, len(data), 2))


def levenshtein(a: str, b: str) -> int:
    """Plain dynamic-programming edit distance: the reference the ports are checked against."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def as_utf16(text: str, matches: list[Match]) -> list[dict[str, int]]:
    return [{"start": utf16(text, m.start), "end": utf16(text, m.end), "errors": m.errors} for m in matches]


def check_asm(case: dict[str, Any], actual: list[dict[str, int]]) -> None:
    """Apply the case's rule, as approx-string-match's own ``check`` helper does."""
    if "expected_all_matches" in case:
        assert actual == case["expected_all_matches"]
        return
    expected = case["expected_min_error_matches"]
    lowest = min(m["errors"] for m in actual)
    closest = [m for m in actual if m["errors"] == lowest]
    if len(closest) == 1 and len(expected) > 1:
        assert closest[0] in expected
    else:
        assert closest == expected


def has_astral(text: str) -> bool:
    return any(ord(char) > 0xFFFF for char in text)


@pytest.mark.parametrize("case", ASM_CASES)
def test_search_offsets(case: dict[str, Any]) -> None:
    """Our matches, converted to UTF-16 offsets, are the ones approx-string-match expects."""
    text, pattern = case["text"], case["pattern"]
    matches = search(text, pattern, case["max_errors"])
    if "expect_text" in case:
        assert [text[m.start : m.end] for m in matches] == [case["expect_text"]]
    for m in matches:
        assert levenshtein(pattern, text[m.start : m.end]) == m.errors
    if not has_astral(text + pattern):
        check_asm(case, as_utf16(text, matches))
        return
    # Code points: an emoji is one character, so compare spans, and errors with
    # the edit distance of the expected span counted in code points.
    key = "expected_min_error_matches"
    expected = [(code_point(text, e["start"]), code_point(text, e["end"])) for e in case[key]]
    lowest = min(m.errors for m in matches)
    assert [(m.start, m.end) for m in matches if m.errors == lowest] == expected
    for start, end in expected:
        assert levenshtein(pattern, text[start:end]) == lowest


@pytest.mark.parametrize("case", [c for c in ASM_CASES if has_astral(c.values[0]["text"])])
def test_search_on_utf16_units_matches_javascript(case: dict[str, Any]) -> None:
    """On UTF-16 code units, offsets and error counts equal the JavaScript ones exactly."""
    text, pattern = code_units(case["text"]), code_units(case["pattern"])
    matches = search(text, pattern, case["max_errors"])
    check_asm(case, [m._asdict() for m in matches])


def _match(case: dict[str, Any], **overrides: Any) -> Any:
    """``match_quote`` on the case's text with its quote and context, some of them replaced."""
    args: dict[str, Any] = {k: case.get(k) for k in ("quote", "prefix", "suffix", "hint")} | overrides
    quote = args.pop("quote")
    return match_quote(case["text"], quote, **args)


RANKED_FIELDS = {"quotes": "quote", "prefixes": "prefix", "suffixes": "suffix"}


@pytest.mark.parametrize("case", HYPOTHESIS_CASES)
def test_match_quote(case: dict[str, Any]) -> None:
    """Each hypothesis/client ``matchQuote`` expectation holds for our port."""
    text = case["text"]
    ranked = [key for key in case if key.endswith("_descending_score")]
    if ranked:
        (key,) = ranked
        field = RANKED_FIELDS[key.removesuffix("_descending_score")]
        results = [_match(case, **{field: value}) for value in case[key]]
        assert all(r is not None for r in results)
        scores = [r.score for r in results]
        assert all(a > b for a, b in zip(scores, scores[1:], strict=False)), scores
        return
    result = _match(case)
    if "expect_start" in case:
        assert result is not None
        assert utf16(text, result.start) == case["expect_start"]
        return
    if case["expect_span"] is None:
        assert result is None
        return
    assert result is not None
    assert [utf16(text, result.start), utf16(text, result.end)] == case["expect_span"]
    if "expect_text" in case:
        assert text[result.start : result.end] == case["expect_text"]
    elif "quote" in case:
        assert text[result.start : result.end] == case["quote"]
    if case.get("expect_score") == "1.0":
        assert result.score == 1.0
    elif case.get("expect_score") == "0<score<1":
        assert 0 < result.score < 1


def test_every_case_was_collected() -> None:
    """Both files are read whole: 18 approx-string-match and 21 hypothesis cases."""
    assert (len(ASM_CASES), len(HYPOTHESIS_CASES)) == (18, 21)


# A reference model for what the cases cannot cover: random texts over a small
# alphabet (so that near matches abound), checked against dynamic programming.

small_text = st.text(alphabet="abc d", max_size=40)
small_pattern = st.text(alphabet="abc d", min_size=1, max_size=12)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(text=small_text, pattern=small_pattern, max_errors=st.integers(0, 12))
def test_search_agrees_with_dynamic_programming(text: str, pattern: str, max_errors: int) -> None:
    substrings = {
        (i, j): levenshtein(pattern, text[i:j]) for i in range(len(text) + 1) for j in range(i, len(text) + 1)
    }
    best = min(substrings.values(), default=len(pattern))
    matches = search(text, pattern, max_errors)
    if not text or best > max_errors:
        assert matches == []
        return
    # An end position is reported when some non-empty-text substring ending there is best.
    expected_ends = sorted({j for (_, j), d in substrings.items() if d == best and j > 0})
    assert [m.end for m in matches] == expected_ends
    for m in matches:
        assert m.errors == best == substrings[(m.start, m.end)]
        # ... and its start makes it the longest such match.
        assert all(d > best for (i, j), d in substrings.items() if j == m.end and i < m.start)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(text=small_text, pattern=small_pattern, max_errors=st.integers(0, 12))
def test_search_local_keeps_the_best_end_of_every_run(text: str, pattern: str, max_errors: int) -> None:
    """``search_local``: each run of ends within the limit gives its best ends, the longest start."""
    closest = {j: min(levenshtein(pattern, text[i:j]) for i in range(j + 1)) for j in range(1, len(text) + 1)}
    runs: list[list[int]] = []
    for j, d in closest.items():
        if d <= max_errors:
            if runs and runs[-1][-1] == j - 1:
                runs[-1].append(j)
            else:
                runs.append([j])
    expected = [j for run in runs for j in run if closest[j] == min(closest[k] for k in run)]
    matches = search_local(text, pattern, max_errors)
    assert [m.end for m in matches] == expected
    for m in matches:
        assert levenshtein(pattern, text[m.start : m.end]) == m.errors == closest[m.end]
        assert all(levenshtein(pattern, text[i : m.end]) > m.errors for i in range(m.start))
