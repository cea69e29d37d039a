"""Test isolation: offscreen Qt, a throwaway home and data dir, no keychain, spans in memory.

Set before anything imports Qt or keyring, so no test can reach the user's real home,
keychain or data dir.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_SANDBOX = Path(tempfile.mkdtemp(prefix="tt-tests-"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["HOME"] = str(_SANDBOX / "home")
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "xdg-data")
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "xdg-config")
os.environ["XDG_CACHE_HOME"] = str(_SANDBOX / "xdg-cache")
os.environ["TRADINGTOOLS_HOME"] = str(_SANDBOX / "tradingtools-home")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
# the app's price feed never reaches the network from a test (nor from the app processes
# the tests start); tests of the feeds build them against local simulators themselves
os.environ.setdefault("TRADINGTOOLS_PRICE_SOURCE", "bars")
os.environ["TRADINGTOOLS_AUTO_REFRESH"] = "0"  # no scheduled market-data refresh: no internet
for var in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            "OTEL_TRACES_EXPORTER"):
    os.environ.pop(var, None)
(_SANDBOX / "home").mkdir(parents=True, exist_ok=True)

from opentelemetry import trace  # noqa: E402
from opentelemetry.sdk.trace import TracerProvider  # noqa: E402
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (  # noqa: E402
    InMemorySpanExporter,
)

_EXPORTER = InMemorySpanExporter()
_provider = TracerProvider()
_provider.add_span_processor(SimpleSpanProcessor(_EXPORTER))
trace.set_tracer_provider(_provider)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    _EXPORTER.clear()
    yield _EXPORTER
    _EXPORTER.clear()


@pytest.fixture
def tt_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh TRADINGTOOLS_HOME for one test."""
    home = tmp_path / "tt-home"
    monkeypatch.setenv("TRADINGTOOLS_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _forget_registered_secrets() -> Iterator[None]:
    """Secrets a test registers for redaction (a demo PIN such as 123456) stay with that
    test: the registry is process-wide, and a later test's text may contain the digits."""
    from tradingtools_desktop.domain import redaction_hook

    before = set(redaction_hook._secrets)
    yield
    with redaction_hook._lock:
        redaction_hook._secrets.intersection_update(before)
