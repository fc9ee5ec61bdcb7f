"""Writing a file atomically: the one scheme for exports and backups.

A new file is written under a temporary name beside its destination (created like any
new file, 0666 less the umask), flushed to disk, and only then given its name, so the
destination is either the previous file or the complete new one, never half-written.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def temporary_beside(target: Path) -> Path:
    """A new, empty file next to ``target`` (raises OSError when the folder is not writable)."""
    tmp = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    return tmp


def install(tmp: Path, target: Path, *, replace: bool = True) -> None:
    """Flush ``tmp`` and give it the name ``target`` atomically.  Without ``replace``, raise
    FileExistsError rather than clobber a ``target`` that exists (even one that appeared
    since the caller looked)."""
    fsync(tmp)
    if replace:
        os.replace(tmp, target)
    else:
        try:
            os.link(tmp, target)  # atomic, and fails if target exists
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: check, then rename
            if target.exists():
                raise FileExistsError(str(target)) from None
            os.replace(tmp, target)
        else:
            tmp.unlink()
    fsync(target.parent)


def fsync(path: Path) -> None:
    """Flush a file (or a folder's entries) to disk; best effort where unsupported."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
