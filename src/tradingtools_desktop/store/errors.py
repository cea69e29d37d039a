"""Store errors a user can act on: each says what happened and the way out."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base: ``user_message`` is shown to the user, ``way_out`` tells them what to do."""

    way_out = ("Choose another profile, or restore a backup of this one (`tradingtools profile "
               "backups` lists them, `tradingtools profile restore NUMBER` puts one back).")

    def __init__(self, user_message: str, path: Path | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.path = path


class ProfileInUse(StoreError):
    way_out = (
        "Another TradingTools window already has this profile open: switch to it, or close it "
        "and try again."
    )


class DatabaseCorrupt(StoreError):
    way_out = (
        "The file was left untouched. Close TradingTools and restore the newest backup with "
        "`tradingtools profile restore 1 --name PROFILE` (`tradingtools profile backups "
        "--name PROFILE` lists them; the damaged file is kept as a backup), or choose another "
        "profile."
    )


class SchemaTooNew(StoreError):
    way_out = (
        "This profile was written by a newer TradingTools. Install that version again, or "
        "restore the backup taken before the upgrade (`tradingtools profile backups`, then "
        "`tradingtools profile restore NUMBER`; see docs/rollback.md)."
    )

    def __init__(self, found: int, supported: int, path: Path | None = None) -> None:
        super().__init__(
            f"The profile database has schema version {found}; this version of TradingTools "
            f"understands up to {supported}.",
            path,
        )
        self.found = found
        self.supported = supported


class StorageFull(StoreError):
    way_out = ("Free some disk space, then try again. Nothing of this change was written: "
               "what was stored before is intact.")


class DatabaseReadOnly(StoreError):
    way_out = (
        "Nothing was changed. Make the file and its folder writable for your user (or, if "
        "the disk is mounted read-only, mount it writable), then try again; or copy the "
        "profile folder to a writable disk and point TRADINGTOOLS_HOME there."
    )
