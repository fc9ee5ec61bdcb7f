"""The database's parties reach the contradiction checks as an argument (no hidden state):
the same two claims give different answers with and without a registry, in any order."""

from __future__ import annotations

from claimtrack.contradictions import detect, pair_conflict
from claimtrack.parties import Party, Registry
from tests.test_contradictions import claim

QUOTE = "There is really no other company right now that can compete with SpaceX, for scale"
CARR = Party(id=1, name="Peter Carr", kind="person", member_of=("Special Counsel's Office",))
OFFICE = Party(id=2, name="Special Counsel's Office", kind="organisation", members=("Peter Carr",))


def _pair() -> tuple[dict, dict]:
    a = claim("c1", "No one competes with SpaceX.", quote=QUOTE, strength="named",
              attributed_to="Peter Carr")
    b = claim("c2", "No one competes with SpaceX.", quote=QUOTE + ".", source="digest",
              strength="named", attributed_to="Special Counsel's Office")
    return a, b


def test_a_spokesman_and_his_office_are_one_side_only_with_the_registry() -> None:
    a, b = _pair()
    parties = Registry([CARR, OFFICE])
    found = pair_conflict(a, b)
    assert found is not None and found.kind == "misattribution"
    assert pair_conflict(a, b, parties) is None
    assert pair_conflict(a, b) == found  # nothing left behind by the call with parties
    assert detect([a, b], parties=parties) == []
    assert [c.kind for c in detect([a, b])] == ["misattribution"]
