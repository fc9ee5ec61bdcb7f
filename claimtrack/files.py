"""Files: opening those strangers name, and writing ours atomically.

Opening: only regular files, never more than a limit.

A source's stored path, a draft, an import file or a settings file may be a
FIFO (opening it hangs), a device (``/dev/zero`` never ends) or far larger
than anything claimtrack handles.  :func:`open_regular` refuses all but
regular files without blocking; :func:`read_bounded` reads at most a limit.

This module is on the path of ``claimtrack check`` (a commit hook): it
imports nothing but ``os``, ``stat``, ``errno`` (and ``secrets`` and
``pathlib`` for writing).

Writing atomically, the one scheme for exports and backups: a new file is
written under a temporary name beside its destination (created like any new
file, 0666 less the umask), flushed to disk, and only then given its name, so
the destination is either the previous file or the complete new one, never
half-written.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import BinaryIO


class NotRegularFile(OSError):
    """A FIFO, a device (``/dev/zero``) or a socket where a file was expected."""


class FileTooLarge(OSError):
    """A file over the size limit (checked while reading, not trusted from ``stat``)."""


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for reading in binary, refusing anything but a regular file.

    The file is opened without blocking (a FIFO with no writer would hang the
    open itself) and checked with ``fstat`` on the open descriptor, so what is
    checked is what is read.  Raises IsADirectoryError, :class:`NotRegularFile`
    or the OSError of the open.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file (a FIFO, a device or a socket)",
                                 str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see :func:`open_regular`)."""
    with open_regular(path) as f:
        size = os.fstat(f.fileno()).st_size
        data = f.read(limit + 1) if size <= limit else b""
    if size > limit or len(data) > limit:
        raise FileTooLarge(errno.EFBIG, f"over the {limit // (1024 * 1024)} MB limit", str(path))
    return data


SQLITE_HEADER = b"SQLite format 3\x00"


def replaceable(path: str | os.PathLike[str], database: str | None = None
                ) -> tuple[str | None, bool]:
    """Whether an output file may be written: ``(problem, write_in_place)``.

    ``problem`` says why not (the open database, another SQLite file);
    ``write_in_place`` is True for a FIFO or a device (``/dev/stdout``), which
    is written to, never replaced by a new file.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None, False
    except OSError as e:
        return f"{path}: {e.strerror or e}", False
    if not stat.S_ISREG(st.st_mode):
        return None, True
    if database and database != ":memory:":
        try:
            if os.path.samefile(path, database):
                return (f"{path} is the database itself: export to another file", False)
        except OSError:
            pass
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError:
        head = b""
    if head == SQLITE_HEADER:
        return (f"{path} is an SQLite database: an export never replaces one "
                "(choose another name, or delete it first)", False)
    return None, False


def remove_stale_temps(folder: str | os.PathLike[str], name: str) -> None:
    """Delete ``.NAME.PID.*.tmp`` files left in ``folder`` by processes no longer running
    (an export or a backup killed before it could clean up)."""
    prefix = f".{name}."
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        if not (entry.startswith(prefix) and entry.endswith(".tmp")):
            continue
        pid = entry[len(prefix):].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        try:
            os.unlink(os.path.join(folder, entry))
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


# -- writing atomically -----------------------------------------------------------------


def temporary_beside(target: Path) -> Path:
    """A new, empty file next to ``target`` (raises OSError when the folder is not writable)."""
    import secrets  # hmac and OpenSSL: about 4 ms, for writing only

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
