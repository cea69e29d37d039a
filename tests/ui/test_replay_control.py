"""The replay control from the Trading menu: the window trades the replay while it runs and
the status bar says so; Stop brings the practice profile back."""

from __future__ import annotations

from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.market.replay_clock import ReplayClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow


def test_replay_from_the_menu_swaps_in_the_replay_and_back(qtbot, arun, tt_home) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    practice = arun(AppServices.open(profile_paths("ui-replay", tt_home)))
    window.attach(practice)
    window.show()
    assert not window.status.replay_label.isVisible()

    window.replay_action.trigger()
    control = window.replay_control
    assert control is not None
    qtbot.waitUntil(lambda: control.sessions.count() == 1)
    assert control.sessions.itemText(0) == (
        "14/04/2026 13:32:08-13:32:51 (recorded session: FPT, MBB, VCB)")
    control.speed.setCurrentIndex(control.speed.findData(60))
    control.start_button.click()
    qtbot.waitUntil(lambda: control.session is not None)
    session = control.session
    assert window.services is session.services and window.services is not practice
    assert isinstance(window.services.clock, ReplayClock) and session.clock.speed == 60
    assert window.status.replay_label.isVisible()
    assert window.status.replay_label.text() == "Replay of 14/04/2026"
    qtbot.waitUntil(lambda: "Replay of 14/04/2026" in control.status.text())

    control.pause_button.click()
    assert not session.clock.playing and control.pause_button.text() == "Resume"
    control.stop_button.click()
    qtbot.waitUntil(lambda: control.start_button.isEnabled())
    assert window.services is practice
    assert not window.status.replay_label.isVisible()
    window.detach()
    arun(practice.stop())
