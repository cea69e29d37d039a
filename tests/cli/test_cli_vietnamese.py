"""In Vietnamese (``TRADINGTOOLS_LANG=vi``) the commands leave no English: their error
sentences, results, table headings, ``doctor``'s checks and their help lines. Every
catalogue key the commands use has a Vietnamese entry with the same placeholders.

Codes stay as typed (FPT, HOSE, LO, option names such as ``--price``); argparse's own words
("usage:", "options:", "show this help message and exit") are argparse's."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from tests.ui.vi_walk import english_words

from tradingtools_desktop.cli import main
from tradingtools_desktop.i18n import set_language, tr
from tradingtools_desktop.i18n.vi import VI
from tradingtools_desktop.i18n.vi_cli import VI_CLI

PKG = Path(__file__).resolve().parents[2] / "src" / "tradingtools_desktop"
SOURCES = [*sorted((PKG / "cli").glob("*.py")), PKG / "services" / "health.py"]
TICKET = ["order", "check", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy",
          "--qty", "100"]
# argparse's own words, and names that read the same in both languages
ARGPARSE = ("show this help message and exit", "show program's version number and exit",
            "options:", "positional arguments:", "usage:", "error:", "argument",
            "invalid choice", "choose from",
            "the following arguments are required")
CODES = {"dry-run", "doctor", "tradingtools", "duckdb", "schema", "plugin", "offscreen",
         "python", "Python", "keychain", "Qt", "README", "apt", "Linux", "rollback", "stdin",
         "terminal", "shell", "token", "WATCHLIST", "IC", "Newey-West", "walk-forward",
         "top-N", "x1000", "UTC", "CSV", "vnstock", "FastConnect", "SSI", "LO", "true",
         "false", "requestID", "notify", "default", "pandas-ta", "env",
         # the CSV columns data import reads
         "date", "open", "high", "low", "close", "volume"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _literals(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)]


def catalogue_keys() -> set[str]:
    """Every text the commands pass to ``tr``: literal arguments, the literal tuples a
    ``tr(h) for h in (...)`` walks, and the tables of texts (help lines, headings, labels)
    the commands translate by name."""
    keys: set[str] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "tr" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    keys.add(arg.value)
            elif isinstance(node, ast.GeneratorExp | ast.ListComp):
                elt = node.elt
                if isinstance(elt, ast.Call) and isinstance(elt.func, ast.Attribute):
                    elt = elt.func.value  # tr(h).format(...)
                if isinstance(elt, ast.Call) and getattr(elt.func, "id", "") == "tr":
                    for gen in node.generators:
                        keys.update(_literals(gen.iter))
    from tradingtools_desktop.cli import dlq, order, portfolio, secrets, trading_code, views

    keys.update(order.ACTION_HELP.values())
    keys.update([order.PRICE_HELP, views.TIME_ZONE_LABEL, trading_code.NO_TERMINAL])
    keys.update(label for label, _ in portfolio._SUMMARY)
    keys.update(["realised", "unrealised", "today", "fees paid", "taxes paid"])
    keys.update(dlq.HEAD)
    keys.update(dlq._LABELS)
    keys.update(text for pair in secrets._PROMPTS.values() for text in pair)
    keys.update(["the secret names and where to get each",
                 "names, masked values, source, last changed", "how the vault is protected",
                 "who changed what, when (never values)"])
    keys.discard("")
    return keys


def test_every_key_the_commands_use_has_vietnamese_with_the_same_placeholders() -> None:
    keys = catalogue_keys()
    assert len(keys) > 250  # the scan found the commands' texts
    missing = sorted(k for k in keys if k not in VI)
    assert not missing, missing
    changed = sorted(k for k in keys if _fields(VI[k]) != _fields(k))
    assert not changed, changed


def test_the_cli_catalogue_keeps_every_placeholder() -> None:
    assert not [k for k, v in VI_CLI.items() if _fields(k) != _fields(v)]


@pytest.fixture
def vietnamese(monkeypatch):
    monkeypatch.setenv("TRADINGTOOLS_LANG", "vi")
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", "2026-11-25T10:00:00+07:00")
    set_language("vi")
    yield
    set_language(None)


def _english_sentences() -> list[str]:
    """The fixed parts (between placeholders) of the commands' English sentences."""
    parts = []
    for key in VI_CLI:
        for literal, *_ in string.Formatter().parse(key):
            text = literal.strip(" .:;,()—-")
            if len(text) >= 14 and len(text.split()) >= 3:
                parts.append(text)
    return parts


def _leftovers(text: str) -> list[str]:
    """English words left in ``text``: not argparse's own words (its usage block, "error:",
    "argument --price:"), not what the user typed (quoted), not the commands it names, not
    option names or codes."""
    kept = []
    in_usage = False
    for line in text.splitlines():
        said = re.match(r"tradingtools[\w .-]*: error: (?:argument [^:]+: )?(.*)", line)
        if said:
            line, in_usage = said.group(1), False
        elif line.startswith("usage:") or (in_usage and line.startswith(" ")):
            in_usage = True
            continue
        else:
            in_usage = False
        # a help row names its command or positional first, as typed: "    place   đặt..."
        line = re.sub(r"^ {2,4}[a-z][\w-]*(?= {2,}|$)", " ", line)
        for word in ARGPARSE:
            line = line.replace(word, " ")
        line = re.sub(r"'[^']*'|`[^`]*`|tradingtools( [a-z-]+)+( [A-Z_]+)?", " ", line)
        line = re.sub(r"(?<![\w])--?[\w-]+", " ", line)  # option names
        line = re.sub(r"\{[^}]*\}|\b[A-Z_]{2,}\b", " ", line)  # choices, metavariables
        kept.append(line)
    return [w for w in english_words("\n".join(kept)) if w not in CODES]


def _run(capsys, argv: list[str]) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


BAD_INPUT = [
    [*TICKET, "--price", "abc"], [*TICKET, "--price", "99,6"], [*TICKET, "--price", "99600"],
    [*TICKET, "--price", "0"], [*TICKET, "--price", "99.6555"],
    ["order", "check", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--qty",
     "many"],
    ["order", "check", "--exchange", "NYSE", "--symbol", "FPT", "--side", "buy", "--qty", "1"],
    ["order", "check", "--exchange", "HOSE", "--symbol", "F P T", "--side", "buy", "--qty",
     "1"],
    [*TICKET, "--price", "99.6", "--at", "tomorrow"],
    [*TICKET, "--price", "99.6", "--at", "2026-11-25T10:00:00"],
    [*TICKET, "--price", "99.6", "--key", "a b"],
    ["order", "list", "--limit", "0"], ["order", "status", "no/such"],
    ["order", "status", "ffffffff"], ["dlq", "show", "0"], ["dlq", "show", "99"],
    ["settings", "closure", "add", "25-11-2026"], ["universe", "add", "HOSE", "FPT"],
    ["universe", "add", "MY LIST", "FPT"], ["profile", "switch", "no/such"],
    ["profile", "delete", "nosuch"], ["profile", "restore", "7"],
    ["secrets", "set", "ssi.consumer_id", "value-on-argv"], ["secrets", "reset"],
    ["secrets", "import-env", "/no/such/file.env"], ["screen", "show", "nosuchrun"],
    ["settings", "set", "notify.fills", "maybe"],
]
NORMAL = [
    [*TICKET, "--price", "99.6", "--ref", "95", "--at", "2026-11-25T10:00:00+07:00"],
    [*TICKET[:7], "sell", *TICKET[8:], "--price", "99.6", "--ref", "95"],
    ["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--qty",
     "100", "--price", "95", "--key", "vi-1"],
    ["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--qty",
     "100", "--price", "95", "--key", "vi-1"],
    ["order", "list"], ["state"], ["portfolio"], ["portfolio", "positions"],
    ["portfolio", "pnl"], ["dlq", "list"], ["dlq", "list", "--all"], ["data", "status"],
    ["screen", "list"], ["universe", "show", "WATCHLIST"], ["profile", "list"],
    ["profile", "backups"], ["secrets", "status"], ["doctor", "--offline"],
    ["profile", "create", "vi2"],
]
HELP = [["--help"], ["order", "--help"], ["order", "place", "--help"],
        ["profile", "export", "--help"], ["secrets", "--help"], ["screen", "--help"],
        ["data", "--help"], ["dlq", "--help"], ["doctor", "--help"]]


def test_the_commands_leave_no_english_sentence_in_vietnamese(tt_home, capsys,
                                                               vietnamese) -> None:
    english = _english_sentences()
    problems: list[str] = []
    placed = ""
    for argv in [*BAD_INPUT, *NORMAL, *HELP]:
        code, text = _run(capsys, argv)
        if argv[:2] == ["order", "place"] and "--help" not in argv:
            found = re.search(r"\[mã lệnh (\w+)\]", text)
            assert found, (argv, text)
            placed = found.group(1)
        assert "Traceback" not in text, (argv, text)
        problems += [f"{' '.join(argv)}: {s!r}" for s in english if s in text]
        problems += [f"{' '.join(argv)}: {w!r} in {text!r}" for w in _leftovers(text)]
        if argv in BAD_INPUT:
            assert code != 0, argv
    assert placed
    code, text = _run(capsys, ["screen", "run", "--universe", "VN30"])
    assert code == 0, text
    problems += [f"screen run: {w!r} in {text!r}" for w in _leftovers(text)]
    run_id = re.search(r"([0-9a-f]{16}) — VN30", text)
    assert run_id, text
    for argv in (["order", "status", placed], ["order", "cancel", placed],
                 ["screen", "show", run_id.group(1)]):
        code, text = _run(capsys, argv)
        assert code == 0, text
        problems += [f"{' '.join(argv)}: {w!r} in {text!r}" for w in _leftovers(text)]
    assert not problems, "\n".join(problems)


def test_a_bad_price_reads_in_vietnamese_and_in_english(tt_home, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TRADINGTOOLS_LANG", "vi")
    assert main([*TICKET, "--price", "0"]) == 2
    assert "Giá phải lớn hơn 0 (theo nghìn đồng, vd. 99.6)." in capsys.readouterr().err
    monkeypatch.setenv("TRADINGTOOLS_LANG", "en")
    assert main([*TICKET, "--price", "0"]) == 2
    assert "The price must be above zero" in capsys.readouterr().err
    assert tr("error: {why}") == "error: {why}"


def test_a_track_record_verdict_is_worded_from_its_numbers_and_stored_in_english() -> None:
    from datetime import date

    from tradingtools_desktop.services.track_record.evaluate import verdict

    stats = {"mean_ic": 0.05, "ic_t": 2.5, "ic_dates": 60}
    band = {"seeds": 20, "ic_t_p05": -1.5, "ic_t_p95": 1.7}
    start, end = date(2021, 1, 1), date(2025, 12, 31)
    stored = verdict("technical", stats, start, end, band)
    assert stored == ("On 2021-2025 this score has ranked stocks better than chance (mean "
                      "rank IC +0.050, t 2.50, 60 monthly dates; random scores gave t -1.50 "
                      "to 1.70); a past edge is no promise of a future one.")
    try:
        set_language("vi")
        shown = verdict("technical", stats, start, end, band, word=tr)
    finally:
        set_language(None)
    assert shown.startswith("Giai đoạn 2021-2025 điểm này xếp hạng cổ phiếu tốt hơn ngẫu")
    assert "+0.050" in shown and "-1.50" in shown
    assert [w for w in english_words(shown) if w != "IC"] == []


def test_every_way_out_of_the_store_and_the_vault_has_vietnamese() -> None:
    import inspect

    from tradingtools_desktop.store import errors as store_errors
    from tradingtools_desktop.vault import errors as vault_errors

    ways = [cls.way_out for module in (store_errors, vault_errors)
            for cls in vars(module).values()
            if inspect.isclass(cls) and issubclass(cls, Exception) and "way_out" in vars(cls)]
    assert len(ways) >= 15
    assert [w for w in ways if w not in VI] == []


def test_a_refusal_raised_with_its_template_reads_in_the_language_chosen() -> None:
    from tradingtools_desktop.domain.worded import worded
    from tradingtools_desktop.i18n import said
    from tradingtools_desktop.services.dlq import DlqNotFound

    exc = worded(DlqNotFound, "No dead-letter entry {id}.", id=7)
    assert str(exc) == "No dead-letter entry 7."
    try:
        set_language("vi")
        assert said(exc) == "Không có mục lệnh lỗi số 7."
    finally:
        set_language(None)
    assert said(exc) == "No dead-letter entry 7."
