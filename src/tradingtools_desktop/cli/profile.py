"""``tradingtools profile list|create|switch|rename|delete|export|import|backups|restore``.

Delete asks for confirmation (type the name; ``--yes`` skips it) and moves the profile to
``deleted-profiles/`` first. ``backups`` lists a profile's database backups (taken before
each migration, before each restore, and the database of a deleted profile of that name);
``restore`` puts one back in place after setting the current database aside (so a restore
can itself be undone), refusing while the app has the profile open. Export / import
passphrases come from a hidden prompt or, with ``--passphrase-stdin``, from the first line
of stdin; never from argv.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from ..i18n import tr
from ..paths import ProfilePaths, active_profile, profile_paths
from ..services.profile_backups import (
    Backup,
    database_held,
    list_backups,
    put_back,
    schema_version_of,
)
from ..services.runtime import AppServices
from ..store import DatabaseCorrupt, ProfileInUse
from ..store.migrations import latest_version
from ..vault import ProfileNotFound, Protection, VaultError, WeakPassphrase
from ..vault import profiles as prof
from ..vault.export import TransferSummary, export_profile, import_bundle, read_export
from ..vault.keychain import OSKeychain
from . import inputs
from .common import print_json, print_table, with_services
from .secrets import (
    EXIT_INPUT,
    PASSPHRASE_ENV,
    guarded,
    has_terminal,
    hidden,
    new_passphrase,
    ready,
)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    size = n / 1024
    for unit in ("KB", "MB"):
        if size < 1024:
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


@guarded
def cmd_list(args: argparse.Namespace) -> int:
    items = prof.list_profiles()
    if args.json:
        print_json([{"name": p.name, "active": p.active, "path": str(p.path),
                     "has_database": p.has_database, "size_bytes": p.size_bytes}
                    for p in items])
        return 0
    if not items:
        print(tr("No profiles yet; '{name}' is created on first use.").format(
            name=active_profile()))
        return 0
    print_table([("*" if p.active else "", p.name, _size(p.size_bytes), str(p.path))
                 for p in items], ("", tr("profile"), tr("size"), tr("path")))
    return 0


@guarded
def cmd_create(args: argparse.Namespace) -> int:
    paths = prof.create_profile(args.name, activate=args.switch)
    print(tr("created profile {name} at {dir}").format(name=paths.name, dir=paths.dir)
          + (tr(" (now active)") if args.switch else ""))
    return 0


@guarded
def cmd_switch(args: argparse.Namespace) -> int:
    paths = prof.switch_profile(args.name)
    print(tr("active profile: {name} (opened the next time the app or a command starts)")
          .format(name=paths.name))
    return 0


@guarded
def cmd_rename(args: argparse.Namespace) -> int:
    paths = prof.rename_profile(args.old, args.new)
    print(tr("renamed {old} to {new}").format(old=args.old, new=paths.name))
    return 0


@guarded
def cmd_delete(args: argparse.Namespace) -> int:
    if not prof.exists(args.name):
        raise ProfileNotFound(tr("There is no profile named {name!r}.").format(name=args.name))
    if not args.yes:
        if not has_terminal() or not sys.stdin.isatty():
            print(tr("error: {why}").format(why=tr(
                "deleting needs confirmation: run in a terminal, or add --yes")),
                file=sys.stderr)
            return EXIT_INPUT
        typed = input(tr("Delete profile {name!r}? It is moved to a backup folder first. "
                         "Type its name to confirm: ").format(name=args.name))
        if typed.strip() != args.name:
            print(tr("not deleted"))
            return 1
    backup = prof.delete_profile(args.name)
    print(tr("deleted profile {name}; backup kept at {backup}").format(name=args.name,
                                                                       backup=backup))
    print(tr("active profile: {name}").format(name=active_profile()))
    return 0


def _export_passphrase(args: argparse.Namespace, *, new: bool) -> str:
    if args.passphrase_stdin:
        value = sys.stdin.readline().rstrip("\r\n")
    else:
        value = (new_passphrase("export", None) if new
                 else hidden(tr("Export passphrase: "))) or ""
    if not value:
        raise WeakPassphrase(tr("No passphrase was given."),
                             tr("Run in a terminal to type it, or use --passphrase-stdin."))
    return value


@guarded
def cmd_export(args: argparse.Namespace) -> int:
    name = args.name or args.profile or active_profile()
    if not prof.exists(name):
        raise ProfileNotFound(tr("There is no profile named {name!r}.").format(name=name))
    passphrase = _export_passphrase(args, new=True)
    dest = Path(args.file).expanduser().resolve()

    async def act(svc: AppServices) -> TransferSummary:
        if args.include_secrets and svc.vault is not None:
            await ready(svc.vault)
        return await export_profile(svc.db, dest, passphrase, profile=name, vault=svc.vault,
                                    include_secrets=args.include_secrets)

    summary = with_services(name, act)
    _report(summary, "exported")
    print(tr("wrote {path}").format(path=dest) + ("" if args.include_secrets else tr(
        " (no secrets; add --include-secrets to carry them, encrypted)")))
    return 0


@guarded
def cmd_import(args: argparse.Namespace) -> int:
    src = Path(args.file).expanduser()
    if not src.is_file():
        print(tr("error: {why}").format(why=tr("{path} is not a file").format(path=src)),
              file=sys.stderr)
        return EXIT_INPUT
    bundle = read_export(src, _export_passphrase(args, new=False))
    name = args.name or bundle.profile
    target = profile_paths(name)
    protection = Protection(args.vault_protection.upper()) if args.vault_protection else None
    vault_passphrase = None
    if bundle.secrets:
        if protection is None and not OSKeychain().status().usable:
            protection = Protection.PASSPHRASE
        if protection is Protection.PASSPHRASE:
            vault_passphrase = new_passphrase("vault", PASSPHRASE_ENV)
            if not vault_passphrase:
                raise VaultError(tr("The export holds secrets; their new vault needs a "
                                    "passphrase (no usable OS keychain)."),
                                 tr("Run in a terminal, or set {env}.").format(
                                     env=PASSPHRASE_ENV))
    summary = asyncio.run(import_bundle(bundle, src, target, protection=protection,
                                        vault_passphrase=vault_passphrase))
    _report(summary, "imported")
    print(tr("created profile {name} from {file}").format(name=name, file=src.name))
    if args.switch:
        prof.switch_profile(name)
        print(tr("active profile: {name}").format(name=name))
    return 0


def _report(summary: TransferSummary, verb: str) -> None:
    rows, secrets = (("exported {table}: {n} rows", "exported secrets (encrypted): {names}")
                     if verb == "exported" else
                     ("imported {table}: {n} rows", "imported secrets (encrypted): {names}"))
    for table, count in summary.tables.items():
        print(tr(rows).format(table=table, n=count))
    if summary.secrets:
        print(tr(secrets).format(names=", ".join(summary.secrets)))


# -- backups and restore -----------------------------------------------------------------
def _app_running(paths: ProfilePaths) -> bool:
    """Whether a TradingTools window holds the profile (its single-instance server)."""
    try:
        from PySide6.QtNetwork import QLocalSocket

        from ..ui.single_instance import SingleInstance
    except ImportError:  # pragma: no cover - the desktop app ships PySide6
        return False
    sock = QLocalSocket()
    sock.connectToServer(SingleInstance(str(paths.db.resolve())).name)
    if not sock.waitForConnected(300):
        return False
    sock.abort()  # connect only: no "raise" message, the window is left alone
    return True


def ensure_not_held(paths: ProfilePaths) -> None:
    """Refuse while the app (its window, or any process / AppServices) has the profile."""
    if _app_running(paths):
        raise ProfileInUse(tr("TradingTools has the profile {name!r} open.").format(
            name=paths.name), paths.db)
    if database_held(paths):
        raise ProfileInUse(tr("The profile {name!r} is open in another process.").format(
            name=paths.name), paths.db)


def _resolve(spec: str, paths: ProfilePaths, backups: list[Backup]) -> Path:
    if spec.isdigit():
        for b in backups:
            if b.index == int(spec):
                return b.path
        raise BackupNotFound(tr("There is no backup number {n} for profile {name!r} ({found} "
                                "found).").format(n=spec, name=paths.name, found=len(backups)))
    for candidate in (Path(spec).expanduser(), paths.backups / spec):
        if candidate.is_file():
            return candidate.resolve()
    raise BackupNotFound(tr("No backup file {file!r} (looked in {folder} too).").format(
        file=spec, folder=paths.backups))


class BackupNotFound(Exception):
    pass


def _backups_name(args: argparse.Namespace) -> str:
    return str(args.name or args.profile or active_profile())


@guarded
def cmd_backups(args: argparse.Namespace) -> int:
    paths = profile_paths(_backups_name(args))
    items = list_backups(paths)
    if args.json:
        print_json([b.as_json() for b in items])
        return 0
    if not items:
        print(tr("No backups of profile {name} yet (they are taken in {folder} before each "
                 "upgrade of its database and before each restore).").format(
            name=paths.name, folder=paths.backups))
        return 0
    supported = latest_version()
    print_table([(str(b.index), b.taken_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                  _size(b.size_bytes), _schema_text(b.schema_version, supported), tr(b.kind),
                  b.path.name if b.path.parent == paths.backups else str(b.path))
                 for b in items],
                ("#", *(tr(h) for h in ("taken", "size", "schema", "kind", "file"))))
    print("\n" + tr("Restore one with: {command}").format(
        command=f"tradingtools profile restore NUMBER --name {paths.name}"))
    return 0


def _schema_text(version: int | None, supported: int) -> str:
    if version is None:
        return tr("unreadable")
    return f"v{version}" + (tr(" (newer)") if version > supported else "")


@guarded
def cmd_restore(args: argparse.Namespace) -> int:
    paths = profile_paths(_backups_name(args))
    try:
        source = _resolve(args.backup, paths, list_backups(paths))
    except BackupNotFound as exc:
        print(tr("error: {why}").format(why=str(exc)) + "\n" + tr(
            "List them with: {command}").format(
            command=f"tradingtools profile backups --name {paths.name}"), file=sys.stderr)
        return EXIT_INPUT
    if source == paths.db.resolve():
        print(tr("error: {why}").format(why=tr("that is the profile's current database")),
              file=sys.stderr)
        return EXIT_INPUT
    version = schema_version_of(source)
    if version is None:
        raise DatabaseCorrupt(tr("{file} is not a readable TradingTools profile database; "
                                 "nothing was changed.").format(file=source), source)
    ensure_not_held(paths)
    supported = latest_version()
    if not args.yes:
        if not has_terminal() or not sys.stdin.isatty():
            print(tr("error: {why}").format(why=tr(
                "restoring needs confirmation: run in a terminal, or add --yes")),
                file=sys.stderr)
            return EXIT_INPUT
        typed = input(tr("Replace the database of profile {name!r} with {file} (schema "
                         "v{version})? The current one is kept in backups first. Type its "
                         "name to confirm: ").format(name=paths.name, file=source.name,
                                                     version=version))
        if typed.strip() != paths.name:
            print(tr("not restored"))
            return 1
    ensure_not_held(paths)  # again: the app may have started while we asked
    aside, restored = put_back(source, paths)
    if aside is not None:
        print(tr("kept the previous database as {file} (restore it the same way to undo)")
              .format(file=aside))
    if restored is None:  # pragma: no cover - it was readable a moment ago
        raise DatabaseCorrupt(tr("The restored database {file} does not open.").format(
            file=paths.db), paths.db)
    print(tr("restored profile {name} from {file}: schema v{version}").format(
        name=paths.name, file=source.name, version=restored))
    if restored > supported:
        print(tr("note: schema v{version} is newer than this version of TradingTools "
                 "understands (up to v{supported}): open the profile with the newer version "
                 "that wrote it, or restore an older backup (see docs/rollback.md).").format(
            version=restored, supported=supported))
    elif restored < supported:
        print(tr("opening it with this version upgrades it to v{supported} again (after a "
                 "fresh backup); a TradingTools that understands v{version} opens it as it "
                 "is").format(version=restored, supported=supported))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("profile", help=tr("profiles: list, create, switch, rename, delete, "
                                       "export, import, backups, restore"))
    actions = p.add_subparsers(dest="action", required=True)
    ls = actions.add_parser("list", help=tr("the profiles on this machine (* = active)"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)
    c = actions.add_parser("create", help=tr("create a profile"))
    c.add_argument("name", type=inputs.profile_name)
    c.add_argument("--switch", action="store_true", help=tr("and make it the active one"))
    c.set_defaults(handler=cmd_create)
    s = actions.add_parser("switch", help=tr("make NAME the active profile"))
    s.add_argument("name", type=inputs.profile_name)
    s.set_defaults(handler=cmd_switch)
    r = actions.add_parser("rename", help=tr("rename a profile (its keys follow it)"))
    r.add_argument("old", type=inputs.profile_name)
    r.add_argument("new", type=inputs.profile_name)
    r.set_defaults(handler=cmd_rename)
    d = actions.add_parser("delete", help=tr("delete a profile (a backup is kept)"))
    d.add_argument("name", type=inputs.profile_name)
    d.add_argument("--yes", action="store_true", help=tr("do not ask for confirmation"))
    d.set_defaults(handler=cmd_delete)
    e = actions.add_parser("export", help=tr("write the profile to one passphrase-encrypted file"))
    e.add_argument("file")
    e.add_argument("--name", type=inputs.profile_name,
                   help=tr("profile to export (default: --profile or the active one)"))
    e.add_argument("--include-secrets", action="store_true",
                   help=tr("also carry the vault's secrets (encrypted in the file)"))
    e.add_argument("--passphrase-stdin", action="store_true",
                   help=tr("read the export passphrase from the first line of stdin"))
    e.set_defaults(handler=cmd_export)
    i = actions.add_parser("import", help=tr("create a new profile from an export file"))
    i.add_argument("file")
    i.add_argument("--name", type=inputs.profile_name,
                   help=tr("name of the new profile (default: the exported one)"))
    i.add_argument("--passphrase-stdin", action="store_true",
                   help=tr("read the export passphrase from the first line of stdin"))
    i.add_argument("--vault-protection", choices=["keychain", "passphrase"],
                   help=tr("how the new profile's vault key is kept (default: keychain when "
                        "usable)"))
    i.add_argument("--switch", action="store_true", help=tr("and make it the active one"))
    i.set_defaults(handler=cmd_import)
    b = actions.add_parser("backups", help=tr("the profile's database backups, newest first"))
    b.add_argument("--name", type=inputs.profile_name,
                   help=tr("profile (default: --profile or the active one)"))
    b.add_argument("--json", action="store_true")
    b.set_defaults(handler=cmd_backups)
    rs = actions.add_parser("restore", help=tr("put a database backup back in place (the "
                                            "current database is kept as a backup first)"))
    rs.add_argument("backup", metavar="BACKUP_FILE_OR_INDEX",
                    help=tr("a number from `profile backups`, or a backup file"))
    rs.add_argument("--name", type=inputs.profile_name,
                   help=tr("profile (default: --profile or the active one)"))
    rs.add_argument("--yes", action="store_true", help=tr("do not ask for confirmation"))
    rs.set_defaults(handler=cmd_restore)
