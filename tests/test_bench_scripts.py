"""Every benchmark script imports (a renamed library name once broke `make bench` at its start)."""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO

SCRIPTS = sorted(p.stem for p in (REPO / "bench").glob("*.py"))


@pytest.mark.parametrize("name", SCRIPTS)
def test_bench_script_imports(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    monkeypatch.syspath_prepend(str(REPO))
    module = importlib.import_module(name)
    assert module.__file__ and module.__file__.startswith(str(REPO / "bench"))
    sys.modules.pop(name, None)


def test_run_all_lists_every_benchmark() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import run_all

        names = [name for name, _ in run_all._benchmarks()]
    finally:
        sys.path.remove(str(REPO / "bench"))
    assert {"startup", "store", "match", "clef", "semantic"} <= set(names)


# --------------------------------------------------------------------------- held-out splits
# A copy of a slice of train stands in for a held-out split: the held-out figures must then
# be the scorer's own figures on those rows, computed here without the bench helpers.


def _bench(name: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    monkeypatch.syspath_prepend(str(REPO))
    sys.modules.pop(name, None)
    return importlib.import_module(name)


def _needs(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not found (set CLAIMTRACK_BENCH_DATA to the bench-data folder)")


@pytest.fixture
def emergent(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    module = _bench("bench_emergent", monkeypatch)
    _needs(module.DATA / module.SPLIT_FILE.format("train"))
    yield module
    sys.modules.pop("bench_emergent", None)


def _emergent_folder(module: Any, folder: Path, splits: tuple[str, ...], rows: int = 60) -> Path:
    """score_emergent.py and the first ``rows`` train rows, written once per split name."""
    folder.mkdir()
    shutil.copy(module.DATA / "score_emergent.py", folder)
    lines = (module.DATA / module.SPLIT_FILE.format("train")).read_text(encoding="utf-8")
    head = "".join(lines.splitlines(keepends=True)[:rows + 1])  # the header and the rows
    for split in splits:
        (folder / module.SPLIT_FILE.format(split)).write_text(head, encoding="utf-8")
    return folder


def test_emergent_reports_a_held_out_split(emergent: Any, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = _emergent_folder(emergent, tmp_path / "emergent",
                              ("train", "test", "train-fold-1", "test-fold-1"))
    assert emergent.held_out_splits(folder) == [
        ("test", folder / emergent.SPLIT_FILE.format("test"))]
    result = emergent.run(folder)
    out = capsys.readouterr().out

    se = emergent.scorer(folder)
    rows = se.load_train(str(folder / emergent.SPLIT_FILE.format("test")))
    gold = [r["articleHeadlineStance"] for r in rows]
    cue = [se.cue_rule(r["claimHeadline"], r["articleHeadline"]) for r in rows]
    ours = emergent.predict(rows)
    accuracy, macro, per_class = se.measures(gold, ours)
    cue_f1 = se.prf(gold, cue, "against")[2]
    assert len(rows) == 60 and "against" in gold
    assert result["held_out"] == {"test": {
        "rows": 60, "against_f1": per_class["against"][2], "cue_against_f1": cue_f1,
        "accuracy": accuracy, "macro_f1": macro,
        "target_met": per_class["against"][2] >= emergent.TARGET
        and per_class["against"][2] > cue_f1}}
    # the split is a copy of train: the same figures as train's in-sample ones
    assert result["held_out"]["test"]["against_f1"] == result["against_f1"] > 0
    assert result["held_out"]["test"]["cue_against_f1"] == result["cue_against_f1"] > 0
    section = out[out.index("### Held-out split: test (60 rows, "
                            f"{len({r['claimId'] for r in rows})} claims)"):]
    assert se.TABLE_HEAD in section
    assert se.table_row("negation/hedge cue rule (baseline)", gold, cue) in section
    assert se.table_row("claimtrack stance", gold, ours) in section
    assert f"on test: {per_class['against'][2]:.4f} vs {cue_f1:.4f}" in section
    assert "No held-out split" not in out and "fold-1" not in out


def test_emergent_says_when_there_is_no_held_out_split(
        emergent: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _emergent_folder(emergent, tmp_path / "emergent", ("train",))
    result = emergent.run(folder)
    out = capsys.readouterr().out
    assert result["held_out"] == {}
    assert f"No held-out split found in {folder} (train only)." in out
    assert "### Held-out split" not in out


@pytest.fixture
def polnear(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    module = _bench("bench_polnear", monkeypatch)
    _needs(module.data_dir() / "train" / "text")
    yield module
    sys.modules.pop("bench_polnear", None)


def _polnear_folder(module: Any, folder: Path, splits: tuple[str, ...], articles: int = 5) -> Path:
    """score_polnear.py and the first ``articles`` train articles (text and every .ann file),
    copied once per compartment name."""
    data = module.data_dir()
    folder.mkdir()
    shutil.copy(data / "score_polnear.py", folder)
    docs = sorted(p.stem for p in (data / "train" / "text").glob("*.txt"))[:articles]
    anns = [p for p in (data / "train" / "attributions").glob("*.ann")
            if any(p.name.startswith(d + "_") for d in docs)]
    for split in splits:
        (folder / split / "text").mkdir(parents=True)
        (folder / split / "attributions").mkdir()
        for d in docs:
            shutil.copy(data / "train" / "text" / f"{d}.txt", folder / split / "text")
        for p in anns:
            shutil.copy(p, folder / split / "attributions")
    (folder / "upstream").mkdir()  # a subfolder that is not a compartment
    return folder


def _polnear_direct(module: Any, folder: Path) -> dict[str, float]:
    """Overlap F1s of the rules as shipped and the baseline, from score_polnear.py's functions."""
    sp = module.scorer()
    gold = sp.load_gold(str(folder))
    totals: dict[tuple[str, str], list[int]] = {}
    for entry in gold.values():
        tokens = sp.Tokens(entry["text"])
        for system, preds in (("shipped", module.predict(entry["text"], module.SHIPPED_FORMS)),
                              ("baseline", sp.quote_baseline(entry["text"]))):
            counts = sp.score_doc(entry["attributions"], preds, tokens, "overlap")
            for role in ("content", "source", "cue"):
                total = totals.setdefault((system, role), [0, 0, 0])
                for k in range(3):
                    total[k] += counts[role][k]
    return {f"{role}_f1" + ("_baseline" if system == "baseline" else ""): sp.prf(*t)[2]
            for (system, role), t in totals.items()}


def test_polnear_reports_held_out_splits(polnear: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = _polnear_folder(polnear, tmp_path / "polnear", ("train", "test", "dev"))
    monkeypatch.setenv(polnear.ENV_VAR, str(folder))
    assert polnear.held_out_splits(folder) == [("dev", folder / "dev"), ("test", folder / "test")]
    result = polnear.run()
    out = capsys.readouterr().out

    direct = _polnear_direct(polnear, folder / "test")
    expected = {"articles": 5, "content_f1": direct["content_f1"],
                "source_f1": direct["source_f1"], "cue_f1": direct["cue_f1"],
                "content_f1_baseline": direct["content_f1_baseline"]}
    assert result["held_out"] == {"dev": expected, "test": expected}
    assert expected["content_f1"] > expected["content_f1_baseline"] > 0
    for split in ("dev", "test"):
        section = out[out.index(f"### Held-out split: {split} (5 articles)"):]
        assert f"| rules as shipped | overlap | {expected['content_f1']:.3f} (" in section
        assert f"| quotation-mark baseline | overlap | {expected['content_f1_baseline']:.3f} (" \
            in section
        assert "| rules as shipped | exact | " in section
    assert "No held-out split" not in out and "upstream" not in out


def test_polnear_says_when_there_is_no_held_out_split(
        polnear: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _polnear_folder(polnear, tmp_path / "polnear", ("train",))
    result = polnear.report_held_out(polnear.scorer(), folder)
    out = capsys.readouterr().out
    assert result == {}
    assert out == f"No held-out split found in {folder} (train only).\n\n"

