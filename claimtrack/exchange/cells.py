"""CSV and JSON cells: list values joined, formulas neutralised; the one CSV writer.

CSV cells that a spreadsheet would run as a formula are neutralised as OWASP
recommends (a leading ``'``); :func:`unneutralise` reverses it exactly, so an
export read back by ``claimtrack import`` gives the original text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Collection, Iterable, Sequence
from typing import IO, Any

LIST_SEPARATOR = "; "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell that starts (after any ``'``) with a formula trigger.

    Leading apostrophes are counted so that the mapping can be undone:
    ``=1`` -> ``'=1`` and ``'=1`` -> ``''=1``.
    """
    rest = cell.lstrip("'")
    if rest.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    """Undo :func:`neutralise`."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return neutralise(str(value))


class CsvWriter:
    """``csv.writer`` with ``\n`` line ends that also quotes a cell holding a bare ``\r``.

    Python's writer quotes only the characters of its line terminator, so a
    ``\r`` (any CRLF source text cut between ``\r`` and ``\n``) went out bare:
    spreadsheets and csv readers end the row there, the next cell may start
    with ``=``, and the file cannot be imported back.  A row holding one is
    written with every cell quoted.
    """

    def __init__(self, out: IO[str]) -> None:
        self._plain = csv.writer(out, lineterminator="\n")
        self._quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row: Sequence[str]) -> None:
        if any("\r" in cell for cell in row):
            self._quoted.writerow(row)
        else:
            self._plain.writerow(row)


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: IO[str], *,
              bom: bool = False, json_columns: Collection[str] = ()) -> int:
    """The one CSV writer: a header, then each row's cells (:func:`csv_cell`); values of
    ``json_columns`` are written as JSON text.  ``bom`` starts the file with a byte-order
    mark (for Excel).  Returns the number of rows written."""
    if bom:
        out.write("\ufeff")
    writer = CsvWriter(out)
    writer.writerow(columns)
    n = 0
    for row in rows:
        cells = []
        for c in columns:
            v = row.get(c)
            if c in json_columns and v is not None:
                v = json.dumps(v, ensure_ascii=False)
            cells.append(csv_cell(v))
        writer.writerow(cells)
        n += 1
    return n
