"""Atomic file writing: a temporary file in the target's directory, then ``os.replace``.

A reader never sees a half-written output, and a failure (an exception, a full disk, a kill) leaves the
previous file, or no file, where the output was to go. The temporary file lives in the same directory
because ``os.replace`` is only atomic within one file system.

A symlink is written through: the file it points to is replaced (atomically, in that file's directory)
and the link stays a link. A device, FIFO or socket (``/dev/stdout``, ``/dev/null``, a named pipe) is
never renamed onto: the finished output is copied into it, so ``/dev/null`` stays a device.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path


class OutputError(OSError):
    """The output cannot be written (directory not writable, path is a directory...): one line."""


class WriteError(OSError):
    """Writing failed part way (a full disk, an I/O error): a runtime failure, and no file was left."""


def describe_failure(path: str | os.PathLike[str], what: str, exc: BaseException) -> WriteError:
    """One line for a writer's failure; a library's message about a full disk is often obscure
    (GDAL says "no such table: gpkg_contents"), so the free space is looked at too."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    try:
        if shutil.disk_usage(resolve(path).parent).free < 1 << 20:
            reason = "No space left on device"
    except OSError:
        pass
    return WriteError(f"{path}: cannot write {what} ({reason})")


def _prepare_dir(target: Path) -> Path:
    if target.is_dir():
        raise OutputError(f"{target}: is a directory, not an output file")
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{target}: cannot create directory {parent} ({exc.strerror or exc})") from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{target}: directory {parent} is not writable")
    return parent


def resolve(target: str | os.PathLike[str]) -> Path:
    """Where the bytes go: the final target of a symlink (which may not exist yet), else ``target``."""
    path = Path(target)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def is_special(path: str | os.PathLike[str]) -> bool:
    """A device, FIFO or socket: written to directly, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], suffix: str | None = None) -> Iterator[Path]:
    """Yield a fresh temporary path beside ``target``; on success it replaces ``target``.

    The temporary path does not exist yet when yielded (writers such as GDAL insist on creating the file
    themselves). The suffix defaults to the target's, so that drivers chosen by extension still work.
    A symlink's target is replaced instead of the link; a device or FIFO gets the finished file copied
    into it (the temporary file then lives in the system's temporary directory).
    """
    target = resolve(target)
    suffix = target.suffix if suffix is None else suffix
    if is_special(target):
        with tempfile.TemporaryDirectory(prefix="conflictmap-out-") as tmpdir:
            tmp = Path(tmpdir) / ("output" + suffix)
            yield tmp
            if not tmp.exists():
                raise OutputError(f"{target}: the writer produced no file")
            with open(tmp, "rb") as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        return
    parent = _prepare_dir(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp" + suffix, dir=parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {parent} ({exc.strerror or exc})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        yield tmp
        if not tmp.exists():
            raise OutputError(f"{target}: the writer produced no file")
        _fsync(tmp)  # a full disk may only say so when the data reaches it: before the rename
        _keep_mode(tmp, target)
        os.replace(tmp, target)
    except BaseException:
        _remove_quietly(tmp)
        raise
    finally:
        # GDAL may leave a journal or -wal/-shm beside a SQLite file it wrote.
        for extra in (Path(str(tmp) + "-journal"), Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
            _remove_quietly(extra)


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _keep_mode(tmp: Path, target: Path) -> None:
    """mkstemp creates 0600 files; give the output the mode an ordinary ``open`` would."""
    follow_umask(tmp, target)


def output_mode(target: str | os.PathLike[str], directory: bool = False) -> int:
    """The mode an output gets: an existing output's own (as ``open`` keeps it) when it is of the same
    type, else what the umask leaves of 0666 for a file or 0777 for a folder (as ``open`` and ``mkdir``
    give)."""
    try:
        st = os.stat(target)
        if stat.S_ISDIR(st.st_mode) == directory and (directory or stat.S_ISREG(st.st_mode)):
            return st.st_mode & 0o777
    except OSError:
        pass
    return (0o777 if directory else 0o666) & ~current_umask()


def follow_umask(path: str | os.PathLike[str], target: str | os.PathLike[str] | None = None) -> None:
    """Give ``path``, a temporary file or folder (private, as mkstemp and mkdtemp make them), the mode of
    a new output, or of the output at ``target`` that it is to replace."""
    directory = os.path.isdir(path)
    mode = output_mode(target, directory) if target is not None else (0o777 if directory else 0o666) & ~current_umask()
    try:
        os.chmod(path, mode)
    except OSError:
        pass


_umask_lock = threading.Lock()


def current_umask() -> int:
    """The process umask. Read from /proc where there is one: setting it to read it back would, for
    an instant, give files other threads create (Dask workers, the writer threads) the wrong mode."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _umask_lock:
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
        path.unlink()


def write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``target`` atomically (flushed and fsynced before the rename); straight into a
    device or FIFO."""
    target = resolve(target)
    if is_special(target):
        with open(target, "wb") as fh:
            fh.write(data)
        return
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


# A lone surrogate that reached an output (a "\ud800" escape in some JSON) is written as U+FFFD: valid
# UTF-8 out, never a crash half way through a write.
LONE_SURROGATE = "conflictmap.lone-surrogate"


def _fffd(exc: UnicodeError) -> tuple[bytes, int]:
    # bytes, not a str: CPython's UTF-8 encoder accepts only an ASCII str as a replacement
    if isinstance(exc, UnicodeEncodeError) and exc.encoding.replace("-", "_").lower() in ("utf_8", "utf_8_sig", "utf8"):
        return "\ufffd".encode("utf-8") * (exc.end - exc.start), exc.end
    raise exc


codecs.register_error(LONE_SURROGATE, _fffd)


def write_text(target: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``target`` atomically; ``encoding="utf-8-sig"`` adds a BOM."""
    write_bytes(target, text.encode(encoding, errors=LONE_SURROGATE))
