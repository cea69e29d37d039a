"""Which engine computes indicators: pandas-ta (the optional ``ta`` extra) or ours.

Stdlib only: asking costs no import of pandas, pandas-ta or numba. The choice, in order:
an explicit ``backend=`` argument; the ``TRADINGTOOLS_INDICATORS`` environment variable
(``builtin`` forces ours, ``pandas-ta`` requires the extra, ``auto`` or unset picks);
pandas-ta when it is installed, else ours. Both give the same numbers within the tolerance
stated in tests/agents/test_indicators.py, so the choice changes speed, not results.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from enum import StrEnum
from types import ModuleType

ENV_VAR = "TRADINGTOOLS_INDICATORS"


class IndicatorBackend(StrEnum):
    PANDAS_TA = "pandas-ta"
    BUILTIN = "builtin"


class IndicatorBackendError(RuntimeError):
    """The requested backend cannot be used (bad setting, or pandas-ta fails to import)."""


def pandas_ta_installed() -> bool:
    """True when the ``pandas_ta`` package can be found (it is not imported)."""
    try:
        return importlib.util.find_spec("pandas_ta") is not None
    except (ImportError, ValueError):
        return False


def available_backend() -> IndicatorBackend:
    """The backend used when none is passed: honours ``TRADINGTOOLS_INDICATORS``."""
    raw = os.environ.get(ENV_VAR, "")
    choice = raw.strip().lower()
    if choice in ("", "auto"):
        return (IndicatorBackend.PANDAS_TA if pandas_ta_installed()
                else IndicatorBackend.BUILTIN)
    if choice == IndicatorBackend.BUILTIN:
        return IndicatorBackend.BUILTIN
    if choice in (IndicatorBackend.PANDAS_TA, "pandas_ta"):
        if not pandas_ta_installed():
            raise IndicatorBackendError(
                f"{ENV_VAR}={raw!r} but pandas-ta is not installed "
                "(install the 'ta' extra, or set it to 'builtin')")
        return IndicatorBackend.PANDAS_TA
    raise IndicatorBackendError(
        f"{ENV_VAR}={raw!r} is not understood: use 'builtin', 'pandas-ta' or 'auto'")


def resolve(backend: IndicatorBackend | str | None) -> IndicatorBackend:
    """An explicit choice (validated) or :func:`available_backend`."""
    if backend is None:
        return available_backend()
    try:
        return IndicatorBackend(backend)
    except ValueError:
        raise IndicatorBackendError(
            f"unknown indicator backend {backend!r}: use 'builtin' or 'pandas-ta'") from None


def load_pandas_ta() -> ModuleType:
    """Import pandas-ta on first use (it pulls in pandas and numba, ~1-2 s cold)."""
    try:
        return importlib.import_module("pandas_ta")
    except ImportError as exc:
        raise IndicatorBackendError(
            f"pandas-ta could not be imported ({exc}); set {ENV_VAR}=builtin "
            "to use the built-in indicators") from exc
