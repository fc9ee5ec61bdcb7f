"""``python -m claimtrack`` and the ``claimtrack`` console script.

``claimtrack check ...`` (also ``claimtrack --db X check ...``) is routed
straight to :mod:`claimtrack.check.main` without importing the typer app: it
runs as a commit hook, on every commit, and must start fast.
"""

from __future__ import annotations

import os
import sys


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


def main() -> None:
    _streams()
    for arg in sys.argv[1:]:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are not UTF-8, kept by surrogateescape
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            sys.stderr.write(f"Error: argument {shown!r} is not UTF-8 text (rename the file, "
                             "or convert the text with iconv)\n")
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
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    except OSError as e:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.stderr.write(f"Error: cannot write the output: {e.strerror or e}\n")
        raise SystemExit(1) from None


def _streams() -> None:
    """Output that the terminal's encoding cannot show is escaped (``\\u2019``), not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


if __name__ == "__main__":
    main()
