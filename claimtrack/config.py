"""claimtrack's settings file: ``[tool.claimtrack]`` in ``pyproject.toml``, or ``.claimtrack.toml``.

The search starts in the current folder and goes up through its parents; it
stops at the first folder holding either file with claimtrack settings (a
``.claimtrack.toml`` wins over a ``pyproject.toml`` in the same folder), or
after the folder that holds ``.git`` (a repository's settings never leak into
another one).  In ``pyproject.toml``::

    [tool.claimtrack]
    db = "research/claims.db"      # relative to the file's folder

    [tool.claimtrack.match]
    link_threshold = 80            # claimtrack match: link at or above this score
    suggest_threshold = 55         # ...suggest at or above this one

    [tool.claimtrack.check]
    anonymous = "error"            # CT201: warning (default), error or off
    denied = "off"                 # CT202
    CT305 = "off"                  # codes work as well as names

``.claimtrack.toml`` holds the same keys at its top level (``db = ...`` and
a ``[check]`` table).

:func:`database_path` is the one place the database is chosen: ``--db``, else
``$CLAIMTRACK_DB``, else ``db`` from the settings, else ``./claims.db``.

This module is on the path of ``claimtrack check``, a commit hook: it imports
``tomllib`` only when a file mentions claimtrack, and nothing heavy at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError

TYPE_CHECKING = False  # no typing or dataclasses: this is on a commit hook's path
if TYPE_CHECKING:
    from typing import Any

DEFAULT_DB = "claims.db"
ENV_DB = "CLAIMTRACK_DB"
DEDICATED = ".claimtrack.toml"
PYPROJECT = "pyproject.toml"
SEVERITIES = ("error", "warning", "off")
KEYS = ("db", "check", "match")
MATCH_KEYS = ("link_threshold", "suggest_threshold")
MAX_SETTINGS_BYTES = 1024 * 1024  # a settings file is a few lines; a FIFO or /dev/zero is refused


class Config:
    """Settings found for a folder: the file they came from, the database, check
    severities and match thresholds.

    ``db`` is resolved against the settings file's folder.  ``check`` maps a
    code or name (``CT201``, ``anonymous``) to a severity, as written;
    :func:`claimtrack.check.severities` validates the codes.
    """

    def __init__(self, path: Path | None = None, db: str | None = None,
                 check: dict[str, str] | None = None,
                 match: dict[str, float] | None = None) -> None:
        self.path = path
        self.db = db
        self.check: dict[str, str] = dict(check or {})
        self.match: dict[str, float] = dict(match or {})

    def __repr__(self) -> str:
        return (f"Config(path={self.path!r}, db={self.db!r}, check={self.check!r}, "
                f"match={self.match!r})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Config) and (self.path, self.db, self.check, self.match) == (
            other.path, other.db, other.check, other.match)


def database_path(explicit: str | os.PathLike[str] | None = None, *,
                  settings: Config | None = None) -> str:
    """The database to use: ``explicit`` (``--db``), else ``$CLAIMTRACK_DB``, else ``db`` in the
    settings file (:func:`find`), else ``./claims.db``.  The one resolver: the store, the
    command line and the commit hook all ask it (:func:`locate_database` says why)."""
    return locate_database(explicit, settings=settings)[0]


def locate_database(explicit: str | os.PathLike[str] | None = None, *,
                    explicit_from: str = "option",
                    settings: Config | None = None) -> tuple[str, str]:
    """Where the database is, and why: ``(path, how)`` (``claimtrack db path``).

    ``how`` is ``explicit_from`` (``option``: ``--db``), ``environment``
    (``$CLAIMTRACK_DB``), ``settings file PATH`` or ``default`` (``./claims.db``).
    """
    if explicit:
        return str(explicit), explicit_from
    env = os.environ.get(ENV_DB)
    if env:
        return env, "environment"
    settings = settings if settings is not None else find()
    if settings.db:
        return settings.db, f"settings file {settings.path}"
    return DEFAULT_DB, "default"


def find(start: str | Path | None = None) -> Config:
    """The settings that apply in ``start`` (default: the current folder), or empty ones."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        found = _read(folder / DEDICATED, dedicated=True) or _read(folder / PYPROJECT)
        if found is not None:
            return found
        if (folder / ".git").exists():
            break
    return Config()


def load(path: str | Path) -> Config:
    """Read one settings file (``.claimtrack.toml`` or a ``pyproject.toml``)."""
    p = Path(path)
    found = _read(p.resolve(), dedicated=p.name != PYPROJECT)
    if found is None:
        raise UsageError(f"{path}: no claimtrack settings in it")
    return found


def _read(path: Path, *, dedicated: bool = False) -> Config | None:
    from .files import read_bounded

    try:
        data = read_bounded(path, MAX_SETTINGS_BYTES)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as e:
        raise UsageError(f"{path}: cannot read ({e.strerror or e})") from None
    if not dedicated and b"tool.claimtrack" not in data:
        return None  # the common case: a pyproject.toml without our section, never parsed
    import tomllib

    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: not valid TOML ({e})") from None
    table = doc if dedicated else doc.get("tool", {}).get("claimtrack")
    if table is None:
        return None
    where = path if dedicated else f"{path} [tool.claimtrack]"
    return _validate(table, path, str(where))


def _validate(table: Any, path: Path, where: str) -> Config:
    if not isinstance(table, dict):
        raise UsageError(f"{where}: expected a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise UsageError(f"{where}: unknown setting {unknown[0]!r} (known: {', '.join(KEYS)})")
    db = table.get("db")
    if db is not None:
        if not isinstance(db, str) or not db.strip():
            raise UsageError(f"{where}: db must be a file path (a string)")
        db = str(path.parent / db)  # relative to the settings file, not the current folder
    check = table.get("check", {})
    if not isinstance(check, dict):
        raise UsageError(f"{where}: check must be a table of CODE = \"error|warning|off\"")
    for key, value in check.items():
        if value not in SEVERITIES:
            raise UsageError(
                f"{where}: check.{key} = {value!r}: use one of {', '.join(SEVERITIES)}")
    match = table.get("match", {})
    if not isinstance(match, dict) or set(match) - set(MATCH_KEYS) or not all(
            isinstance(v, (int, float)) and 0 <= v <= 100 for v in match.values()):
        raise UsageError(f"{where}: match takes link_threshold and suggest_threshold, 0-100")
    return Config(path=path, db=db, check=check, match={k: float(v) for k, v in match.items()})

