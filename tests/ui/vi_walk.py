"""Collect every visible text of a widget tree and find the English left in it.

A text is English when one of its words is English: an ASCII word of 3+ letters that is not
a Vietnamese syllable written without marks, or a short English word from ``DENY`` (words
such as "Run" or "Buy" that happen to have a Vietnamese syllable's shape). Codes and
tickers (all capitals: FPT, HOSE, LO, ATO, VND) pass unless they are English words in
capitals (BUY, SELL, HALTED). Paths, URLs, e-mail-like strings and numbers are not words.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizard,
    QWizardPage,
)

_VI_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(a|e|i|o|u|y|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uy|ya|ye|yeu|ieu|oai|oay|"
    r"uoi|uou|uya|uye|uyu|ươi)"
    r"(ch|ng|nh|[cmnpt])?$")
DENY = {"buy", "run", "quit", "tab", "can", "not", "man", "top", "cut", "hit", "the",
        "and", "you", "new", "day", "key", "set", "ago",
        "time", "tick", "lot", "lots", "sell", "side", "type", "ref", "qty", "avg",
        "open", "on", "in", "at", "to", "no", "of", "or", "is", "it", "as", "by",
        "be", "up", "we", "me", "my", "if"}
CAPS_ENGLISH = {"BUY", "SELL", "HALTED", "ACTIVE", "REDUCING", "LIVE", "DRY", "RUN", "REF",
                "CEILING", "FLOOR", "OPEN", "FILLED", "CANCELLED", "REJECTED", "PENDING",
                "FAILED", "UNKNOWN", "SKIPPED", "PASSED", "ERROR", "WARNING"}
# words every language writes the same way (product and protocol names, units)
KEEP = {"TradingTools", "Desktop", "FastConnect", "iBoard", "Telegram", "Ollama", "OpenAI",
        "DuckDB", "pandas", "ta", "numba", "vnstock", "VN-Index", "VN30", "HNX30", "UPCOM",
        "HNX", "HOSE", "Index", "SSI", "AI", "API", "URL", "OTP", "PIN", "ID", "LLM",
        "model", "Consumer", "Secret", "qwen2.5", "llama", "HTTP", "HTTPS", "JSON", "CSV",
        "Tiếng", "Việt", "English", "DNSE", "VCI", "KBS", "MSN", "Chat", "Bot", "Token",
        "Data", "OK", "ConsumerID", "ConsumerSecret", "getUpdates", "Smart", "Studio", "LM",
        "gpt", "mini", "SMS", "BotFather", "userinfobot", "newbot", "Service", "Secret",
        "bot", "token", "chat", "keyring", "Enter", "Esc", "Ctrl", "Shift", "Tab", "internet",
        "Language", "menu"}
_TOKEN = re.compile(r"[^\s,.;:!?()\[\]{}<>\"'«»“”‘’…=+*/|—–·✓✗±%→←↑↓▲▼0-9#@&]+")


def english_words(text: str) -> list[str]:
    out: list[str] = []
    text = re.sub(r"<[^>]+>", " ", text)  # rich text: the markup is not visible
    text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    for product in ("FastConnect Trading", "FastConnect Data", "LM Studio"):
        text = text.replace(product, " ")
    for raw in text.split():
        if ("/" in raw or "\\" in raw or "@" in raw or "_" in raw
                or re.search(r"[A-Za-z]\.[A-Za-z]", raw)
                or re.search(r"[0-9][A-Za-z]|[A-Za-z][0-9]", raw)):
            continue  # paths, URLs, e-mails, setting names
        for word in _TOKEN.findall(raw.replace("&", "")):
            word = word.strip("-")
            if not word or word in KEEP or not word.isascii() or (not word.isalpha() \
                    and "-" not in word):
                continue
            if word.isupper():
                if any(part in CAPS_ENGLISH for part in word.split("-")):
                    out.append(word)
                continue
            low = word.lower()
            parts = low.split("-") if "-" in low else [low]
            for part in parts:
                if not part or (part.upper() == part and not part.isalpha()):
                    continue
                if part in DENY or (len(part) >= 3 and not _VI_SYLLABLE.match(part)):
                    out.append(word)
                    break
    return out


def _model_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    texts = []
    for section in range(model.columnCount()):
        texts.append(str(model.headerData(section, Qt.Orientation.Horizontal) or ""))
    return texts


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every user-visible string under ``root`` (shown or not)."""
    found: list[tuple[str, str]] = []

    def add(widget: object, text: str) -> None:
        if text and text.strip():
            name = getattr(widget, "objectName", lambda: "")() or type(widget).__name__
            found.append((name, text))

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        add(w, w.toolTip())
        if isinstance(w, (QMainWindow, QWizard)) or w.isWindow():
            add(w, w.windowTitle())
        if isinstance(w, (QLabel, QAbstractButton)):
            add(w, w.text())
        elif isinstance(w, QGroupBox):
            add(w, w.title())
        elif isinstance(w, QLineEdit):
            add(w, w.placeholderText())
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            add(w, w.placeholderText())
            if w.isReadOnly():
                add(w, w.toPlainText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, w.itemText(i))
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, w.tabText(i))
        elif isinstance(w, QMenu):
            add(w, w.title())
            for a in w.actions():
                add(w, a.text())
        elif isinstance(w, QWizardPage):
            add(w, w.title())
            add(w, w.subTitle())
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                add(w, w.item(i).text())
        elif isinstance(w, QAbstractItemView):
            for t in _model_texts(w):
                add(w, t)
    if isinstance(root, QWizard):
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                      QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
                      QWizard.WizardButton.CommitButton):
            add(root, root.buttonText(which))
    return found


def leftovers(root: QWidget, ignore: set[str] = frozenset()) -> list[str]:
    """'where: text [words]' for each text with English in it."""
    out = []
    for where, text in visible_texts(root):
        words = [w for w in english_words(text) if w not in ignore]
        if words:
            out.append(f"{where}: {text!r} {sorted(set(words))}")
    return sorted(set(out))
