"""Every benchmark script imports (a renamed library name once broke `make bench` at its start)."""

from __future__ import annotations

import importlib
import sys

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
