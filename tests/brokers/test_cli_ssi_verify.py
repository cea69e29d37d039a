"""``tradingtools ssi verify`` for an OTP user: the hidden prompt on a real terminal (a pty
that is the child's controlling terminal), and the sentence plus exit code 2 when there is
no terminal. The SSI simulator runs in this process; the CLI in a child process."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_env import WED_10AM, make_sim
from simulators.ssi_fastconnect import OTP, SsiSimulator

from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml
from tradingtools_desktop.services.clock import ManualClock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals")
SRC = Path(__file__).resolve().parents[2] / "src"
CID = "968d7b5940f5437583021aea2b038f35"
# the child takes the pty on its stdin as its controlling terminal (it leads a new session)
CHILD = ("import fcntl, sys, termios\n"
         "if sys.stdin.isatty(): fcntl.ioctl(0, termios.TIOCSCTTY, 0)\n"
         "from tradingtools_desktop.cli import main\n"
         "sys.exit(main(sys.argv[1:]))\n")


@pytest.fixture
def otp_sim(user_key, tt_home) -> Iterator[tuple[SsiSimulator, dict[str, str]]]:
    sim = make_sim(ManualClock(WED_10AM), user_key)
    sim.state.consumers[CID].two_factor_type = OTP
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRADINGTOOLS_SSI_")}
    env.update({
        "PYTHONPATH": str(SRC), "TRADINGTOOLS_HOME": str(tt_home), "TRADINGTOOLS_LANG": "en",
        "TRADINGTOOLS_SSI_URL": sim.url, "TRADINGTOOLS_SSI_CONSUMER_ID": CID,
        "TRADINGTOOLS_SSI_CONSUMER_SECRET": "11ab3fc6af954c59ba646fac016f30cb",
        "TRADINGTOOLS_SSI_PRIVATE_KEY": private_key_to_ssi_xml(user_key),
        "TRADINGTOOLS_SSI_ACCOUNT": "0901351", "TRADINGTOOLS_SSI_TWO_FACTOR": "OTP",
        "TRADINGTOOLS_FROZEN_TIME": WED_10AM.isoformat()})
    yield sim, env
    sim.stop()


def _read_until(fd: int, needle: str, deadline: float) -> str:
    seen = b""
    while needle.encode() not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"no {needle!r} in {seen.decode(errors='replace')!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    return seen.decode(errors="replace")


def test_ssi_verify_when_on_a_terminal_then_otp_prompt_takes_the_code(otp_sim) -> None:
    sim, env = otp_sim
    master, slave = os.openpty()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, "ssi", "verify"], env=env,
                            stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    try:
        deadline = time.monotonic() + 60
        shown = _read_until(master, "OTP code (", deadline)
        assert "SSI needs a one-time code (OTP) to send this order." in shown
        assert "SMS, e-mail or the Smart OTP app" in shown
        code = sim.state.last_otp(CID)
        assert code is not None
        os.write(master, f"{code}\n".encode())
        rest = _read_until(master, "may trade until", deadline)
        assert code not in rest  # the prompt is hidden: the code is never echoed
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert sim.calls["getotp"] == 1
    assert [t.code_saved for t in sim.state.tokens.values()] == [False, True]


def test_ssi_verify_when_no_terminal_then_a_clear_sentence_and_exit_2(otp_sim) -> None:
    sim, env = otp_sim
    out = subprocess.run([sys.executable, "-c", CHILD, "ssi", "verify"], env=env,
                         stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         start_new_session=True, timeout=60)
    assert out.returncode == 2, out.stderr
    assert "there is no terminal to ask on, so nothing was sent" in out.stderr
    assert "Traceback" not in out.stderr
    assert not any(t.code_saved for t in sim.state.tokens.values())
    assert "getotp" not in sim.calls  # no SMS that nobody could type in
