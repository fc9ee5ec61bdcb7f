"""The command line: parses, calls the core, prints.  No logic lives here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ..errors import ClaimtrackError
from ..terminal import one_line


@contextmanager
def _one_line_usage_errors() -> Iterator[None]:
    """click prints usage, a hint and the error on three lines; one is enough."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    try:
        yield
    except NoArgsIsHelpError:
        raise
    except UsageError as e:
        where = e.ctx.command_path if e.ctx is not None else "claimtrack"
        typer.echo(one_line(f"Error: {e.format_message()} (see '{where} --help')"), err=True)
        raise typer.Exit(e.exit_code) from None


@contextmanager
def _quiet_when_the_reader_goes() -> Iterator[None]:
    """A reader that stops reading (``claimtrack claim list | head -1``) ends the command
    quietly with status 0, however the write failed: click would exit 1, and rich's console
    exits 1 from inside the command (a ``SystemExit`` raised while handling the
    ``BrokenPipeError``).  Whether the pipe closes before or after the last write depends on
    timing, so any other status would vary from run to run."""
    try:
        yield
    except BrokenPipeError:
        _reader_gone()
    except SystemExit as e:
        if isinstance(e.__context__, BrokenPipeError):
            _reader_gone()
        raise


def _reader_gone() -> None:
    from ..terminal import PIPE_CLOSED, stdout_to_devnull

    stdout_to_devnull()
    raise typer.Exit(PIPE_CLOSED) from None


class ClaimtrackGroup(TyperGroup):
    """Turns claimtrack's own exceptions into one line on stderr and an exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        with _quiet_when_the_reader_goes(), _one_line_usage_errors():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            with _quiet_when_the_reader_goes(), _one_line_usage_errors():
                return super().invoke(ctx)
        except ClaimtrackError as e:
            typer.echo(one_line(f"Error: {e}"), err=True)
            raise typer.Exit(e.exit_code) from None
        except Exception as e:
            import sqlite3  # already loaded if the error came from it; keeps --help light

            if not isinstance(e, sqlite3.DatabaseError):
                raise
            from ..store import is_locked, locked_message
            from ..store.opening import storage_error

            opened = (ctx.find_root().obj or {}).get("store")
            path = opened.path if opened else "the database"
            storage = storage_error(path, e) if opened else None
            message = (locked_message(path) if is_locked(e)
                       else str(storage) if storage else f"database: {e}")
            typer.echo(one_line(f"Error: {message}"), err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted: nothing was written by the unfinished command.", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=ClaimtrackGroup,
    name="claimtrack",
    help="Track quoted claims across sources: where they are, who said them, "
    "who else carries them, and where sources disagree.",
    epilog="Examples:\n\n\b\n"
    "  claimtrack source add article.txt --key vox --outlet Vox\n"
    "  claimtrack claim add vox \"has nothing to do with Russia or China\" --named SpaceX\n"
    "  claimtrack claim list --strength anonymous -c id -c quote\n"
    "  claimtrack contradictions --open\n"
    "  claimtrack db path",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=True,  # --install-completion, --show-completion; also 'claimtrack completion'
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from .meta import version_line

        typer.echo(version_line())
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", metavar="PATH", envvar="CLAIMTRACK_DB", show_envvar=True,
                     help="Database file [default: ./claims.db]."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_version,
                     help="Print claimtrack's version and exit."),
    ] = False,
) -> None:
    """claimtrack: quoted claims, their sources, attribution and contradictions.

    Examples:

      claimtrack source add article.txt --outlet Vox

      claimtrack claim add vox "has nothing to do with Russia or China" --named SpaceX

      claimtrack claim list --strength anonymous

      claimtrack db path
    """
    ctx.obj = {"db": db}


def _register() -> None:
    from . import claim, contradictions, load, match, party, source, verify

    app.add_typer(source.app, name="source")
    app.add_typer(claim.app, name="claim")
    load.register(app)
    verify.register(app)
    app.add_typer(match.app, name="match")
    match.register_claim_commands(claim.app)
    app.add_typer(contradictions.app, name="contradictions")
    app.add_typer(party.app, name="party")
    app.add_typer(__import__(f"{__name__}.db", fromlist=["app"]).app, name="db")
    __import__(f"{__name__}.hook", fromlist=["register"]).register(app)
    __import__(f"{__name__}.exchange", fromlist=["register"]).register(app)
    __import__(f"{__name__}.browse", fromlist=["register"]).register(app)
    __import__(f"{__name__}.extract", fromlist=["register"]).register(app)
    __import__(f"{__name__}.meta", fromlist=["register"]).register(app)
    __import__(f"{__name__}.sourceadmin", fromlist=["register"]).register(source.app)
    __import__(f"{__name__}.similar", fromlist=["register"]).register(app)
    __import__(f"{__name__}.embed", fromlist=["register"]).register(app)


_register()


def main() -> None:
    from .meta import click_style_completion

    click_style_completion()
    app(prog_name="claimtrack")
