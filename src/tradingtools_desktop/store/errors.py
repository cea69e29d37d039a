"""Store errors a user can act on: each says what happened and the way out."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base: ``user_message`` is shown to the user, ``way_out`` tells them what to do."""

    way_out = "Choose another profile, or restore a backup from the profile's backups folder."

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
        "The file was left untouched. Open the newest backup (Setup > Profiles > Restore backup, "
        "or `tradingtools profile restore`), or choose another profile."
    )


class SchemaTooNew(StoreError):
    way_out = (
        "This profile was written by a newer TradingTools. Install that version again, or "
        "restore the backup taken before the upgrade (see docs/rollback.md)."
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
    way_out = "Free some disk space, then try again. Nothing was written."
