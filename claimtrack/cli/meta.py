"""About claimtrack itself: ``--version`` and ``claimtrack completion SHELL``."""

from __future__ import annotations

import os
from enum import StrEnum
from typing import Annotated

import typer

PROG = "claimtrack"
COMPLETE_VAR = "_CLAIMTRACK_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def version_line() -> str:
    """``claimtrack 0.1.0`` (the installed distribution's version)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{PROG} {version(PROG)}"
    except PackageNotFoundError:  # running from a source tree that was never installed
        return f"{PROG} (not installed)"


def click_style_completion() -> None:
    """Accept click's spelling of the completion variable as well as typer's.

    click documents ``_CLAIMTRACK_COMPLETE=bash_source``; typer expects
    ``source_bash`` (and its scripts send ``complete_bash``).  Both work.
    """
    value = os.environ.get(COMPLETE_VAR, "")
    shell, _, instruction = value.partition("_")
    if shell in SHELLS and instruction in ("source", "complete"):
        os.environ[COMPLETE_VAR] = f"{instruction}_{shell}"


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


def completion(
    shell: Annotated[Shell, typer.Argument(help="bash, zsh, fish or powershell.")],
) -> None:
    """Print the shell completion script for SHELL.

    Examples:

    \b
      claimtrack completion bash >> ~/.bashrc
      claimtrack completion zsh > ~/.zfunc/_claimtrack
      claimtrack completion fish > ~/.config/fish/completions/claimtrack.fish
      eval "$(claimtrack completion bash)"     # this shell only

    'claimtrack --install-completion' writes it into your shell's start-up file for you.
    """
    from typer._completion_classes import completion_init
    from typer._completion_shared import get_completion_script

    completion_init()
    typer.echo(get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR,
                                     shell=shell.value))


def register(app: typer.Typer) -> None:
    app.command("completion")(completion)
