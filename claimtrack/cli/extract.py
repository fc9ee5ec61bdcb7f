"""``claimtrack extract SOURCE``: propose the claims of a stored source, add or review them."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .common import Format, FormatOption, say, store
from .output import Column, emit

COLUMNS = ["n", "kind", "quote", "cue", "speaker", "attribution", "stored", "content_start",
           "content_end", "cue_start", "cue_end", "source_start", "source_end", "source_text"]
TABLE: list[Column] = [("n", "n"), ("kind", "kind"), ("quote", lambda r: _short(r["quote"])),
                       ("cue", "cue"), ("attribution", "attribution"), ("stored", "stored")]


def _short(text: str, n: int = 100) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _options(p: Any) -> str:
    """The proposal's attribution as ``claim add`` options."""
    parts = []
    flag = {"named": "--named", "reported": "--reported-by", "anonymous": "--anonymous"}.get(p.strength)
    if flag and p.speaker:
        parts.append(f"{flag} {p.speaker!r}" if " " in p.speaker else f"{flag} {p.speaker}")
    elif p.kind != "declined" and not p.denied_by:
        parts.append("(speaker unknown)")
    parts += [f"--denied-by {w!r}" for w in p.denied_by]
    parts += [f"--declined {w!r}" for w in p.declined]
    return " ".join(parts)


def _row(n: int, p: Any, stored: str | None) -> dict[str, Any]:
    return {"n": n, "kind": p.kind, "quote": p.quote, "cue": p.cue_word, "speaker": p.speaker,
            "attribution": _options(p), "stored": stored,
            "content_start": p.content[0] if p.content else None,
            "content_end": p.content[1] if p.content else None,
            "cue_start": p.cue[0], "cue_end": p.cue[1],
            "source_start": p.source[0] if p.source else None,
            "source_end": p.source[1] if p.source else None, "source_text": p.source_text}


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_cmd)


def extract_cmd(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="SOURCE_KEY")],
    only: Annotated[list[str] | None, typer.Option(
        "--only", metavar="KIND",
        help="Only these kinds (repeatable): quotes, reported, according, denials, declined.")] = None,
    add: Annotated[bool, typer.Option("--add", help="Add every listed proposal as a claim.")] = False,
    review: Annotated[bool, typer.Option(
        "--review",
        help="Walk the proposals: accept (a), edit the speaker (e), skip (s), quit (q).")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Propose the claims of a source: quotes, speakers and attribution, with exact spans.

    Proposals already stored as claims are marked with their claim id, and never added again.
    Accepted proposals become claims exactly as 'claimtrack claim add' makes them.

    Examples:

      claimtrack extract vox-putin

      claimtrack extract vox-putin --only quotes --format json

      claimtrack extract vox-putin --add --only quotes

      claimtrack extract vox-putin --review
    """
    from ..errors import UsageError
    from ..extract import KINDS, extract
    from ..extract.accept import stored_claim

    kinds = set(only or KINDS)
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        raise UsageError(f"--only {unknown[0]}: use one of {', '.join(KINDS)}")
    if add and review:
        raise UsageError("give --add or --review, not both")
    s = store(ctx)
    text = s.source_text(source)
    claims = s.list_claims(source=source)
    from .progress import progress_bar

    with progress_bar(f"Reading {source} for claims") as step:  # on a terminal only
        proposals = extract(text, progress=step)
    rows, chosen = [], []
    for n, p in enumerate(proposals, 1):
        if p.kind not in kinds:
            continue
        stored = stored_claim(p, claims)
        rows.append(_row(n, p, stored))
        chosen.append((n, p, stored))
    if add:
        _add_all(s, source, text, proposals, chosen)
    elif review:
        _review(s, source, text, proposals, chosen)
    else:
        emit(rows, fmt.value, columns=COLUMNS, table=TABLE, empty="No proposals.")


def _declined_for(proposals: list[Any], index: int) -> list[str]:
    """Parties that declined to comment on proposal ``index`` (non-answers that follow it)."""
    return [w for q in proposals if q.kind == "declined" and q.applies_to == index for w in q.declined]


def _add_all(s: Any, key: str, text: str, proposals: list[Any], chosen: list[Any]) -> None:
    from ..errors import ClaimtrackError
    from ..extract.accept import add
    from .progress import progress_bar

    added = skipped = 0
    todo = [(n, p) for n, p, stored in chosen if not stored and p.content is not None]
    with progress_bar(f"Adding the proposals of {key}") as step:  # on a terminal only
        for done, (n, p) in enumerate(todo, 1):
            try:
                claim = add(s, key, text, p, declined=_declined_for(proposals, n - 1))
            except ClaimtrackError as e:
                say(f"Skipped proposal {n}: {e}")
                skipped += 1
            else:
                say(f"Added claim {claim['id']}: proposal {n} "
                    f"[{claim['span_start']}:{claim['span_end']}]")
                added += 1
            step(done, len(todo))
    say(f"Added {added} claim(s)" + (f", skipped {skipped}" if skipped else "") + ".")


def _review(s: Any, key: str, text: str, proposals: list[Any], chosen: list[Any]) -> None:
    from ..errors import ClaimtrackError
    from ..extract.accept import add

    pending = [(n, p) for n, p, stored in chosen if not stored and p.content is not None]
    if not pending:
        say("No proposals to review: every one is stored already.")
        return
    added = 0
    for i, (n, p) in enumerate(pending, 1):
        typer.echo(f"\n[{i}/{len(pending)}] proposal {n} ({p.kind}, cue '{p.cue_word}')")
        typer.echo(f"  quote: {p.quote}")
        typer.echo(f"  attribution: {_options(p)}")
        speaker = None
        while True:
            answer = typer.prompt("Add it? [a]ccept / [e]dit speaker / [s]kip / [q]uit", default="s")
            choice = answer.strip().lower()
            if choice in ("a", "accept", "e", "edit", "s", "skip", "q", "quit"):
                break
            typer.echo("Please answer a, e, s or q.")
        if choice in ("q", "quit"):
            break
        if choice in ("s", "skip"):
            continue
        if choice in ("e", "edit"):
            while not (speaker := typer.prompt("Speaker", default=p.speaker or "").strip()):
                typer.echo("Please give a name (or a description).")
        try:
            claim = add(s, key, text, p, speaker=speaker, declined=_declined_for(proposals, n - 1))
        except ClaimtrackError as e:
            say(f"Not added: {e}")
            continue
        say(f"Added claim {claim['id']}")
        added += 1
    say(f"Added {added} claim(s).")
