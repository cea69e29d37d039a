"""Storage faults as the user reads them: a DuckDB or OS error met opening, reading or
writing the profile database, turned into the store's own errors (full disk, locked by
another process, read-only, truncated, damaged), each with its own message and way out
(:mod:`.errors`). Pure translation of an exception: no I/O."""

from __future__ import annotations

import errno
from pathlib import Path

from .errors import DatabaseCorrupt, DatabaseReadOnly, ProfileInUse, StorageFull, StoreError

__all__ = ["classify_open_error", "classify_runtime_error"]


def classify_open_error(exc: BaseException, path: Path) -> StoreError:
    """The user's view of a failure to open the profile database: full disk, locked by
    another process, read-only, truncated or damaged each get their own message."""
    text = str(exc)
    low = text.lower()
    err = exc.errno if isinstance(exc, OSError) else None
    if err == errno.ENOSPC or "no space left" in low:
        return StorageFull(f"The disk holding {path} is full.", path)
    if ("lock" in low and "conflicting" in low) or "could not set lock" in low:
        return ProfileInUse(f"The profile database {path.name} is open in another process.", path)
    if err in (errno.EROFS, errno.EACCES, errno.EPERM) or "read-only file system" in low \
            or "permission denied" in low:
        return DatabaseReadOnly(
            f"The profile database {path} cannot be written: the file or its folder is "
            "read-only for this user, or the disk is mounted read-only.", path)
    if "could not read enough bytes" in low:
        return DatabaseCorrupt(
            f"The profile database {path} is truncated: the file is shorter than its "
            "contents say (an interrupted copy, or a disk that filled up).", path)
    if "checksum" in low or "corrupt" in low:
        return DatabaseCorrupt(
            f"The profile database {path} is damaged: some of its pages do not match their "
            "checksums (a disk or copy error).", path)
    return DatabaseCorrupt(
        f"The profile database {path} could not be opened: it looks damaged or is not a "
        f"TradingTools database ({type(exc).__name__}).",
        path,
    )


def classify_runtime_error(exc: BaseException, path: Path | None) -> StoreError | None:
    """A storage fault met while reading or writing an open database, as the user's error
    (the transaction it happened in was rolled back: nothing half-written); None for any
    other error (a bug, a constraint), which keeps its own type."""
    low = str(exc).lower()
    where = path or Path(":memory:")
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "no space left" in low:
        return StorageFull(f"The disk holding {where} is full.", path)
    if "read-only file system" in low:
        return DatabaseReadOnly(f"The profile database {where} became read-only.", path)
    if "could not read enough bytes" in low or "checksum" in low or "corrupt database" in low:
        return DatabaseCorrupt(
            f"The profile database {where} is damaged or truncated: a part of it could not "
            "be read back.", path)
    return None
