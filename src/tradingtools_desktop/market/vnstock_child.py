"""The vnstock worker process: ``python -m tradingtools_desktop.market.vnstock_child``.

Reads one JSON request on stdin, writes one JSON reply on stdout. It is only ever started
by :mod:`.vnstock_worker`, with HOME and the working directory inside the app's cache and
vnstock's telemetry, upgrade check and AGENTS.md writer switched off. vnstock's adverts
and prints go to stderr so stdout carries only the reply.
"""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Any


def _records(df: Any) -> list[dict[str, Any]]:
    if df is None:
        return []
    out = []
    for rec in df.reset_index(drop=False).to_dict(orient="records"):
        out.append({str(k): (v.isoformat() if hasattr(v, "isoformat") else
                             None if v != v else v)  # NaN -> None
                    for k, v in rec.items() if k != "index"})
    return out


def handle(req: dict[str, Any]) -> Any:
    # blocks the pip/pypi upgrade check before vnstock is imported (STACK-NOTES)
    sys.modules.setdefault("vnstock.core.utils.upgrade", None)  # type: ignore[arg-type]
    import vnstock

    method = req["method"]
    source = req.get("source", "VCI")
    if method == "history":
        q = vnstock.Quote(symbol=req["symbol"], source=source)
        return _records(q.history(start=req["start"], end=req["end"], interval="1D"))
    if method == "listing":
        return _records(vnstock.Listing(source=source).symbols_by_exchange())
    if method == "ratios":
        # vnstock 4's Fundamental API (KBS): one record per measure (item, item_id) and
        # one column per quarter, the shape market/vnstock_ratios.py reads; "all" keeps
        # the source's own ``unit`` label per record (its default drops it)
        return _records(vnstock.Fundamental().equity(req["symbol"]).ratio(display_mode="all"))
    if method == "news":
        return _records(vnstock.Company(symbol=req["symbol"], source=source).news())
    if method == "price_board":
        # KBS (vnstock 4's default board): one flat row per symbol, prices in VND, the
        # columns market/vnstock_board.py reads; VCI's board has nested column groups
        board = vnstock.Trading(source=req.get("source", "KBS"))
        return _records(board.price_board(list(req["symbols"])))
    if method == "ping":
        return {"vnstock": getattr(vnstock, "__version__", "?")}
    raise ValueError(f"unknown method {method!r}")


def main() -> int:
    req = json.loads(sys.stdin.read())
    real_stdout = sys.stdout
    try:
        with contextlib.redirect_stdout(sys.stderr):
            result = handle(req)
        reply = {"ok": True, "result": result}
    except Exception as exc:  # the parent turns this into a typed error
        reply = {"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    real_stdout.write(json.dumps(reply, ensure_ascii=False, default=str))
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
