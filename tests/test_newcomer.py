"""A newcomer's first hour (issue 22): each rough edge typed as the user typed it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_version(cli) -> None:
    r = cli("--version")
    assert r.exit_code == 0
    assert r.stdout.startswith("claimtrack ")


def test_completion_command_prints_a_script_per_shell(cli) -> None:
    for shell, marker in (("bash", "complete -o"), ("zsh", "compdef"),
                          ("fish", "complete --command claimtrack")):
        r = cli("completion", shell)
        assert r.exit_code == 0, r.output
        assert marker in r.stdout and "_CLAIMTRACK_COMPLETE" in r.stdout


def test_show_completion_option_exists(cli) -> None:
    r = cli("--help")
    assert "--install-completion" in r.stdout and "--show-completion" in r.stdout


def test_click_style_completion_variable_works() -> None:
    env = {**os.environ, "_CLAIMTRACK_COMPLETE": "bash_source"}
    r = subprocess.run([sys.executable, "-m", "claimtrack"], env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "not supported" not in r.stderr
    assert "_claimtrack_completion" in r.stdout


def test_db_path_says_where_it_came_from(cli, tmp_path: Path, monkeypatch) -> None:
    r = cli("db", "path")  # the fixture sets CLAIMTRACK_DB
    assert r.stdout.strip() == str(tmp_path / "claims.db")
    assert "CLAIMTRACK_DB" in r.stderr
    r = cli("--db", "other.db", "db", "path")
    assert r.stdout.strip() == str(tmp_path / "other.db")
    assert "--db option" in r.stderr and "does not exist yet" in r.stderr
    monkeypatch.delenv("CLAIMTRACK_DB")
    r = cli("db", "path")
    assert r.stdout.strip() == str(tmp_path / "claims.db") and "default" in r.stderr
    (tmp_path / ".claimtrack.toml").write_text('db = "research/c.db"\n')
    r = cli("db", "path")
    assert r.stdout.strip() == str(tmp_path / "research" / "c.db")
    assert "settings file" in r.stderr and ".claimtrack.toml" in r.stderr


def test_every_group_help_has_an_example(cli) -> None:
    for group in ([], ["source"], ["claim"], ["db"], ["match"], ["contradictions"]):
        r = cli(*group, "--help")
        assert "Examples:" in r.stdout, group
        assert "claimtrack " in r.stdout.split("Examples:", 1)[1], group


def test_listings_take_column_selection(cli, seeded) -> None:
    r = cli("claim", "list", "-c", "id", "-c", "quote", "--format", "csv", "--limit", "2")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == "id,quote"
    r = cli("claim", "list", "-c", "id,attribution", "--format", "json", "--limit", "1")
    import json

    assert list(json.loads(r.stdout)[0]) == ["id", "attribution"]
    r = cli("source", "list", "-c", "key", "-c", "claims", "--format", "nl")
    assert all(list(json.loads(line)) == ["key", "claims"] for line in r.stdout.splitlines())
    r = cli("claim", "list", "-c", "id", "--limit", "1")
    assert "quote" not in r.stdout and "c1" in r.stdout
    r = cli("contradictions", "-c", "item", "-c", "kind", "--format", "csv")
    assert r.stdout.splitlines()[0] == "item,kind"


def test_unknown_column_is_one_line_listing_the_columns(cli, seeded) -> None:
    r = cli("claim", "list", "-c", "nope")
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1
    assert "unknown column 'nope'" in r.stderr and "statement" in r.stderr


def test_many_claims_on_one_source_fold_it_once(tmp_path: Path) -> None:
    """load / claim add of many claims on one source: the source is folded once, not per claim."""
    from claimtrack import ClaimStore
    from claimtrack.text import anchoring

    words = [f"word{i}" for i in range(6000)]
    text = " ".join(words)  # well over FOLD_CACHE_MIN_CHARS
    (tmp_path / "big.txt").write_text(text)
    store = ClaimStore(tmp_path / "c.db")
    store.add_source(tmp_path / "big.txt", key="big")
    anchoring._fold_cached.cache_clear()
    for i in range(0, 50, 5):
        claim = store.add_claim("big", " ".join(words[i * 10: i * 10 + 4]))
        assert claim["quote"] == " ".join(words[i * 10: i * 10 + 4])
    info = anchoring._fold_cached.cache_info()
    assert info.misses == 1 and info.hits >= 9
    store.close()


STORY = ("The prosecutor said Michael Cohen is a known liar who worked for years at the firm. "
         "The organization said it would review the contracts before the election. "
         "She told reporters: “Any suggestion — that we did this — is simply false.” Then she left.")


def _story(cli, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    assert cli("source", "add", "story.txt", "--key", "story").exit_code == 0


def test_not_found_hint_starts_at_a_word(cli, tmp_path: Path) -> None:
    _story(cli, tmp_path)
    r = cli("claim", "add", "story", "Micheal Cohen is a known liar who worked")
    assert r.exit_code != 0
    passage = r.stderr.split('"', 1)[1]
    assert passage.startswith("Michael Cohen"), r.stderr


def test_british_spelling_reads_as_spelling_and_closest_stores_the_passage(cli, tmp_path) -> None:
    _story(cli, tmp_path)
    typed = "The organisation said it would review the contracts"
    r = cli("claim", "add", "story", typed)
    assert r.exit_code != 0
    assert "100%" not in r.stderr and "spelling?" in r.stderr and "--closest" in r.stderr
    r = cli("claim", "add", "story", typed, "--closest", "--format", "json")
    assert r.exit_code == 0, r.stderr
    import json

    assert json.loads(r.stdout)[0]["quote"] == \
        "The organization said it would review the contracts"
    assert "closest passage" in r.stderr


def test_punctuation_only_difference_says_so(cli, tmp_path: Path) -> None:
    _story(cli, tmp_path)
    r = cli("claim", "add", "story", "any suggestion that we did this is simply false")
    assert r.exit_code != 0
    assert "differs only in case or punctuation" in r.stderr


def test_closest_refuses_a_passage_far_off(cli, tmp_path: Path) -> None:
    _story(cli, tmp_path)
    r = cli("claim", "add", "story", "zebras quietly eat purple umbrellas", "--closest")
    assert r.exit_code != 0 and r.stderr.count("\n") == 1


def test_quote_typed_in_its_own_marks_stores_the_words_only(cli, tmp_path: Path) -> None:
    _story(cli, tmp_path)
    r = cli("claim", "add", "story", '"Any suggestion -- that we did this -- is simply false."',
            "--format", "json")
    assert r.exit_code == 0, r.stderr
    import json

    quote = json.loads(r.stdout)[0]["quote"]
    assert quote == "Any suggestion — that we did this — is simply false."


def test_match_review_shows_quotes_and_who_said_them_and_asks_again(cli, seeded) -> None:
    from claimtrack.matching.links import suggestions

    cli("match")
    pending = suggestions(seeded)
    assert pending, "the seeds give at least one suggestion"
    first = seeded.get_claim(pending[0]["a"])
    r = cli("match", "review", input="maybe\nq\n")
    assert r.exit_code == 0
    out = r.stdout
    assert f"“{first['quote']}”" in out
    from claimtrack.attribution import describe

    assert describe(first) in out
    assert "'maybe'? Answer y" in out
    assert out.count("Same claim?") == 2  # asked again, then quit
    assert "Recorded 0 decision(s)" in r.stderr


def test_contradictions_open_says_how_many_are_hidden(cli, seeded) -> None:
    import json

    items = json.loads(cli("contradictions", "--format", "json").stdout)
    assert len(items) >= 2
    cli("contradictions", "dismiss", items[0]["item"], "--reason", "different years")
    r = cli("contradictions", "--open", "--format", "json")
    assert len(json.loads(r.stdout)) == len(items) - 1
    assert f"{len(items) - 1} open (1 dismissed, hidden)" in r.stderr
    r = cli("contradictions", "--format", "json")
    assert f"{len(items) - 1} open, 1 dismissed" in r.stderr


def test_hook_install_again_without_db_keeps_the_database_path(cli, tmp_path, monkeypatch) -> None:
    from .test_git_hook import git

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    git("init", "-q")
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    assert cli("--db", "research/claims.db", "hook", "install").exit_code == 0
    fixed = str(tmp_path / "research" / "claims.db")
    assert f"--db {fixed}" in hook.read_text()
    r = cli("hook", "install")
    assert r.exit_code == 0
    assert f"--db {fixed}" in hook.read_text()
    assert f"Kept the database path already in the hook: {fixed}" in r.stderr
    assert cli("--db", "other.db", "hook", "install").exit_code == 0
    assert f"--db {tmp_path / 'other.db'}" in hook.read_text()


def test_check_leaves_no_wal_files_beside_the_database(cli, tmp_path, seeds_dir) -> None:
    from claimtrack import ClaimStore
    from claimtrack.store.seeds import load_seeds

    from .check_helpers import CLEAN, write

    store = ClaimStore(tmp_path / "claims.db")
    load_seeds(store, seeds_dir)
    store.close()
    assert not (tmp_path / "claims.db-wal").exists()
    write("draft.md", CLEAN)
    r = cli("check", "draft.md")
    assert r.exit_code == 0, r.output
    r = cli("check", "--format", "json", "draft.md")
    assert sorted(p.name for p in tmp_path.glob("claims.db*")) == ["claims.db"]


def _check_json(cli, draft: str) -> list[dict]:
    import json

    Path("draft.md").write_text(draft, encoding="utf-8")
    r = cli("check", "--format", "json", "--off", "CT201", "draft.md")
    assert r.exit_code in (0, 1), r.output
    return [f for f in json.loads(r.stdout)["findings"] if f["code"] == "CT104"]


def test_scare_quotes_beside_a_citation_are_not_a_misquote(cli, tmp_path: Path) -> None:
    _story(cli, tmp_path)
    cli("claim", "add", "story", "Michael Cohen is a known liar")
    assert _check_json(cli, 'A "bombshell" claim: Cohen is a liar [claim:c1].\n') == []
    assert _check_json(cli, 'The prosecutor\'s "witch hunt" [claim:c1].\n') == []
    # a short quotation that does look like the claim's words is still compared
    assert len(_check_json(cli, 'The prosecutor called him "a known lair" [claim:c1].\n')) == 1
    assert len(_check_json(cli, 'He is "a known liar and a cheat" [claim:c1].\n')) == 1


def test_dropped_dashes_and_case_give_a_readable_diff(cli, tmp_path: Path) -> None:
    _story(cli, tmp_path)
    cli("claim", "add", "story", "Any suggestion — that we did this — is simply false.")
    found = _check_json(cli, 'She said "ANY suggestion that we did it is simply false" '
                             '[claim:c1].\n')
    assert len(found) == 1
    diff = found[0]["diff"]
    assert "suggestion-that" not in diff and "{+—+}" in diff
    assert "[-it-]{+this" in diff
    assert "ANY" not in diff  # a case-only change is no difference


def test_load_is_quiet_when_piped_and_shows_progress_on_a_terminal(cli, seeds_dir, monkeypatch):
    r = cli("load", str(seeds_dir))
    assert r.exit_code == 0
    assert r.stderr.strip().splitlines() == [f"Loaded 3 sources and 83 claims from {seeds_dir}"]
    from claimtrack.cli import progress

    steps: list[tuple[int, int]] = []
    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    from claimtrack.store import seeds

    real = seeds.load_seeds

    def spy(store, folder, progress=None):
        def record(done: int, total: int) -> None:
            steps.append((done, total))
            progress(done, total)

        return real(store, folder, progress=record)

    monkeypatch.setattr(seeds, "load_seeds", spy)
    monkeypatch.setenv("CLAIMTRACK_DB", "second.db")
    assert cli("load", str(seeds_dir)).exit_code == 0
    assert steps[-1] == (83, 83)


def test_readme_pre_commit_example_works_when_pasted(cli, seeded, tmp_path, monkeypatch) -> None:
    import re

    from .check_helpers import CLEAN, write
    from .conftest import REPO
    from .test_git_hook import GIT_ENV, git

    readme = (REPO / "docs" / "check-codes.md").read_text(encoding="utf-8")
    section = readme.split("## With the pre-commit framework", 1)[1]
    config = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    assert "OWNER" not in section and "v0.1.0" not in config
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    git("init", "-q")
    (tmp_path / "research").mkdir()
    seeded.close()
    (tmp_path / "claims.db").rename(tmp_path / "research" / "claims.db")
    write(".pre-commit-config.yaml", config)
    write("draft.md", CLEAN)
    git("add", "-A")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / ".pre-commit-home"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    r = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    write("draft.md", "Unknown [claim:c999].\n")
    r = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 1 and "CT101" in r.stdout, r.stdout + r.stderr


def test_source_history_diff_rename_remove(cli, tmp_path: Path) -> None:
    import json

    Path("a.txt").write_text("One line.\nThe company said it would review contracts.\nEnd.\n")
    cli("source", "add", "a.txt", "--key", "a")
    cli("claim", "add", "a", "would review contracts")
    Path("a.txt").write_text("One line.\nThe company said it would review all contracts.\nEnd.\n")
    cli("source", "refresh", "a", "a.txt")
    rows = json.loads(cli("source", "history", "a", "--format", "json").stdout)
    assert [(r["version"], r["current"]) for r in rows] == [(1, False), (2, True)]
    r = cli("source", "diff", "a")
    assert "-The company said it would review contracts." in r.stdout
    assert "+The company said it would review all contracts." in r.stdout
    assert cli("source", "diff", "a", "1", "2").stdout == r.stdout
    r = cli("source", "diff", "a", "7", "2")
    assert r.exit_code != 0 and "no version 7" in r.stderr

    r = cli("source", "rename", "a", "vox")
    assert r.exit_code == 0 and "1 claim(s)" in r.stderr
    claim = json.loads(cli("claim", "show", "c1", "--format", "json").stdout)[0]
    assert claim["source"] == "vox"
    history = json.loads(cli("claim", "history", "c1", "--format", "json").stdout)
    assert history[-1]["note"] == "source renamed from a to vox"
    assert len(json.loads(cli("source", "history", "vox", "--format", "json").stdout)) == 2
    assert cli("source", "show", "a").exit_code != 0
    r = cli("source", "rename", "vox", "Bad Key")
    assert r.exit_code != 0 and "bad source key" in r.stderr

    r = cli("source", "remove", "vox")
    assert r.exit_code != 0 and "1 claim(s)" in r.stderr and r.stderr.count("\n") == 1
    Path("b.txt").write_text("Nothing quoted here.\n")
    cli("source", "add", "b.txt", "--key", "b")
    assert cli("source", "remove", "b").exit_code == 0
    assert cli("source", "show", "b").exit_code != 0
    assert cli("db", "check", "--format", "json").exit_code in (0, 1)
    foreign = json.loads(cli("db", "check", "--format", "json").stdout)
    assert not [p for p in foreign if p["check"] in ("integrity", "foreign keys")]


def test_an_orphaned_quote_comes_with_a_suggested_passage(cli) -> None:
    import json

    Path("a.txt").write_text("One line.\nThe company said it would review its federal contracts "
                             "soon.\nEnd.\n")
    cli("source", "add", "a.txt", "--key", "a")
    cli("claim", "add", "a", "would review its federal contracts soon")
    Path("a.txt").write_text("One line.\nSomething else entirely, with other words.\nThe firm "
                             "stated it would reconsider its federal contract awards later.\n"
                             "End.\n")
    cli("source", "refresh", "a", "a.txt")
    r = cli("verify", "--format", "json")
    assert r.exit_code == 1
    row = json.loads(r.stdout)[0]
    assert row["anchor_status"] == "orphaned"
    assert row["suggested"].startswith('"would reconsider its federal contract')
    assert "claim edit ID --quote" in r.stderr
    r = cli("claim", "show", "c1")
    assert "suggested" in r.stdout and "would reconsider its federal contract" in r.stdout


def test_check_help_is_in_the_same_style_as_the_rest(cli) -> None:
    import subprocess as sp

    r = sp.run([sys.executable, "-m", "claimtrack", "check", "--help"], capture_output=True,
               text=True, timeout=60)
    assert r.returncode == 0
    for heading in ("Usage: claimtrack check", "\nArguments:\n", "\nOptions:\n", "\nExamples:\n"):
        assert heading in r.stdout, heading
    assert "-h, --help            Show this message and exit." in r.stdout


def test_import_export_refresh_work_with_a_bar_on_a_terminal(cli, seeded, tmp_path, monkeypatch):
    from claimtrack.cli import progress

    r = cli("export", "claims", "--format", "ndjson", "-o", "claims.ndjson")
    assert r.exit_code == 0 and r.stderr.startswith("Exported")  # piped: no bar
    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    assert cli("export", "sources", "--format", "ndjson", "-o", "sources.ndjson").exit_code == 0
    r = cli("--db", "copy.db", "import", "sources.ndjson", "claims.ndjson")
    assert r.exit_code == 0, r.stderr
    assert "Imported" in r.stderr
    assert cli("source", "refresh", "vox-putin").exit_code == 0


def test_source_add_with_the_key_first_says_how(cli, tmp_path: Path) -> None:
    """'source add KEY FILE' (as 'source refresh KEY FILE' is typed) names the right command."""
    (tmp_path / "story.txt").write_text("Musk met the president on Tuesday.", encoding="utf-8")
    db = tmp_path / "claims.db"
    result = cli("--db", str(db), "source", "add", "cafe", str(tmp_path / "story.txt"))
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert f"claimtrack source add {tmp_path / 'story.txt'} --key cafe" in lines[0]
    assert not db.exists()


def test_the_closest_hint_offers_closest_only_when_it_would_take_the_passage(cli, tmp_path) -> None:
    """A passage too far off for --closest (under 85% alike) is shown, without telling the
    user to add --closest, which would then refuse it."""
    _story(cli, tmp_path)
    r = cli("claim", "add", "story", "the organization will look at the deals after the vote")
    assert r.exit_code != 0 and "closest passage" in r.stderr, r.stderr
    assert "--closest" not in r.stderr
