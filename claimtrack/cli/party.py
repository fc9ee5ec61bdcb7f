"""``claimtrack party ...``: who said it, whom they speak for, which spellings are one party."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .common import Format, FormatOption, say, store
from .output import Column, emit

app = typer.Typer(
    help="""Parties: the people, organisations, outlets and anonymous sources claims name.

    Every name typed in an attribution is a party.  Join spellings (alias,
    merge), say who speaks for whom (member), and claimtrack counts
    independent sources, denials and misattributions by party, not by spelling.

    Examples:

    Commands that change a party take a name that is one already (in a claim,
    a source's outlet, or added); a name that is not is refused, with the
    closest known names.  'party add' adds a party no claim names yet.

    \b
      claimtrack party list
      claimtrack party suggest
      claimtrack party alias "BuzzFeed News" BuzzFeed
      claimtrack party member "Peter Carr" "Special Counsel's Office"
      claimtrack party add "Office of the Director of National Intelligence" --kind organisation
      claimtrack claim list --party "Special Counsel's Office" --members
    """,
    no_args_is_help=True,
)

PARTY_COLUMNS = ["name", "kind", "aliases", "member_of", "members", "claims", "curated"]
TABLE: list[Column] = [
    ("name", "name"), ("kind", "kind"), ("also spelled", lambda r: ", ".join(r["aliases"])),
    ("speaks for", lambda r: ", ".join(r["member_of"])), ("claims", "claims")]

Name = Annotated[str, typer.Argument(metavar="NAME", help="Any spelling of the party.")]


@app.command("list")
def list_(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(
        help="person, organisation, outlet or anonymous.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Every party, with its other spellings, whom it speaks for and how many claims name it.

    Example: claimtrack party list --kind outlet
    """
    from ..store.parties import list_parties

    emit(list_parties(store(ctx), kind=kind), fmt.value, columns=PARTY_COLUMNS, table=TABLE,
         empty="No parties: add claims with --named, --reported-by, --anonymous or --denied-by.")


@app.command("show")
def show(ctx: typer.Context, name: Name, fmt: FormatOption = Format.table) -> None:
    """One party: its spellings, memberships and the claims that name it.

    Example: claimtrack party show "peter carr"
    """
    from ..store.parties import get_party

    row = get_party(store(ctx), name)
    if fmt is not Format.table:
        emit([row], fmt.value, columns=[*PARTY_COLUMNS, "claim_ids"])
        return
    typer.echo(f"{row['name']} ({row['kind']})")
    for label, key in (("also spelled", "aliases"), ("speaks for", "member_of"),
                       ("spoken for by", "members"), ("claims", "claim_ids")):
        if row[key]:
            typer.echo(f"  {label}: {', '.join(row[key])}")


@app.command("add")
def add(ctx: typer.Context,
        name: Annotated[str, typer.Argument(metavar="NAME", help="The party's name.")],
        kind_: Annotated[str, typer.Option(
            "--kind", metavar="KIND", help="person, organisation, outlet or anonymous.")]) -> None:
    """Add a party that no claim or source names yet (an organisation its members speak for, say).

    Names typed in claims are parties already; the other party commands refuse
    a name that is not a party, so that a typo does not become one.

    Example: claimtrack party add "Office of the Director of National Intelligence" --kind organisation
    """
    from ..parties import a_kind
    from ..store.parties import add_party

    say(f"Added party {add_party(store(ctx), name, kind_)!r}, {a_kind(kind_)}")


@app.command("alias")
def alias(ctx: typer.Context, name: Name,
          aliases: Annotated[list[str], typer.Argument(metavar="ALIAS...",
                                                       help="Other spellings of it.")]) -> None:
    """Make ALIAS another spelling of NAME's party (claims keep the spelling they were typed with).

    NAME must be a party already (see 'party list'); its name and kind stay.
    An ALIAS that claims use as a party of its own joins NAME's party.

    Example: claimtrack party alias "BuzzFeed News" BuzzFeed "Buzzfeed"
    """
    from ..parties import a_kind
    from ..store.parties import add_alias, known_party

    s = store(ctx)
    for a in aliases:
        before = known_party(s, a)
        canonical = add_alias(s, name, a)
        after = known_party(s, canonical)
        note = ""
        if before is not None and after is not None and before["kind"] != after["kind"]:
            note = (f" (listed until now as {a_kind(before['kind'])}; the party is "
                    f"{a_kind(after['kind'])}: 'party kind' changes it)")
        say(f"{a!r} is now a spelling of {canonical!r}{note}")


@app.command("member")
def member(
    ctx: typer.Context,
    name: Name,
    org: Annotated[str, typer.Argument(metavar="ORGANISATION")],
    remove: Annotated[bool, typer.Option("--remove", help="NAME no longer speaks for it.")] = False,
) -> None:
    """Record that NAME speaks for ORGANISATION (a spokesman for an office, a secretary for a department).

    A member's statement counts as its organisation's in denials, and the two
    are one origin when counting independent sources.  Both must be parties
    already: 'party add ORGANISATION --kind organisation' adds one no claim names.

    Example: claimtrack party member "Sarah Sanders" "White House"
    """
    from ..store.parties import set_member

    who, what = set_member(store(ctx), name, org, remove=remove)
    say(f"{who!r} {'no longer speaks' if remove else 'speaks'} for {what!r}")


@app.command("merge")
def merge(ctx: typer.Context,
          name: Annotated[str, typer.Argument(
              metavar="NAME", help="Any spelling of the party that goes: it becomes a spelling "
                                   "of INTO.")],
          into: Annotated[str, typer.Argument(
              metavar="INTO", help="Any spelling of the party that stays: its name and kind are "
                                   "the merged party's.")]) -> None:
    """Fold NAME's party into INTO's: INTO's name survives, NAME becomes one of its spellings.

    Every spelling and membership of NAME moves over.  Both must be parties
    already: to give a party a new name, use 'party rename'.  Claims keep the
    names they were typed with; 'party history' keeps the merge.

    Example: claimtrack party merge "Axel Rose" "Axl Rose"   (the party is then "Axl Rose")
    """
    from ..store.parties import merge as do_merge

    _say_merged(name, do_merge(store(ctx), name, into))


def _say_merged(name: str, into: str) -> None:
    say(f"Merged {name!r} into {into!r}: the party is {into!r}, and {name!r} one of its spellings")


@app.command("rename")
def rename(ctx: typer.Context, name: Name,
           new: Annotated[str, typer.Argument(metavar="NEW_NAME")]) -> None:
    """Give a party a new canonical name; the old one stays a spelling of it.

    NEW_NAME may be a name no claim uses; a name that is another party's is
    refused (that is 'party merge').

    Example: claimtrack party rename "SCO" "Special Counsel's Office"
    """
    from ..store.parties import rename as do_rename

    say(f"Renamed {name!r} to {do_rename(store(ctx), name, new)!r}")


@app.command("kind")
def kind(ctx: typer.Context, name: Name,
         value: Annotated[str, typer.Argument(
             metavar="KIND", help="person, organisation, outlet or anonymous.")]) -> None:
    """Say what kind of party NAME is (claimtrack guesses from how it was typed).

    Example: claimtrack party kind "Peter Carr" person
    """
    from ..parties import a_kind
    from ..store.parties import set_kind

    say(f"{set_kind(store(ctx), name, value)!r} is {a_kind(value)}")


@app.command("history")
def history(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """Every party added, alias, membership, merge, rename and kind given, oldest first.

    Example: claimtrack party history --format json
    """
    from ..store.parties import history as rows

    emit(rows(store(ctx)), fmt.value, columns=["id", "action", "party", "detail", "changed_at"],
         table=HISTORY_TABLE, empty="No party has been curated yet.")


def detail_words(detail: dict[str, Any]) -> str:
    """A history line's detail as a person reads it: ``merged: Axel Rose; spellings: Axel Rose``."""
    return "; ".join(f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
                     for key, value in detail.items())


HISTORY_TABLE: list[Column] = [("id", "id"), ("action", "action"), ("party", "party"),
                               ("detail", lambda r: detail_words(r["detail"])),
                               ("changed_at", "changed_at")]


@app.command("suggest")
def suggest(
    ctx: typer.Context,
    review: Annotated[bool, typer.Option(
        "--review", help="Ask about each: merge (y), not the same (n), skip (s), quit (q).")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Names that look like one party: fuzzy spelling, initials, a surname, "News" added.

    Nothing changes until a person accepts: with --review, each suggestion is
    asked about; "n" is remembered so the pair is not suggested again.

    Examples:

    \b
      claimtrack party suggest
      claimtrack party suggest --review
    """
    from ..store.parties import merge as do_merge
    from ..store.parties import reject, suggestions

    s = store(ctx)
    rows = suggestions(s)
    if not review:
        emit(rows, fmt.value, columns=["a", "b", "score", "why"],
             empty="No suggestions: every name looks like a party of its own.")
        return
    if not rows:
        say("No suggestions: every name looks like a party of its own.")
        return
    done = 0
    for n, r in enumerate(rows, 1):
        typer.echo(f"\n[{n}/{len(rows)}] {r['a']!r} and {r['b']!r}: {r['why']} (score {r['score']})")
        choice = _ask("One party? [y]es, merge into the second / [f]irst: merge into the first / "
                      "[n]o / [s]kip / [q]uit", "ynfsq")
        if choice == "q":
            break
        if choice in "yf":
            into, other = (r["b"], r["a"]) if choice == "y" else (r["a"], r["b"])
            _say_merged(other, do_merge(s, other, into))
            done += 1
        elif choice == "n":
            reject(s, r["a"], r["b"])
            done += 1
    say(f"Recorded {done} decision(s).")


def _ask(question: str, choices: str) -> str:
    """Ask until the answer is one of ``choices`` (its first letter); end of input quits."""
    while True:
        try:
            answer = str(typer.prompt(question, default="s")).strip().lower()[:1]
        except typer.Abort:
            return "q"
        if answer and answer in choices:
            return str(answer)
        typer.echo(f"Please answer one of: {', '.join(choices)}", err=True)

