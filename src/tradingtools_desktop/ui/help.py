"""Help menu: keyboard shortcuts, a short glossary, About (version and data folder)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from .. import __version__
from ..i18n import tr
from .localise import localise_buttons

# (key, what it does) — the one list the shortcuts are made from and shown from
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("F1", "Buy: the order ticket, side Buy, cursor in the symbol"),
    ("F2", "Sell: the order ticket, side Sell, cursor in the symbol"),
    ("Enter", "Place the order on the ticket (after its confirm step, when there is one)"),
    ("Esc", "Clear the order ticket"),
    ("Ctrl+Shift+K", "Kill switch: halt trading and cancel every open order"),
    ("Ctrl+1 … Ctrl+4", "Setup, Portfolio, Orders, Screener"),
    ("Ctrl+Q", "Quit"),
)
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Score", "The screener's view of a symbol from -1 (sell) to +1 (buy), combining the "
              "technical, fundamental and news agents; near 0 means no clear view."),
    ("Confidence", "How much the agents agree and how much data they had, from 0 to 100 %. "
                   "A high score with a low confidence is a weak signal."),
    ("Dry-run", "Practice mode: orders are simulated against real prices, with fees, tax and "
                "T+2; nothing is sent to a broker and no money moves."),
    ("T+2", "Shares bought today arrive in your account two trading days later; only then "
            "can you sell them."),
    ("TC / Trần / Sàn", "Reference, ceiling and floor: today's reference price and the "
                        "highest and lowest prices the exchange accepts (HOSE ±7 %, HNX ±10 %, "
                        "UPCOM ±15 %)."),
    ("Kill switch", "Stops all new orders and cancels the open ones at once; Resume in the "
                    "Trading menu ends it."),
)


class HelpDialog(QDialog):
    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("helpText")
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(html)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        localise_buttons(self)


def _table(rows: tuple[tuple[str, str], ...], translate_key: bool) -> str:
    cells = "".join(f"<tr><td style='padding:4px 12px 4px 0'><b>"
                    f"{tr(k) if translate_key else k}</b></td><td>{tr(v)}</td></tr>"
                    for k, v in rows)
    return f"<table>{cells}</table>"


def shortcuts_dialog(parent: QWidget | None = None) -> HelpDialog:
    return HelpDialog(tr("Keyboard shortcuts"), _table(SHORTCUTS, False), parent)


def glossary_dialog(parent: QWidget | None = None) -> HelpDialog:
    return HelpDialog(tr("Glossary"), _table(GLOSSARY, True), parent)


def about_dialog(data_dir: str, parent: QWidget | None = None) -> HelpDialog:
    html = (f"<h3>TradingTools Desktop {__version__}</h3>"
            f"<p>{tr('Trading on HOSE, HNX and UPCOM from your own machine, in dry-run or '
                     'live on SSI FastConnect.')}</p>"
            f"<p><b>{tr('Data folder')}:</b> {data_dir}</p>"
            f"<p>{tr('Your keys stay in this machine, encrypted; orders, audit and screener '
                     'runs are in the data folder.')}</p>")
    return HelpDialog(tr("About TradingTools"), html, parent)
