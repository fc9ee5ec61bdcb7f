"""``claimtrack similar`` at scale: the ranking's shortcut for one stem, and what the command
imports (a one-shot command pays for every module it loads)."""

from __future__ import annotations

import json
import subprocess
import sys

from claimtrack import ClaimStore
from claimtrack.matching.retrieval import bm25_idf, porter_stems
from claimtrack.matching.similar import _doc_freqs, _retrieve, similar


def _ranked_by_summing(store: ClaimStore, stems: list[str], depth: int) -> list[tuple[int, float]]:
    """The ranking as the general path computes it: every claim of every stem, weights summed."""
    conn = store.conn
    df = _doc_freqs(conn, stems)
    total = conn.execute("SELECT max(seq) FROM claims").fetchone()[0]
    scores: dict[int, float] = {}
    for t in sorted(df, key=lambda t: (df[t], t)):
        for (seq,) in conn.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?", [f'"{t}"']):
            scores[seq] = scores.get(seq, 0.0) + bm25_idf(df[t], total)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:depth]


def test_one_stem_ranks_its_claims_by_seq(seeded: ClaimStore) -> None:
    conn = seeded.conn
    stem = porter_stems(["musk"])["musk"]
    df = _doc_freqs(conn, [stem])
    total = conn.execute("SELECT max(seq) FROM claims").fetchone()[0]
    assert df[stem] > 3  # the shortcut has something to cut
    for depth in (1, 3, df[stem] + 5):
        got = _retrieve(conn, df, total, depth)
        assert got == _ranked_by_summing(seeded, [stem], depth)
        assert [seq for seq, _ in got] == sorted(seq for seq, _ in got)
        assert len(got) == min(depth, df[stem])


def test_one_word_query_finds_the_claims_using_it(seeded: ClaimStore) -> None:
    found = similar(seeded, "Musk", 3)
    assert found and all("musk" in n.claim["statement"].lower() or "musk" in n.claim["quote"].lower()
                         for n in found)


def test_similar_command_loads_no_writing_or_matching_machinery(seeded: ClaimStore) -> None:
    probe = (
        "import sys\n"
        f"sys.argv = ['claimtrack', '--db', {str(seeded.path)!r}, 'similar', 'SpaceX contracts',"
        " '-n', '3', '--format', 'json']\n"
        "from claimtrack.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('claimtrack.text.anchoring', 'claimtrack.text.sources',"
        " 'claimtrack.web', 'claimtrack.store.claimbatch', 'claimtrack.matching.fused',"
        " 'claimtrack.matching.candidates', 'claimtrack.matching.matcher', 'secrets',"
        " 'sqlite_utils', 'rich') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert "HEAVY []" in r.stderr, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) == 3 and rows[0]["rank"] == 1
