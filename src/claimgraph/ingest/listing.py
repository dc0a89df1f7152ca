"""Which files the paths a user names hold: the one listing that ``extract`` and ``ingest``
share.

A folder is read recursively, in name order, for the file kinds asked for.  Hidden files and
folders (names starting with a dot) inside a folder are left out; named on their own, they
are read.  Anything that is not a regular file or a folder (a FIFO, a device, a socket) is
refused without being opened: reading one could block forever or never end.  A symbolic link
inside a folder is followed only to a place inside the paths the user named, unless
``follow_symlinks``; a link that loops back to a folder being read, or leads nowhere, is a
failure.  A folder that cannot be read is a failure, not an empty folder.  A name that is not
valid UTF-8 is shown (and used as a document id) with its bad bytes replaced."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claimgraph.ingest.readers import InputFailure


@dataclass(frozen=True)
class Listed:
    """A file to read: ``path`` to open, ``name`` to show, ``named`` when the user named it."""

    path: Path
    name: str
    named: bool


def printable(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and stored: bytes of a file name that are not
    UTF-8 (kept by Python as lone surrogates) become U+FFFD."""
    return os.fspath(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def file_kind(mode: int) -> str:
    """What a file that is not a regular file or a folder is, in words."""
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a regular file"


def list_inputs(values: list[str], suffixes: set[str], follow_symlinks: bool = False,
                empty_reason: str = "folder holds no files of a kind claimgraph reads",
                within: list[str] | None = None) -> Iterator[Listed | InputFailure]:
    """The files of ``values`` (files and folders), or why one cannot be read.  Inside a
    folder only files with one of ``suffixes`` are read, and links are followed to places
    inside ``within`` (default: ``values``), the paths the user named."""
    roots = []
    for value in values if within is None else within:
        try:
            roots.append(os.path.realpath(value, strict=True))
        except OSError:
            pass
    for value in values:
        path = Path(value)
        name = printable(value)
        st = _stat(path, name)
        if isinstance(st, InputFailure):
            yield st
        elif stat.S_ISDIR(st.st_mode):
            found = 0
            for item in _walk(path, roots, follow_symlinks, {(st.st_dev, st.st_ino)}, suffixes):
                found += 1
                yield item
            if not found:
                yield InputFailure(name, empty_reason)
        elif stat.S_ISREG(st.st_mode):
            yield Listed(path, name, named=True)
        else:
            yield InputFailure(name, f"{file_kind(st.st_mode)}, not a file: not read")


def _stat(path: Path, name: str) -> os.stat_result | InputFailure:
    """What ``path`` leads to (links followed), or why it leads nowhere."""
    try:
        return os.stat(path)
    except OSError as err:
        return InputFailure(name, _stat_reason(path, err))


def _stat_reason(path: Path, err: OSError) -> str:
    if isinstance(err, FileNotFoundError) and os.path.islink(path):
        return f"dangling symlink (to {printable(os.readlink(path))})"
    if err.errno == 40:  # ELOOP
        return "symlink loop"
    return f"cannot read: {err.strerror or err}"


def _inside(target: str, roots: list[str]) -> bool:
    return any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _walk(folder: Path, roots: list[str], follow: bool, ancestors: set[tuple[int, int]],
          suffixes: set[str]) -> Iterator[Listed | InputFailure]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        yield InputFailure(printable(folder), f"cannot read the folder: {err.strerror or err}")
        return
    for e in entries:
        if e.name.startswith("."):
            continue
        path = Path(e.path)
        name = printable(path)
        if e.is_symlink():
            try:
                target = os.path.realpath(path, strict=True)
            except OSError as err:
                yield InputFailure(name, _stat_reason(path, err))
                continue
            if not follow and not _inside(target, roots):
                yield InputFailure(name, f"symlink to {printable(target)}, outside the inputs named: "
                                         "not followed (--follow-symlinks follows it)")
                continue
        st = _stat(path, name)
        if isinstance(st, InputFailure):
            yield st
        elif stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                yield InputFailure(name, "symlink loop: leads back to a folder being read")
                continue
            yield from _walk(path, roots, follow, ancestors | {key}, suffixes)
        elif not stat.S_ISREG(st.st_mode):
            yield InputFailure(name, f"{file_kind(st.st_mode)}, not a file: not read")
        elif path.suffix.lower() in suffixes:
            yield Listed(path, name, named=False)
