"""One output helper for every listing: a rich table for people, JSON, CSV or
newline-delimited JSON for machines.  Data goes to stdout, messages to stderr.

CSV cells come from :mod:`claimtrack.exchange.cells`, shared with the exporters.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

from ..columns import FORMAT_ALIASES
from ..exchange.cells import write_csv
from ..terminal import json_safe, visible

Column = tuple[str, str | Callable[[dict[str, Any]], Any]]


def to_json(rows: Any) -> str:
    return json_safe(json.dumps(rows, indent=2, ensure_ascii=False))


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str = "table",
    *,
    columns: Sequence[str] | None = None,
    table: Sequence[Column] | None = None,
    title: str | None = None,
    empty: str = "nothing to show",
    out: IO[str] | None = None,
    select: Sequence[str] | None = None,
) -> None:
    """Print ``rows`` in ``fmt``.

    ``columns`` are the machine columns (CSV header; all keys when None);
    ``table`` the human table's ``(header, key or function)`` pairs;
    ``select`` the columns a person asked for (``-c NAME``), in every format.
    """
    out = out or sys.stdout
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if select:
        columns, table = select_columns(rows, select, columns, table)
        if fmt != "table":  # a table-only column (attribution in words) given to machines too
            rows = [{**r, **{h: (g(r) if callable(g) else r.get(g)) for h, g in table
                             if h not in r}} for r in rows]
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt == "json":
        out.write(to_json([{c: r.get(c) for c in cols} if columns else r for r in rows]) + "\n")
    elif fmt == "nl":
        for r in rows:
            out.write(json_safe(json.dumps({c: r.get(c) for c in cols} if columns else r,
                                           ensure_ascii=False)) + "\n")
    elif fmt == "csv":
        write_csv(rows, cols, out)
    elif fmt == "table":
        print_table(rows, table or [(c, c) for c in cols], title=title, empty=empty, out=out)
    elif fmt == "markdown":
        out.write(markdown_table(rows, table or [(c, c) for c in cols], title=title, empty=empty))
    else:
        raise ValueError(f"unknown format {fmt!r}")


def select_columns(rows: Sequence[dict[str, Any]], select: Sequence[str],
                   columns: Sequence[str] | None, table: Sequence[Column] | None,
                   ) -> tuple[list[str], list[Column]]:
    """The machine columns and table columns for ``-c NAME ...``; an unknown name is an error.

    A name is a machine column (``columns``, or the rows' keys) or a table header.
    """
    from ..errors import UsageError

    known = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    headers = {h: get for h, get in (table or [])}
    wanted: list[str] = []
    for name in (n.strip() for item in select for n in item.split(",")):
        if name and name not in wanted:
            wanted.append(name)
    unknown = [n for n in wanted if n not in known and n not in headers]
    if unknown:
        choices = known + [h for h in headers if h not in known]
        raise UsageError(f"unknown column {unknown[0]!r} (columns: {', '.join(choices)})")
    return wanted, [(n, n if n in known else headers[n]) for n in wanted]


def print_table(rows: Sequence[dict[str, Any]], table: Sequence[Column], *,
                title: str | None = None, empty: str = "nothing to show",
                out: IO[str] | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out or sys.stdout, soft_wrap=False)
    if not rows:
        Console(stderr=True).print(empty, style="dim", highlight=False)
        return
    t = Table(title=title, show_lines=False, header_style="bold")
    for header, _ in table:
        t.add_column(header, overflow="fold")
    for r in rows:
        t.add_row(*[_cell(get(r) if callable(get) else r.get(get)) for _, get in table])
    console.print(t)


def markdown_table(rows: Sequence[dict[str, Any]], table: Sequence[Column], *,
                   title: str | None = None, empty: str = "nothing to show") -> str:
    """A GitHub-flavoured Markdown table (for reports pasted into a story memo)."""
    lines = [f"## {title}", ""] if title else []
    if not rows:
        return "\n".join([*lines, f"_{empty}_", ""])
    lines.append("| " + " | ".join(h for h, _ in table) + " |")
    lines.append("|" + "---|" * len(table))
    for r in rows:
        cells = [get(r) if callable(get) else r.get(get) for _, get in table]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _md(value: Any) -> str:
    from ..web import markdown_cell

    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return markdown_cell(value)


def _cell(value: Any) -> str:
    from rich.markup import escape

    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return escape(visible(", ".join(str(v) for v in value)))
    return escape(visible(str(value)))
