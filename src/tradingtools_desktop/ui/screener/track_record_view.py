"""Track record view: the screener's walk-forward figures, equity curve against the index
and a plain verdict, beside the results. Computing runs in the service (its own worker
thread); this view only starts it, shows progress, cancels and displays."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...i18n import tr
from ...services.events import TrackRecordFinished, TrackRecordProgress
from ..async_tools import spawn

if TYPE_CHECKING:
    from ...services.runtime import AppServices

SCORES = ("supervisor", "supervisor_fitted", "technical", "fundamental", "news",
          "momentum_12_1", "reversal_1m", "random")
LABELS = {"supervisor": "Screener (supervisor)",
          "supervisor_fitted": "Supervisor, weights fitted on earlier windows",
          "technical": "Technical agent",
          "fundamental": "Fundamental agent", "news": "News agent",
          "momentum_12_1": "Baseline: 12-1 momentum",
          "reversal_1m": "Baseline: 1-month reversal", "random": "Baseline: random"}
HEAD = ("Score", "Mean rank IC", "t (Newey-West)", "Top − bottom fifth", "Hit rate",
        "Observations", "Turnover", "Top-N growth")
CURVES = ("supervisor", "technical", "random", "VNINDEX", "VN30")


def verdict_text(stats: dict[str, Any], start: str, end: str, freq: str,
                 band: dict[str, Any] | None = None) -> str:
    """The plain verdict on the screener's score, in the user's language."""
    from ...services.track_record.evaluate import verdict_kind

    span = start[:4] if start[:4] == end[:4] else f"{start[:4]}-{end[:4]}"
    kind = verdict_kind(stats)
    if kind == "too_little":
        return tr("On {span} there is too little history to judge this score "
                  "({n} dates).").format(span=span, n=stats.get("ic_dates", 0))
    figures = tr("mean rank IC {ic:+.3f}, t {t:.2f}, {n} {freq} dates").format(
        ic=stats["mean_ic"], t=stats["ic_t"], n=stats["ic_dates"], freq=tr(freq))
    if band and band.get("seeds"):
        figures += tr("; {k} random scores gave t {lo:.2f} to {hi:.2f}").format(
            k=band["seeds"], lo=band["ic_t_p05"], hi=band["ic_t_p95"])
    if kind == "none":
        return tr("On {span} this score has shown no reliable edge ({figures}).").format(
            span=span, figures=figures)
    if kind == "positive":
        return tr("On {span} this score has ranked stocks better than chance ({figures}); "
                  "a past edge is no promise of a future one.").format(span=span,
                                                                      figures=figures)
    return tr("On {span} this score has pointed the wrong way ({figures}).").format(
        span=span, figures=figures)


def _n(x: float | None, fmt: str) -> str:
    return "—" if x is None else format(x, fmt)


class TrackRecordView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trackRecordView")
        self.services: AppServices | None = None
        self.universe = "VN30"
        self.run_id: str | None = None
        self.record: dict[str, Any] | None = None
        self._unsubscribe: list[Any] = []
        self.start = QDateEdit(QDate(2021, 1, 1))
        self.start.setObjectName("trackFrom")
        self.end = QDateEdit(QDate(2025, 12, 31))
        self.end.setObjectName("trackTo")
        for d in (self.start, self.end):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.frequency = QComboBox()
        self.frequency.setObjectName("trackFrequency")
        self.frequency.addItem(tr("Monthly"), "monthly")
        self.frequency.addItem(tr("Weekly"), "weekly")
        self.horizon = QComboBox()
        self.horizon.setObjectName("trackHorizon")
        for h in (20, 5, 60):
            self.horizon.addItem(tr("{n} sessions").format(n=h), h)
        self.run_button = QPushButton(tr("Compute track record"))
        self.run_button.setObjectName("trackRun")
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setObjectName("trackCancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("trackProgress")
        self.stage = QLabel("")
        self.stage.setObjectName("trackStage")
        bar = QHBoxLayout()
        for w in (QLabel(tr("From")), self.start, QLabel(tr("To")), self.end,
                  QLabel(tr("Rebalance")), self.frequency, QLabel(tr("Horizon")),
                  self.horizon, self.run_button, self.cancel_button, self.progress,
                  self.stage):
            bar.addWidget(w)
        bar.addStretch(1)
        self.title = QLabel("")
        self.title.setObjectName("trackTitle")
        self.title.setWordWrap(True)
        self.verdict = QLabel(tr("No track record shown yet."))
        self.verdict.setObjectName("trackVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-weight: bold")
        self.table = QTableWidget(len(SCORES), len(HEAD))
        self.table.setObjectName("trackTable")
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEAD])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for row, name in enumerate(SCORES):  # fixed rows, updated in place by score name
            for col in range(len(HEAD)):
                self.table.setItem(row, col, QTableWidgetItem(tr(LABELS[name]) if col == 0
                                                              else "—"))
        self.table.resizeColumnsToContents()
        self.chart_box = QVBoxLayout()
        self._plot: Any = None
        self.notes = QLabel("")
        self.notes.setObjectName("trackNotes")
        self.notes.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.title)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 2)
        layout.addLayout(self.chart_box, 3)
        layout.addWidget(self.notes)
        self.run_button.clicked.connect(self.compute)
        self.cancel_button.clicked.connect(self.cancel)
        self.frequency.currentIndexChanged.connect(lambda _: self._render())
        self.horizon.currentIndexChanged.connect(lambda _: self._render())

    def attach(self, services: AppServices) -> None:
        self.services = services
        self._unsubscribe = [services.bus.subscribe(TrackRecordProgress, self.on_progress),
                             services.bus.subscribe(TrackRecordFinished, self.on_finished)]

    def detach(self) -> None:
        for stop in self._unsubscribe:
            stop()
        self._unsubscribe = []
        self.services = None

    # -- actions -------------------------------------------------------------------------
    def show_for(self, universe: str) -> None:
        """Show the newest track record of ``universe`` (or say there is none)."""
        self.universe = universe
        services = self.services
        if services is None or services.track_record is None:
            return
        tr_service = services.track_record

        async def load() -> None:
            rec = await tr_service.latest_for(universe)
            self.record = rec
            if rec is None:
                self.title.setText(tr("Universe {u}").format(u=universe))
                self.verdict.setText(tr(
                    "No track record of {u} yet: the screener's scores on it have not been "
                    "measured. Compute one (it takes seconds).").format(u=universe))
                self._clear()
            else:
                self._render()

        spawn(load(), self._error)

    def compute(self) -> None:
        services = self.services
        if services is None or services.track_record is None:
            return
        tr_service = services.track_record
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.stage.setText(tr("Starting…"))

        async def go() -> None:
            try:
                rec = await tr_service.run(self.universe, start, end)
                if rec["status"] == "DONE":
                    self.record = rec
                    self._render()
            finally:
                self.run_button.setEnabled(True)
                self.cancel_button.setEnabled(False)

        spawn(go(), self._error)

    def cancel(self) -> None:
        if self.services is not None and self.services.track_record and self.run_id:
            self.services.track_record.cancel(self.run_id)
            self.stage.setText(tr("Cancelling…"))

    def on_progress(self, event: TrackRecordProgress) -> None:
        self.run_id = event.run_id
        self.progress.setMaximum(max(event.total, 1))
        self.progress.setValue(min(event.done, max(event.total, 1)))
        self.stage.setText(tr("Stage: {stage}").format(stage=event.stage))

    def on_finished(self, event: TrackRecordFinished) -> None:
        self.run_id = None
        self.stage.setText(tr("Cancelled.") if event.status == "CANCELLED" else
                           tr("Done: {msg}").format(msg=event.message)
                           if event.status == "DONE" else event.message)

    # -- showing -------------------------------------------------------------------------
    def _clear(self) -> None:
        for row in range(len(SCORES)):
            for col in range(1, len(HEAD)):
                item = self.table.item(row, col)
                if item is not None:
                    item.setText("—")
        if self._plot is not None:
            self._plot.clear()
        self.notes.setText("")

    def _render(self) -> None:
        rec = self.record
        if not rec or not rec.get("result"):
            return
        res, p = rec["result"], rec["params"]
        freq = str(self.frequency.currentData())
        h = str(self.horizon.currentData())
        block = res["frequencies"].get(freq, {})
        per = block.get("horizons", {}).get(h, {})
        self.title.setText(tr(
            "Track record {id} · {u} · {n} stocks · {start} to {end} · {dates} {freq} "
            "dates · net of fees and 0.1 % sell tax, bought the session after the score, "
            "T+2 · figures {hash}").format(
            id=rec["id"], u=rec["universe"], n=res["symbols"], start=p["start"],
            end=p["end"], dates=block.get("dates", 0), freq=tr(freq),
            hash=str(rec.get("figures_hash", ""))[:12]))
        self.verdict.setText(verdict_text(per.get("supervisor") or {}, p["start"], p["end"],
                                          freq, per.get("random_band")))
        for row, name in enumerate(SCORES):
            s = per.get(name) or {}
            eq = block.get("equity", {}).get(name, {})
            cells = (_n(s.get("mean_ic"), "+.3f"), _n(s.get("ic_t"), ".2f"),
                     _n(s.get("top_minus_bottom"), "+.2%"), _n(s.get("hit_rate"), ".1%"),
                     f"{s.get('hit_obs', 0):,}", _n(s.get("turnover"), ".0%"),
                     _n(eq.get("final"), ".2f") + ("×" if eq.get("final") else ""))
            for col, text in enumerate(cells, start=1):
                item = self.table.item(row, col)
                if item is not None:
                    item.setText(text)
        notes = [tr("Supervisor weights are fixed, not fitted: every figure is "
                    "out-of-sample for them."),
                 tr("The universe is today's listed stocks (survivors): every top-{n} curve, "
                    "the random one too, tends to beat the index; compare with the random "
                    "baseline.").format(n=p.get("top_n", 10))]
        if res.get("flagged_symbols"):
            notes.append(tr("Computed on flagged prices (possible unadjusted corporate "
                            "actions): {names}.").format(names=", ".join(
                                res["flagged_symbols"])))
        if res.get("benchmarks_missing"):
            notes.append(tr("Not in the cache, so no curve: {names}.").format(
                names=", ".join(res["benchmarks_missing"])))
        self.notes.setText(" ".join(notes))
        self._draw(block.get("equity", {}))

    def _draw(self, equity: dict[str, Any]) -> None:
        import pyqtgraph as pg

        if self._plot is None:
            pg.setConfigOptions(antialias=True, background="w", foreground="k")
            self._plot = pg.PlotWidget()
            self._plot.setObjectName("trackChart")
            self._plot.showGrid(x=True, y=True, alpha=0.2)
            self._plot.addLegend()
            self.chart_box.addWidget(self._plot)
        self._plot.clear()
        colours = {"supervisor": "#1565c0", "technical": "#6a1b9a", "random": "#9e9e9e",
                   "VNINDEX": "#e65100", "VN30": "#2e7d32"}
        self.drawn: list[str] = []
        ticks: list[tuple[int, str]] = []
        for name in CURVES:
            curve = (equity.get(name) or {}).get("curve") or []
            if not curve:
                continue
            ys = [v if v is not None else float("nan") for _, v in curve]
            self._plot.plot(list(range(len(ys))), ys, pen=pg.mkPen(colours[name], width=2),
                            name=tr(LABELS.get(name, name)))
            self.drawn.append(name)
            if not ticks:
                step = max(1, len(curve) // 6)
                ticks = [(i, curve[i][0]) for i in range(0, len(curve), step)]
        self._plot.getAxis("bottom").setTicks([ticks])

    def _error(self, exc: BaseException) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.stage.setText(tr("Could not complete: {why}").format(
            why=str(exc) or type(exc).__name__))
