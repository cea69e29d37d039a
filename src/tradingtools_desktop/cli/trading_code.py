"""The trading-code prompt on the terminal: SSI asks for an OTP (or a PIN the vault does
not hold) while a command waits on the broker.

:class:`TerminalCodePrompt` is a :data:`~..brokers.trading_code.CodeProvider`: set it as
the live link's ``code_provider`` for a command that may trade. It says why a code is
needed, then reads it hidden (getpass, in a thread so the event loop keeps running).
``r`` + Enter asks SSI for a new code, Enter alone cancels. Without a terminal it prints
:data:`NO_TERMINAL` once and answers None (the broker then sends nothing); the command
checks :attr:`TerminalCodePrompt.no_terminal` and exits with :data:`EXIT_NO_TERMINAL`.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
from typing import TextIO

from ..brokers.trading_code import CodeKind, CodeRequest, headline, sent_note
from ..i18n import tr
from .secrets import has_terminal

__all__ = ["EXIT_NO_TERMINAL", "NO_TERMINAL", "TerminalCodePrompt"]

EXIT_NO_TERMINAL = 2
NO_TERMINAL = ("SSI needs a trading code (OTP or PIN) and there is no terminal to ask on, "
               "so nothing was sent. Run the command in a terminal, or use the desktop app.")


class TerminalCodePrompt:
    def __init__(self, out: TextIO | None = None) -> None:
        self._out = out
        self.no_terminal = False

    def _say(self, text: str) -> None:
        print(text, file=self._out or sys.stderr, flush=True)

    async def __call__(self, request: CodeRequest) -> str | None:
        if not has_terminal():
            if not self.no_terminal:
                self._say(tr(NO_TERMINAL))
            self.no_terminal = True
            return None
        self._say(tr(headline(request)))
        if request.error:
            self._say(tr("SSI refused the code: {why}").format(why=request.error))
        if request.kind is CodeKind.OTP:
            note, fields = sent_note(request)
            self._say(tr(note).format(**fields))
            prompt = tr("OTP code (Enter alone cancels, r + Enter sends a new code): ")
        else:
            prompt = tr("Trading PIN (Enter alone cancels): ")
        while True:
            typed = (await asyncio.to_thread(getpass.getpass, prompt)).strip()
            if typed.lower() != "r" or request.resend is None:
                return typed or None
            result = await request.resend()
            if result.sent:
                self._say(tr("A new code is on its way."))
            elif result.wait_s:
                self._say(tr("You can ask for a new code in {s} s.").format(s=result.wait_s))
            else:
                self._say(tr("SSI did not send a code: {why}").format(why=result.error))
