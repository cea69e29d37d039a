"""Portfolio tab: summary, sync badge and last update, positions in VN board colours,
allocation and equity charts (pyqtgraph on first use), and — when the services have a
``reconciliation`` (live mode) — the reconciliation status and the mismatch banner with
Accept / Resolve."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.market.bands import price_band
from ...domain.market.exchange import BOARD_LOT, Exchange
from ...domain.orders import Side
from ...i18n import tr
from ..async_tools import spawn
from ..orders.format import (
    board_colour,
    money,
    signed_money,
    thousands,
    thousands_exact,
    vn_time,
)
from ..portfolio.mismatch_banner import MismatchBanner
from ..theme import BOARD_DOWN, BOARD_UP, badge_css

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ...services.portfolio import PortfolioSummary, PositionView
    from ...services.reconciliation import ReconciliationService
    from ...services.runtime import AppServices
    from ...store.reconciliation_repo import MismatchRow


# prices (Avg cost, Last, Ref) in thousands of VND as the boards show them; money in VND
COLUMNS = ("Symbol", "Total", "Sellable", "Pending T+2", "Avg cost", "Last", "Ref",
           "Market value (VND)", "Unrealised (VND)", "Realised (VND)", "Today (VND)", "Weight")
SUMMARY = (("cash", "Cash"), ("buying_power", "Buying power"), ("market_value", "Market value"),
           ("equity", "Equity"), ("unrealised_pnl", "Unrealised P&L"),
           ("realised_pnl", "Realised P&L"), ("today_pnl", "Today's P&L"),
           ("fees_paid", "Fees paid"), ("taxes_paid", "Sell tax paid"))


class PortfolioTab(QWidget):
    reconciliation_changed = Signal()  # a bus event arrived (possibly from another task)
    ticket_requested = Signal(str, object, int, int)  # symbol, Side, quantity, price (VND)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("portfolioTab")
        self.services: AppServices | None = None
        self._recon: ReconciliationService | None = None
        self._unsubscribe: list[Any] = []
        self.badge = QLabel(tr("not synced"))
        self.badge.setObjectName("syncBadge")
        self.recon_badge = QLabel("")
        self.recon_badge.setObjectName("reconBadge")
        self.recon_badge.setVisible(False)
        self.updated = QLabel("")
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.setObjectName("portfolioRefresh")
        self.buy_more = QPushButton(tr("Buy more"))
        self.buy_more.setObjectName("portfolioBuyMore")
        self.sell = QPushButton(tr("Sell"))
        self.sell.setObjectName("portfolioSell")
        self.buy_more.clicked.connect(lambda: self._ticket(Side.BUY))
        self.sell.clicked.connect(lambda: self._ticket(Side.SELL))
        self._rows: list[PositionView] = []
        self.banner = QLabel(tr("Reconciliation with a broker account applies in live mode; "
                                "this profile trades on the dry-run ledger."))
        self.banner.setObjectName("reconBanner")
        self.banner.setWordWrap(True)
        self.mismatches = MismatchBanner()
        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addWidget(self.recon_badge)
        top.addWidget(self.updated, 1)
        top.addWidget(self.buy_more)
        top.addWidget(self.sell)
        top.addWidget(self.refresh_button)
        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        for i, (key, title) in enumerate(SUMMARY):
            value = QLabel("—")
            value.setObjectName(f"pf_{key}")
            value.setStyleSheet("font-weight: bold")
            grid.addWidget(QLabel(tr(title)), 0, i)
            grid.addWidget(value, 1, i)
            self.values[key] = value
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("positionsTable")
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self._ticket(Side.SELL))
        self.charts = QWidget()
        self._charts_layout = QHBoxLayout(self.charts)
        self._alloc: Any = None
        self._equity: Any = None
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.charts)
        split.setSizes([380, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.mismatches)
        layout.addLayout(grid)
        layout.addWidget(split, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.mismatches.accept_requested.connect(self.accept_mismatch)
        self.mismatches.resolve_requested.connect(self.resolve_mismatch)
        self.reconciliation_changed.connect(self.load_mismatches)
        # marks follow the quote service: a held symbol's change refreshes at most once a
        # second (one DB round trip), the rows updated in place
        self._mark_timer = QTimer(self)
        self._mark_timer.setSingleShot(True)
        self._mark_timer.setInterval(1_000)
        self._mark_timer.timeout.connect(self.refresh)
        self._held: frozenset[str] = frozenset()
        self._old = False  # the marks shown are older than the current session

    def attach(self, services: AppServices) -> None:
        self.services = services
        self._recon = getattr(services, "reconciliation", None)
        if self._recon is not None:
            from ...services.events import ReconciliationMismatch

            self._unsubscribe = [services.bus.subscribe(
                ReconciliationMismatch, lambda _e: self.reconciliation_changed.emit())]
        self.refresh()

    def on_quotes(self, changed: frozenset[str]) -> None:
        """The market bridge's coalesced signal: a held symbol moved."""
        if self.services is not None and self._held & changed \
                and not self._mark_timer.isActive():
            self._mark_timer.start()

    def detach(self) -> None:
        self._mark_timer.stop()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
        self.services = None
        self._recon = None
        self.banner.setVisible(True)
        self.recon_badge.setVisible(False)
        self.mismatches.setVisible(False)

    def refresh(self) -> None:
        if self.services is None:
            return
        # the portfolio of the current mode (SSI's account when live), when the runtime
        # offers the choice
        active = getattr(self.services, "active_portfolio", None)
        portfolio = active() if callable(active) else self.services.portfolio
        if portfolio is None:
            return

        async def go() -> None:
            summary = await portfolio.refresh()
            self.show_summary(summary, await portfolio.equity_history())

        spawn(go(), self._error)
        self.load_mismatches()

    # ---- reconciliation ----------------------------------------------------------------

    def load_mismatches(self) -> None:
        recon = self._recon
        if recon is None:
            return

        async def go() -> None:
            rows = await recon.open_mismatches()
            self.show_reconciliation(rows)

        spawn(go(), self._recon_error)

    def show_reconciliation(self, rows: list[MismatchRow]) -> None:
        if self._recon is None:
            return
        # a profile that never reconciled (dry-run, no broker yet) keeps the dry-run note
        used = self._recon.last_run is not None or bool(rows)
        self.banner.setVisible(not used)
        self.recon_badge.setVisible(used)
        probe = self._recon.probe()
        ok = probe.healthy
        self.recon_badge.setText(tr("Reconciled") if ok else tr("Not reconciled"))
        self.recon_badge.setToolTip(tr(probe.detail))
        self.recon_badge.setStyleSheet(badge_css("#2e7d32" if ok else "#c62828", "#ffffff"))
        self.mismatches.show_mismatches(rows)
        self.mismatches.set_busy(False)

    def accept_mismatch(self, mismatch_id: int, note: str) -> None:
        recon = self._recon
        if recon is None:
            return
        self.mismatches.set_busy(True)

        async def go() -> None:
            await recon.accept(mismatch_id, note)
            self.mismatches.note.clear()
            self.show_reconciliation(await recon.open_mismatches())

        spawn(go(), self._recon_error)

    def resolve_mismatch(self, mismatch_id: int, note: str) -> None:
        recon = self._recon
        if recon is None:
            return
        self.mismatches.set_busy(True)

        async def go() -> None:
            await recon.resolve(mismatch_id, note)
            self.mismatches.note.clear()
            self.show_reconciliation(await recon.open_mismatches())

        spawn(go(), self._recon_error)

    def _recon_error(self, exc: BaseException) -> None:
        self.mismatches.set_busy(False)
        self.mismatches.status.setText(tr("Reconciliation action failed: {why}").format(
            why=str(exc) or type(exc).__name__))

    def on_synced(self, event: Any) -> None:
        if hasattr(event.summary, "positions"):
            self.show_summary(event.summary, None)

    def show_summary(self, s: PortfolioSummary, history: list[tuple[str, int]] | None) -> None:
        ok = s.sync.state == "OK"
        self.badge.setText(tr("Synced") if ok else tr("Stale"))
        self.badge.setStyleSheet(badge_css("#2e7d32" if ok else "#ef6c00", "#ffffff"))
        when = vn_time(s.sync.last_ok_at) \
            if s.sync.last_ok_at else "—"
        self._held = frozenset(p.symbol for p in s.positions)
        self.updated.setText(tr("{source} · last update {when} · {prices}").format(
            source=tr(s.source), when=when, prices=self._prices_words(s)))
        self.updated.setStyleSheet("color: #ef6c00; font-weight: bold" if self._old else "")
        for key, label in self.values.items():
            value = int(getattr(s, key))
            label.setText(signed_money(value) if key.endswith("pnl") else money(value))
            if key.endswith("pnl"):
                label.setStyleSheet(f"font-weight: bold; color: "
                                    f"{BOARD_UP if value > 0 else BOARD_DOWN if value < 0 else ''}")
        self._positions(s.positions)
        self._draw(s, history)

    def _prices_words(self, s: PortfolioSummary) -> str:
        """The oldest mark's age in words ("prices from 13/11/2025, 1 year old" / "live")."""
        services = self.services
        self._old = False
        if s.prices_at is None or services is None:
            return tr("prices as of {day}").format(day=s.prices_as_of or "—")
        from ...domain.market.freshness import freshness
        from ...i18n.ages import freshness_words

        f = freshness(s.prices_at, services.clock.now(), services.risk.calendar)
        sources = {p.price_source for p in s.positions}
        self._old = f.old
        return freshness_words(f.old, f.day, f.count, f.unit,
                               live_source=not sources <= {"bars", "replay"})

    def _ticket(self, side: Side) -> None:
        """Buy more / Sell from the selected row: the ticket with the symbol, a quantity (a
        sell: the sellable board lots) and the last price."""
        row = self.table.currentRow()
        if not 0 <= row < len(self._rows):
            self.updated.setText(tr("Select a position first."))
            return
        p = self._rows[row]
        qty = p.sellable_qty // BOARD_LOT * BOARD_LOT if side is Side.SELL else BOARD_LOT
        self.ticket_requested.emit(p.symbol, side, qty, int(p.last_price or p.ref_price or 0))

    def _cell(self, r: int, c: int, text: str) -> QTableWidgetItem:
        """The item at (r, c), reused when there (the row is updated in place)."""
        item = self.table.item(r, c)
        if item is None:
            item = QTableWidgetItem(text)
            self.table.setItem(r, c, item)
        elif item.text() != text:
            item.setText(text)
        return item

    def _positions(self, rows: list[PositionView]) -> None:
        self._rows = list(rows)
        if self.table.rowCount() != len(rows):
            self.table.setRowCount(len(rows))
        services = self.services
        for r, p in enumerate(rows):
            band = None
            if p.ref_price:
                try:
                    band = price_band(Exchange.parse(p.exchange), p.ref_price)
                except ValueError:
                    band = None
            cells = (p.symbol, f"{p.total_qty:,}", f"{p.sellable_qty:,}", f"{p.pending_qty:,}",
                     thousands_exact(p.avg_cost), thousands(p.last_price), thousands(p.ref_price),
                     f"{p.market_value:,}", f"{p.unrealised_pnl:+,}", f"{p.realised_pnl:+,}",
                     f"{p.change_today:+,}", f"{p.weight:.1%}")
            for c, text in enumerate(cells):
                item = self._cell(r, c, text)
                if c == 5:
                    colour = board_colour(p.last_price, band)
                    item.setForeground(QColor(colour) if colour else QColor())
                    words, old = self._mark_words(p, services)
                    item.setToolTip(words)
                    font = item.font()
                    font.setItalic(old)  # older than the current session
                    item.setFont(font)
                if c in (8, 9, 10):
                    value = (p.unrealised_pnl, p.realised_pnl, p.change_today)[c - 8]
                    item.setForeground(QColor(BOARD_UP if value > 0 else BOARD_DOWN)
                                       if value else QColor())

    @staticmethod
    def _mark_words(p: PositionView, services: AppServices | None) -> tuple[str, bool]:
        """The mark's age in words, and whether it is older than the current session."""
        if p.price_at is None or services is None:
            return "", False
        from ...domain.market.freshness import freshness
        from ...i18n.ages import freshness_words

        f = freshness(p.price_at, services.clock.now(), services.risk.calendar)
        return freshness_words(f.old, f.day, f.count, f.unit,
                               live_source=p.price_source not in ("bars", "replay")), f.old

    def _draw(self, s: PortfolioSummary, history: list[tuple[str, int]] | None) -> None:
        import pyqtgraph as pg

        if self._alloc is None:
            pg.setConfigOptions(antialias=True, background="w", foreground="k")
            self._alloc = pg.PlotWidget(title=tr("Allocation (% of market value)"))
            self._equity = pg.PlotWidget(title=tr("Equity at the open (million VND)"))
            self._equity.getAxis("left").enableAutoSIPrefix(False)
            self._charts_layout.addWidget(self._alloc)
            self._charts_layout.addWidget(self._equity)
        self._alloc.clear()
        if s.positions:
            xs = list(range(len(s.positions)))
            self._alloc.addItem(pg.BarGraphItem(x=xs, height=[p.weight * 100 for p in
                                                              s.positions], width=0.6,
                                                brush="#1565c0"))
            self._alloc.getAxis("bottom").setTicks([[(i, p.symbol) for i, p in
                                                     enumerate(s.positions)]])
        if history is not None:
            self._equity.clear()
            if history:
                self._equity.plot(list(range(len(history))), [v / 1e6 for _, v in history],
                                  pen=pg.mkPen("#2e7d32", width=2), symbol="o")
                self._equity.getAxis("bottom").setTicks([[(i, d[5:]) for i, (d, _) in
                                                          enumerate(history)]])

    def _error(self, exc: BaseException) -> None:
        self.badge.setText(tr("Stale"))
        self.updated.setText(tr("Refresh failed: {why}").format(why=str(exc) or
                                                                 type(exc).__name__))
