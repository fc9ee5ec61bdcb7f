"""``claimtrack check`` on drafts: citations, quotations, warnings, settings and the commands.

Drafts are written to the test's temporary folder and checked against the
``seeded`` store: c1 is unattributed, c2 and c35 rest on anonymous sources,
c28 and c29 are denied by SpaceX (see seeds/claims.toml).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack import check, config
from claimtrack.__main__ import check_argv
from claimtrack.check import main as check_cli

from .check_helpers import C1, C35, CLEAN, at, findings, run, where, write
from .conftest import REPO

# -- drafts ---------------------------------------------------------------------------


def test_clean_draft_passes(seeded):
    code, out, err = run(write("clean.md", CLEAN))
    assert code == 0, out + err
    assert out == ""
    assert err.strip() == "0 errors, 0 warnings in 1 file (2 citations)"


def test_unknown_claim_at_line_and_column(seeded):
    text = "Intro.\n\nSomething happened [claim:c999]. Also [claim:] and [claim:C1].\n"
    code, out, err = run(write("d.md", text))
    assert code == 1
    line, col = at(text, "[claim:c999]")
    assert f"d.md:{line}:{col}: CT101 error: unknown claim 'c999'" in out
    assert where(findings("d.md"), "CT101") == [at(text, "[claim:c999]"), at(text, "[claim:]")]
    assert err.strip() == "2 errors, 0 warnings in 1 file (3 citations)"


def test_retracted_claim(seeded):
    seeded.retract_claim("c3", "misread the essay")
    text = "Trump needed tech capital [claim:c3].\n"
    code, out, _ = run(write("d.md", text))
    assert code == 1
    assert out.strip() == "d.md:1:27: CT102 error: claim c3 is retracted: misread the essay"


@pytest.mark.parametrize("status", ["changed", "orphaned"])
def test_quote_changed_or_orphaned_in_source(seeded, status):
    seeded.conn.execute("UPDATE claims SET anchor_status = ? WHERE id = 'c7'", [status])
    text = "First line.\n  Debates exposed the tension [claim:c7].\n"
    found = findings(write("d.txt", text))
    assert [(f["code"], f["line"], f["col"], f["claim"]) for f in found] == [
        ("CT103", 2, 31, "c7")]
    assert status in found[0]["message"]


def test_misquotation_shows_diff_and_correct_quote(seeded):
    text = ("A line.\n\nA former official said "
            "\u201cIf I went and talked to Putin I would surely lose my clearance\u201d "
            "[claim:c35].\n")
    code, out, _ = run("--off", "anonymous", write("d.md", text))
    assert code == 1
    line, col = at(text, "\u201c")
    assert out.startswith(f"d.md:{line}:{col}: CT104 error: quotation does not match claim c35")
    assert "[-surely-]{+definitely+}" in out
    assert "{+without going through the appropriate steps,+}" in out
    assert f'the source says: "{C35}"' in out
    found = findings("--off", "anonymous", "d.md")[0]
    assert found["expected"] == C35 and found["claim"] == "c35"
    assert found["quotation"].startswith("If I went")


def test_misquoted_part_shows_only_that_part(seeded):
    text = 'The White House "started a review of SpaceX\u2019s federal contracts" [claim:c1].\n'
    found = findings(write("d.md", text))
    assert [f["code"] for f in found] == ["CT104"]
    assert found[0]["expected"] == "initiated a review of SpaceX\u2019s federal contracts."
    assert "[-started-]{+initiated+}" in found[0]["diff"]


@pytest.mark.parametrize("quotation", [
    C1,                                                    # the whole quote, curly apostrophe
    C1.replace("\u2019", "'"),                             # typed with a straight one
    "in june 2025, the white house initiated",             # case
    "initiated a review of SpaceX's federal contracts,",   # end punctuation changed
    "[T]he White House initiated a review",                # brackets
    "the White House ... federal contracts",               # omitted words
    "the White House \u2026 SpaceX\u2019s federal contracts",
    "In June 2025,   the White House\ninitiated a review",  # spaces and a line break
])
def test_accepted_quotations(seeded, quotation):
    write("d.md", f'They wrote that "{quotation}" [claim:c1].\n')
    assert findings("d.md") == []


def test_curly_quotation_and_nested_quotes(seeded):
    # c8's quote has nested curly quotes; a draft may quote it with straight single ones.
    text = ("Musk complained \u201cwhen Musk publicly criticized such legislation for betraying "
            "the promise of 'streamlining government,' the conflict escalated rapidly\u201d "
            "[claim:c8].\n")
    assert findings(write("d.md", text)) == []


def test_quotation_checked_against_every_claim_of_its_sentence(seeded):
    text = ('"Trump needed the endorsement of technological capital" [claim:c1] [claim:c3].\n'
            'Wrong: "Trump wanted money" [claim:c3], said C1 [claim:c1].\n')
    found = findings(write("d.md", text))
    assert [(f["code"], f["line"], f["col"], f["claim"]) for f in found] == [
        ("CT104", 2, 8, "c3")]  # the nearest citation after the quotation


def test_quotation_in_another_sentence_is_not_compared(seeded):
    text = 'He said "something else entirely." The review began [claim:c1].\n'
    assert findings(write("d.md", text)) == []


def test_citation_after_the_full_stop_belongs_to_the_sentence_before(seeded):
    text = ('They said "a negotiating stance." [claim:c2] Next sentence '
            '"not a quote of anything" has no citation.\n')
    found = findings("--off", "anonymous", write("d.md", text))
    assert [f["code"] for f in found] == ["CT104"]
    assert (found[0]["line"], found[0]["col"]) == at(text, '"a negotiating')


def test_citation_on_the_next_line_still_belongs_to_the_sentence(seeded):
    text = ('Observers called it "a negotiating stance."\n[claim:c2] Then something else '
            '"entirely different" happened.\n')
    found = findings("--off", "anonymous", write("d.md", text))
    assert [(f["code"], f["line"], f["col"]) for f in found] == [("CT104", 1, 21)]


def test_abbreviations_do_not_end_sentences(seeded):
    text = 'U.S. officials and Mr. Smith said "the review itself was a negotiating posture" ' \
           'about it [claim:c2].\nDr. No said "nothing at all happened" [claim:c1].\n'
    found = findings("--off", "anonymous", write("d.md", text))
    assert [(f["code"], f["line"]) for f in found] == [("CT104", 2)]


def test_anonymous_only_warning(seeded):
    text = "Observers saw a posture [claim:c2].\n\nOne insider [claim:c9] agreed.\n"
    code, out, err = run(write("d.md", text))
    assert code == 0  # warnings do not block
    assert out.splitlines() == [
        "d.md:1:25: CT201 warning: claim c2 rests only on an anonymous source "
        "(seasoned Washington observers)",
        "d.md:3:13: CT201 warning: claim c9 rests only on an anonymous source "
        "(One White House insider)",
    ]
    assert err.strip() == "0 errors, 2 warnings in 1 file (2 citations)"


def test_anonymous_claim_corroborated_by_a_named_one(seeded):
    seeded.conn.execute(
        "INSERT INTO links (a, b, relation, status, method, decided_by, created_at, updated_at)"
        " VALUES ('c10', 'c2', 'same', 'linked', 'manual', 'person', 'x', 'x')")
    seeded.conn.execute("UPDATE claims SET strength = 'named', attributed_to = 'X' WHERE id = 'c10'")
    write("d.md", "Observers saw a posture [claim:c2].\n")
    assert findings("d.md") == []


def test_denied_claim_warning(seeded):
    text = ("Musk has talked with Putin since late 2022 [claim:c28].\n"
            "Musk has talked with Putin, which SpaceX called misleading [claim:c28].\n"
            "Putin made a request, which Musk's company has denied [claim:c29].\n"
            "The report is disputed. It says Putin asked for a favour [claim:c29].\n")
    found = findings(write("d.md", text))
    assert [(f["code"], f["line"], f["col"]) for f in found] == [
        ("CT202", *at(text, "[claim:c28]")), ("CT202", *at(text, "[claim:c29]", 2))]
    assert found[0]["message"] == ("claim c28 is denied by SpaceX; the sentence does not "
                                   "mention the denial")


def test_warning_severities_from_the_command_line(seeded):
    write("d.md", "Observers saw a posture [claim:c2].\n")
    assert run("d.md")[0] == 0
    code, out, _ = run("--error", "CT201", "d.md")
    assert code == 1 and "CT201 error:" in out
    assert run("--off", "anonymous,denied", "d.md")[1] == ""
    code, _, err = run("--off", "CT104", "d.md")
    assert code == 2 and err.strip() == "Error: CT104 (misquote) is always an error"
    code, _, err = run("--warn", "CT999", "d.md")
    assert code == 2 and "unknown check code 'CT999'" in err


def test_code_blocks_and_ignore_comments(seeded):
    text = ("Inline `[claim:c404]` is an example.\n\n```\n[claim:c405]\n```\n\n"
            "<!-- [claim:c406] -->\n"
            "Observers [claim:c2] <!-- claimtrack: ignore[CT201] -->\n"
            "Observers [claim:c2] [claim:c407] <!-- claimtrack: ignore -->\n"
            "Observers [claim:c2] [claim:c408] <!-- claimtrack: ignore[anonymous] -->\n")
    found = findings(write("d.md", text))
    assert [(f["code"], f["line"]) for f in found] == [("CT101", 10)]


def test_json_output(seeded):
    write("a.md", "Observers [claim:c2]. Unknown [claim:c999].\n")
    write("b.md", CLEAN)
    code, out, err = run("--format", "json", "a.md", "b.md")
    assert code == 1 and err == ""
    doc = json.loads(out)
    assert doc["summary"] == {"errors": 1, "warnings": 1, "unchecked": 0, "files": 2,
                              "citations": 4}
    assert doc["findings"][0] == {
        "path": "a.md", "line": 1, "col": 11, "code": "CT201", "name": "anonymous",
        "severity": "warning", "claim": "c2",
        "message": "claim c2 rests only on an anonymous source (seasoned Washington observers)"}


def test_bad_input_is_one_line_and_others_are_still_checked(seeded, tmp_path):
    write("good.md", CLEAN)
    Path("latin1.md").write_bytes("caf\xe9 [claim:c1]".encode("latin-1"))
    Path("folder").mkdir()
    code, out, err = run("missing.md", "folder", "latin1.md", "good.md")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "Error: missing.md: no such file",
        "Error: folder is a folder: give the draft files to check",
        "Error: latin1.md is not UTF-8 text (invalid byte 0xe9 at offset 3); "
        "convert it with: iconv -f LATIN1 -t UTF-8",
        "0 errors, 0 warnings in 1 file (2 citations); 3 inputs could not be checked",
    ]


def test_missing_database(tmp_path):
    write("d.md", "A claim [claim:c1].\n")
    code, out, err = run("--db", "nowhere.db", "d.md")
    assert code == 1 and out == ""
    assert err.startswith("Error: no database at nowhere.db: give --db PATH") and err.count("\n") == 1
    Path("junk.db").write_text("not sqlite")
    code, _, err = run("--db", "junk.db", "d.md")
    assert code == 1 and "junk.db is not a claimtrack database" in err


def test_drafts_without_citations_need_no_database(tmp_path):
    write("notes.md", "No citations here, \"just quotes\".\n")
    assert run("--db", "nowhere.db", "notes.md")[0] == 0


def test_usage_errors_exit_2(seeded):
    assert run("--format", "xml", "d.md")[0] == 2


# -- settings -------------------------------------------------------------------------


def test_settings_in_pyproject(seeded, tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIMTRACK_DB")
    import sqlite3

    (tmp_path / "data").mkdir()
    copy = sqlite3.connect(tmp_path / "data" / "claims.db")
    seeded.conn.backup(copy)
    copy.close()
    write("pyproject.toml", '[project]\nname = "book"\n\n[tool.claimtrack]\ndb = "data/claims.db"\n'
          '\n[tool.claimtrack.check]\nanonymous = "error"\n')
    write("chapters/one.md", "Observers saw a posture [claim:c2].\n")
    monkeypatch.chdir("chapters")  # settings are found upwards; db is relative to them
    code, out, _ = run("one.md")
    assert code == 1 and "CT201 error:" in out
    assert run("--warn", "anonymous", "one.md")[0] == 0  # the command line wins


def test_dedicated_file_wins_and_env_beats_settings_db(seeded, tmp_path, monkeypatch):
    write("pyproject.toml", '[tool.claimtrack.check]\nanonymous = "error"\n')
    write(".claimtrack.toml", 'db = "elsewhere.db"\n[check]\nanonymous = "off"\n')
    assert config.find().check == {"anonymous": "off"}
    write("d.md", "Observers saw a posture [claim:c2].\n")
    assert run("d.md") == (0, "", "0 errors, 0 warnings in 1 file (1 citation)\n")
    monkeypatch.delenv("CLAIMTRACK_DB")
    code, _, err = run("d.md")
    assert code == 1 and "no database at" in err and "elsewhere.db" in err


def test_settings_stop_at_the_repository_root(tmp_path, monkeypatch):
    write("pyproject.toml", '[tool.claimtrack]\ndb = "outer.db"\n')
    write("repo/.git/HEAD", "ref: refs/heads/main\n")
    monkeypatch.chdir("repo")
    assert config.find() == config.Config()


def test_bad_settings_are_one_line_usage_errors(seeded):
    write("d.md", "Observers [claim:c2].\n")
    write(".claimtrack.toml", '[check]\nanonymous = "loud"\n')
    code, _, err = run("d.md")
    assert code == 2 and err.count("\n") == 1 and "check.anonymous = 'loud'" in err
    write(".claimtrack.toml", '[check]\nunknown-claim = "off"\n')
    code, _, err = run("d.md")
    assert code == 2 and ".claimtrack.toml: CT101 (unknown-claim) is always an error" in err
    write(".claimtrack.toml", "db = [\n")
    code, _, err = run("d.md")
    assert code == 2 and "not valid TOML" in err


# -- the commands ---------------------------------------------------------------------


def test_check_argv_routing():
    assert check_argv(["check", "a.md"]) == ["a.md"]
    assert check_argv(["--db", "x.db", "check", "a.md"]) == ["--db", "x.db", "a.md"]
    assert check_argv(["--db=x.db", "check"]) == ["--db", "x.db"]
    assert check_argv(["claim", "list"]) is None
    assert check_argv(["--db", "x.db", "claim", "check"]) is None
    assert check_argv([]) is None


def test_console_scripts_and_fast_path(seeded, tmp_path):
    write("d.md", "Unknown [claim:c999].\n")
    bin_dir = Path(sys.executable).parent
    for cmd in ([str(bin_dir / "claimtrack"), "--db", "claims.db", "check", "d.md"],
                [str(bin_dir / "claimtrack"), "check", "--db", "claims.db", "d.md"],
                [str(bin_dir / "claimtrack-check"), "d.md"]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        assert r.returncode == 1, r.stderr
        assert r.stdout == "d.md:1:9: CT101 error: unknown claim 'c999'\n"
    probe = ("import sys; sys.argv = ['claimtrack', 'check', 'd.md']\n"
             "from claimtrack.__main__ import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "heavy = [m for m in ('typer', 'rich', 'sqlite_utils', 'rapidfuzz', 'click',"
             " 'pydantic', 'numpy', 'typing', 'claimtrack.cli', 'claimtrack.store')"
             " if m in sys.modules]\n"
             "print('HEAVY', heavy)\n")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert "HEAVY []" in r.stdout, r.stdout + r.stderr


def test_typer_app_lists_and_delegates_check(cli, seeded):
    assert "check" in cli("--help").stdout
    write("d.md", "Unknown [claim:c999].\n")
    r = cli("check", "--format", "json", "d.md")
    assert r.exit_code == 1
    assert json.loads(r.stdout)["findings"][0]["code"] == "CT101"
    r = cli("--db", "nowhere.db", "check", "d.md")
    assert r.exit_code == 1 and "no database at nowhere.db" in r.stderr


def test_check_help_has_examples(capsys):
    with pytest.raises(SystemExit) as e:
        check_cli.main(["--help"], prog="claimtrack check")
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: claimtrack check")
    assert "claimtrack check drafts/*.md" in out and "CT201 anonymous" in out


def test_readme_codes_table_matches_the_code():
    readme = (REPO / "docs" / "check-codes.md").read_text(encoding="utf-8")
    section = readme.split(check.README_START)[1].split(check.README_END)[0]
    assert section.strip() == check.codes_markdown(), (
        "README codes table is stale: run 'make docs'")


def test_hooks_manifest():
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook = {h["id"]: h for h in hooks}["claimtrack-check"]
    assert hook["entry"] == "claimtrack-check" and hook["language"] == "python"
    assert "markdown" in hook["types_or"]
