"""``claimtrack check`` with no files: the database against its source files (CT103, CT301-CT305)."""

from __future__ import annotations

from .check_helpers import at, findings, run

# -- the database itself ---------------------------------------------------------------


def test_database_check_clean(seeded):
    code, out, err = run()
    assert code == 0 and out == ""
    assert err.strip() == "0 errors, 0 warnings in 3 sources (83 claims)"


def test_database_check_finds_changed_and_missing_files(seeded, seeds_dir):
    vox = seeds_dir / "001_5f9e32d0296bbd23.txt"
    text = vox.read_text(encoding="utf-8")
    assert "I would definitely lose my clearance" in text
    changed = ("New opening paragraph.\n\n" + text).replace(
        "I would definitely lose", "I would certainly lose").replace(
        "has nothing to do with Russia or China", "")
    vox.write_text(changed, encoding="utf-8")
    (seeds_dir / "002_a5c30c16f2984d1a.txt").unlink()
    seeded.conn.execute("UPDATE claims SET anchor_status = 'orphaned' WHERE id = 'c1'")
    found = findings()
    codes = [(f["code"], f["claim"]) for f in found]
    assert codes == [
        ("CT103", "c1"),
        ("CT302", None), ("CT303", "c35"), ("CT304", "c45"),
        ("CT301", None),
    ]
    by_code = {f["code"]: f for f in found}
    assert by_code["CT302"]["path"] == "seeds/001_5f9e32d0296bbd23.txt"
    assert (by_code["CT302"]["line"], by_code["CT302"]["col"]) == (1, 1)
    assert "quotes: 39 moved, 1 changed, 1 orphaned" in by_code["CT302"]["message"]
    assert by_code["CT303"]["diff"].endswith("[-definitely-]{+certainly+} lose my clearance.")
    assert (by_code["CT303"]["line"], by_code["CT303"]["col"]) == at(changed, "If I went")
    assert by_code["CT301"]["message"] == "source 'tech-maga': its file is missing"
    moved = findings("--warn", "quote-moved")
    assert sum(f["code"] == "CT305" for f in moved) == 39
    assert run()[0] == 1
