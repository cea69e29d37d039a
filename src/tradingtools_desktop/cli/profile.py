"""``tradingtools profile list|create|switch|rename|delete|export|import``.

Delete asks for confirmation (type the name; ``--yes`` skips it) and moves the profile to
``deleted-profiles/`` first. Export / import passphrases come from a hidden prompt or, with
``--passphrase-stdin``, from the first line of stdin; never from argv.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from ..paths import active_profile, profile_paths
from ..services.runtime import AppServices
from ..vault import ProfileNotFound, Protection, VaultError, WeakPassphrase
from ..vault import profiles as prof
from ..vault.export import TransferSummary, export_profile, import_bundle, read_export
from ..vault.keychain import OSKeychain
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
        print(f"No profiles yet; '{active_profile()}' is created on first use.")
        return 0
    print_table([("*" if p.active else "", p.name, _size(p.size_bytes), str(p.path))
                 for p in items], ("", "profile", "size", "path"))
    return 0


@guarded
def cmd_create(args: argparse.Namespace) -> int:
    paths = prof.create_profile(args.name, activate=args.switch)
    print(f"created profile {paths.name} at {paths.dir}"
          + (" (now active)" if args.switch else ""))
    return 0


@guarded
def cmd_switch(args: argparse.Namespace) -> int:
    paths = prof.switch_profile(args.name)
    print(f"active profile: {paths.name} (opened the next time the app or a command "
          "starts)")
    return 0


@guarded
def cmd_rename(args: argparse.Namespace) -> int:
    paths = prof.rename_profile(args.old, args.new)
    print(f"renamed {args.old} to {paths.name}")
    return 0


@guarded
def cmd_delete(args: argparse.Namespace) -> int:
    if not prof.exists(args.name):
        raise ProfileNotFound(f"There is no profile named {args.name!r}.")
    if not args.yes:
        if not has_terminal() or not sys.stdin.isatty():
            print("error: deleting needs confirmation: run in a terminal, or add --yes",
                  file=sys.stderr)
            return EXIT_INPUT
        typed = input(f"Delete profile {args.name!r}? It is moved to a backup folder first. "
                      "Type its name to confirm: ")
        if typed.strip() != args.name:
            print("not deleted")
            return 1
    backup = prof.delete_profile(args.name)
    print(f"deleted profile {args.name}; backup kept at {backup}")
    print(f"active profile: {active_profile()}")
    return 0


def _export_passphrase(args: argparse.Namespace, *, new: bool) -> str:
    if args.passphrase_stdin:
        value = sys.stdin.readline().rstrip("\r\n")
    else:
        value = (new_passphrase("export", None) if new
                 else hidden("Export passphrase: ")) or ""
    if not value:
        raise WeakPassphrase("No passphrase was given.",
                             "Run in a terminal to type it, or use --passphrase-stdin.")
    return value


@guarded
def cmd_export(args: argparse.Namespace) -> int:
    name = args.name or args.profile or active_profile()
    if not prof.exists(name):
        raise ProfileNotFound(f"There is no profile named {name!r}.")
    passphrase = _export_passphrase(args, new=True)
    dest = Path(args.file).expanduser().resolve()

    async def act(svc: AppServices) -> TransferSummary:
        if args.include_secrets and svc.vault is not None:
            await ready(svc.vault)
        return await export_profile(svc.db, dest, passphrase, profile=name, vault=svc.vault,
                                    include_secrets=args.include_secrets)

    summary = with_services(name, act)
    _report(summary, "exported")
    print(f"wrote {dest}" + ("" if args.include_secrets else " (no secrets; add "
                             "--include-secrets to carry them, encrypted)"))
    return 0


@guarded
def cmd_import(args: argparse.Namespace) -> int:
    src = Path(args.file).expanduser()
    if not src.is_file():
        print(f"error: {src} is not a file", file=sys.stderr)
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
                raise VaultError("The export holds secrets; their new vault needs a "
                                 "passphrase (no usable OS keychain).",
                                 f"Run in a terminal, or set {PASSPHRASE_ENV}.")
    summary = asyncio.run(import_bundle(bundle, src, target, protection=protection,
                                        vault_passphrase=vault_passphrase))
    _report(summary, "imported")
    print(f"created profile {name} from {src.name}")
    if args.switch:
        prof.switch_profile(name)
        print(f"active profile: {name}")
    return 0


def _report(summary: TransferSummary, verb: str) -> None:
    for table, count in summary.tables.items():
        print(f"{verb} {table}: {count} rows")
    if summary.secrets:
        print(f"{verb} secrets (encrypted): {', '.join(summary.secrets)}")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("profile", help="profiles: list, create, switch, rename, delete, "
                                       "export, import")
    actions = p.add_subparsers(dest="action", required=True)
    ls = actions.add_parser("list", help="the profiles on this machine (* = active)")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)
    c = actions.add_parser("create", help="create a profile")
    c.add_argument("name")
    c.add_argument("--switch", action="store_true", help="and make it the active one")
    c.set_defaults(handler=cmd_create)
    s = actions.add_parser("switch", help="make NAME the active profile")
    s.add_argument("name")
    s.set_defaults(handler=cmd_switch)
    r = actions.add_parser("rename", help="rename a profile (its keys follow it)")
    r.add_argument("old")
    r.add_argument("new")
    r.set_defaults(handler=cmd_rename)
    d = actions.add_parser("delete", help="delete a profile (a backup is kept)")
    d.add_argument("name")
    d.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    d.set_defaults(handler=cmd_delete)
    e = actions.add_parser("export", help="write the profile to one passphrase-encrypted file")
    e.add_argument("file")
    e.add_argument("--name", help="profile to export (default: --profile or the active one)")
    e.add_argument("--include-secrets", action="store_true",
                   help="also carry the vault's secrets (encrypted in the file)")
    e.add_argument("--passphrase-stdin", action="store_true",
                   help="read the export passphrase from the first line of stdin")
    e.set_defaults(handler=cmd_export)
    i = actions.add_parser("import", help="create a new profile from an export file")
    i.add_argument("file")
    i.add_argument("--name", help="name of the new profile (default: the exported one)")
    i.add_argument("--passphrase-stdin", action="store_true",
                   help="read the export passphrase from the first line of stdin")
    i.add_argument("--vault-protection", choices=["keychain", "passphrase"],
                   help="how the new profile's vault key is kept (default: keychain when "
                        "usable)")
    i.add_argument("--switch", action="store_true", help="and make it the active one")
    i.set_defaults(handler=cmd_import)
