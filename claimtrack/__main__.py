"""``python -m claimtrack`` and the ``claimtrack`` console script."""

from __future__ import annotations


def main() -> None:
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
