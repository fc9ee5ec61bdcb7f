"""``match``'s work on two cores: forked processes that rank the candidate lists.

At 100,000 claims ``match`` spends about a third of its time ranking each claim's nearest
claims (:mod:`.candidate_lists`), the same work claim by claim.  On Linux with two cores
or more, :data:`PROCESSES` forked processes share it: they read what this process built
(a fork shares it) and send back plain lists of numbers, put together in order, so the
lists are the ones one process makes.  Where a process cannot start, the work is done
here.

Preparing the claims (a third of the time too) is not split so: a prepared claim is word
sets, and sending them back cost about what preparing them in a second process saved
(measured at 100,000 claims: 7.6 s here, 9.8 s wall split under load).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["PROCESSES", "forkable", "in_processes"]

#: Processes that rank the candidate lists.
PROCESSES = 2

T = TypeVar("T")

#: What the forked processes read (set only while they run).
_STATE: Any = None


def forkable() -> bool:
    """Whether work may go to forked processes: Linux, two cores or more."""
    import multiprocessing
    import os
    import sys

    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return (sys.platform.startswith("linux") and cores > 1
            and "fork" in multiprocessing.get_all_start_methods())


def in_processes(work: Callable[[Any, tuple[int, int]], T], state: Any, n: int,
                 processes: int = PROCESSES) -> list[T] | None:
    """``work(state, span)`` for spans of ``range(n)`` in forked processes, in order (``state``
    is what they read, shared by the fork); None where processes cannot be started."""
    import multiprocessing

    global _STATE
    step = max(1, -(-n // (4 * processes)))
    spans = [(a, min(a + step, n)) for a in range(0, n, step)]
    _STATE = (work, state)
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return pool.map(_run, spans)
    except OSError:
        return None
    finally:
        _STATE = None


def _run(span: tuple[int, int]) -> Any:
    work, state = _STATE
    return work(state, span)
