"""``claimtrack check`` (listed in ``--help``) and ``claimtrack hook install``.

``claimtrack check`` normally never reaches typer: :mod:`claimtrack.__main__`
sends it to :mod:`claimtrack.check.main` first.  The command registered here
makes it appear in ``claimtrack --help`` and work in-process (``CliRunner``),
passing every argument on unchanged.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .common import say

hook_app = typer.Typer(
    help="Run 'claimtrack check' before every commit.",
    no_args_is_help=True,
    add_completion=False,
)


def register(app: typer.Typer) -> None:
    app.command(
        "check",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True,
                          "help_option_names": []},
        add_help_option=False,
    )(check)
    app.add_typer(hook_app, name="hook")


def check(ctx: typer.Context) -> None:
    """Check [claim:ID] citations in drafts; with no files, the database itself.

    Examples: claimtrack check drafts/*.md ; claimtrack check --format json draft.md ;
    claimtrack check (no files: source files and quotes). See 'claimtrack check --help'.
    """
    from ..check.main import main as check_main

    db = (ctx.find_root().obj or {}).get("db")
    args = (["--db", db] if db else []) + list(ctx.args)
    raise typer.Exit(check_main(args, prog="claimtrack check"))


@hook_app.command("install")
def install(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option("--force", help="Replace a pre-commit hook that "
                                        "claimtrack did not write (kept as pre-commit.bak).")]
    = False,
) -> None:
    """Write .git/hooks/pre-commit to run 'claimtrack check' on staged drafts.

    For repositories that do not use the pre-commit framework (those add the
    'claimtrack-check' hook to .pre-commit-config.yaml instead).  A --db given
    before 'hook' is fixed in the hook; otherwise the hook finds the database
    at each commit ($CLAIMTRACK_DB, [tool.claimtrack], .claimtrack.toml, ./claims.db).

    Examples: claimtrack hook install ; claimtrack --db ~/research/claims.db hook install
    """
    from ..check.githook import install as install_hook

    root = ctx.find_root()
    source = root.get_parameter_source("db")
    db = (root.obj or {}).get("db") if source and source.name == "COMMANDLINE" else None
    kept = None
    if db is None:
        from ..check.githook import installed_db

        db = kept = installed_db()
    path = install_hook(force=force, db=db)
    say(f"Installed {path}: commits now run 'claimtrack check' on staged drafts.")
    if kept:
        say(f"Kept the database path already in the hook: {kept} "
            "(give --db before 'hook' to change it).")
