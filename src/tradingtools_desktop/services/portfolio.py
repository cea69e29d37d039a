"""Portfolio: positions, cash and P&L — from the dry-run ledger in dry-run, from the broker
account in live mode.

Live mode: construct with ``mode=TradingMode.LIVE`` and ``broker_account``, an async callable
returning :class:`brokers.ssi.account.AccountView` (e.g.
``lambda: read_account(client, clock.now(), calendar)``). Positions (total, sellable,
pending T+2, average cost, market price), cash (cashBal plus receivables), cash available
(cashBal) and buying power (purchasingPower) then come from SSI, source "SSI FastConnect";
realised P&L, fees and tax come from our LIVE fills; reference prices (board colours) from
the market cache. A failed broker read keeps the last good summary labelled STALE with the
time of the last success.

``refresh()`` reads fills, cash and the newest prices in one DB round trip, computes exact
P&L with :mod:`domain.pnl`, keeps the result with its sync time and publishes
``PortfolioSynced``. The poller refreshes every 30 s during sessions and every 5 minutes
outside them; a failed refresh keeps the last good snapshot, marked stale with the reason.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..domain.market.calendar import to_vn_time
from ..domain.money import round_vnd
from ..domain.orders import Side
from ..domain.pnl import FillRecord, PositionPnL, positions_from_fills
from ..domain.trading_state import TradingMode
from ..store.db import Database, Tx
from ..store.market_repo import quotes_tx
from ..store.orders_repo import OPEN_SQL
from .bus import EventBus
from .clock import Clock
from .events import PortfolioSynced
from .risk_service import QuoteReader, RiskService, equity_key

if TYPE_CHECKING:
    from ..brokers.ssi.account import AccountView

LIVE_SOURCE = "SSI FastConnect"


@dataclass(frozen=True)
class PositionView:
    symbol: str
    exchange: str
    total_qty: int
    sellable_qty: int
    pending_qty: int
    avg_cost: int
    last_price: int
    ref_price: int | None
    market_value: int
    unrealised_pnl: int
    realised_pnl: int
    change_today: int  # quantity x (last - reference)
    weight: float
    price_at: datetime | None = None  # when ``last_price`` was the market's price
    price_source: str = "bars"  # a QuoteSource value: where ``last_price`` came from


@dataclass(frozen=True)
class SyncStatus:
    state: str  # OK | STALE
    last_ok_at: datetime | None
    message: str


@dataclass(frozen=True)
class PortfolioSummary:
    source: str
    cash: int
    cash_available: int
    buying_power: int
    market_value: int
    equity: int
    unrealised_pnl: int
    realised_pnl: int
    today_pnl: int
    fees_paid: int
    taxes_paid: int
    prices_as_of: date | None
    positions: list[PositionView] = field(default_factory=list)
    sync: SyncStatus = SyncStatus("STALE", None, "not synced yet")
    prices_at: datetime | None = None  # the oldest position price's time (its age shows)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class PortfolioService:
    def __init__(self, db: Database, risk: RiskService | None, bus: EventBus, clock: Clock,
                 mode: TradingMode = TradingMode.DRY_RUN,
                 broker_account: Callable[[], Awaitable[AccountView]] | None = None,
                 quotes: QuoteReader | None = None) -> None:
        self._db = db
        self._risk = risk
        self._bus = bus
        self._clock = clock
        self._mode = mode
        self._broker_account = broker_account
        self._quotes = quotes  # marks: the quote service's last, else the newest bar
        self.last: PortfolioSummary | None = None

    @property
    def source(self) -> str:
        return LIVE_SOURCE if self._broker_account is not None else "dry-run ledger"

    async def _read(self, today: date, account: AccountView | None) -> PortfolioSummary:
        if self._broker_account is None:
            return await self._db.call(lambda tx: self._compute(tx, today))
        view = account or await self._broker_account()
        return await self._db.call(lambda tx: self._compute_live(tx, today, view))

    async def refresh(self, account: AccountView | None = None) -> PortfolioSummary:
        """Recompute and publish. Live: from ``account`` when the caller has just read it
        (the sync shares the reconciliation's read), else from a fresh read."""
        now = self._clock.now()
        today = to_vn_time(now).date()
        try:
            summary = await self._read(today, account)
        except Exception as exc:
            if self.last is None:
                raise
            self.last = _with_sync(self.last, SyncStatus(
                "STALE", self.last.sync.last_ok_at, f"last refresh failed: {exc}"))
            return self.last
        mode = self._mode
        if self._risk is None:
            raise RuntimeError("a read-only portfolio cannot refresh: use peek()")
        await self._risk.snapshots_for_equity(today, summary.equity, mode)
        equity_open = self._risk.daily_loss(mode)[0]
        summary = PortfolioSummary(**{**asdict_shallow(summary),
                                      "today_pnl": summary.equity - equity_open
                                      if equity_open else 0,
                                      "sync": SyncStatus("OK", now, self.source)})
        self.last = summary
        self._bus.publish(PortfolioSynced(summary))
        return summary

    async def peek(self) -> PortfolioSummary:
        """The dry-run summary read from the DB and nothing written (no equity-at-open
        record, no event): for read-only commands. Today's P&L is against the equity at
        the open recorded earlier today, 0 when none was recorded yet."""
        now = self._clock.now()
        today = to_vn_time(now).date()
        summary = await self._read(today, None)
        rows = await self._db.execute("SELECT value FROM app_state WHERE key = ?",
                                      [f"{equity_key(self._mode)}:{today.isoformat()}"])
        at_open = int(rows[0][0]) if rows else 0
        return PortfolioSummary(**{**asdict_shallow(summary),
                                   "today_pnl": summary.equity - at_open if at_open else 0,
                                   "sync": SyncStatus("OK", now, self.source)})

    def _fills(self, tx: Tx, today: date) -> tuple[dict[str, PositionPnL], dict[str, str]]:
        rows = tx.execute(
            "SELECT symbol, side, quantity, price, fee, tax, trade_date, settle_date, exchange "
            "FROM fills WHERE mode = ? ORDER BY filled_at, fill_id", [self._mode.value],
            table="fills")
        fills = [FillRecord(str(r[0]), Side(str(r[1])), int(r[2]), int(r[3]), int(r[4]),
                            int(r[5]), r[6], r[7]) for r in rows]
        return positions_from_fills(fills, today), {str(r[0]): str(r[8]) for r in rows}

    def _compute_live(self, tx: Tx, today: date, view: AccountView) -> PortfolioSummary:
        """The broker's account; realised P&L, fees and tax from our LIVE fills."""
        books, exchanges = self._fills(tx, today)
        held = [p for p in view.positions.positions
                if p.on_hand + p.buy_t0 + p.buy_t1 + p.buy_t2]
        symbols = [p.instrument_id.upper() for p in held]
        marks = self._marks(tx, symbols, today)
        refs = {s: m[2] for s, m in marks.items()}
        if symbols:  # the exchange (for the price band) from the market cache
            exchanges = {**{str(r[0]): str(r[1]) for r in tx.execute(
                "SELECT symbol, exchange FROM instruments WHERE symbol IN (SELECT unnest(?))",
                [symbols], table="instruments")}, **exchanges}
        rows: list[tuple[str, int, int, int, int, int]] = []
        for p in held:
            sym = p.instrument_id.upper()
            total = p.on_hand + p.buy_t0 + p.buy_t1 + p.buy_t2
            sellable = p.sellable_qty if p.sellable_qty is not None else p.on_hand
            mark = marks.get(sym)  # a live quote of today wins over the broker's last read
            last = mark[0] if mark and mark[1] == today and mark[4] != "bars" \
                else round_vnd(p.market_price)
            rows.append((sym, total, sellable, p.buy_t0 + p.buy_t1 + p.buy_t2,
                         round_vnd(p.avg_price), last))
        market_value = sum(total * last for _, total, _, _, _, last in rows)
        views: list[PositionView] = []
        for sym, total, sellable, pending, avg, last in sorted(rows):
            ref = refs.get(sym)
            value = total * last
            mine = books.get(sym)
            mark = marks.get(sym)
            live_mark = mark is not None and mark[1] == today and mark[4] != "bars"
            views.append(PositionView(
                sym, exchanges.get(sym, ""), total, sellable, pending, avg, last, ref, value,
                value - total * avg, mine.realised if mine else 0,
                total * (last - ref) if ref else 0,
                value / market_value if market_value else 0.0,
                mark[3] if live_mark and mark else view.snapshot.at,
                mark[4] if live_mark and mark else "broker"))
        c = view.cash
        cash = c.cash_bal + c.receiving_cash_t1 + c.receiving_cash_t2
        return PortfolioSummary(
            source=LIVE_SOURCE, cash=cash, cash_available=c.cash_bal,
            buying_power=c.purchasing_power, market_value=market_value,
            equity=cash + market_value, unrealised_pnl=sum(v.unrealised_pnl for v in views),
            realised_pnl=sum(p.realised for p in books.values()), today_pnl=0,
            fees_paid=sum(p.fees for p in books.values()),
            taxes_paid=sum(p.taxes for p in books.values()),
            prices_as_of=to_vn_time(view.snapshot.at).date(), positions=views,
            prices_at=min((v.price_at for v in views if v.price_at), default=None))

    def _compute(self, tx: Tx, today: date) -> PortfolioSummary:
        rows = tx.execute(
            "SELECT symbol, side, quantity, price, fee, tax, trade_date, settle_date, exchange "
            "FROM fills WHERE mode = ? ORDER BY filled_at, fill_id", [self._mode.value],
            table="fills")
        exchanges = {str(r[0]): str(r[8]) for r in rows}
        fills = [FillRecord(str(r[0]), Side(str(r[1])), int(r[2]), int(r[3]), int(r[4]),
                            int(r[5]), r[6], r[7]) for r in rows]
        positions = positions_from_fills(fills, today)
        cash = tx.one("SELECT coalesce(sum(amount), 0), coalesce(sum(amount) FILTER "
                      "(WHERE available_on <= ?), 0) FROM cash_ledger", [today])
        reserved = tx.one(
            f"SELECT coalesce(sum(reserved_cash), 0) FROM orders WHERE mode = ? AND status IN "
            f"{OPEN_SQL}",
            [self._mode.value])
        held = [s for s, p in positions.items() if p.quantity]
        marks = self._marks(tx, held, today)
        prices = {s: (last, day, ref) for s, (last, day, ref, _at, _src) in marks.items()}
        views: list[PositionView] = []
        market_value = sum(positions[s].quantity * prices.get(s, (0, today, None))[0]
                           for s in held)
        for sym in sorted(held):
            p = positions[sym]
            last, _day, ref = prices.get(sym, (p.avg_cost, today, None))
            value = p.quantity * last
            at, source = marks[sym][3:] if sym in marks else (None, "bars")
            views.append(PositionView(
                sym, exchanges.get(sym, ""), p.quantity, p.sellable(today), p.pending(today),
                p.avg_cost, last, ref, value, p.unrealised(last), p.realised,
                p.quantity * (last - ref) if ref else 0,
                value / market_value if market_value else 0.0, at, source))
        total_cash = int(cash[0]) if cash else 0
        available = int(cash[1]) if cash else 0
        price_days = [d for _, d, _ in prices.values()]
        return PortfolioSummary(
            source="dry-run ledger", cash=total_cash, cash_available=available,
            buying_power=available - (int(reserved[0]) if reserved else 0),
            market_value=market_value, equity=total_cash + market_value,
            unrealised_pnl=sum(v.unrealised_pnl for v in views),
            realised_pnl=sum(p.realised for p in positions.values()), today_pnl=0,
            fees_paid=sum(p.fees for p in positions.values()),
            taxes_paid=sum(p.taxes for p in positions.values()),
            prices_as_of=max(price_days) if price_days else None, positions=views,
            prices_at=min((v.price_at for v in views if v.price_at), default=None))

    def _marks(self, tx: Tx, symbols: list[str], today: date
               ) -> dict[str, tuple[int, date, int | None, datetime, str]]:
        """Per symbol: (last, its day, today's reference, its time, its source). The quote
        service's last when it is at least as new as the cache's newest bar, else that bar
        (source "bars", its close time). A quote of an earlier session than today has no
        move today: its close is also today's reference."""
        from .market.bar_quotes import close_of

        out = {s: (q.close, q.day, q.reference, close_of(q.day), "bars")
               for s, q in quotes_tx(tx, symbols, today).items()}
        if self._quotes is None:
            return out
        for sym in symbols:
            q = self._quotes.quote(sym)
            if q is None or q.last is None:
                continue
            day = to_vn_time(q.at).date()
            if sym in out and day < out[sym][1]:
                continue  # the cache has a newer bar than this quote
            ref = q.reference if day == today else q.last
            out[sym] = (q.last, day, ref, q.at, q.source.value)
        return out

    async def equity_history(self) -> list[tuple[str, int]]:
        rows = await self._db.execute(
            "SELECT key, value FROM app_state WHERE key LIKE ? ORDER BY key",
            [equity_key(TradingMode(self._mode)) + ":%"])
        return [(str(k).split(":", 1)[1], int(v)) for k, v in rows]



def asdict_shallow(s: PortfolioSummary) -> dict[str, Any]:
    return {f: getattr(s, f) for f in s.__dataclass_fields__}


def _with_sync(s: PortfolioSummary, sync: SyncStatus) -> PortfolioSummary:
    return PortfolioSummary(**{**asdict_shallow(s), "sync": sync})
