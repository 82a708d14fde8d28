"""Outputs never overwrite what the command reads: its inputs, their ``.meta.json``, the ``--control``
file, the store (with its SQLite side files) or the gazetteer index; nor another output of the same run.

An output's folder must exist: a typo in ``-o`` is not a reason to create ``/nonexistent/dir``. Folders are
created only when ``--mkdir`` asks for it.

Checked before anything is read, so a refused command has touched nothing. Two paths are the same file
when they resolve to the same path or are the same inode (a hard link, a symlink, ``./a`` and ``a``).
Devices and FIFOs are never "the same file" as an input: writing to ``/dev/stdout`` overwrites nothing.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from geo.cli.common import fail, one_line

STORE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _keys(path: str) -> set[object]:
    """What identifies ``path`` as a file: its resolved path and, when it exists, its inode."""
    try:
        st = os.stat(path)
    except OSError:
        return {os.path.realpath(path)}
    if not stat.S_ISREG(st.st_mode):
        return set()  # a device, FIFO or directory: not a file an output could destroy
    return {os.path.realpath(path), (st.st_dev, st.st_ino)}


def _meta_files(path: str) -> list[str]:
    p = Path(path)
    return [str(p.with_suffix(".meta.json")), str(p.with_name(p.name + ".meta.json"))]


def reads_of(inputs: Sequence[str] = (), *, control: str | None = None, store: str | None = None,
             gazetteer: str | None = None) -> list[tuple[str, str]]:
    """(what it is, path) for everything a command reads or keeps."""
    out: list[tuple[str, str]] = []
    for name in inputs:
        if name == "-" or "://" in name:
            continue
        out.append(("an input", name))
        out.extend(("an input's metadata", m) for m in _meta_files(name) if os.path.exists(m))
    if control:
        out.append(("the --control file", control))
    if store and "://" not in store:
        out.append(("the store", store))
        out.extend(("the store's side file", store + s) for s in STORE_SIDE_FILES)
    if gazetteer:
        out.append(("the gazetteer index", gazetteer))
    return out


def check_outputs(outputs: Iterable[tuple[str, str | None]], reads: Iterable[tuple[str, str]] = (), *,
                  mkdir: bool = False) -> None:
    """Exit 2 with one line when an output is something the command reads, two outputs are one file, or
    an output's folder is missing (unless ``mkdir``: the writer creates it)."""
    reads = [(what, path, _keys(path)) for what, path in reads]
    seen: list[tuple[str, str, set[object]]] = []
    for option, path in outputs:
        if not path or path == "-" or "://" in path:
            continue
        check_folder(option, path, mkdir)
        keys = _keys(path)
        if not keys:
            continue
        for what, other, other_keys in reads:
            if keys & other_keys:
                same = "" if other == path else f" ({one_line(other)})"
                fail(f"{path}: {option} would overwrite {what}{same}; write the output elsewhere")
        for other_option, _other, other_keys in seen:
            if keys & other_keys:
                fail(f"{path}: {option} and {other_option} name the same file")
        seen.append((option, path, keys))


def check_folder(option: str, path: str, mkdir: bool = False) -> None:
    """Exit 2 with one line when the folder ``path`` is to be written in does not exist (or is a file)."""
    target = Path(path)
    if target.is_symlink():  # written through: the link's folder exists, its target's is what matters
        target = Path(os.path.realpath(target))
    folder = target.parent
    if folder.is_dir():
        return
    missing = folder
    while not missing.parent.is_dir() and missing.parent != missing:
        missing = missing.parent
    if missing.exists() or missing.is_symlink():
        fail(f"{path}: {option}: {one_line(str(missing))} is not a folder")
    if not mkdir:
        fail(f"{path}: {option}: folder {one_line(str(folder))} does not exist (create it, or give --mkdir)")


def gazetteer_file(ctx: object) -> str:
    """The compiled index the command will load: ``--gazetteer``, else the one in the user cache."""
    import click

    root = ctx.find_root() if isinstance(ctx, click.Context) else None
    path = root.obj.get("gazetteer_path") if root is not None and isinstance(root.obj, dict) else None
    if path:
        return str(path)
    from gazetteer.cache import default_index_path

    return str(default_index_path())
