"""``claimtrack match`` and the link commands: the same claim across sources."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..columns import LINK_STATUSES, listing
from ..terminal import one_line
from .common import ColumnsOption, Format, FormatOption, say, store
from .output import Column, emit

app = typer.Typer(help="Find the same claim across sources, and review suggestions.",
                  epilog="Examples:\n\n\b\n  claimtrack match\n"
                  "  claimtrack match --source vox --source wsj --link-threshold 80\n"
                  "  claimtrack match review",
                  invoke_without_command=True)

LINK_COLUMNS = listing("links")


def _thresholds(link: float | None, suggest: float | None) -> tuple[float | None, float | None]:
    """Options first, then [tool.claimtrack.match] / .claimtrack.toml, then the defaults."""
    from ..config import find

    cfg = find().match
    return (link if link is not None else cfg.get("link_threshold"),
            suggest if suggest is not None else cfg.get("suggest_threshold"))


@app.callback()
def match(
    ctx: typer.Context,
    source: Annotated[list[str] | None, typer.Option(
        "--source", metavar="KEY", help="Only claims from these sources (repeatable).")] = None,
    link_threshold: Annotated[float | None, typer.Option(
        min=0, max=100,
        help="Link at or above this calibrated score [default: 93 (98 with the semantic "
        "extra's model), or the config].")] = None,
    suggest_threshold: Annotated[float | None, typer.Option(
        min=0, max=100, help="Suggest at or above this score [default: 26 (20 with the "
        "semantic extra's model), or the config].")] = None,
    fmt: FormatOption = Format.table,
    column: ColumnsOption = None,
) -> None:
    """Compare claims from different sources; record links and suggestions.

    Each pair's score (0-100) is calibrated: about that share of pairs scored
    so were the same claim on the benchmark it was fitted on (README: "The
    same claim across sources").  At or above the link threshold a pair is
    linked as the same claim; between the suggest and link thresholds it is a
    suggestion for 'match review'.
    Short claims, and pairs whose numbers or negation differ, are only ever
    suggested.  A person's decision is never overwritten.  With the optional
    semantic extra and 'claimtrack embed' run, candidates are found by
    meaning too and scored by the extra's own model, with its own default
    thresholds (README: "Semantic extra").

    Examples:

      claimtrack match

      claimtrack match --source vox-putin --source tech-maga --link-threshold 80

      claimtrack match review
    """
    if ctx.invoked_subcommand is not None:
        return
    from rich.progress import Progress

    from ..matching import hybrid
    from ..matching.links import match_claims
    from .similar import semantic_hint

    s = store(ctx)
    st = hybrid.state(s)
    link, suggest = _thresholds(link_threshold, suggest_threshold)
    with Progress(transient=True, disable=not _is_tty()) as bar:
        task = bar.add_task("Scoring candidate pairs", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        rows = match_claims(s, sources=source or [], link_threshold=link,
                            suggest_threshold=suggest, progress=progress,
                            hooks=hybrid.match_hooks(s, st))
    counts = {s: sum(r["status"] == s for r in rows) for s in LINK_STATUSES}
    say(f"{counts['linked']} linked, {counts['suggested']} suggested"
        + (f", {counts['rejected']} rejected earlier by a person" if counts["rejected"] else ""))
    semantic_hint(st)
    table: list[Column] = [("a", "a"), ("b", "b"), ("status", "status"), ("score", "score"),
                           ("method", "method"),
                           ("claims", lambda r: _pair_text(s, r))]
    emit(rows, fmt.value, columns=["a", "b", "status", "score", "method", "numbers_differ",
                                   "decided_by"],
         table=table, empty="No candidate pairs.", select=column)


def _is_tty() -> bool:
    import sys

    return sys.stderr.isatty()


def _pair_text(s: Any, r: dict[str, Any]) -> str:
    a, b = s.get_claim(r["a"]), s.get_claim(r["b"])
    return f"{a['source']}: {_short(a['statement'])}\n{b['source']}: {_short(b['statement'])}"


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command("review")
def review(ctx: typer.Context) -> None:
    """Walk the suggestions: confirm (y), reject (n), skip (s) or quit (q).

    Rejections are remembered: the matcher never suggests that pair again.

    Example: claimtrack match review
    """
    from ..matching import hybrid
    from ..matching.links import decide, suggestions
    from .similar import near_lines

    s = store(ctx)
    st = hybrid.state(s)
    pending = suggestions(s)
    if not pending:
        say("No suggestions to review: run 'claimtrack match' first.")
        return
    done = 0
    for n, r in enumerate(pending, 1):
        a, b = s.get_claim(r["a"]), s.get_claim(r["b"])
        typer.echo(f"\n[{n}/{len(pending)}] score {r['score']} ({r['method']})")
        for c in (a, b):
            typer.echo("\n".join(one_line(line) for line in _review_side(c).splitlines()))
        near = near_lines(s, a["id"], exclude=(b["id"],), n=2, st=st)
        if near:
            typer.echo(f"  also near {a['id']}:")
            typer.echo("\n".join("  " + line for line in near))
        choice = _ask("Same claim? [y]es / [n]o / [s]kip / [q]uit")
        if choice == "q":
            break
        if choice in ("y", "n"):
            decide(s, r["a"], r["b"], accept=choice == "y")
            done += 1
    say(f"Recorded {done} decision(s).")


def _review_side(claim: dict[str, Any]) -> str:
    """A claim as review shows it: its quote, who said it, and its statement if it differs."""
    from .claim import describe

    lines = [f"  {claim['id']} {claim['source']} ({describe(claim)}): “{claim['quote']}”"]
    if claim["statement"] and claim["statement"] != claim["quote"]:
        lines.append(f"      claim: {claim['statement']}")
    return "\n".join(lines)


def _ask(question: str) -> str:
    """y, n, s or q; anything else is asked again (a typo must not count as a skip)."""
    while True:
        choice = str(typer.prompt(question, default="s")).strip().lower()
        if choice in ("y", "yes", "n", "no", "s", "skip", "q", "quit"):
            return choice[0]
        typer.echo(f"  {choice!r}? Answer y (same claim), n (not the same), s (skip) or q (quit).")


def register_claim_commands(claim_app: typer.Typer) -> None:
    claim_app.command("link")(link_cmd)
    claim_app.command("unlink")(unlink_cmd)
    claim_app.command("groups")(groups_cmd)


def link_cmd(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(metavar="A")],
    b: Annotated[str, typer.Argument(metavar="B")],
    relation: Annotated[str, typer.Option("--as", help="same, supports or contradicts.")] = "same",
    note: Annotated[str | None, typer.Option(help="Why, kept with the link.")] = None,
) -> None:
    """Link two claims by hand (a person's decision beats the matcher).

    Replacing a person's earlier decision (another relation, or a pair marked
    not the same) says what it was and the command that restores it.

    Example: claimtrack claim link c4 c79 --as same
    """
    from ..matching.links import link, replaced

    row = link(store(ctx), a, b, relation, note)
    pair = f"{row['a']} and {row['b']}"
    earlier = replaced(row)
    before = row["before"]
    if earlier is not None:
        say(f"{pair} {_decided(earlier)}: now linked as {row['relation']} "
            f"(to go back: {_undo(earlier)})")
    elif before is not None and before["decided_by"] == "person":
        say(f"{pair} were already linked as {row['relation']} {_by_person(before)}"
            + (f"; the note is now {note!r}" if note is not None else ""))
    else:
        say(f"Linked {pair} as {row['relation']}")


def unlink_cmd(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(metavar="A")],
    b: Annotated[str, typer.Argument(metavar="B")],
    note: Annotated[str | None, typer.Option(help="Why, kept with the rejection.")] = None,
) -> None:
    """Unlink two claims, or say that two claims never linked are not the same; remembered,
    so the matcher never links or suggests them again.

    Example: claimtrack claim unlink c4 c79
    """
    from ..matching.links import replaced, unlink

    row = unlink(store(ctx), a, b, note)
    pair = f"{row['a']} and {row['b']}"
    before = row["before"]
    earlier = replaced(row)
    if before is None:
        say(f"{pair} were not linked: remembered that they are not the same claim "
            "(match will not suggest them)")
    elif before["status"] == "rejected":
        say(f"{pair} were already marked not the same claim"
            + (f" {_by_person(before)}" if before["decided_by"] == "person" else ""))
    elif earlier is not None:
        say(f"Unlinked {pair}, linked as {earlier['relation']} {_by_person(earlier)} "
            f"(remembered as rejected; to go back: {_undo(earlier)})")
    else:
        say(f"Unlinked {pair} (remembered as rejected)")


def _by_person(row: dict[str, Any]) -> str:
    """``by a person on 2025-03-14`` (the day of the decision), and its note."""
    said = f"by a person on {str(row['updated_at'])[:10]}"
    return said + (f" (note: {one_line(row['note'])!r})" if row.get("note") else "")


def _decided(row: dict[str, Any]) -> str:
    """A person's decision on a pair, in words: ``were linked as contradicts by a person on ...``."""
    what = (f"were linked as {row['relation']}" if row["status"] == "linked"
            else "were marked not the same claim")
    return f"{what} {_by_person(row)}"


def _undo(row: dict[str, Any]) -> str:
    """The command that records ``row``'s decision again, note and all."""
    from shlex import quote

    note = f" --note {quote(row['note'])}" if row.get("note") else ""
    if row["status"] == "rejected":
        return f"claimtrack claim unlink {row['a']} {row['b']}{note}"
    return f"claimtrack claim link {row['a']} {row['b']} --as {row['relation']}{note}"


def groups_cmd(ctx: typer.Context, fmt: FormatOption = Format.table,
               column: ColumnsOption = None) -> None:
    """Groups of linked claims, with sources, strongest attribution and the
    number of independent sources (claims relayed from one origin count once).

    Example: claimtrack claim groups --format json
    """
    from ..matching.links import claim_groups

    rows = claim_groups(store(ctx))
    emit(rows, fmt.value,
         columns=listing("groups"),
         table=[("group", "group"), ("claims", "claims"), ("sources", "sources"),
                ("strongest", "strongest"), ("independent", "independent_sources"),
                ("statement", lambda g: _short(g["statement"]))],
         empty="No groups: run 'claimtrack match' or link claims with 'claimtrack claim link'.",
         select=column)
