"""The wizard's pages: profile -> keys -> connection checks -> mode and limits -> summary."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ...i18n import language, tr
from ...services.settings import ssi_url_problem
from ...vault import SPECS, KeychainStatus
from ...vault.crypto import MIN_PASSPHRASE, passphrase_problem
from .check_text import plain_detail

CHECK_STATES = {"OK": "OK", "FAILED": "FAILED", "SKIPPED": "SKIPPED"}
SERVICES = ("vnstock", "SSI FastConnect", "SSI FastConnect Data", "AI provider", "Telegram")
log = logging.getLogger(__name__)
SSI_PRODUCTION = "https://fc-tradeapi.ssi.com.vn"  # SsiConfig's default (not imported:
# the SSI stack loads on first use)
ENV_SSI_URL = "TRADINGTOOLS_SSI_URL"


class ProfilePage(QWizardPage):
    language_chosen = Signal(str)  # "vi" | "en": the wizard re-opens in it

    def __init__(self, profile: str, keychain: KeychainStatus) -> None:
        super().__init__()
        self.setTitle(tr("Profile and key protection"))
        self.setSubTitle(tr("Name this profile and choose how its keys are protected."))
        form = QFormLayout(self)
        self.language = QComboBox()
        self.language.setObjectName("wizLanguage")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if language() == "vi" else 1)
        self.language.activated.connect(
            lambda i: self.language_chosen.emit(str(self.language.itemData(i))))
        form.addRow(tr("Language / Ngôn ngữ"), self.language)
        self.name = QLineEdit(profile)
        self.name.setObjectName("wizProfileName")
        self.keychain = QRadioButton(tr("OS keychain"))
        self.keychain.setObjectName("wizKeychain")
        self.passphrase_mode = QRadioButton(tr("Passphrase"))
        self.passphrase_mode.setObjectName("wizPassphraseMode")
        group = QButtonGroup(self)
        group.addButton(self.keychain)
        group.addButton(self.passphrase_mode)
        self.keychain_note = QLabel(keychain.backend if keychain.usable else tr(keychain.reason))
        self.keychain_note.setWordWrap(True)
        self.keychain.setEnabled(keychain.usable)
        (self.keychain if keychain.usable else self.passphrase_mode).setChecked(True)
        self.pass1 = QLineEdit()
        self.pass1.setObjectName("wizPass1")
        self.pass1.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass2 = QLineEdit()
        self.pass2.setObjectName("wizPass2")
        self.pass2.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #dc2626")
        form.addRow(tr("Profile name"), self.name)
        form.addRow(self.keychain, self.keychain_note)
        form.addRow(self.passphrase_mode)
        form.addRow(tr("Passphrase"), self.pass1)
        form.addRow(tr("Repeat passphrase"), self.pass2)
        form.addRow(self.problem)
        for w in (self.pass1, self.pass2, self.name):
            w.textChanged.connect(self.completeChanged)
        self.passphrase_mode.toggled.connect(self.completeChanged)

    def isComplete(self) -> bool:
        self.problem.setText("")
        if not self.name.text().strip():
            return False
        if self.passphrase_mode.isChecked():
            why = passphrase_problem(self.pass1.text())
            if why:
                self.problem.setText(tr("A passphrase needs at least {n} characters.").format(
                    n=MIN_PASSPHRASE))
                return False
            if self.pass1.text() != self.pass2.text():
                self.problem.setText(tr("The two passphrases differ."))
                return False
        return True


class KeysPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Your keys"))
        self.setSubTitle(tr("Every key is optional: without keys the app runs in dry-run on "
                            "its bundled data."))
        inner = QWidget()
        grid = QGridLayout(inner)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        vi = language() == "vi"
        row = 0
        for i, spec in enumerate(SPECS):
            after_ssi = (spec.group != "ssi" and i > 0 and SPECS[i - 1].group == "ssi")
            if after_ssi:
                row = self._add_ssi_url(grid, row)  # the end of the SSI block: Advanced
            label = QLabel(f"<b>{tr(spec.label)}</b>")
            if spec.multiline:
                edit: QLineEdit | QPlainTextEdit = QPlainTextEdit()
                edit.setFixedHeight(60)
            else:
                edit = QLineEdit()
                if spec.name not in ("ai.base_url", "ai.model", "ssi.two_factor",
                                     "telegram.chat_id"):
                    edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setObjectName(f"key_{spec.name}")
            helptext = QLabel(spec.help_vi if vi else spec.help)
            helptext.setWordWrap(True)
            helptext.setStyleSheet("color: #555")
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(helptext, row + 1, 1)
            row += 2
            self.fields[spec.name] = edit
        if not hasattr(self, "ssi_url"):
            row = self._add_ssi_url(grid, row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.detect = QPushButton(tr("Find a local AI server (Ollama, LM Studio, llama.cpp)"))
        self.detect.setObjectName("detectLocalAi")
        self.detect_result = QLabel("")
        self.detect_result.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.detect)
        layout.addWidget(self.detect_result)

    def _add_ssi_url(self, grid: QGridLayout, row: int) -> int:
        """The SSI server address: a profile setting (``ssi_url``), not a secret."""
        self.ssi_url = QLineEdit()
        self.ssi_url.setObjectName("wizSsiUrl")
        self.ssi_url.setPlaceholderText(SSI_PRODUCTION)
        self.ssi_url.textChanged.connect(self.completeChanged)
        help_ = QLabel(tr("Advanced, optional. Empty = SSI's own server ({url}). For practice, "
                          "the SSI simulator on this machine: http://127.0.0.1:8765")
                       .format(url=SSI_PRODUCTION))
        help_.setWordWrap(True)
        help_.setStyleSheet("color: #555")
        self.ssi_url_problem = QLabel("")
        self.ssi_url_problem.setObjectName("wizSsiUrlProblem")
        self.ssi_url_problem.setWordWrap(True)
        self.ssi_url_problem.setStyleSheet("color: #dc2626")
        self.ssi_url_problem.setVisible(False)
        # an Advanced section, closed unless it holds something: most users never need it
        self.ssi_advanced = QToolButton()
        self.ssi_advanced.setObjectName("wizSsiAdvanced")
        self.ssi_advanced.setText(tr("Advanced: SSI server address"))
        self.ssi_advanced.setCheckable(True)
        self.ssi_advanced.setArrowType(Qt.ArrowType.RightArrow)
        self.ssi_advanced.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.ssi_advanced_box = QWidget()
        box = QVBoxLayout(self.ssi_advanced_box)
        box.setContentsMargins(0, 0, 0, 0)
        for w in (self.ssi_url, help_, self.ssi_url_problem):
            box.addWidget(w)
        self.ssi_advanced_box.setVisible(False)
        self.ssi_advanced.toggled.connect(self._show_advanced)
        grid.addWidget(self.ssi_advanced, row, 0)
        grid.addWidget(self.ssi_advanced_box, row, 1)
        return row + 1

    def _show_advanced(self, on: bool) -> None:
        self.ssi_advanced_box.setVisible(on)
        self.ssi_advanced.setArrowType(Qt.ArrowType.DownArrow if on
                                       else Qt.ArrowType.RightArrow)

    def show_ssi_url(self, setting: str | None, env: str | None) -> None:
        """Prefill the address: the environment override (read-only, said so) or the
        profile's setting; never over what the user has typed meanwhile."""
        if env:
            self.ssi_url.setText(env)
            self.ssi_url.setReadOnly(True)
            self.ssi_url.setToolTip(tr("Set by {var}, which wins over this field.")
                                    .format(var=ENV_SSI_URL))
            self.ssi_url_problem.setStyleSheet("color: #555")
            self.ssi_url_problem.setText(tr("Set by {var}, which wins over this field.")
                                         .format(var=ENV_SSI_URL))
            self.ssi_url_problem.setVisible(True)
        elif setting and not self.ssi_url.isModified() and not self.ssi_url.text():
            self.ssi_url.setText(setting)
        if self.ssi_url.text():
            self.ssi_advanced.setChecked(True)  # an address in use is never hidden

    @property
    def ssi_url_overridden(self) -> bool:
        return self.ssi_url.isReadOnly()

    def ssi_url_value(self) -> str | None:
        """The address for the setup: None = leave the setting alone (environment
        override); "" = SSI's own address."""
        if self.ssi_url_overridden:
            return None
        return self.ssi_url.text().strip().rstrip("/")

    def isComplete(self) -> bool:
        if self.ssi_url_overridden:
            return True
        why = ssi_url_problem(self.ssi_url.text())
        self.ssi_url_problem.setText(tr("Not a usable SSI address: {why}").format(why=why)
                                     if why else "")
        self.ssi_url_problem.setVisible(why is not None)  # no empty row under the help
        return why is None

    def values(self) -> dict[str, str]:
        out = {}
        for name, edit in self.fields.items():
            text = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
            if text.strip():
                out[name] = text.strip()
        return out


class ChecksPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Connection checks"))
        self.setSubTitle(tr("Each service is tried with the keys you entered. A failed check "
                            "never blocks a dry-run start."))
        grid = QGridLayout(self)
        self.spinners: dict[str, QProgressBar] = {}
        self.results: dict[str, QLabel] = {}
        for row, service in enumerate(SERVICES):
            spinner = QProgressBar()
            spinner.setRange(0, 1)
            spinner.setFixedWidth(90)
            result = QLabel(tr("not checked yet"))
            result.setObjectName("check_ssi_data" if service == "SSI FastConnect Data"
                                 else f"check_{service.split()[0].lower()}")
            result.setWordWrap(True)
            grid.addWidget(QLabel(f"<b>{tr(service)}</b>"), row, 0)
            grid.addWidget(spinner, row, 1)
            grid.addWidget(result, row, 2)
            self.spinners[service] = spinner
            self.results[service] = result
        self.again = QPushButton(tr("Run the checks again"))
        grid.addWidget(self.again, len(SERVICES), 0, 1, 3)
        grid.setColumnStretch(2, 1)
        self.done = False

    def set_running(self) -> None:
        self.done = False
        for service in SERVICES:
            self.spinners[service].setRange(0, 0)  # busy
            self.results[service].setText(tr("checking…"))

    def show_result(self, service: str, state: str, detail: str, latency: int | None,
                    day: str = "") -> None:
        spinner = self.spinners[service]
        spinner.setRange(0, 1)
        spinner.setValue(1)
        colour = {"OK": "#16a34a", "FAILED": "#dc2626"}.get(state, "#6b7280")
        ms = f" ({latency} ms)" if latency is not None else ""
        word = tr(CHECK_STATES.get(state, state))
        text = plain_detail(service, state, detail, day)
        self.results[service].setText(f"<span style='color:{colour}'><b>{word}</b></span> "
                                      f"{text}{ms}")
        if text != tr(detail):  # the library's own words: for support, in the log
            log.info("connection check %s %s: %s", service, state, detail)


class ModePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Trading mode and limits"))
        layout = QVBoxLayout(self)
        self.dry = QRadioButton(tr("Dry-run (simulated orders, no broker) — recommended"))
        self.dry.setObjectName("wizDryRun")
        self.live = QRadioButton(tr("Live (real orders to SSI)"))
        self.live.setObjectName("wizLive")
        self.dry.setChecked(True)
        self.ack = QCheckBox(tr("I understand that live orders use real money and that I am "
                                "responsible for them."))
        self.ack.setObjectName("wizLiveAck")
        self.ack.setEnabled(False)
        self.live.toggled.connect(self.ack.setEnabled)
        self.live.toggled.connect(self.completeChanged)
        self.ack.toggled.connect(self.completeChanged)
        form = QFormLayout()
        self.max_notional = QSpinBox()
        self.max_notional.setRange(1, 2_000_000_000)
        self.max_notional.setSingleStep(10_000_000)
        self.max_notional.setGroupSeparatorShown(True)
        self.max_notional.setValue(500_000_000)
        self.max_loss_pct = QSpinBox()
        self.max_loss_pct.setRange(1, 50)
        self.max_loss_pct.setValue(5)
        self.starting_cash = QSpinBox()
        self.starting_cash.setObjectName("wizStartingCash")
        self.starting_cash.setRange(10_000_000, 2_000_000_000)
        self.starting_cash.setSingleStep(100_000_000)
        self.starting_cash.setGroupSeparatorShown(True)
        self.starting_cash.setValue(1_000_000_000)
        self.starting_cash.setToolTip(tr("Practice money; it can be changed until the first "
                                         "dry-run order."))
        form.addRow(tr("Dry-run starting cash (VND)"), self.starting_cash)
        form.addRow(tr("Max order value (VND)"), self.max_notional)
        form.addRow(tr("Max daily loss (% of equity at the open)"), self.max_loss_pct)
        note = QLabel(tr("Live trading is refused until every guardrail is healthy (limits "
                         "confirmed, SSI connected, portfolio reconciled, real clock). If one "
                         "is not, the app starts in dry-run and says why; switch later with "
                         "Trading > Go live…"))
        note.setWordWrap(True)
        for w in (self.dry, self.live, self.ack):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

    def isComplete(self) -> bool:
        return self.dry.isChecked() or self.ack.isChecked()


class SummaryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Summary"))
        self.text = QLabel("")
        self.text.setObjectName("wizSummary")
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)
