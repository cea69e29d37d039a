"""vnstock runs in a worker process that writes nothing outside the app's cache.

The child's network goes to a dead local proxy (127.0.0.1:9), so no test touches the
internet; the data call fails fast and cleanly, after vnstock was imported and used."""

from __future__ import annotations

import asyncio
import importlib.util
import os
from pathlib import Path

import pytest

from tradingtools_desktop.market.vnstock_worker import ProviderError, VnstockProvider

# never import vnstock in the test process itself: that import is what writes into HOME
needs_vnstock = pytest.mark.skipif(importlib.util.find_spec("vnstock") is None,
                                   reason="vnstock is not installed")
DEAD_PROXY = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
              "NO_PROXY": ""}


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")} if root.exists() else set()


@needs_vnstock
def test_provider_writes_nothing_outside_the_app_cache(tmp_path, monkeypatch) -> None:
    user_home = Path(os.environ["HOME"])  # the test sandbox's home stands in for the user's
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    cache = tmp_path / "app-cache"
    before_home, before_cwd = _tree(user_home), _tree(cwd)
    provider = VnstockProvider(cache, timeout_s=60, extra_env=DEAD_PROXY)
    assert asyncio.run(provider.call("ping"))["vnstock"]
    with pytest.raises(ProviderError, match="vnstock failed"):
        asyncio.run(provider.call("history", symbol="FPT", start="2025-01-01",
                                  end="2025-01-31"))
    assert _tree(user_home) == before_home
    assert _tree(cwd) == before_cwd
    assert not list(user_home.rglob("AGENTS.md")) and not list(cwd.rglob("AGENTS.md"))
    # whatever vnstock wrote stayed under the app's cache
    assert all(str(p).startswith(str(cache)) for p in cache.rglob("*"))


@needs_vnstock
def test_hang_is_killed_with_a_clear_error(tmp_path) -> None:
    provider = VnstockProvider(tmp_path, timeout_s=0.01)
    with pytest.raises(ProviderError, match="did not answer"):
        asyncio.run(provider.call("ping"))
