"""``claimtrack serve`` and ``claimtrack report``: for people who will not open a terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import say, store


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("report")(report)


def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", "-p", help="Port on 127.0.0.1.")] = 8001,
    write: Annotated[bool, typer.Option(
        "--write", help="Open the database as an ordinary file, not immutable: changes made "
                        "meanwhile show up, and Datasette plugins that write can.")] = False,
    no_report: Annotated[bool, typer.Option(
        "--no-report", help="Do not compute contradictions and claim groups at start "
                            "(for a very big database).")] = False,
) -> None:
    """Browse the database in a web browser (Datasette), read-only, on this machine only.

    Serves the database (--db) at http://127.0.0.1:PORT/ with descriptions,
    a search box over quotes, facets and canned queries (claims denied by a
    party, claims by party, orphaned and changed quotes, a source's claims in
    text order), and beside it a 'report' database computed at start: open
    contradictions with both quotes and who said each, claim groups with their
    independent-source counts, the editor's report.  Restart to refresh it.
    Needs the optional extra: pip install 'claimtrack[browse]'.

    Examples:

      claimtrack serve

      claimtrack --db story.db serve --port 8080
    """
    import tempfile

    from ..browse.serve import HOST, check_port, prepare, require, run

    require()
    if not 0 < port < 65536:
        raise typer.BadParameter("must be between 1 and 65535", param_hint="--port")
    check_port(port)
    s = store(ctx)
    if not no_report:
        say("Computing contradictions and claim groups for the report database "
            "(--no-report skips this)...")
    with tempfile.TemporaryDirectory(prefix="claimtrack-serve-") as work:
        served = prepare(s, Path(work), report=not no_report, write=write)
        s.close()
        mode = "writable" if write else "read-only"
        found = (f"; report: {served.counts['contradictions']} contradiction(s), "
                 f"{served.counts['claim_groups']} claim group(s)" if served.counts else "")
        say(f"Serving {served.db.name} ({mode}{found}) at http://{HOST}:{port}/ "
            "(Ctrl-C to stop)")
        if served.note:
            say(f"Note: {served.note}")
        run(served, port)


def report(
    ctx: typer.Context,
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="FILE", help="The HTML file to write.")],
    source: Annotated[list[str] | None, typer.Option(
        "--source", metavar="KEY", help="Only these sources' claims (repeatable).")] = None,
    about: Annotated[list[str] | None, typer.Option(
        "--about", metavar="WHO", help="Only claims about WHO: named in their 'about', or in "
                                       "their quote, statement or speaker (repeatable).")] = None,
    title: Annotated[str, typer.Option(help="The report's heading.")] = "Claims report",
) -> None:
    """Write one self-contained HTML report: sources, claim groups, contradictions, pictures.

    The file opens from disk with no network: inline style, inline SVG
    pictures (which sources corroborate or contradict which; claims over time
    by publication date), no script.

    Examples:

      claimtrack report -o story.html

      claimtrack report -o musk.html --about Musk --source vox-putin
    """
    from ..story import gather
    from ..story.html import render
    from .exchange import _to_file

    story = gather(store(ctx), source or [], about or [])
    page = render(story, title=title)
    _to_file(Path(output), lambda out: out.write(page))
    say(f"Wrote {output}: {len(story.sources)} source(s), {len(story.claims)} claim(s), "
        f"{len(story.groups)} group(s), {len(story.open_contradictions)} open "
        "contradiction(s)")
