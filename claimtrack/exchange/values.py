"""Import values: each cell or JSON value checked and coerced to what the database stores.

One function per value type (text, a choice, a whole number, a list, a timestamp, ...);
a bad value raises :class:`_Problem`, which the import records as ``FILE:LINE: problem``
and carries on with the next row.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from json.encoder import encode_basestring
from typing import Any

from .cells import FORMULA_TRIGGERS, LIST_SEPARATOR

# json.dumps(..., ensure_ascii=False) and json.loads, minus their per-call overhead.
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_decode = json.JSONDecoder().raw_decode
#: The JSON types each column type accepts (besides null; numbers may come as text).
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str,), "string": (str,), "date": (str,), "timestamp": (str,),
    "integer": (int, str), "number": (int, float, str), "list": (list, str), "json": (list, str),
}
_TYPE_NAMES: dict[tuple[type, ...], str] = {
    (str,): "text", (int, str): "a whole number", (int, float, str): "a number",
    (list, str): "a list"}
_FORMULA = frozenset(FORMULA_TRIGGERS)
_MARKED = _FORMULA | {"'"}


class _Problem(Exception):
    """One row's problem (caught, recorded, and the next row read)."""


# -- values -------------------------------------------------------------------------


def _text(rec: dict[str, Any], name: str) -> str | None:
    v = rec.get(name)
    if v is None or v == "":
        return None
    if not isinstance(v, str):
        raise _Problem(f"{name} must be text, not {json.dumps(v)[:40]}")
    return v


def _string(rec: dict[str, Any], name: str) -> str | None:
    v = rec.get(name)
    if v is None or isinstance(v, str):
        return v
    raise _Problem(f"{name} must be text, not {json.dumps(v)[:40]}")


def _required(rec: dict[str, Any], name: str) -> str:
    v = _text(rec, name)
    if v is None or not v.strip():
        raise _Problem(f"{name} is required")
    return v


def _choice(rec: dict[str, Any], name: str, choices: Sequence[str], default: str | None = None
            ) -> str:
    v = _text(rec, name)
    if v is None:
        if default is None:
            raise _Problem(f"{name} is required ({', '.join(choices)})")
        return default
    if v not in choices:
        raise _Problem(f"{name} {v!r} is not one of {', '.join(choices)}")
    return v


def _int(rec: dict[str, Any], name: str, default: int | None = None) -> int:
    v = rec.get(name)
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip():
        try:
            return int(v)
        except ValueError:
            raise _Problem(f"{name} must be a whole number, not {v!r}") from None
    if v is None or v == "":
        if default is None:
            raise _Problem(f"{name} is required")
        return default
    raise _Problem(f"{name} must be a whole number, not {json.dumps(v)[:40]}")


def _optional_int(rec: dict[str, Any], name: str) -> int | None:
    v = rec.get(name)
    return None if v is None or v == "" else _int(rec, name)


def _number(rec: dict[str, Any], name: str) -> float | None:
    v = rec.get(name)
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            pass
    raise _Problem(f"{name} must be a number, not {json.dumps(v)[:40]}")


def _list(rec: dict[str, Any], name: str) -> str:
    """A list field, as the JSON text the database stores (what ``json.dumps`` would write)."""
    v = rec.get(name)
    if not v:  # None, "" or []
        return "[]"
    if isinstance(v, str):
        items = [" ".join(p.split()) for p in v.split(LIST_SEPARATOR.strip())]  # at ";"
    elif isinstance(v, list) and all(isinstance(i, str) for i in v):
        items = [" ".join(i.split()) for i in v]
    else:
        raise _Problem(f"{name} must be a list of text, not {json.dumps(v)[:40]}")
    return "[" + ", ".join(map(encode_basestring, dict.fromkeys(i for i in items if i))) + "]"


def _json_list(rec: dict[str, Any], name: str) -> list[Any]:
    v = rec.get(name)
    if v is None or v == "":
        return []
    if isinstance(v, str):
        try:
            text = v.strip()
            v, end = _decode(text)
            if end != len(text):
                raise json.JSONDecodeError("Extra data", text, end)
        except json.JSONDecodeError as e:
            raise _Problem(f"{name} is not valid JSON ({e.msg}, column {e.colno})") from None
    if not isinstance(v, list) or not all(isinstance(i, dict) for i in v):
        raise _Problem(f"{name} must be a list of objects")
    return v


def _stamp(value: str | None, name: str) -> str | None:
    """An ISO 8601 timestamp (as claimtrack writes them), or None when empty."""
    if not value:
        return None
    try:
        datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Problem(f"{name} {value!r} is not an ISO 8601 timestamp "
                       "(e.g. 2026-01-31T12:00:00+00:00)") from None
    return value
