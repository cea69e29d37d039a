"""vnstock, kept away from the user's machine and the UI thread.

vnstock 4.x on import runs pip, calls PyPI, sends telemetry and writes AGENTS.md into the
working directory and other tools' folders under HOME; its first data call writes a device
fingerprint under ~/.vnstock and starts threads. So every call runs in a short-lived child
process whose HOME, XDG dirs and working directory are inside the app's cache, with
``VNSTOCK_TELEMETRY=0``, ``VNSTOCK_DISABLE_AGENT_SETUP=1`` and ``VNSTOCK_AGENT_TARGETS=none``,
a timeout, and a kill when it hangs. Nothing of it runs in the app's own process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any


class ProviderError(Exception):
    """vnstock failed, timed out or is unreachable; the message says which."""


class VnstockProvider:
    def __init__(self, cache_dir: Path, *, timeout_s: float = 30.0,
                 extra_env: dict[str, str] | None = None) -> None:
        self.home = cache_dir / "vnstock-home"
        self.timeout_s = timeout_s
        self._extra = extra_env or {}

    def env(self) -> dict[str, str]:
        self.home.mkdir(parents=True, exist_ok=True)
        keep = {k: v for k, v in os.environ.items()
                if k in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TZ", "PYTHONPATH",
                         "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE")}
        home = str(self.home)
        return {**keep, "HOME": home, "USERPROFILE": home, "APPDATA": home,
                "XDG_CONFIG_HOME": f"{home}/.config", "XDG_CACHE_HOME": f"{home}/.cache",
                "XDG_DATA_HOME": f"{home}/.local/share", "VNSTOCK_TELEMETRY": "0",
                "VNSTOCK_DISABLE_AGENT_SETUP": "1", "VNSTOCK_DISABLE_GLOBAL_AGENT": "1",
                "VNSTOCK_AGENT_TARGETS": "none", "PYTHONIOENCODING": "utf-8", **self._extra}

    async def call(self, method: str, **params: Any) -> Any:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tradingtools_desktop.market.vnstock_child",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, cwd=str(self.home), env=self.env())
        request = json.dumps({"method": method, **params}).encode()
        try:
            out, _ = await asyncio.wait_for(proc.communicate(request), self.timeout_s)
        except TimeoutError:
            await _stop(proc)
            raise ProviderError(f"vnstock did not answer within {self.timeout_s:g} s "
                                "(offline?); the worker was stopped") from None
        except BaseException:
            # the caller gave up (a feed stopping mid-poll, a check's own timeout, Cancel,
            # shutdown): never leave the worker running or its pipes open behind us
            await asyncio.shield(_stop(proc))
            raise
        try:
            reply = json.loads(out.decode("utf-8") or "{}")
        except ValueError:
            raise ProviderError(f"vnstock worker gave no reply (exit {proc.returncode})") \
                from None
        if not reply.get("ok"):
            raise ProviderError(f"vnstock failed: {reply.get('error', 'no reply')}")
        return reply["result"]


async def _stop(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    await proc.wait()
