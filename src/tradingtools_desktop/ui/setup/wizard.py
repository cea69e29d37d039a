"""The setup wizard: collects, checks, then hands everything to ``services.setup``.

Checks run on the service layer (concurrently, off the Qt thread); Finish applies the setup
through ``apply_setup`` and the window shows the result. Secrets typed here are cleared
from the fields once applied.

The SSI server address (the profile setting ``ssi_url``, not a secret) is on the keys page:
prefilled from the setting (or ``TRADINGTOOLS_SSI_URL``, read-only, which wins), used by the
SSI check and saved on Finish.
"""

from __future__ import annotations

import os
from dataclasses import replace
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from ...domain.risk import RiskLimits
from ...i18n import tr
from ...services.connection_checks import (
    ConnectionResult,
    Endpoints,
    configured_values,
    run_checks,
)
from ...services.runtime import AppServices
from ...services.settings import load_settings
from ...services.setup import SetupRequest, SetupResult, apply_setup
from ...vault import SPECS, Protection, mask
from ..async_tools import spawn
from ..localise import localise_buttons
from ..orders.format import money
from .pages import (
    ENV_SSI_URL,
    SSI_PRODUCTION,
    ChecksPage,
    KeysPage,
    ModePage,
    ProfilePage,
    SummaryPage,
)

P_PROFILE, P_KEYS, P_CHECKS, P_MODE, P_SUMMARY = range(5)


class SetupWizard(QWizard):
    finished_setup = Signal(object)  # SetupResult
    profile_requested = Signal(str)  # the user named another profile
    language_requested = Signal(str)  # "vi" / "en" chosen on the first page

    def __init__(self, services: AppServices, keychain_status: object,
                 endpoints: Endpoints | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.setWindowTitle(tr("TradingTools setup"))
        self.resize(900, 640)
        self.services = services
        self.endpoints = endpoints
        self.profile = ProfilePage(services.profile_name, keychain_status)  # type: ignore[arg-type]
        self.keys = KeysPage()
        self.checks = ChecksPage()
        self.mode = ModePage()
        self.summary = SummaryPage()
        for page_id, page in enumerate((self.profile, self.keys, self.checks, self.mode,
                                        self.summary)):
            self.setPage(page_id, page)
        self.currentIdChanged.connect(self._entered)
        self.profile.language_chosen.connect(self.language_requested)
        localise_buttons(self)
        self.checks.again.clicked.connect(self._run_checks)
        self.keys.detect.clicked.connect(self.detect_local_ai)
        self.local_ai_candidates: dict[str, str] | None = None  # tests point this at stubs
        self.result_: SetupResult | None = None
        self._ssi_data_url: str | None = None  # the profile's ssi_data_url setting
        self._prefill_ssi_url()

    def _prefill_ssi_url(self) -> None:
        env = os.environ.get(ENV_SSI_URL)
        if env:
            self.keys.show_ssi_url(None, env)

        async def go() -> None:
            settings = await load_settings(self.services.app_state)
            self._ssi_data_url = settings.ssi_data_url
            if not env:
                self.keys.show_ssi_url(settings.ssi_url, None)

        spawn(go())

    def _entered(self, page_id: int) -> None:
        if page_id == P_CHECKS:
            self._run_checks()
        elif page_id == P_SUMMARY:
            self.summary.text.setText(self._summary())

    def detect_local_ai(self) -> None:
        """Fill the AI endpoint and a CPU-friendly model from a local server that is up."""
        from ...agents.llm.client import detect_local
        from ...agents.llm.providers import pick_model

        self.keys.detect_result.setText(tr("checking…"))

        async def go() -> None:
            found = await detect_local(candidates=self.local_ai_candidates)
            if not found:
                self.keys.detect_result.setText(tr("No local AI server answered."))
                return
            name, (url, models) = next(iter(found.items()))
            model = pick_model(models) or ""
            self.keys.fields["ai.base_url"].setText(url)  # type: ignore[union-attr]
            self.keys.fields["ai.model"].setText(model)  # type: ignore[union-attr]
            self.keys.detect_result.setText(tr("{name} at {url}: {n} model(s); chose {model}")
                                            .format(name=name, url=url, n=len(models),
                                                    model=model or "none"))

        spawn(go())

    def check_endpoints(self) -> Endpoints:
        """Where the checks go: the SSI address typed on the keys page, unless an explicit
        one (``endpoints`` given by tests, or ``TRADINGTOOLS_SSI_URL``) is set."""
        ep = self.endpoints or Endpoints()
        typed = self.keys.ssi_url_value()
        if ep.ssi_url is None and typed:
            ep = replace(ep, ssi_url=typed)
        if ep.ssi_data_url is None and self._ssi_data_url:
            ep = replace(ep, ssi_data_url=self._ssi_data_url)
        return ep

    def _run_checks(self) -> None:
        assert self.services.paths is not None
        cache = self.services.paths.cache
        typed = self.keys.values()
        endpoints = self.check_endpoints()
        self.checks.set_running()

        async def go() -> None:
            # re-opened later, the wizard is the diagnostics page: stored keys are checked
            # too, with anything newly typed taking precedence
            stored, _problem = await configured_values(self.services.vault)
            day = await self._newest_price_day()

            def show(r: ConnectionResult) -> None:  # each as it ends: skipped ones at once
                self.checks.show_result(r.service, r.state.value, r.detail, r.latency_ms, day)

            await run_checks({**stored, **typed}, cache, endpoints, on_result=show)
            self.checks.done = True

        spawn(go())

    async def _newest_price_day(self) -> str:
        """The newest stored day of prices, said in the offline sentence ("" unknown)."""
        try:
            bars = await self.services.market.bars("FPT", 1)
        except Exception:
            return ""
        return bars[-1].day.isoformat() if bars else ""

    def _summary(self) -> str:
        values = self.keys.values()
        labels = {spec.name: spec.label for spec in SPECS}
        keys = "".join(f"<li>{tr(labels.get(n, n))}: {mask(n, v)}</li>"
                       for n, v in sorted(values.items()))
        checks = "".join(f"<li>{tr(s)}: {lbl.text()}</li>"
                         for s, lbl in self.checks.results.items())
        mode = tr("LIVE requested (needs healthy guardrails)") if self.mode.live.isChecked() \
            else tr("DRY-RUN")
        protection = tr("OS keychain") if self.profile.keychain.isChecked() \
            else tr("Passphrase")
        server = self.keys.ssi_url.text().strip().rstrip("/") or SSI_PRODUCTION
        if self.keys.ssi_url_overridden:
            server += f" ({ENV_SSI_URL})"
        none = tr("none")
        return (f"<p><b>{tr('Profile')}:</b> {escape(self.profile.name.text())} · "
                f"{tr('keys protected by {how}').format(how=protection)}</p>"
                f"<p><b>{tr('Keys (masked)')}:</b></p><ul>{keys or f'<li>{none}</li>'}</ul>"
                f"<p><b>{tr('SSI server')}:</b> {escape(server)}</p>"
                f"<p><b>{tr('Checks')}:</b></p><ul>{checks}</ul>"
                f"<p><b>{tr('Mode')}:</b> {mode}; "
                + tr("dry-run starting cash {cash}, max order {order}, max daily loss {loss} %")
                .format(cash=money(self.mode.starting_cash.value()),
                        order=money(self.mode.max_notional.value()),
                        loss=self.mode.max_loss_pct.value()) + "</p>")

    def request(self) -> SetupRequest:
        keychain = self.profile.keychain.isChecked()
        return SetupRequest(
            protection=Protection.KEYCHAIN if keychain else Protection.PASSPHRASE,
            passphrase=None if keychain else self.profile.pass1.text(),
            secrets=self.keys.values(),
            limits=RiskLimits(max_order_notional=self.mode.max_notional.value(),
                              max_daily_loss_bps=self.mode.max_loss_pct.value() * 100),
            want_live=self.mode.live.isChecked(),
            live_acknowledged=self.mode.ack.isChecked(),
            ssi_url=self.keys.ssi_url_value(),
            starting_cash=self.mode.starting_cash.value())

    def accept(self) -> None:
        name = self.profile.name.text().strip()
        if name != self.services.profile_name:
            self.profile_requested.emit(name)
        req = self.request()
        services = self.services

        async def go() -> None:
            self.result_ = await apply_setup(services, req)
            self._clear_secrets()
            self.finished_setup.emit(self.result_)

        spawn(go(), lambda exc: self.summary.text.setText(
            f"<p style='color:#dc2626'>{tr('Setup failed: {why}').format(why=exc)}</p>"))
        super().accept()

    def _clear_secrets(self) -> None:
        for edit in self.keys.fields.values():
            edit.clear()
        self.profile.pass1.clear()
        self.profile.pass2.clear()
