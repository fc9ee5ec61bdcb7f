"""``python -m claimtrack`` and the ``claimtrack`` console script.

``claimtrack check ...`` (also ``claimtrack --db X check ...``) is routed
straight to :mod:`claimtrack.check.main` without importing the typer app: it
runs as a commit hook, on every commit, and must start fast.

The console scripts (:func:`run`, :func:`run_check`) end the process as soon
as the command is done (:func:`leave`), without the interpreter's teardown.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself costs the commit hook's start-up 9 ms
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import NoReturn


def check_argv(argv: list[str]) -> list[str] | None:
    """The arguments for ``check_cli.main`` if ``argv`` runs ``check``, else None.

    Only the global ``--db`` option may come before ``check``; it is passed on.
    """
    pre: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--db" and i + 1 < len(argv):
            pre += ["--db", argv[i + 1]]
            i += 2
        elif arg.startswith("--db="):
            pre += ["--db", arg[len("--db="):]]
            i += 1
        else:
            break
    if i < len(argv) and argv[i] == "check":
        return [*pre, *argv[i + 1:]]  # a --db after 'check' comes later, so it wins
    return None


def shown_argument(arg: str) -> str:
    """An argument for an error message, quoted: bytes that are not UTF-8 (kept by
    surrogateescape) as ``\\xff``, a backslash as ``\\\\``, control characters escaped.

    >>> print(shown_argument("Musk\\udcff Kremlin"))
    'Musk\\xff Kremlin'
    """
    from .terminal import one_line

    text = "".join(f"\\x{ord(ch) - 0xDC00:02x}" if "\udc80" <= ch <= "\udcff"
                   else "\\\\" if ch == "\\" else ch for ch in arg)
    return "'" + one_line(text).replace("'", "\\'") + "'"


def main() -> None:
    _streams()
    for arg in sys.argv[1:]:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are not UTF-8, kept by surrogateescape
            sys.stderr.write(f"Error: argument {shown_argument(arg)} is not UTF-8 text (rename "
                             "the file, or convert the text with iconv)\n")
            raise SystemExit(2) from None
    try:
        try:
            route = check_argv(sys.argv[1:])
            if route is not None:
                from .check.main import main as check_main

                raise SystemExit(check_main(route, prog="claimtrack check"))
            from .cli import main as cli_main

            cli_main()
        finally:
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
    except BrokenPipeError:  # the reader went away (claimtrack ... | head): stop quietly
        from .terminal import PIPE_CLOSED, stdout_to_devnull

        stdout_to_devnull()
        raise SystemExit(PIPE_CLOSED) from None
    except OSError as e:
        from .terminal import stdout_to_devnull

        stdout_to_devnull()
        sys.stderr.write(f"Error: cannot write the output: {e.strerror or e}\n")
        raise SystemExit(1) from None


def _streams() -> None:
    """Output that the terminal's encoding cannot show is escaped (``\\u2019``), not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _code(e: SystemExit) -> int:
    """The exit status Python gives ``SystemExit(e.code)`` (a message goes to stderr, status 1)."""
    if e.code is None:
        return 0
    if isinstance(e.code, int):
        return e.code
    sys.stderr.write(f"{e.code}\n")
    return 1


def leave(code: int) -> NoReturn:
    """End the process with ``code`` once the command is done, skipping the interpreter's
    teardown.

    Python's exit frees every module and object one by one: 4-25 ms of each command here
    (``bench/bench_startup.py`` prints the paired figures; about 10 ms of ``--help``'s 100),
    time a user waits for nothing, as Instagram found for its servers ("Dismissing Python
    Garbage Collection at Instagram").  What
    an exit must do still happens: the ``atexit`` handlers run, and stdout and stderr are
    flushed (a failed flush gives status 120, as Python's own exit does).  The command has
    closed what it opened by then (the store closes with the command's context; files are
    written through context managers).  A thread still running keeps the ordinary exit, which
    waits for it.
    """
    threading = sys.modules.get("threading")  # not imported: no thread was started with it
    if threading is not None and threading.active_count() > 1:
        raise SystemExit(code)
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 120
    os._exit(code)


def run() -> NoReturn:
    """The ``claimtrack`` console script: :func:`main`, then :func:`leave`."""
    _finish(main)


def run_check() -> NoReturn:
    """The ``claimtrack-check`` console script (the pre-commit hook's entry point)."""
    _streams()
    from .check.main import main as check_main

    _finish(check_main)


def _finish(command: Callable[[], int | None]) -> NoReturn:
    """Run ``command`` and :func:`leave` with its status (returned, or raised as SystemExit)."""
    try:
        code = command() or 0
    except SystemExit as e:
        code = _code(e)
    leave(code)


if __name__ == "__main__":
    run()
