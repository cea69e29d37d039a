from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradingtools_desktop.cli import main

CODES = {"TRADING_HALTED", "TRADING_REDUCING", "LIVE_NOT_ARMED", "GUARDRAILS_UNHEALTHY",
         "SESSION_CLOSED", "ORDER_TYPE_NOT_ALLOWED", "SYMBOL_UNKNOWN", "INVALID_QUANTITY",
         "INVALID_PRICE", "LOT_SIZE", "TICK_SIZE", "PRICE_BAND", "MAX_QTY", "MAX_NOTIONAL",
         "BUYING_POWER", "SELLABLE_QTY", "DAILY_LOSS", "COOLDOWN", "RATE_LIMIT", "DUPLICATE_KEY",
         "SECURITY_STATUS"}
CHECK = ["order", "check", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy", "--type",
         "LO", "--qty", "100", "--price", "95.3", "--ref", "95", "--json"]


def test_order_check_prints_the_documented_json(tt_home, capsys) -> None:
    code = main([*CHECK, "--at", "2026-11-25T10:00:00+07:00"])
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"allowed", "checks"} and out["allowed"] is True and code == 0
    assert {c["code"] for c in out["checks"]} == CODES
    assert all(set(c) == {"code", "passed", "reason", "context", "message"}
               for c in out["checks"])


def test_order_check_when_denied_exits_1_with_reasons(tt_home, capsys) -> None:
    code = main(["order", "check", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy",
                 "--qty", "150", "--price", "95.32", "--ref", "95",
                 "--at", "2026-11-25T12:00:00+07:00", "--json"])
    out = json.loads(capsys.readouterr().out)
    failed = {c["code"] for c in out["checks"] if not c["passed"]}
    assert code == 1 and {"LOT_SIZE", "TICK_SIZE", "SESSION_CLOSED"} <= failed


def test_order_lifecycle_through_the_cli(tt_home, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", "2026-11-25T10:00:00+07:00")
    base = ["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy",
            "--qty", "100", "--json"]
    assert main([*base, "--price", "99.6", "--key", "k-fill"]) == 0
    filled = json.loads(capsys.readouterr().out)["order"]
    assert filled["status"] == "FILLED" and filled["avg_price_vnd"] == 99_600
    assert main([*base, "--price", "95", "--key", "k-rest"]) == 0
    resting = json.loads(capsys.readouterr().out)["order"]
    assert resting["status"] == "SUBMITTED"
    assert main(["order", "list", "--open", "--json"]) == 0
    assert [o["id"] for o in json.loads(capsys.readouterr().out)] == [resting["id"]]
    assert main(["order", "cancel", resting["id"][:10], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "CANCELLED"
    assert main(["order", "status", resting["id"], "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert [a["to"] for a in status["audit"]] == [
        "NEW", "PENDING_SUBMIT", "SUBMITTED", "PENDING_CANCEL", "CANCELLED"]
    # the same key again: the stored order, not a second one
    assert main([*base, "--price", "99.6", "--key", "k-fill"]) == 1
    again = json.loads(capsys.readouterr().out)
    assert again["duplicate"] is True and again["order"]["id"] == filled["id"]
    assert main(["order", "status", "nope"]) == 2


def thousands(vnd: int) -> str:
    """A VND price as typed on the CLI, in thousands (99600 -> '99.6')."""
    return f"{Decimal(vnd) / 1000:f}"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    exchange=st.sampled_from(["HOSE", "HNX", "UPCOM"]),
    side=st.sampled_from(["buy", "sell"]),
    otype=st.sampled_from(["LO", "ATO", "ATC", "MP", "MTL", "MOK", "MAK", "PLO"]),
    qty=st.integers(min_value=-10**7, max_value=10**7),
    price=st.one_of(st.none(), st.integers(min_value=-10**6, max_value=10**7)),
    ref=st.integers(min_value=1, max_value=10**6),
    hour=st.integers(min_value=0, max_value=23),
    minute=st.integers(min_value=0, max_value=59),
)
def test_property_random_tickets_through_the_cli_always_get_a_decision(
    tt_home, capsys, exchange, side, otype, qty, price, ref, hour, minute
) -> None:
    argv = ["order", "check", "--exchange", exchange, "--symbol", "FPT", "--side", side,
            "--type", otype, "--qty", str(qty), "--ref", thousands(ref),
            "--at", f"2026-11-25T{hour:02d}:{minute:02d}:00+07:00", "--json"]
    if price is not None:
        argv += ["--price", thousands(price)]
    code = main(argv)
    if qty < 1 or qty > 100_000_000 or (price is not None and not 0 < price <= 5_000_000):
        # the parse layer refuses what cannot be a quantity or a price (above 5,000 in
        # thousands it can only have been typed in VND): a sentence, exit 2
        assert code == 2 and capsys.readouterr().out == ""
        return
    out = json.loads(capsys.readouterr().out)
    assert code == (0 if out["allowed"] else 1)
    assert {c["code"] for c in out["checks"]} == CODES


def test_order_check_rejects_a_naive_time(tt_home) -> None:
    assert main([*CHECK, "--at", "2026-11-25T10:00:00"]) == 2


def test_order_modify_through_the_cli(tt_home, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", "2026-11-25T10:00:00+07:00")
    assert main(["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy",
                 "--qty", "100", "--price", "95", "--key", "k-mod", "--json"]) == 0
    order = json.loads(capsys.readouterr().out)["order"]
    assert main(["order", "modify", order["id"][:10], "--price", "95.5", "--quantity",
                 "200", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["modified"] is True and out["refused"] == ""
    assert (out["order"]["price_vnd"], out["order"]["quantity"]) == (95_500, 200)
    # off the tick: refused by the pre-trade checks, exit 1, nothing changed
    assert main(["order", "modify", order["id"], "--price", "95.55", "--json"]) == 1
    refused = json.loads(capsys.readouterr().out)
    assert refused["modified"] is False and "TICK_SIZE" in {
        c["code"] for c in refused["decision"]["checks"] if not c["passed"]}
    # nothing to change, or an order that cannot be modified: a sentence, exit 2
    assert main(["order", "modify", order["id"]]) == 2
    assert "new price or a new quantity" in capsys.readouterr().err
    assert main(["order", "cancel", order["id"], "--json"]) == 0
    capsys.readouterr()
    assert main(["order", "modify", order["id"], "--price", "95.1"]) == 2
    assert "CANCELLED" in capsys.readouterr().err
