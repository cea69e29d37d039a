"""``tradingtools secrets ...``: the profile's vault from the command line.

Values are NEVER taken from argv (shell history, ``ps``): ``secrets set NAME`` reads the
value from stdin when it is not a terminal, else from a hidden prompt. A passphrase vault is
unlocked with ``TRADINGTOOLS_VAULT_PASSPHRASE`` or a hidden prompt on the terminal (which
works even while the value is piped in). Exit codes: 0 ok, 1 a secret is damaged, 2 bad
input (incl. unknown profile), 3 profile database problem, 4 vault problem (locked, wrong
passphrase, keychain, unreadable export).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from ..i18n import said, tr
from ..paths import InvalidProfileName
from ..services.runtime import AppServices
from ..store import StoreError
from ..vault import (
    NAMES,
    SPECS,
    InvalidSecretValue,
    KeychainUnavailable,
    ProfileError,
    Protection,
    UnknownSecret,
    Vault,
    VaultError,
    VaultLocked,
    VaultStatus,
    WeakPassphrase,
    mask,
    spec,
)
from ..vault.env_import import EnvFileError, EnvImportReport, import_env_file
from . import error_text, inputs
from .common import EXIT_STORE, print_json, print_table, with_services

# names of environment variables, not passphrases
PASSPHRASE_ENV = "TRADINGTOOLS_VAULT_PASSPHRASE"  # noqa: S105
NEW_PASSPHRASE_ENV = "TRADINGTOOLS_VAULT_NEW_PASSPHRASE"  # noqa: S105
EXIT_DAMAGED, EXIT_INPUT, EXIT_VAULT = 1, 2, 4
_INPUT_ERRORS = (InvalidSecretValue, UnknownSecret, WeakPassphrase, ProfileError)


# -- terminal input (shared with cli/profile.py) ----------------------------------------
def has_terminal() -> bool:
    """Whether a hidden prompt can be shown (a controlling terminal exists)."""
    if sys.platform == "win32":
        return sys.stdin.isatty()
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return False
    return True


def hidden(prompt: str) -> str | None:
    """A hidden prompt on the terminal, or None when there is none."""
    return getpass.getpass(prompt) if has_terminal() else None


_PROMPTS = {"vault": ("New vault passphrase: ", "Repeat the vault passphrase: "),
            "export": ("New export passphrase: ", "Repeat the export passphrase: ")}


def new_passphrase(what: str, env_var: str | None) -> str | None:
    """A new passphrase from ``env_var`` or typed twice; None when neither is possible."""
    value = os.environ.get(env_var) if env_var else None
    if value:
        return value
    new, repeat = _PROMPTS[what]
    first = hidden(tr(new))
    if first is None:
        return None
    if hidden(tr(repeat)) != first:
        raise WeakPassphrase("The two passphrases differ.", "Type the same passphrase twice.")
    return first


def current_passphrase() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or hidden(tr("Vault passphrase: "))


def read_value(name: str) -> str:
    """The value for ``name`` from piped stdin, or typed at a hidden prompt."""
    if not sys.stdin.isatty():
        return sys.stdin.read()
    if spec(name).multiline:
        print(tr("Paste {name}, then an empty line (input is hidden):").format(name=name),
              file=sys.stderr)
        lines = []
        while line := getpass.getpass(""):
            lines.append(line)
        return "\n".join(lines)
    return getpass.getpass(tr("Value for {name} (input is hidden): ").format(name=name))


def guarded(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Vault errors -> their message and way out on stderr, and an exit code."""
    def run(args: argparse.Namespace) -> int:
        try:
            return fn(args)
        except VaultError as exc:
            print(error_text(exc), file=sys.stderr)
            return EXIT_INPUT if isinstance(exc, _INPUT_ERRORS) else EXIT_VAULT
        except InvalidProfileName as exc:
            print(tr("error: {why}").format(why=said(exc)), file=sys.stderr)
            return EXIT_INPUT
        except StoreError as exc:
            print(error_text(exc), file=sys.stderr)
            return EXIT_STORE
    return run


# -- opening the vault -------------------------------------------------------------------
async def ready(vault: Vault, *, create: bool = False,
                protection: Protection | None = None) -> VaultStatus:
    """Unlock (or, with ``create``, first set up) the vault for a command."""
    st = await vault.status()
    if not st.initialised:
        if not create:
            return st
        choice = protection or (Protection.KEYCHAIN if st.keychain.usable
                                else Protection.PASSPHRASE)
        passphrase = None
        if choice is Protection.PASSPHRASE:
            passphrase = new_passphrase("vault", PASSPHRASE_ENV)
            if passphrase is None:
                why = tr(st.keychain.reason or "a passphrase was asked for")
                raise KeychainUnavailable(
                    tr("The vault needs a passphrase ({why}) and none was given.").format(
                        why=why),
                    tr("Run in a terminal to type one, or set {env}.").format(
                        env=PASSPHRASE_ENV))
        await vault.initialise(choice, passphrase, source="cli")
        where = st.keychain.backend if choice is Protection.KEYCHAIN else tr("a passphrase")
        print(tr("Vault created, its key protected by {where}.").format(where=where),
              file=sys.stderr)
    elif st.protection is Protection.PASSPHRASE and not st.unlocked:
        passphrase = current_passphrase()
        if passphrase is None:
            raise VaultLocked(tr("The vault is protected by a passphrase and none was given."),
                              tr("Run in a terminal to type it, or set {env}.").format(
                                  env=PASSPHRASE_ENV))
        await vault.unlock(passphrase)
    return await vault.status()


def _vault(svc: AppServices) -> Vault:
    if svc.vault is None:  # pragma: no cover - AppServices.open always builds one
        raise VaultError(tr("This profile has no vault."))
    return svc.vault


def _run[T](args: argparse.Namespace, fn: Callable[[Vault], Awaitable[T]]) -> T:
    async def act(svc: AppServices) -> T:
        return await fn(_vault(svc))
    return with_services(args.profile, act)


# -- commands ----------------------------------------------------------------------------
def cmd_names(args: argparse.Namespace) -> int:
    if args.json:
        print_json([{"name": s.name, "env": s.env_var, "label": s.label, "group": s.group,
                     "optional": s.optional, "where": s.help, "where_vi": s.help_vi}
                    for s in SPECS])
    else:
        from ..i18n import language

        print_table([(s.name, s.env_var, s.help_vi if language() == "vi" and s.help_vi
                      else s.help) for s in SPECS],
                    tuple(tr(h) for h in ("name", "environment override", "where to get it")))
    return 0


@guarded
def cmd_list(args: argparse.Namespace) -> int:
    async def act(vault: Vault) -> list[dict[str, object]]:
        await ready(vault)
        return [{"name": i.name, "masked": i.masked, "source": i.source,
                 "updated_at": i.updated_at.isoformat() if i.updated_at else None,
                 "problem": i.problem} for i in await vault.list_secrets()]

    rows = _run(args, act)
    if args.json:
        print_json(rows)
    else:
        print_table([(str(r["name"]), str(r["masked"] or "-"), tr(str(r["source"] or "-")),
                      str(r["updated_at"] or "-")[:19], tr(str(r["problem"] or "")))
                     for r in rows],
                    tuple(tr(h) for h in ("name", "value", "source", "last changed", "problem")))
    damaged = any(r["problem"] and "tampered" in str(r["problem"]) for r in rows)
    return EXIT_DAMAGED if damaged else 0


@guarded
def cmd_set(args: argparse.Namespace) -> int:
    if args.extra:
        print(tr("error: {why}").format(why=tr(
            "values are never taken from the command line (they would stay in the shell "
            "history). Pipe the value in, or type it at the hidden prompt.")), file=sys.stderr)
        return EXIT_INPUT
    spec(args.name)
    value = read_value(args.name)

    async def act(vault: Vault) -> str:
        await ready(vault, create=True)
        await vault.set(args.name, value, source="cli")
        return mask(args.name, (await vault.get(args.name)) or "")

    shown = _run(args, act)
    print(tr("stored {name} ({shown})").format(name=args.name, shown=shown))
    if os.environ.get(spec(args.name).env_var):
        print(tr("note: {env} is set and overrides it in this environment").format(
            env=spec(args.name).env_var), file=sys.stderr)
    return 0


@guarded
def cmd_revoke(args: argparse.Namespace) -> int:
    spec(args.name)
    found = _run(args, lambda vault: vault.revoke(args.name, source="cli"))
    print((tr("revoked {name}") if found else tr("{name} was not stored")).format(
        name=args.name))
    if os.environ.get(spec(args.name).env_var):
        print(tr("note: {env} is still set in your environment; processes started with it "
                 "keep using it. Unset it and remove it from any .env file.").format(
            env=spec(args.name).env_var), file=sys.stderr)
    return 0


@guarded
def cmd_rotate(args: argparse.Namespace) -> int:
    target = Protection(args.to.upper()) if args.to else None

    async def act(vault: Vault) -> str:
        st = await ready(vault)
        if not st.initialised:
            raise VaultError(tr("There is nothing to rotate: this profile has no vault yet."))
        passphrase = None
        if (target or st.protection) is Protection.PASSPHRASE:
            passphrase = new_passphrase("vault", NEW_PASSPHRASE_ENV)
            if passphrase is None:
                raise WeakPassphrase(tr("Rotating a passphrase vault needs the new passphrase."),
                                     tr("Run in a terminal, or set {env}.").format(
                                         env=NEW_PASSPHRASE_ENV))
        report = await vault.rotate(target, passphrase, source="cli")
        return tr("rotated: {n} secrets re-encrypted under a new key, protected by {how}; "
                  "the old key is destroyed").format(n=report.secrets,
                                                     how=tr(report.protection.value.lower()))

    print(_run(args, act))
    return 0


@guarded
def cmd_import_env(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(tr("error: {why}").format(why=tr("{path} is not a file").format(path=path)),
              file=sys.stderr)
        return EXIT_INPUT

    async def act(vault: Vault) -> EnvImportReport:
        await ready(vault, create=True)
        return await import_env_file(vault, path)

    try:
        report = _run(args, act)
    except EnvFileError as exc:
        print(tr("error: {why}").format(why=said(exc)), file=sys.stderr)
        return EXIT_INPUT
    for name in report.imported:
        print(tr("imported {name} (from {source})").format(name=name,
                                                           source=report.sources[name]))
    for var in report.skipped:
        print(tr("skipped {var}: not a TradingTools secret").format(var=var))
    for problem in report.problems:
        print(tr("warning: {why}").format(why=tr(problem)), file=sys.stderr)
    if report.imported:
        print("\n" + tr("The secrets are now in the encrypted vault. DELETE {path} now: it "
                        "still holds them in plain text (and remove it from backups and "
                        "version control).").format(path=path))
    return 0


@guarded
def cmd_init(args: argparse.Namespace) -> int:
    choice = Protection(args.protection.upper()) if args.protection else None

    async def act(vault: Vault) -> VaultStatus:
        if (await vault.status()).initialised:
            raise VaultError(tr("The vault of this profile is already set up."),
                             tr("Use `tradingtools secrets rotate --to ...` to change it."))
        return await ready(vault, create=True, protection=choice)

    st = _run(args, act)
    print(tr("vault ready: {how}").format(
        how=tr(st.protection.value.lower()) if st.protection else "?"))
    return 0


@guarded
def cmd_status(args: argparse.Namespace) -> int:
    st: VaultStatus = _run(args, lambda vault: vault.status())
    data = {"initialised": st.initialised,
            "protection": st.protection.value if st.protection else None,
            "kdf": st.kdf, "key_created_at": st.key_created_at,
            "keychain_backend": st.keychain.backend, "keychain_usable": st.keychain.usable,
            "keychain_problem": st.keychain.reason or None}
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            worded = isinstance(value, bool) or (
                key in ("protection", "keychain_problem") and bool(value))
            shown = tr(str(value)) if worded else value if value is not None else "-"
            print(f"{tr(key)}: {shown}")
    return 0


@guarded
def cmd_audit(args: argparse.Namespace) -> int:
    entries = _run(args, lambda vault: vault.audit_trail(args.limit))
    rows: list[tuple[str, ...]] = [(e.at.isoformat()[:19], e.name, e.action, e.source)
                                   for e in entries]
    if args.json:
        print_json([dict(zip(("at", "name", "action", "source"), r, strict=True)) for r in rows])
    else:
        print_table(rows, tuple(tr(h) for h in ("at (UTC)", "name", "action", "source")))
    return 0


@guarded
def cmd_reset(args: argparse.Namespace) -> int:
    if not args.yes:
        print(tr("error: {why}").format(why=tr(
            "reset destroys every stored secret of this profile; add --yes")), file=sys.stderr)
        return EXIT_INPUT
    _run(args, lambda vault: vault.reset(source="cli"))
    print(tr("vault reset: every stored secret and the key are destroyed"))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("secrets", help=tr("the profile's encrypted keys and tokens"))
    actions = p.add_subparsers(dest="action", required=True)
    for name, fn, text in (("names", cmd_names, "the secret names and where to get each"),
                           ("list", cmd_list, "names, masked values, source, last changed"),
                           ("status", cmd_status, "how the vault is protected"),
                           ("audit", cmd_audit, "who changed what, when (never values)")):
        a = actions.add_parser(name, help=tr(text))
        a.add_argument("--json", action="store_true")
        a.set_defaults(handler=fn)
        if name == "audit":
            a.add_argument("--limit", type=inputs.list_limit, default=100)
    s = actions.add_parser("set", help=tr("store NAME; the value is read from stdin or a "
                                          "hidden prompt, never from the command line"))
    s.add_argument("name", metavar="NAME", help=", ".join(NAMES))
    s.add_argument("extra", nargs="*", help=argparse.SUPPRESS)
    s.set_defaults(handler=cmd_set)
    r = actions.add_parser("revoke", help=tr("remove NAME; services stop using it at once"))
    r.add_argument("name", metavar="NAME", help=", ".join(NAMES))
    r.set_defaults(handler=cmd_revoke)
    ro = actions.add_parser("rotate", help=tr("new key, every secret re-encrypted, old key "
                                              "destroyed"))
    ro.add_argument("--to", choices=["keychain", "passphrase"])
    ro.set_defaults(handler=cmd_rotate)
    i = actions.add_parser("import-env", help=tr("move a .env file's keys into the vault"))
    i.add_argument("file")
    i.set_defaults(handler=cmd_import_env)
    n = actions.add_parser("init", help=tr("set up the vault (keychain when usable)"))
    n.add_argument("--protection", choices=["keychain", "passphrase"])
    n.set_defaults(handler=cmd_init)
    z = actions.add_parser("reset", help=tr("destroy every stored secret and the key"))
    z.add_argument("--yes", action="store_true")
    z.set_defaults(handler=cmd_reset)
