"""A connection check's outcome as a plain sentence with what to do.

The checks (services.connection_checks) report the library's own words ("HTTPSConnection
Pool(host=…): Max retries exceeded…", "401 Unauthorized"); a person reads what happened and
what to do next, in their language. The raw words stay in the label's tooltip.
"""

from __future__ import annotations

import re

from ...i18n import tr

NETWORK = re.compile(r"connectionpool|max retries|connecterror|connection refused|"
                     r"name or service not known|nodename nor servname|getaddrinfo|"
                     r"proxyerror|network is unreachable|temporary failure in name|"
                     r"no answer within|no internet|timed out|timeout|ssl", re.I)
REFUSED_KEY = re.compile(r"\b401\b|\b403\b|unauthori[sz]ed|forbidden|invalid (consumer|"
                         r"key|token|secret)|refused the key|wrong (key|secret)", re.I)

WHAT_TO_DO = {
    "vnstock": "No internet connection to vnstock: prices stay at the bundled data of {day}. "
               "Check the network, then run the checks again.",
    "SSI FastConnect": "SSI FastConnect cannot be reached: check the network, or the server "
                       "address under Advanced. Dry-run works without it.",
    "SSI FastConnect Data": "SSI FastConnect Data cannot be reached: live prices are off and "
                            "the newest stored prices are used. Check the network.",
    "AI provider": "The AI server does not answer: check that it runs and its address. The "
                   "screener works without AI.",
    "Telegram": "Telegram cannot be reached: check the network. Alerts still show in the "
                "window.",
}
KEY_REFUSED = {
    "SSI FastConnect": "SSI refused the key: check the ConsumerID, ConsumerSecret and private "
                       "key from iBoard > API service.",
    "SSI FastConnect Data": "SSI refused the FastConnect Data key: check its ConsumerID and "
                            "ConsumerSecret (a separate registration from Trading).",
    "AI provider": "The AI server refused the API key: check the key.",
    "Telegram": "Telegram refused the bot token: copy it again from @BotFather.",
}
SKIPPED = {
    "SSI FastConnect": "No SSI keys entered: orders stay in dry-run. Add them later in Setup.",
    "SSI FastConnect Data": "No FastConnect Data key entered: prices come from vnstock or the "
                            "stored data.",
    "AI provider": "No AI server entered: the screener runs without an AI opinion.",
    "Telegram": "No bot token entered: alerts show in the window only.",
}


def plain_detail(service: str, state: str, detail: str, day: str = "") -> str:
    """The sentence shown for one check (``state`` OK / FAILED / SKIPPED); ``day`` is the
    newest day of stored prices (what the app falls back to offline)."""
    if state == "SKIPPED":
        return tr(SKIPPED.get(service, detail))
    if state != "FAILED":
        return tr(detail)
    if REFUSED_KEY.search(detail) and service in KEY_REFUSED:
        return tr(KEY_REFUSED[service])
    if NETWORK.search(detail) and service in WHAT_TO_DO:
        return tr(WHAT_TO_DO[service]).format(day=day or tr("the stored data"))
    return tr("{service} failed: {why}").format(service=tr(service), why=tr(detail))
