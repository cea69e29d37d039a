"""Asking the user for a trading code (an OTP or the trading PIN) while an order waits.

A broker may need a code before a session can trade: SSI FastConnect sends OTP users a code
by SMS, e-mail or the Smart OTP app, and asks PIN users for their trading PIN. The broker
cannot talk to the user itself, so the app injects a :data:`CodeProvider` (a dialog in the
GUI, a hidden prompt on the CLI) and the broker awaits it.

Contract of a provider:

- it is awaited on the event loop and must never block it (a dialog is shown and its
  answer awaited, never run with ``exec()``; a terminal prompt runs in a thread);
- it returns the code the user typed, or ``None`` when the user declined (cancelled,
  closed the dialog, no terminal). The broker then sends nothing and says so;
- it may be called again for the same order with :attr:`CodeRequest.error` set, after the
  broker refused the previous code (wrong or expired);
- :attr:`CodeRequest.resend` (OTP only) asks the broker for a new code. Resends are
  rate-limited by the broker adapter; the result says whether a code went out or how long
  to wait. It never raises.

Light on purpose (no HTTP, no Qt): the UI and the CLI import it without loading a broker.
:func:`headline` and :func:`sent_note` are the English source text both show (through
``tr()``; the Vietnamese is in the catalogue), so the dialog and the prompt say the same.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CodeKind", "CodeProvider", "CodeReason", "CodeRequest", "ResendResult",
           "headline", "sent_note"]


class CodeKind(StrEnum):
    OTP = "OTP"  # a one-time code the broker sends (SMS, e-mail, Smart OTP app)
    PIN = "PIN"  # the trading PIN the user set with the broker


class CodeReason(StrEnum):
    NEEDED = "NEEDED"  # this session has no trading rights yet
    EXPIRED = "EXPIRED"  # the session's trading rights ran out (token expired or refused)


@dataclass(frozen=True, slots=True)
class ResendResult:
    """``sent``: a new code is on its way. Otherwise ``wait_s`` seconds until one may be
    asked for again (rate limit), or ``error``: why the broker did not send one."""

    sent: bool
    wait_s: int = 0
    error: str = ""


@dataclass(frozen=True, slots=True)
class CodeRequest:
    """One ask for a code. ``attempt`` counts the asks of this round (1 = the first);
    ``error`` is the broker's refusal of the previous code ("" on the first ask);
    ``code_sent`` says a code was just sent; when False for an OTP, ``sent_wait_s`` is the
    rate limit that kept a new one from being sent (the previous code may still work)."""

    broker: str
    kind: CodeKind
    reason: CodeReason
    attempt: int = 1
    error: str = ""
    code_sent: bool = False
    sent_wait_s: int = 0
    resend: Callable[[], Awaitable[ResendResult]] | None = None


CodeProvider = Callable[[CodeRequest], Awaitable[str | None]]


def headline(request: CodeRequest) -> str:
    """Why a code is asked, in one sentence (English source text)."""
    if request.kind is CodeKind.PIN:
        return "SSI needs your trading PIN to send this order."
    if request.reason is CodeReason.EXPIRED:
        return "Your SSI trading session has expired: SSI needs a new OTP to send this order."
    return "SSI needs a one-time code (OTP) to send this order."


def sent_note(request: CodeRequest) -> tuple[str, dict[str, object]]:
    """Where the code is (English source text and its format fields); "" for a PIN."""
    if request.kind is CodeKind.PIN:
        return "", {}
    if request.code_sent:
        return "SSI has sent you a code by SMS, e-mail or the Smart OTP app.", {}
    if request.sent_wait_s:
        return ("A code was sent a moment ago: type that one, or ask for a new one in {s} s.",
                {"s": request.sent_wait_s})
    return "Type the code SSI sent you, or ask for a new one.", {}
