"""A progress bar on stderr for long commands, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def on_terminal() -> bool:
    """Whether a person watches stderr (piped or redirected output stays quiet)."""
    return sys.stderr.isatty()


@contextmanager
def progress_bar(label: str, *, unit: str = "") -> Iterator[Callable[[int, int], None]]:
    """``with progress_bar("Loading claims") as step: ... step(done, total)``.

    A transient rich bar on stderr on a terminal, counting ``done`` of ``total``
    (``unit="bytes"``: shown as sizes, e.g. ``12.3/40.0 MB``); until the first
    step it is an activity bar.  Off a terminal, a callback that does nothing
    (rich is not even imported).
    """
    if not on_terminal():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    count = DownloadColumn() if unit == "bytes" else MofNCompleteColumn()
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(), count,
               TaskProgressColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield step
