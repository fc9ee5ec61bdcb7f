"""``claimtrack export`` and ``claimtrack import``: CSV reports and exchange formats."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from ..columns import EXPORT_FORMATS, Format
from ..errors import ClaimtrackError
from ..terminal import counted
from .common import format_option, say, store

Writer = Callable[[IO[str]], int]


class Kind(StrEnum):
    sources = "sources"
    claims = "claims"
    links = "links"
    dismissals = "dismissals"
    groups = "groups"
    contradictions = "contradictions"
    parties = "parties"
    report = "report"


ExportFormat = Annotated[Format, format_option(
    EXPORT_FORMATS, "csv, json (one array), nl (JSON lines); for claims also claimreview "
    "(schema.org ClaimReview) or annotation (W3C Web Annotation).")]


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)


def export(
    ctx: typer.Context,
    kind: Annotated[Kind, typer.Argument(help="What to export.")],
    fmt: ExportFormat = Format.csv,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE instead of stdout.")] = None,
    excel: Annotated[bool, typer.Option(
        "--excel", help="Start the CSV with a byte-order mark, so Excel reads it as UTF-8.")]
        = False,
) -> None:
    """Export sources, claims, links, dismissals, claim groups, contradictions, parties or the
    editor's report.

    Columns are stable and documented in docs/export-columns.md; CSV is UTF-8, list values
    are joined with '; ', and cells a spreadsheet would run as a formula get a
    leading ' (claimtrack import removes it).  sources, claims, links and
    dismissals (of contradictions) can be imported back with 'claimtrack import'.

    Examples:

      claimtrack export claims -o claims.csv --excel

      claimtrack export sources --format json -o sources.json

      claimtrack export claims --format claimreview > claimreview.jsonld

      claimtrack export report -o for-the-editor.csv --excel
    """
    from ..exchange.export import export as run

    s = store(ctx)
    if output is None:
        n = _to_stdout(lambda out: run(s, kind.value, fmt.value, out, excel=excel))
    else:
        from .progress import progress_bar

        with progress_bar(f"Exporting {kind.value} to {output}") as step:  # on a terminal only
            n = _to_file(Path(output), lambda out: run(s, kind.value, fmt.value, out, excel=excel,
                                                       progress=step),
                         database=s.path)
        say(f"Exported {counted(n, kind.value)} to {output}")


def _to_stdout(write: Writer) -> int:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        return write(sys.stdout)
    sys.stdout.flush()
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=False)
    try:
        return write(out)
    finally:
        out.flush()
        out.detach()


def _to_file(path: Path, write: Writer, *, database: str | None = None) -> int:
    """Write through a temporary file, so a failed export leaves no half-written FILE.

    A FIFO or a device (``/dev/stdout``, a terminal) is written to as it is,
    never replaced; the database itself and any other SQLite file are never
    replaced.  Temporary files left by a killed export are removed.
    """
    from ..files import remove_stale_temps, replaceable

    folder = path.resolve().parent
    if path.is_dir():
        raise ClaimtrackError(f"{path} is a folder: give a file name")
    if not folder.is_dir():
        raise ClaimtrackError(f"{path}: no such folder {folder}")
    problem, direct = replaceable(path, database)
    if problem:
        raise ClaimtrackError(problem)
    if direct:
        return _to_device(path, write)
    remove_stale_temps(folder, path.name)
    from .. import files

    try:
        tmp = files.temporary_beside(path)
    except OSError as e:
        raise ClaimtrackError(f"{path}: cannot write there ({e.strerror or e})") from None
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            n = write(out)
        files.install(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise ClaimtrackError(f"{path}: cannot write ({e.strerror or e})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n


def _to_device(path: Path, write: Writer) -> int:
    """Write to a FIFO or a device (``-o /dev/stdout``) in place."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as out:
            return write(out)
    except OSError as e:
        raise ClaimtrackError(f"{path}: cannot write ({e.strerror or e})") from None


def import_(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(
        metavar="FILE...", help="CSV, JSON or NDJSON files as 'claimtrack export' writes them.")],
    check: Annotated[bool, typer.Option(
        "--check", help="Validate only: report problems, write nothing.")] = False,
) -> None:
    """Import sources, claims, links and dismissals exported by 'claimtrack export'.

    Each file's kind is told from its columns: claims have id and quote,
    sources key and text, links a, b and relation, dismissals item, claim_a,
    claim_b and reason.  Ids are kept.  All files go in one transaction,
    sources first, then claims, links and dismissals: one bad row and nothing
    is written.  Problems are listed as FILE:LINE: problem
    (CSV lines are spreadsheet rows, the header being row 1).

    Examples:

      claimtrack --db copy.db import sources.csv claims.csv links.csv dismissals.csv

      claimtrack import claims.json --check
    """
    from ..exchange.importer import ImportProblems, import_files, inspect

    plan = inspect(files)  # unreadable files fail before the database is opened
    target = store(ctx, create=True)
    from .progress import progress_bar

    try:
        with progress_bar("Checking" if check else "Importing", unit="bytes") as step:
            result = import_files(target, plan, check=check, progress=step)  # bar: terminal only
    except ClaimtrackError as e:
        target.discard_if_new()  # a refused import into a new file leaves no empty database
        if isinstance(e, ImportProblems):
            _list_problems(e)
            raise typer.Exit(e.exit_code) from None
        raise
    if check:
        target.discard_if_new()
    done = ", ".join(counted(n, kind) for kind, n in result.counts.items() if n) or "nothing"
    skipped = (f" (skipped {len(result.skipped_sources)} source(s) already present: "
               f"{', '.join(result.skipped_sources)})" if result.skipped_sources else "")
    verb = "Checked: would import" if check else "Imported"
    say(f"{verb} {done} from {', '.join(f.name for f in plan)}{skipped}")


def _list_problems(e: Any) -> None:
    """An import's error line, then its problems a line each (each escaped, as the error
    line is: file names and values come from the files)."""
    from ..terminal import one_line

    typer.echo(one_line(f"Error: {e.headline}"), err=True)
    for line in e.listed():
        typer.echo(f"  {one_line(line)}", err=True)
