"""Progress bars that count (issue 22): load, import, export -o, source refresh and extract
show a bar counting done of total on a terminal, and print nothing extra when piped."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from claimtrack.cli import progress

from .conftest import SEEDS

VOX_FILE = "001_5f9e32d0296bbd23.txt"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_counts_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with progress.progress_bar("Counting things") as step:
        for i in range(1, 8):
            step(i, 7)
    shown = screen.getvalue()
    assert "Counting things" in shown and "7/7" in shown


def test_the_bar_shows_sizes_for_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with progress.progress_bar("Importing", unit="bytes") as step:
        step(2_000_000, 4_000_000)
    assert "2.0/4.0 MB" in screen.getvalue()


def test_piped_the_bar_is_silent(capsys: pytest.CaptureFixture[str]) -> None:
    with progress.progress_bar("Counting things") as step:
        step(1, 2)
    assert capsys.readouterr() == ("", "")


@pytest.fixture
def bars(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[int, int]]]:
    """Every bar a command opens, with the steps it was told (as on a terminal)."""
    seen: dict[str, list[tuple[int, int]]] = {}

    @contextmanager
    def spy(label: str, *, unit: str = "") -> Iterator[Callable[[int, int], None]]:
        steps = seen.setdefault(label, [])
        yield lambda done, total: steps.append((done, total))

    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    monkeypatch.setattr(progress, "progress_bar", spy)
    return seen


def _ends_full(steps: list[tuple[int, int]]) -> int:
    """The total a bar ended at (it ends done), after counting up."""
    assert steps, "the bar was never told a count"
    done, total = steps[-1]
    assert done == total > 0
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    return total


def test_load_counts_claims(cli, seeds_dir: Path, bars) -> None:
    assert cli("load", str(seeds_dir)).exit_code == 0
    assert _ends_full(bars["Locating quotes"]) == 83


def test_export_counts_records(cli, seeded, bars) -> None:
    assert cli("export", "claims", "-o", "claims.csv").exit_code == 0
    assert _ends_full(bars["Exporting claims to claims.csv"]) == 83
    assert cli("export", "sources", "--format", "json", "-o", "s.json").exit_code == 0
    assert _ends_full(bars["Exporting sources to s.json"]) == 3
    assert cli("export", "claims", "--format", "claimreview", "-o", "r.jsonld").exit_code == 0
    assert _ends_full(bars["Exporting claims to r.jsonld"]) == 83


def test_import_counts_bytes(cli, seeded, tmp_path: Path, bars) -> None:
    assert cli("export", "sources", "-o", "sources.csv").exit_code == 0
    assert cli("export", "claims", "--format", "ndjson", "-o", "claims.ndjson").exit_code == 0
    assert cli("export", "links", "--format", "json", "-o", "links.json").exit_code == 0
    files = ["sources.csv", "claims.ndjson", "links.json"]
    r = cli("--db", "copy.db", "import", *files)
    assert r.exit_code == 0, r.stderr
    size = sum((tmp_path / f).stat().st_size for f in files)
    assert _ends_full(bars["Importing"]) == size
    assert len(bars["Importing"]) > 2  # counted as the files are read, not only at the end


def test_refresh_counts_claims(cli, seeded, seeds_dir: Path, bars) -> None:
    path = seeds_dir / VOX_FILE
    path.write_text("Editor's note: updated.\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    assert cli("source", "refresh", "vox-putin").exit_code == 0
    claims = len(seeded.list_claims(source="vox-putin"))
    assert _ends_full(bars["Re-anchoring the claims of vox-putin"]) == claims


def test_extract_counts_sentences_and_added_claims(cli, bars) -> None:
    assert cli("source", "add", str(SEEDS / VOX_FILE), "--key", "vox").exit_code == 0
    r = cli("extract", "vox", "--add", "--only", "quotes")
    assert r.exit_code == 0, r.stderr
    _ends_full(bars["Reading vox for claims"])
    added = len(json.loads(cli("claim", "list", "--format", "json").stdout))
    assert added and _ends_full(bars["Adding the proposals of vox"]) == added


def test_piped_commands_print_only_their_messages(cli, seeds_dir: Path, tmp_path: Path) -> None:
    """No bar and no stray output when stderr is not a terminal (CliRunner's is not)."""
    r = cli("load", str(seeds_dir))
    assert (r.stdout, r.stderr) == ("", f"Loaded 3 sources and 83 claims from {seeds_dir}\n")
    r = cli("export", "claims", "--format", "ndjson", "-o", "claims.ndjson")
    assert (r.stdout, r.stderr) == ("", "Exported 83 claims to claims.ndjson\n")
    r = cli("export", "sources", "-o", "sources.csv")
    r = cli("--db", "copy.db", "import", "sources.csv", "claims.ndjson")
    assert (r.stdout, r.stderr) == ("", "Imported 3 sources, 83 claims from sources.csv, "
                                        "claims.ndjson\n")
    path = seeds_dir / VOX_FILE
    path.write_text("Editor's note.\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    r = cli("source", "refresh", "vox-putin", "--format", "json")
    assert r.stderr.splitlines()[0].startswith("Source vox-putin is now version 2")
    assert len(r.stderr.splitlines()) == 1
    json.loads(r.stdout)
    r = cli("extract", "vox-putin", "--format", "json")
    assert r.stderr == "" and json.loads(r.stdout)
