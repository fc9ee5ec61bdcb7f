"""source refresh and verify: quotes that survive edits (store + CLI)."""

from __future__ import annotations

import json

import pytest

from claimtrack.verify import refresh_source, verify

VOX_FILE = "001_5f9e32d0296bbd23.txt"


def _edit(seeds_dir, fn):
    path = seeds_dir / VOX_FILE
    path.write_text(fn(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def _claim(store, words):
    return next(c for c in store.list_claims(source="vox-putin") if words in c["quote"])


def test_unchanged_source_is_a_noop(seeded):
    assert refresh_source(seeded, "vox-putin").changed is False


def test_refresh_moves_changes_and_orphans(seeded, seeds_dir):
    launches = _claim(seeded, "eight of the Department")
    taiwan = _claim(seeded, "has nothing to do with Russia or China")
    plumb = _claim(seeded, "compete with [SpaceX]")
    denial_sentence = ("SpaceX told Vox that Starlink is not available in Taiwan because the Taiwanese "
                       "government has not given it a license to operate and that this “has nothing "
                       "to do with Russia or China.”\n")
    _edit(seeds_dir, lambda t: "Editor's note: this story was updated.\n" +
          t.replace("eight of the Department", "seven of the Department").replace(denial_sentence, ""))
    result = refresh_source(seeded, "vox-putin")
    assert result.changed and result.version == 2
    by_id = {c["id"]: c for c in result.claims}
    text = seeded.source_text("vox-putin")

    moved = by_id[plumb["id"]]
    assert moved["anchor_status"] == "moved"
    assert moved["span_start"] == (plumb["span_start"] + len("Editor's note: this story was updated.\n")
                                   - len(denial_sentence))
    assert text[moved["span_start"]:moved["span_end"]] == moved["quote"]

    changed = by_id[launches["id"]]
    assert changed["anchor_status"] == "changed"
    assert "seven" in changed["quote"] and "eight" in changed["anchor_diff"]
    assert text[changed["span_start"]:changed["span_end"]] == changed["quote"]

    orphan = by_id[taiwan["id"]]
    assert orphan["anchor_status"] == "orphaned"
    assert (orphan["span_start"], orphan["quote"]) == (taiwan["span_start"], taiwan["quote"])
    assert orphan["anchor_version"] == 1

    # the old text is kept as a version, and each claim's history has the re-anchoring
    old = seeded.query("SELECT version, text FROM source_versions WHERE source_key = 'vox-putin'")
    assert [r["version"] for r in old] == [1] and denial_sentence in old[0]["text"]
    assert [h["action"] for h in seeded.history(taiwan["id"])] == ["add", "reanchor"]

    problems, _ = verify(seeded)
    statuses = {p["id"]: p["anchor_status"] for p in problems}
    assert statuses.pop(launches["id"]) == "changed" and statuses.pop(taiwan["id"]) == "orphaned"
    # any other orphan is a quote from the deleted sentence; moved claims are not problems
    assert all(s == "orphaned" and seeded.get_claim(i)["quote"] in denial_sentence
               for i, s in statuses.items())


def test_verify_checks_the_file_on_disk(seeded, seeds_dir):
    assert verify(seeded) == ([], [])
    _edit(seeds_dir, lambda t: t.replace("eight of the Department", "seven of the Department"))
    problems, notes = verify(seeded)
    assert [p["anchor_status"] for p in problems] == ["changed"]
    assert problems[0]["checked_against"].endswith(VOX_FILE)
    assert any("changed on disk" in n for n in notes)
    # verify never writes
    assert seeded.get_claim(problems[0]["id"])["anchor_status"] == "anchored"


def test_cli_refresh_verify_and_filters(cli, seeded, seeds_dir):
    assert cli("verify").exit_code == 0
    path = _edit(seeds_dir, lambda t: t.replace("eight of the Department", "seven of the Department"))
    r = cli("verify")
    assert r.exit_code == 1 and "changed on disk" in r.stderr
    r = cli("source", "refresh", "vox-putin", str(path))
    assert r.exit_code == 0, r.stderr
    assert "1 changed" in r.stderr and "[-eight-]{+seven+}" in r.stdout.replace("\n", "")
    listed = json.loads(cli("claim", "list", "--anchor-status", "changed", "--format", "json").stdout)
    assert len(listed) == 1 and listed[0]["anchor_status"] == "changed"
    assert all("anchor_status" in c for c in json.loads(cli("claim", "list", "--format", "json").stdout))
    assert cli("verify").exit_code == 1


@pytest.mark.parametrize("args, words", [
    (["source", "refresh", "nope"], "unknown source"),
    (["source", "refresh", "vox-putin", "missing.txt"], "no such file"),
    (["claim", "list", "--anchor-status", "lost"], "unknown anchor status"),
])
def test_refresh_errors(cli, seeded, args, words):
    r = cli(*args)
    assert r.exit_code in (1, 2) and words in r.stderr
