"""Reading import files: what each file holds (its kind, from its columns) and its records.

A file's format is told from its first character: ``[`` is a JSON array, ``{``
newline-delimited JSON, anything else CSV.  Records come with where they are
(``FILE:LINE``), so that every problem names its row.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from ..columns import (
    IMPORTABLE,
    KINDS,
    SIGNATURES,
    exported,
    names,
)
from ..errors import ImportFailed
from ..files import open_regular
from ..text.utf8 import not_utf8
from .cells import unneutralise
from .values import _FORMULA, _MARKED

_WS = re.compile(r"[ \t\n\r]*")


@dataclass
class ImportFile:
    """One file to import: its format and the kind of records it holds."""

    path: Path
    name: str
    fmt: str
    kind: str
    columns: tuple[str, ...] = ()
    text: str | None = field(default=None, repr=False)
    #: Told the bytes of the file read so far as its records are read (a progress bar).
    read: Callable[[int], None] | None = field(default=None, repr=False, compare=False)



# -- reading files ------------------------------------------------------------------


def inspect(paths: Iterable[str | Path]) -> list[ImportFile]:
    """Open each file and tell its format and kind; raise ImportFailed if one cannot be read."""
    files = [_inspect(Path(p), str(p)) for p in paths]
    if not files:
        raise ImportFailed("no file to import")
    return files


def _inspect(path: Path, name: str) -> ImportFile:
    try:
        if path.is_dir():
            raise ImportFailed(f"{name}: is a folder, not a file")
        with open_regular(path) as fh:
            head = fh.read(65536)
    except FileNotFoundError:
        raise ImportFailed(f"{name}: no such file") from None
    except OSError as e:
        raise ImportFailed(f"{name}: cannot read ({e.strerror or e})") from None
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not head:
        raise ImportFailed(f"{name}: empty file: nothing to import")
    if b"\x00" in head:
        raise ImportFailed(f"{name}: looks binary (it contains NUL bytes), not CSV or JSON")
    if head[:1] in (b"[", b"{"):
        fmt = "json" if head[:1] == b"[" else "ndjson"
        text = _read_text(path, name) if fmt == "json" else None
        first = _first_json_record(ImportFile(path, name, fmt, "", (), text))
        if first is None:
            return ImportFile(path, name, fmt, "", (), text)  # no records: nothing to do
        where, columns = first[0], tuple(first[1])
        return ImportFile(path, name, fmt, _kind(columns, where), columns, text)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh, strict=True), None)
    except UnicodeDecodeError:
        raise ImportFailed(_utf8_problem(path, name)) from None
    except csv.Error as e:
        raise ImportFailed(f"{name}:1: malformed CSV header ({e})") from None
    if header is None:  # e.g. a lone 0xef: the start of a byte-order mark and nothing after
        raise ImportFailed(_utf8_problem(path, name))
    columns = tuple(h.strip() for h in header)
    kind = _kind(columns, f"{name}:1")
    _check_header(columns, kind, f"{name}:1")
    return ImportFile(path, name, "csv", kind, columns)


def _read_text(path: Path, name: str) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(_utf8_problem(path, name)) from None


def _utf8_problem(path: Path, name: str) -> str:
    """Where the first byte that is not UTF-8 is, as ``FILE:LINE: ...``."""
    data = path.read_bytes()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return not_utf8(name, data, e, line=True)
    return f"{name}: not UTF-8 text"


def _skip_ws(text: str, i: int) -> int:
    """The offset of the first character at or after ``i`` that is not JSON whitespace."""
    m = _WS.match(text, i)
    return m.end() if m else i


def _first_json_record(f: ImportFile) -> tuple[str, dict[str, Any]] | None:
    """Where the first record is, and the record (its keys tell the kind of the file)."""
    for where, rec in _records(f):
        if isinstance(rec, _Fatal):
            raise ImportFailed(rec.message)
        if isinstance(rec, str):
            raise ImportFailed(f"{where}: {rec}")
        if not isinstance(rec, dict):
            raise ImportFailed(f"{where}: expected an object with named fields, "
                               f"found {type(rec).__name__}")
        return where, rec
    return None


#: What a report that cannot be imported is called, where "a KIND report" would not do.
_A_REPORT = {"report": "the editor's report (export report)"}


def _kind(columns: Sequence[str], where: str) -> str:
    cols = set(columns)
    for kind in KINDS:  # before the signatures: the editor's report has claims' id and quote
        if kind not in IMPORTABLE and cols == set(names(kind)):
            raise ImportFailed(f"{where}: this is {_A_REPORT.get(kind, f'a {kind} report')}, "
                               "which cannot be imported")
    for kind, signature in SIGNATURES.items():
        if cols.issuperset(signature):
            return kind
    if "@context" in cols:
        raise ImportFailed(f"{where}: ClaimReview and Web Annotation exports cannot be "
                           "imported: export claims --format csv or json to exchange them")
    shown = ", ".join(list(columns)[:8]) or "none"
    wanted = "; ".join(f"{kind} need {' and '.join(sig)}" for kind, sig in SIGNATURES.items())
    raise ImportFailed(f"{where}: unknown kind of file: its columns ({shown}) match no "
                       f"importable kind ({wanted})")


def _check_header(columns: Sequence[str], kind: str, where: str) -> None:
    known = names(kind)
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise ImportFailed(f"{where}: unknown column {unknown[0]!r} for {kind} "
                           f"(columns: {', '.join(known)})")
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    if dupes:
        raise ImportFailed(f"{where}: column {dupes[0]!r} appears twice")
    missing = [c.name for c in exported(kind) if c.required and c.name not in columns]
    if missing:
        raise ImportFailed(f"{where}: missing column {missing[0]!r} for {kind}")


@dataclass
class _Fatal:
    """A problem after which the rest of the file cannot be read."""

    message: str


def _records(f: ImportFile) -> Iterator[tuple[str, Any]]:
    """``(where, record)`` pairs; ``record`` is a dict, a problem string, or a _Fatal."""
    if f.fmt == "csv":
        yield from _csv_records(f)
    elif f.fmt == "ndjson":
        yield from _ndjson_records(f.path, f.name, f)
    else:
        assert f.text is not None, "a JSON array is read whole by inspect()"
        yield from _json_records(f.text, f.name)


def _csv_records(f: ImportFile) -> Iterator[tuple[str, Any]]:
    _raise_field_limit()
    row_no = 1
    try:
        with _open(f, text=True) as fh:
            reader = csv.reader(fh, strict=True)
            header = [h.strip() for h in next(reader)]
            width = len(header)
            for row in reader:
                row_no += 1
                if not row:
                    continue
                where = f"{f.name}:{row_no}"
                if len(row) != width:
                    yield where, f"expected {width} cells (as the header has), found {len(row)}"
                    continue
                if [c for c in row if c[:1] in _MARKED]:  # rare: formula-like or neutralised
                    bad = [h for h, c in zip(header, row, strict=True) if c[:1] in _FORMULA]
                    if bad:
                        yield where, (
                            f"column {bad[0]!r} starts with {row[header.index(bad[0])][:1]!r}, "
                            "which a spreadsheet runs as a formula; claimtrack export writes "
                            "such cells with a leading ' (add one to import the text as it is)")
                        continue
                    row = [unneutralise(c) for c in row]
                yield where, dict(zip(header, row, strict=True))
    except csv.Error as e:
        yield f"{f.name}:{row_no + 1}", _Fatal(f"{f.name}:{row_no + 1}: malformed CSV ({e})")
    except UnicodeDecodeError:
        yield f.name, _Fatal(_utf8_problem(f.path, f.name))


class _Counted(io.RawIOBase):
    """A file that tells ``read(bytes so far)`` as it is read (once a buffer: no cost a row)."""

    def __init__(self, raw: io.FileIO, read: Callable[[int], None]) -> None:
        self.raw, self.told, self.done = raw, read, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer) or 0
        self.done += n
        self.told(self.done)
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def _open(f: ImportFile, *, text: bool) -> IO[Any]:
    """``f.path`` opened as ``open()`` would (text: UTF-8 with an optional BOM, for csv),
    telling ``f.read`` the bytes read so far if it is set."""
    if f.read is None:
        return (f.path.open(encoding="utf-8-sig", newline="") if text
                else f.path.open("rb"))
    binary = io.BufferedReader(_Counted(io.FileIO(f.path), f.read), 1 << 16)
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="") if text else binary


def _raise_field_limit() -> None:
    """Sources hold whole articles: allow CSV cells far above the default 128 KiB."""
    limit = 2**31 - 1
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def _ndjson_records(path: Path, name: str, f: ImportFile | None = None
                    ) -> Iterator[tuple[str, Any]]:
    """One record per line, read as the file streams by; blank lines are skipped.

    Lines are read as bytes and parsed with orjson, which checks that they are
    UTF-8 (decoding them first, then encoding them again for orjson, cost a
    big import 0.3 s); orjson is twice as fast as ``json`` (a JSON array keeps
    ``json``: its line numbers need ``raw_decode``).
    """
    with (_open(f, text=False) if f is not None else path.open("rb")) as fh:
        for n, raw in enumerate(fh, 1):
            if n == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if raw and not raw.isspace():  # (raw.strip() would copy every line)
                try:
                    yield f"{name}:{n}", orjson.loads(raw)
                except json.JSONDecodeError as e:
                    try:
                        raw.decode("utf-8")
                    except UnicodeDecodeError:
                        yield name, _Fatal(_utf8_problem(path, name))
                        return
                    yield f"{name}:{n}", f"not valid JSON ({e.msg}, column {e.colno})"


def _json_records(text: str, name: str) -> Iterator[tuple[str, Any]]:
    """The records of a JSON array, each with the line it starts on and its number."""
    decoder = json.JSONDecoder()
    # json (unlike orjson) decodes an escaped lone surrogate ("\ud800"), which no UTF-8
    # database can hold: records are checked for one only when the text has such an escape
    surrogates = _SURROGATE_ESCAPE.search(text) is not None
    i = _skip_ws(text, 0)
    pos, line = 0, 1  # line number of offset ``pos``, counted as the records go by
    try:
        if text[i:i + 1] != "[":
            raise json.JSONDecodeError("expected a JSON array", text, i)
        i = _skip_ws(text, i + 1)
        index = 0
        if text[i:i + 1] == "]":
            i += 1
        else:
            while True:
                obj, j = decoder.raw_decode(text, i)
                index += 1
                line += text.count("\n", pos, i)
                pos = i
                if surrogates and _has_lone_surrogate(obj):
                    yield (f"{name}:{line}: record {index}",
                           "a string holds a lone surrogate (\\ud800-\\udfff), which is not text")
                else:
                    yield f"{name}:{line}: record {index}", obj
                i = _skip_ws(text, j)
                if text[i:i + 1] == ",":
                    i = _skip_ws(text, i + 1)
                elif text[i:i + 1] == "]":
                    i += 1
                    break
                else:
                    raise json.JSONDecodeError("expected ',' or ']' after a record", text, i)
        i = _skip_ws(text, i)
        if i != len(text):
            raise json.JSONDecodeError("extra data after the array", text, i)
    except json.JSONDecodeError as e:
        yield f"{name}:{e.lineno}", _Fatal(f"{name}:{e.lineno}: not valid JSON ({e.msg}, "
                                           f"column {e.colno})")
    except RecursionError:
        line += text.count("\n", pos, i)
        yield f"{name}:{line}", _Fatal(f"{name}:{line}: record {index + 1} is nested too deeply "
                                       "to be a claimtrack record")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(obj: Any) -> bool:
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
