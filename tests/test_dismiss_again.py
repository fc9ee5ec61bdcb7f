"""``contradictions dismiss`` on an item already dismissed changes nothing unless asked.

A new user's report: dismissing an item a second time exited 0 and rewrote the
stored dismissal (its reason and date).  Now the same reason is a no-op (exit 0,
as adding a source's same text again is), a different reason is refused with
when and why the item was dismissed, and ``--reword`` replaces the reason while
keeping the earlier ones and their dates in its words.
"""

from __future__ import annotations

import json

from claimtrack.contradictions.report import reworded

from .conftest import dump
from .reliability import assert_one_line_error


def _item(cli) -> dict:
    r = cli("contradictions", "--format", "json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)[0]


def _stored(tmp_path) -> list[tuple]:
    import sqlite3

    conn = sqlite3.connect(tmp_path / "claims.db")
    try:
        return conn.execute("SELECT item, reason, dismissed_at FROM dismissals").fetchall()
    finally:
        conn.close()


def test_dismissing_again_for_the_same_reason_changes_nothing(cli, seeded, tmp_path, monkeypatch):
    item = _item(cli)["item"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13 UTC
    r = cli("contradictions", "dismiss", item, "--reason", "checked by the desk")
    assert r.exit_code == 0 and f"Dismissed {item}" in r.stderr
    before = dump(tmp_path / "claims.db")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # a later day
    r = cli("contradictions", "dismiss", item.upper(), "--reason", "Checked by  the desk")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.startswith(f"{item} is already dismissed (2023-11-14 22:13 UTC: "
                               "'checked by the desk'; ")
    assert r.stderr.rstrip().endswith("nothing to do")
    assert dump(tmp_path / "claims.db") == before


def test_a_different_reason_is_refused_unless_reworded(cli, seeded, tmp_path, monkeypatch):
    item = _item(cli)["item"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert cli("contradictions", "dismiss", item, "--reason", "same event").exit_code == 0
    before = dump(tmp_path / "claims.db")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15
    r = cli("contradictions", "dismiss", item, "--reason", "different years")
    assert_one_line_error(r.exit_code, r.stderr)
    assert r.exit_code == 1
    assert f"{item} is already dismissed (2023-11-14 22:13 UTC: 'same event')" in r.stderr
    assert "--reword" in r.stderr
    assert dump(tmp_path / "claims.db") == before

    r = cli("contradictions", "dismiss", item, "--reason", "different years", "--reword")
    assert r.exit_code == 0, r.stderr
    assert f"Re-worded the dismissal of {item}" in r.stderr
    assert _stored(tmp_path) == [(item, "different years (earlier, 2023-11-14: same event)",
                                  "2027-01-15T08:00:00+00:00")]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    assert cli("contradictions", "dismiss", item, "--reason", "two events", "--reword").exit_code == 0
    assert _stored(tmp_path)[0][1] == \
        "two events (earlier, 2027-01-15: different years; 2023-11-14: same event)"
    assert _item(cli)["dismissed_reason"] == _stored(tmp_path)[0][1]


def test_reworded_keeps_every_earlier_reason_latest_first():
    first = {"reason": "same event", "dismissed_at": "2024-10-20T09:00:00+00:00"}
    second = {"reason": reworded("different years", first),
              "dismissed_at": "2024-10-25T09:00:00+00:00"}
    assert reworded("two events", second) == \
        "two events (earlier, 2024-10-25: different years; 2024-10-20: same event)"


def test_dismiss_help_says_required_once(cli):
    out = cli("contradictions", "dismiss", "--help").stdout
    assert "(required)" not in out and "[required]" in out and "--reword" in out
