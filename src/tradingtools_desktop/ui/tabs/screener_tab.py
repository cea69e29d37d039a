"""Screener tab: universe picker, Run / Cancel with stage progress, sortable results, a
detail pane (rationale, each agent's evidence, candlestick chart), past runs, and "Send to
order ticket". All work runs in the service layer; this tab only shows it."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.market.calendar import VN_TZ
from ...i18n import tr
from ...i18n.market_notes import price_basis_note, screener_notes
from ...services.events import ScreenerFinished, ScreenerProgress
from ..async_tools import spawn
from ..quote_words import AgeJudge
from ..screener.chart import CandleChart
from ..screener.explain import agents_notes_html, detail_html
from ..screener.results import ResultsTable
from ..screener.track_record_view import TrackRecordView

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ...services.runtime import AppServices


UNIVERSES = ["VN30", "HOSE", "HNX", "UPCOM", "ALL", "WATCHLIST"]


class ScreenerTab(QWidget):
    send_to_ticket = Signal(str, int, int)  # symbol, suggested quantity, price (VND; 0 = none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screenerTab")
        self.services: AppServices | None = None
        self.run_id: str | None = None
        self.last_close: dict[str, int] = {}  # symbol -> newest close (VND), for the ticket
        self._run_quotes: dict[str, dict[str, Any]] = {}  # the shown run's quotes
        self.universe = QComboBox()
        self.universe.setObjectName("universePicker")
        self.universe.setEditable(True)
        self.universe.addItems(UNIVERSES)
        self.universe.setToolTip(tr("A universe, a saved list, or symbols like FPT,VCB,HPG"))
        self.run_button = QPushButton(tr("Run"))
        self.run_button.setObjectName("runButton")
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setObjectName("cancelRunButton")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("runProgress")
        self.stage = QLabel(tr("Not run yet."))
        self.stage.setObjectName("runStage")
        self.past = QComboBox()
        self.past.setObjectName("pastRuns")
        self.past.setMinimumWidth(260)
        bar = QHBoxLayout()
        for w in (QLabel(tr("Universe")), self.universe, self.run_button, self.cancel_button,
                  self.progress, self.stage):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(QLabel(tr("Past runs")))
        bar.addWidget(self.past)

        self.table = ResultsTable()
        self.detail = QTextBrowser()
        self.detail.setObjectName("screenerDetail")
        self.detail.setHtml(f"<p>{tr('Pick a row to read why it scored as it did.')}</p>")
        self.chart = CandleChart()
        self.chart.setMinimumHeight(220)
        self.empty = QLabel(tr("No results yet: choose a universe and press Run, or open a "
                               "past run. The chart of the row you pick shows here."))
        self.empty.setObjectName("screenerEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_stack = QStackedWidget()
        self.chart_stack.addWidget(self.empty)
        self.chart_stack.addWidget(self.chart)
        self.send_button = QPushButton(tr("Send to order ticket"))
        self.send_button.setObjectName("sendToTicket")
        self.send_button.setEnabled(False)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.chart_stack, 3)
        rl.addWidget(self.detail, 2)
        rl.addWidget(self.send_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([520, 680])
        self.summary = QLabel("")
        self.summary.setObjectName("runSummary")
        self.summary.setWordWrap(True)
        self.details_button = QToolButton()
        self.details_button.setObjectName("runDetailsToggle")
        self.details_button.setText(tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.meta = QTextBrowser()
        self.meta.setObjectName("runMeta")
        self.meta.setMaximumHeight(120)
        self.meta.setVisible(False)
        self.details_button.toggled.connect(self._toggle_details)
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(self.details_button)
        # the run's configuration links to its track record (issue 14)
        self.track_link = QLabel("")
        self.track_link.setObjectName("trackLink")
        self.track_link.setWordWrap(True)
        self.track_link.linkActivated.connect(lambda _: self.open_track_record())
        self.track_view = TrackRecordView()
        self.views = QTabWidget()
        self.views.setObjectName("screenerViews")
        self.views.addTab(split, tr("Results"))
        self.views.addTab(self.track_view, tr("Track record"))
        self.shown_universe = "VN30"
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(head)
        layout.addWidget(self.meta)
        layout.addWidget(self.track_link)
        layout.addWidget(self.views, 1)

        self.run_button.clicked.connect(self.start_run)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.table.symbol_selected.connect(self.show_symbol)
        self.past.activated.connect(self._open_past)
        self.send_button.clicked.connect(self._send)

    def attach(self, services: AppServices) -> None:
        self.services = services
        self.track_view.attach(services)
        spawn(self._load_past())

    def detach(self) -> None:
        self.track_view.detach()
        self.services = None

    def open_track_record(self) -> None:
        """Show the track record of the shown run's universe."""
        self.views.setCurrentWidget(self.track_view)
        self.track_view.show_for(self.shown_universe)

    # -- running -------------------------------------------------------------------------
    def start_run(self) -> None:
        if self.services is None:
            return
        services = self.services
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.stage.setText(tr("Starting…"))

        async def go() -> None:
            try:
                result = await services.screener.run(self.universe.currentText())
                if result.status == "DONE":
                    self._show(result.meta, result.verdicts)
            finally:
                self.run_button.setEnabled(True)
                self.cancel_button.setEnabled(False)
                await self._load_past()

        spawn(go(), self._error)

    def cancel_run(self) -> None:
        if self.services is not None and self.run_id:
            self.services.screener.cancel(self.run_id)
            self.stage.setText(tr("Cancelling…"))

    def on_progress(self, event: ScreenerProgress) -> None:
        self.run_id = event.run_id
        self.progress.setMaximum(event.total)
        self.progress.setValue(event.done)
        self.stage.setText(tr("Stage: {stage}").format(stage=tr(event.stage)))

    def on_finished(self, event: ScreenerFinished) -> None:
        status = str(event.status)
        if status == "DONE":
            text = tr("Done.")
        elif status == "CANCELLED":
            text = tr("Cancelled.")
        else:
            text = tr("Failed: {why}").format(why=tr(event.message))
        self.stage.setText(text)
        self.run_id = None

    # -- showing -------------------------------------------------------------------------
    def _toggle_details(self, on: bool) -> None:
        self.meta.setVisible(on)
        self.details_button.setArrowType(Qt.ArrowType.DownArrow if on
                                         else Qt.ArrowType.RightArrow)

    def _show(self, meta: dict[str, Any], verdicts: list[dict[str, Any]]) -> None:
        as_of = max((meta.get("as_of") or {"?": "?"}).values())
        missing = meta.get("missing") or {}
        self.summary.setText(tr("{universe}: {n} symbols, prices as of {as_of}.").format(
            universe=meta["universe"], n=len(verdicts), as_of=as_of))
        self._meta_html = (
            f"{tr('Run')} {meta['id']}<br/>"
            f"{tr('Data hash')}: {meta.get('data_hash', '')}<br/>"
            f"{tr('Indicators')}: {meta.get('indicator_backend')}<br/>"
            + (f"{tr('AI')}: {tr(str(missing['llm']))}<br/>" if missing.get("llm") else ""))
        notes = screener_notes(missing)  # market coverage, unadjusted gaps
        basis_note = price_basis_note(meta.get("prices"))
        if basis_note:
            notes.append(basis_note)
        if notes:
            self.summary.setText(self.summary.text() + " " + " ".join(notes))
        self.meta.setHtml(self._meta_html)
        self.shown_universe = str(meta["universe"])
        self._run_quotes = (meta.get("prices") or {}).get("quotes") or {}
        measured = meta.get("measured") or {}
        if "buckets" in measured:
            self.track_link.setText(tr(
                "Confidence is the measured hit rate of similar scores in track record {id} "
                "({start} to {end}, {h} sessions). <a href='#'>Track record of this "
                "configuration</a>").format(id=measured["track_record_id"],
                                            start=measured["period"][0],
                                            end=measured["period"][1], h=measured["horizon"]))
        else:
            self.track_link.setText(tr(
                "No track record of this universe yet, so confidence is not measured. "
                "<a href='#'>Track record of this configuration</a>"))
        services = self.services
        self.table.show_results(
            verdicts, measured, (meta.get("prices") or {}).get("quotes"),
            services.clock.now() if services is not None else None,
            services.risk.calendar if services is not None else None)
        if verdicts:
            self.table.selectRow(0)
        else:
            self.empty.setText(tr("This run has no results: try a wider universe, or check "
                                  "that prices are loaded (Setup)."))
            self.chart_stack.setCurrentWidget(self.empty)

    def show_symbol(self, symbol: str) -> None:
        v = self.table.rows.get(symbol)
        if v is None or self.services is None:
            return
        self.detail.setHtml(detail_html(v))
        self.meta.setHtml(getattr(self, "_meta_html", "") + "<hr/>" + agents_notes_html(v))
        self.send_button.setEnabled(True)
        services = self.services

        async def chart() -> None:
            bars = await services.market.bars(symbol, 120)
            if not bars:
                self.empty.setText(tr("No price history for {symbol}: load prices in Setup "
                                      "or pick another row.").format(symbol=symbol))
                self.chart_stack.setCurrentWidget(self.empty)
                return
            self.chart_stack.setCurrentWidget(self.chart)
            if bars:
                self.last_close[symbol] = int(bars[-1].close)
                words, old = AgeJudge(services.clock.now, services.risk.calendar).words_at(
                    datetime.combine(bars[-1].day, time(15, 0), tzinfo=VN_TZ))
                self.chart.show_bars(symbol, [b.open for b in bars], [b.high for b in bars],
                                     [b.low for b in bars], [b.close for b in bars],
                                     [b.day.isoformat() for b in bars],
                                     volumes=[float(b.volume) for b in bars],
                                     age=words if old else "")

        spawn(chart(), self._error)

    def _send(self) -> None:
        symbol = self.table.current_symbol()
        if symbol:
            qty = int(self.table.rows[symbol]["suggested_qty"]) or 100
            self.send_to_ticket.emit(symbol, qty, self.current_price(symbol))

    def current_price(self, symbol: str) -> int:
        """The price "Send to order ticket" proposes: the quote service's current price
        (last, else reference), else the run's quote, else the last daily close."""
        from ...services.screener_prices import quote_used

        services = self.services
        q = services.quotes.quote(symbol) if services is not None else None
        used = quote_used(q) if q is not None else None
        if used is None:
            used = self._run_quotes.get(symbol)
        return int(used["price_vnd"]) if used else self.last_close.get(symbol, 0)

    async def _load_past(self) -> None:
        if self.services is None:
            return
        runs = await self.services.screener.runs(30)
        self.past.clear()
        for r in runs:
            self.past.addItem(f"{str(r['started_at'])[:16]} {r['universe'][:20]} "
                              f"({r['status']})", r["id"])

    def _open_past(self, index: int) -> None:
        run_id = self.past.itemData(index)
        if run_id is None or self.services is None:
            return
        services = self.services

        async def load() -> None:
            result = await services.screener.result(run_id)
            self._show(result.meta, result.verdicts)

        spawn(load(), self._error)

    def _error(self, exc: BaseException) -> None:
        self.stage.setText(tr("Could not complete: {why}").format(
            why=str(exc) or type(exc).__name__))
