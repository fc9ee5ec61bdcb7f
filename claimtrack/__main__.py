"""``python -m claimtrack`` and the ``claimtrack`` console script.

``claimtrack check ...`` (also ``claimtrack --db X check ...``) is routed
straight to :mod:`claimtrack.check.main` without importing the typer app: it
runs as a commit hook, on every commit, and must start fast.
"""

from __future__ import annotations

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
    route = check_argv(sys.argv[1:])
    if route is not None:
        from .check.main import main as check_main

        raise SystemExit(check_main(route, prog="claimtrack check"))
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
