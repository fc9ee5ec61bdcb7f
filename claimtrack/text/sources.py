"""Reading source files: UTF-8 text or Markdown, with their hash and a default key."""

from __future__ import annotations

import datetime
import os
import re
import unicodedata
from pathlib import Path

from ..errors import InvalidInput, SourceFileError
from ..files import FileTooLarge, NotRegularFile, read_bounded
from . import utf8

MAX_SOURCE_BYTES = 50 * 1024 * 1024


def read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Return ``(text, sha256)`` of a UTF-8 file, or raise SourceFileError."""
    p = Path(path)
    try:
        if p.is_dir():
            raise SourceFileError(f"{path} is a folder, not a text file")
        size = p.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceFileError(
                f"{path} is {size // (1024 * 1024)} MB; sources are limited to "
                f"{MAX_SOURCE_BYTES // (1024 * 1024)} MB"
            )
        data = read_bounded(p, MAX_SOURCE_BYTES)
    except FileTooLarge:
        raise SourceFileError(
            f"{path} is over {MAX_SOURCE_BYTES // (1024 * 1024)} MB; sources are limited to "
            f"{MAX_SOURCE_BYTES // (1024 * 1024)} MB") from None
    except NotRegularFile:
        raise SourceFileError(f"{path} is not a regular file (a FIFO, a device or a socket)"
                              ) from None
    except FileNotFoundError:
        raise SourceFileError(f"{path}: no such file") from None
    except PermissionError:
        raise SourceFileError(f"{path}: permission denied") from None
    except OSError as e:
        raise SourceFileError(f"{path}: cannot read ({e.strerror or e})") from None
    return decode(data, str(path)), _sha256(data)


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 bytes (a byte-order mark is dropped); refuse binary and empty text."""
    if b"\x00" in data:
        raise SourceFileError(f"{name} looks binary (it contains NUL bytes), not text")
    text = utf8.decode(data, name, SourceFileError)
    if not text.strip():
        raise SourceFileError(f"{name} is empty")
    return text


def sha256_text(text: str) -> str:
    return _sha256(text.encode("utf-8"))


def _sha256(data: bytes) -> str:
    # hashlib loads OpenSSL (several ms): only commands that hash a source pay for it
    import hashlib

    return hashlib.sha256(data).hexdigest()


def slugify(name: str) -> str:
    """A source key from a file name: ``Vox Article (1).md`` -> ``vox-article-1``."""
    stem = Path(name).stem if "." in Path(name).name else Path(name).name
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return slug or "source"


KEY_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def check_key(key: str) -> str:
    if not KEY_RE.match(key):
        raise InvalidInput(
            f"bad source key {key!r}: use 1-64 lower-case letters, digits, '.', '_' or '-'"
        )
    return key


def check_date(value: str | None) -> str | None:
    """Validate ``YYYY-MM-DD`` (or empty)."""
    if value is None or value == "":
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat() if re.fullmatch(
            r"\d{4}-\d{2}-\d{2}", value
        ) else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: str) -> str:
    raise InvalidInput(f"bad date {value!r}: use YYYY-MM-DD, e.g. 2024-10-25")
