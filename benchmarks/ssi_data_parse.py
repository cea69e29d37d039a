"""FastConnect Data push parsing cost per message, the part of parse -> quote service -> bus
this client owns.

Frames are what the stream carries, built from the real recorded iBoard session (MBB, FPT,
VCB) the way the simulator serves them: a SignalR frame ``{"C":..,"M":[{"H":..,"M":
"Broadcast","A":["{\\"DataType\\":..,\\"Content\\":\\"{...}\\"}"]}]}`` whose Content is a
JSON string inside a JSON string. The symbols are renamed over 1,600 codes (the ATC peak
of issue 11: 1,600 symbols, 5,000 messages/s) so per-symbol state behaves as at full
market. Measured per message (perf_counter_ns around each): the whole client path (frame
JSON -> hub dispatch -> Broadcast argument -> Content -> domain Quote/Trade), for X
(book + print), X-QUOTE and X-TRADE messages. Baselines in the same run: stdlib
``json.loads`` of the outer frame alone, and orjson decoding all three JSON levels (the
protocol's own floor with the decoder the client uses). The budget at 5,000 messages/s
is 200 us of one core per message for everything; the target of the issue is p99
push-to-bus <= 5 ms.

    .venv/bin/python benchmarks/ssi_data_parse.py [--messages 300000]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulators.ssi_fastconnect_data import FIXTURE_RECORDING, read_recording  # noqa: E402
from simulators.ssi_fastconnect_data.session import (  # noqa: E402
    quote_content,
    trade_content,
)
from simulators.ssi_fastconnect_data.signalr import DATATYPE, HUB  # noqa: E402

from tradingtools_desktop.market.ssi_data.stream_parse import StreamParser  # noqa: E402
from tradingtools_desktop.market.ssi_data.wire import VN_TZ  # noqa: E402
from tradingtools_desktop.transport.signalr_classic import (  # noqa: E402
    HubConnection,
    HubConnectionConfig,
)

SYMBOLS = 1600
RATE = 5000  # messages/s at the ATC peak


def frames(kind: str, n: int) -> list[str]:
    pushes = read_recording(FIXTURE_RECORDING)
    out = []
    volume = {}
    for i in range(n):
        p = pushes[i % len(pushes)]
        sym = f"S{i % SYMBOLS:03d}"
        volume[sym] = volume.get(sym, 0) + 100  # every print a new one
        if kind == "X-QUOTE":
            content = quote_content(p, p.at)
        else:
            content = trade_content(p, p.at, "X" if kind == "X" else "Trade")
            content["TotalVol"] = volume[sym]
        content["Symbol"] = sym
        arg = json.dumps({"DataType": DATATYPE[kind], "Content": json.dumps(content)})
        out.append(json.dumps({"C": f"d-1-B,{i}", "M": [{"H": HUB, "M": "Broadcast",
                                                          "A": [arg]}]}))
    return out


def pct(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] / 1000


def summary(ns: list[int]) -> dict[str, float]:
    return {"p50_us": round(pct(ns, 0.5), 2), "p99_us": round(pct(ns, 0.99), 2),
            "p999_us": round(pct(ns, 0.999), 2), "mean_us": round(statistics.fmean(ns) / 1000, 2),
            "max_us": round(max(ns) / 1000, 1),
            "throughput_msgs_per_s": round(1e9 / statistics.fmean(ns))}


def measure(raw: list[str]) -> tuple[dict[str, float], dict[str, int]]:
    now = datetime(2026, 4, 14, 13, 33, tzinfo=VN_TZ)
    parser = StreamParser(lambda: now)
    conn = HubConnection(HubConnectionConfig("http://127.0.0.1:9/v2.0/signalr", HUB))
    delivered = [0]

    def broadcast(args: list) -> None:
        delivered[0] += len(parser.parse(args[0]))

    conn.on("Broadcast", broadcast)
    loads, frame = json.loads, conn._frame  # the reader's per-frame path, minus the socket
    ns: list[int] = []
    clock = time.perf_counter_ns
    gc.collect()
    for text in raw:
        t0 = clock()
        frame(loads(text))
        ns.append(clock() - t0)
    return summary(ns), {"events": delivered[0], "malformed": parser.malformed,
                         "odd_fields": parser.wire.odd_fields,
                         "fractional_vnd": parser.wire.fractional_vnd}


def baseline(raw: list[str], loads=json.loads, nested: bool = False) -> dict[str, float]:
    """The frame decoded and nothing else; ``nested``: its three JSON levels (the floor
    of the protocol itself)."""
    ns, clock = [], time.perf_counter_ns
    for text in raw:
        t0 = clock()
        doc = loads(text)
        if nested:
            loads(loads(doc["M"][0]["A"][0])["Content"])
        ns.append(clock() - t0)
    return summary(ns)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=300_000)  # 60 s at 5,000/s = 300,000
    ap.add_argument("--out", type=Path,
                    default=Path(__file__).parent / "results" / "ssi_data_parse.json")
    args = ap.parse_args()
    result: dict[str, object] = {"messages_per_kind": args.messages, "symbols": SYMBOLS,
                                 "python": sys.version.split()[0]}
    for kind in ("X", "X-QUOTE", "X-TRADE"):
        raw = frames(kind, args.messages)
        stats, counts = measure(raw)
        result[kind] = {"client_path": stats, "json_loads_baseline": baseline(raw),
                        "orjson_three_levels_baseline": baseline(raw, orjson.loads, True),
                        "bytes_per_frame": round(statistics.fmean(len(f) for f in raw)),
                        **counts}
    x = result["X"]["client_path"]  # type: ignore[index]
    result["budget"] = {"rate_msgs_per_s": RATE, "us_per_msg_at_rate": 1e6 / RATE,
                        "share_of_one_core_at_rate": round(x["mean_us"] * RATE / 1e6, 3),
                        "p99_target_push_to_bus_ms": 5.0}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
