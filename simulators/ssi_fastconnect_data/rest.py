"""The REST side of FastConnect Data v2.2 (spec section 4): AccessToken and the eight reads.

What the real server accepts, from the spec and SSI's published clients:

- parameters bind case-insensitively (ASP.NET): python-fcdata sends ``pageIndex``,
  ``fromDate``; the .NET client ``PageIndex``; the node sample ``lookupRequest.pageIndex``;
  empty values (``market=``) mean "not given"; booleans ``true`` / ``True``.
- dates are ``dd/mm/yyyy``; ``pageIndex`` from 1, ``pageSize`` up to 1000; ``DailyOhlc``
  spans at most 30 days (spec 4.6).
- answers: ``{"message","status":"Success","totalRecord",data:[...]}`` with PascalCase
  fields whose values are strings (the .NET models); AccessToken answers
  ``{"message":"Success","status":200,"data":{"accessToken":...}}`` (what all three clients
  read; the spec's ``responseCode``/``token`` example is not what they parse).
- a missing, unknown or expired token: HTTP 200 with ``{"message":...,"status":401}`` in the
  body (measured on the v2 host); ``http_401=True`` answers a real HTTP 401 instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .market_data import INDEX_LIST, DayBar, LiveDay, MarketData
from .state import SimState

Result = tuple[int, dict[str, Any]]
MAX_PAGE_SIZE = 1000


class BadRequest(Exception):
    pass


@dataclass
class Call:
    state: SimState
    market: MarketData
    query: dict[str, str]  # lower-cased names, "lookupRequest." stripped, empties dropped
    body: dict[str, Any]
    today: date
    numbers: str  # how numbers are written: "string" (default), "number" or "float"

    def get(self, name: str) -> str | None:
        return self.query.get(name.lower())

    def day(self, name: str, default: date | None = None) -> date:
        text = self.get(name)
        if text is None:
            if default is None:
                raise BadRequest(f"{name} is required")
            return default
        try:
            return datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            raise BadRequest(f"{name} must be dd/mm/yyyy") from None

    def page(self) -> tuple[int, int]:
        try:
            index = int(self.get("pageIndex") or 1)
            size = int(self.get("pageSize") or 10)
        except ValueError:
            raise BadRequest("pageIndex and pageSize must be numbers") from None
        if index < 1 or not 1 <= size <= MAX_PAGE_SIZE:
            raise BadRequest("pageIndex starts at 1; pageSize is 1 to 1000")
        return index, size

    def num(self, value: float | int) -> Any:
        if self.numbers == "number":
            return value
        if self.numbers == "float":
            return float(value)
        return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def normalise_query(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in pairs:
        name = key.lower()
        if name.startswith("lookuprequest."):
            name = name[len("lookuprequest."):]
        if value.strip():
            out[name] = value.strip()
    return out


def ok(rows: list[Any], total: int) -> Result:
    return 200, {"message": "Success", "status": "Success", "totalRecord": total, "data": rows}


def fail(message: str, status: int = 400) -> Result:
    return 200, {"message": message, "status": status, "data": None}


def paged(call: Call, rows: list[Any]) -> Result:
    index, size = call.page()
    return ok(rows[(index - 1) * size: index * size], len(rows))


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


# ---- endpoints -------------------------------------------------------------------------

def access_token(call: Call) -> Result:
    cid, secret = call.body.get("consumerID"), call.body.get("consumerSecret")
    if not isinstance(cid, str) or not isinstance(secret, str) or not cid or not secret:
        return fail("consumerID and consumerSecret are required")
    token = call.state.login(cid, secret)
    if token is None:
        return fail("Invalid consumerID or consumerSecret", 401)
    return 200, {"message": "Success", "status": 200, "data": {"accessToken": token}}


def securities(call: Call) -> Result:
    market = (call.get("market") or "").upper()
    rows = [{"Market": i.exchange, "Symbol": i.symbol, "StockName": i.name,
             "StockEnName": i.name_en}
            for i in sorted(call.market.instruments.values(), key=lambda i: i.symbol)
            if not market or i.exchange == market]
    return paged(call, rows)


def securities_details(call: Call) -> Result:
    market, symbol = (call.get("market") or "").upper(), (call.get("symbol") or "").upper()
    infos = [{
        "Isin": "", "Symbol": i.symbol, "SymbolName": i.name, "SymbolEngName": i.name_en,
        "SecType": i.sec_type, "MarketId": i.exchange, "Exchange": i.exchange,
        "Issuer": i.name, "LotSize": call.num(i.lot_size), "IssueDate": "", "MaturityDate": "",
        "FirstTradingDate": "", "LastTradingDate": "", "ContractMultiplier": call.num(0),
        "SettlMethod": "C", "Underlying": "", "PutOrCall": "", "ExercisePrice": call.num(0),
        "ExerciseStyle": "", "ExcerciseRatio": call.num(0), "ListedShare": call.num(0),
        "TickPrice1": "", "TickIncrement1": "", "TickPrice2": "", "TickIncrement2": "",
        "TickPrice3": "", "TickIncrement3": "", "TickPrice4": "", "TickIncrement4": "",
    } for i in sorted(call.market.instruments.values(), key=lambda i: i.symbol)
        if (not market or i.exchange == market) and (not symbol or i.symbol == symbol)]
    index, size = call.page()
    chunk = infos[(index - 1) * size: index * size]
    return ok([{"RType": "y", "ReportDate": _dmy(call.today),
                "TotalNoSym": str(len(chunk)), "RepeatedInfo": chunk}], len(infos))


def index_components(call: Call) -> Result:
    code = call.get("indexCode")
    if not code:
        return fail("indexCode is required")
    symbols = call.market.index_components(code)
    if not symbols:
        return ok([], 0)
    exchange = next((e for c, _n, e in INDEX_LIST if c.lower() == code.lower()), "HOSE")
    index, size = call.page()
    chunk = symbols[(index - 1) * size: index * size]
    return ok([{"IndexCode": code.upper() if code.upper() == "VN30" else code,
                "IndexName": code, "Exchange": exchange, "TotalSymbolNo": str(len(symbols)),
                "IndexComponent": [{"Isin": s, "StockSymbol": s} for s in chunk]}],
              len(symbols))


def index_list(call: Call) -> Result:
    exchange = (call.get("exchange") or "").upper()
    rows = [{"IndexCode": c, "IndexName": n, "Exchange": e} for c, n, e in INDEX_LIST
            if not exchange or e == exchange]
    return paged(call, rows)


def _bars_between(call: Call, symbol: str, start: date, end: date) -> list[DayBar]:
    rows = [b for b in call.market.bars.get(symbol, []) if start <= b.day <= end]
    live = call.market.live.get(symbol)
    if live is not None and live.last and start <= live.day <= end \
            and all(b.day != live.day for b in rows):
        rows.append(DayBar(live.day, live.open or live.last, live.high or live.last,
                           live.low or live.last, live.last, live.total_volume))
    return rows


def _ascending(call: Call, default: bool) -> bool:
    text = (call.get("ascending") or "").lower()
    return default if text not in ("true", "false") else text == "true"


def daily_ohlc(call: Call) -> Result:
    symbol = (call.get("symbol") or "").upper()
    start, end = call.day("fromDate", call.today), call.day("toDate", call.today)
    if end < start or end - start > timedelta(days=30):
        return fail("The date range must be 30 days or fewer")
    symbols = [symbol] if symbol else sorted(call.market.bars)
    rows = []
    for sym in symbols:
        inst = call.market.instruments.get(sym)
        for b in _bars_between(call, sym, start, end):
            rows.append((b.day, sym, {
                "Symbol": sym, "Market": inst.exchange if inst else "", "TradingDate": _dmy(b.day),
                "Time": None, "Open": call.num(b.open), "High": call.num(b.high),
                "Low": call.num(b.low), "Close": call.num(b.close),
                "Volume": call.num(b.volume), "Value": call.num(b.volume * b.close)}))
    rows.sort(key=lambda r: (r[0], r[1]), reverse=not _ascending(call, True))
    return paged(call, [r[2] for r in rows])


def intraday_ohlc(call: Call) -> Result:
    symbol = (call.get("symbol") or "").upper()
    if not symbol:
        return fail("symbol is required")
    start, end = call.day("fromDate", call.today), call.day("toDate", call.today)
    live = call.market.live.get(symbol)
    rows = []
    if live is not None and start <= live.day <= end:
        for minute, (o, h, lo, c, v) in sorted(live.minutes.items()):
            rows.append({"Symbol": symbol, "Value": call.num(v * c),
                         "TradingDate": _dmy(live.day), "Time": f"{minute}:00",
                         "Open": call.num(o), "High": call.num(h), "Low": call.num(lo),
                         "Close": call.num(c), "Volume": call.num(v)})
    if not _ascending(call, True):
        rows.reverse()
    return paged(call, rows)


def daily_index(call: Call) -> Result:
    code = call.get("indexId") or call.get("indexCode")
    if not code:
        return fail("indexId is required")
    start, end = call.day("fromDate", call.today), call.day("toDate", call.today)
    key = next((k for k in call.market.index_bars if k.lower() == code.lower()), None)
    bars = [b for b in call.market.index_bars.get(key or "", []) if start <= b.day <= end]
    all_bars = call.market.index_bars.get(key or "", [])
    rows = []
    for b in bars:
        prev = [p for p in all_bars if p.day < b.day]
        change = round(b.close - prev[-1].close, 2) if prev else 0.0
        ratio = round(change / prev[-1].close * 100, 2) if prev and prev[-1].close else 0.0
        rows.append({"IndexId": key, "IndexValue": f"{b.close:.2f}", "TradingDate": _dmy(b.day),
                     "Time": "", "Change": f"{change:.2f}", "RatioChange": f"{ratio:.2f}",
                     "TotalTrade": "0", "TotalMatchVol": str(b.volume), "TotalMatchVal": "0",
                     "TypeIndex": "Main", "IndexName": key, "Advances": "0", "NoChanges": "0",
                     "Declines": "0", "Ceilings": "0", "Floors": "0", "TotalDealVol": "0",
                     "TotalDealVal": "0", "TotalVol": str(b.volume), "TotalVal": "0",
                     "TradingSession": "C"})
    order_desc = (call.get("order") or "desc").lower() != "asc"
    rows.sort(key=lambda r: datetime.strptime(r["TradingDate"], "%d/%m/%Y"),
              reverse=order_desc)
    return paged(call, rows)


def _price_row(call: Call, symbol: str, day: date, bar: DayBar | None,
               live: LiveDay | None) -> dict[str, Any]:
    if live is not None:
        ref, ceiling, floor = live.reference, live.ceiling, live.floor
        o, h, lo, c = live.open, live.high, live.low, live.last
        vol, val, time = live.total_volume, live.total_value, live.time
        fbuy, fsell, room = live.foreign_buy, live.foreign_sell, live.foreign_room
    else:
        assert bar is not None
        ref = call.market.reference_for(symbol, day) or int(bar.open)
        ceiling, floor = call.market.band(symbol, ref)
        o, h, lo, c = int(bar.open), int(bar.high), int(bar.low), int(bar.close)
        vol, val, time, fbuy, fsell, room = bar.volume, bar.volume * c, "", 0, 0, 0
    change = c - ref if c and ref else 0
    n = call.num
    return {
        "TradingDate": _dmy(day), "PriceChange": n(change),
        "PerPriceChange": f"{(change / ref * 100 if ref else 0):.2f}",
        "CeilingPrice": n(ceiling), "FloorPrice": n(floor), "RefPrice": n(ref),
        "OpenPrice": n(o), "HighestPrice": n(h), "LowestPrice": n(lo), "ClosePrice": n(c),
        "AveragePrice": n(round(val / vol) if vol else c),
        "ClosePriceAdjusted": n(call.market.adjusted(symbol, day, c)),
        "TotalMatchVol": n(vol), "TotalMatchVal": n(val), "TotalDealVal": n(0),
        "TotalDealVol": n(0), "ForeignBuyVolTotal": n(fbuy), "ForeignCurrentRoom": n(room),
        "ForeignSellVolTotal": n(fsell), "ForeignBuyValTotal": n(fbuy * c),
        "ForeignSellValTotal": n(fsell * c), "TotalBuyTrade": n(0), "TotalBuyTradeVol": n(0),
        "TotalSellTrade": n(0), "TotalSellTradeVol": n(0), "NetBuySellVol": n(fbuy - fsell),
        "NetBuySellVal": n((fbuy - fsell) * c), "TotalTradedVol": n(vol),
        "TotalTradedValue": n(val), "Symbol": symbol, "Time": time}


def daily_stock_price(call: Call) -> Result:
    symbol, market = (call.get("symbol") or "").upper(), (call.get("market") or "").upper()
    start, end = call.day("fromDate"), call.day("toDate")
    if end < start:
        return fail("fromDate must not be after toDate")
    rows: list[tuple[date, str, dict[str, Any]]] = []
    for sym in sorted(set(call.market.bars) | set(call.market.live)):
        inst = call.market.instruments.get(sym)
        if (symbol and sym != symbol) or (market and (inst is None or inst.exchange != market)):
            continue
        for b in call.market.bars.get(sym, []):
            if start <= b.day <= end:
                rows.append((b.day, sym, _price_row(call, sym, b.day, b, None)))
        live = call.market.live.get(sym)
        if live is not None and live.last and start <= live.day <= end \
                and all(r[0] != live.day or r[1] != sym for r in rows):
            rows.append((live.day, sym, _price_row(call, sym, live.day, None, live)))
    rows.sort(key=lambda r: (r[0], r[1]))
    return paged(call, [r[2] for r in rows])


ROUTES: dict[str, tuple[str, bool, Callable[[Call], Result]]] = {
    # path (lower) -> method, needs a token, handler
    "/api/v2/market/accesstoken": ("POST", False, access_token),
    "/api/v2/market/securities": ("GET", True, securities),
    "/api/v2/market/securitiesdetails": ("GET", True, securities_details),
    "/api/v2/market/indexcomponents": ("GET", True, index_components),
    "/api/v2/market/indexlist": ("GET", True, index_list),
    "/api/v2/market/dailyohlc": ("GET", True, daily_ohlc),
    "/api/v2/market/intradayohlc": ("GET", True, intraday_ohlc),
    "/api/v2/market/dailyindex": ("GET", True, daily_index),
    "/api/v2/market/dailystockprice": ("GET", True, daily_stock_price),
}


def dispatch(handler: Callable[[Call], Result], call: Call) -> Result:
    try:
        with call.market.lock:
            return handler(call)
    except BadRequest as exc:
        return fail(str(exc))


def unauthorized(http_401: bool, header: Mapping[str, str] | None) -> Result:
    message = "Missing Authorization header" if not header else "Unauthorized"
    return (401 if http_401 else 200), {"message": message, "status": 401, "data": None}
