"""Build the bundled full listing (resources/market/listing.csv.gz) from
../shared/data/listing/vnstockjs_vci_symbols.json (ttqteo/vnstock-js, Apache-2.0).

Keeps the stock codes (three letters or digits) listed on HSX (written HOSE), HNX and UPCOM,
and those the source marks DELISTED (exchange left empty, status ``delisted``), with the
Vietnamese name, the ICB sector in English (as the bundled instruments have it) and the VN30
flag. Warrants, futures and bonds are left out.

    .venv/bin/python scripts/build_listing.py
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "listing" / "vnstockjs_vci_symbols.json"
OUT = ROOT / "src" / "tradingtools_desktop" / "resources" / "market" / "listing.csv.gz"
EXCHANGES = {"HSX": "HOSE", "HNX": "HNX", "UPCOM": "UPCOM"}


def main() -> None:
    items = json.loads(SOURCE.read_text(encoding="utf-8"))
    rows = []
    for item in items:
        symbol = str(item.get("symbol") or "").strip().upper()
        if len(symbol) != 3 or not symbol.isalnum():
            continue
        source_exchange = str(item.get("exchange") or "")
        if source_exchange in EXCHANGES:
            exchange, status = EXCHANGES[source_exchange], "normal"
        elif source_exchange == "DELISTED":
            exchange, status = "", "delisted"
        else:
            continue
        rows.append((symbol, exchange, str(item.get("companyName") or "").strip(),
                     str(item.get("sectorEn") or "").strip(), "1" if item.get("vn30") else "0",
                     status))
    rows.sort()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("symbol", "exchange", "name", "sector", "vn30", "status"))
    writer.writerows(rows)
    # mtime=0: the same input gives byte-identical output
    OUT.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), mtime=0))
    listed = sum(1 for r in rows if r[5] == "normal")
    print(f"{OUT.relative_to(ROOT)}: {listed} listed, {len(rows) - listed} delisted")


if __name__ == "__main__":
    main()
