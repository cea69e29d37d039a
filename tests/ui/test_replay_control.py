"""The replay control from the Trading menu: the window trades the replay while it runs and
the status bar says so; Stop brings the practice profile back."""

from __future__ import annotations

from datetime import date

from tradingtools_desktop.domain.trading_state import TradingMode
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
    assert window.status.replay_label.text() == (
        "Replay of 14/04/2026 — orders are dry-run only")
    qtbot.waitUntil(lambda: "Replay of 14/04/2026" in control.status.text())

    control.pause_button.click()
    assert not session.clock.playing and control.pause_button.text() == "Resume"
    control.stop_button.click()
    qtbot.waitUntil(lambda: control.start_button.isEnabled())
    assert window.services is practice
    assert not window.status.replay_label.isVisible()
    window.detach()
    arun(practice.stop())


def test_the_window_starts_in_a_replay_of_a_date_at_its_speed(qtbot, arun, tt_home) -> None:
    """``tradingtools-desktop --replay 2026-04-14 --speed 7``: the window's start."""
    window = MainWindow()
    qtbot.addWidget(window)
    practice = arun(AppServices.open(profile_paths("ui-replay-start", tt_home)))
    window.attach(practice)
    window.show()
    window.start_replay(date(2026, 4, 14), 7.0)
    qtbot.waitUntil(lambda: window.replay_control is not None
                    and window.replay_control.session is not None)
    control = window.replay_control
    session = control.session
    assert window.services is session.services and session.clock.speed == 7
    assert control.speed.currentText() == "7x"  # a speed between the listed ones
    assert [control.speed.itemText(i) for i in range(control.speed.count())] == [
        "1x", "2x", "5x", "7x", "10x", "30x", "60x"]
    assert window.status.replay_label.isVisible()
    assert window.status.replay_label.text() == (
        "Replay of 14/04/2026 — orders are dry-run only")
    assert session.services.trading.mode is TradingMode.DRY_RUN
    control.stop_button.click()
    qtbot.waitUntil(lambda: control.start_button.isEnabled())
    assert window.services is practice
    window.detach()
    arun(practice.stop())


def test_a_start_on_a_day_without_data_says_so_and_stays_on_practice(
        qtbot, arun, tt_home) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    practice = arun(AppServices.open(profile_paths("ui-replay-none", tt_home)))
    window.attach(practice)
    window.start_replay(date(2026, 4, 15))
    qtbot.waitUntil(lambda: window.replay_control is not None and window.replay_control.gave_up)
    assert window.replay_control.status.text() == (
        "No market data to replay for 15/04/2026. Days that can be replayed: 14/04/2026.")
    assert window.services is practice and not window.status.replay_label.isVisible()
    window.detach()
    arun(practice.stop())


def test_the_desktop_apps_replay_options_are_read_by_the_cli_input_layer(capsys) -> None:
    from tradingtools_desktop import app

    args = app._parse(["--replay", "14/04/2026", "--speed", "30"])
    assert (args.replay, args.speed) == (date(2026, 4, 14), 30.0)
    assert app.main(["--replay", "yesterday"]) == 2
    assert "'yesterday' is not a date: write it as 2026-04-14 or 14/04/2026." in \
        capsys.readouterr().err
    assert app.main(["--replay", "2026-04-14", "--speed", "100"]) == 2
    assert "The replay speed is a number from 1 to 60" in capsys.readouterr().err
    assert app.main(["--speed", "10"]) == 2
    assert "--speed goes with --replay DATE" in capsys.readouterr().err
