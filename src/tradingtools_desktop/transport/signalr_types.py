"""The classic SignalR client's errors and settings (see :mod:`.signalr_classic`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["HubClosed", "HubConnectionConfig", "HubInvocationError", "HubUnauthorized",
           "Negotiation", "SignalRError"]


class SignalRError(Exception):
    """Base of every classic-SignalR failure (fixed text, never a token or a frame)."""


class HubUnauthorized(SignalRError):
    """The server refused our credentials (HTTP 401/403 on negotiate, connect or start)."""


class HubClosed(SignalRError):
    """The connection ended (dropped, closed by the server, keep-alive lost, or asked to
    reconnect); ``str()`` says which."""


class HubInvocationError(SignalRError):
    """The hub answered an invocation with an error (``{"I":n,"E":...}``)."""


@dataclass(frozen=True, slots=True)
class Negotiation:
    """What negotiate answered (timeouts in seconds; None when the server sent none)."""

    connection_token: str = field(repr=False)
    connection_id: str
    protocol_version: str
    keep_alive_timeout: float | None
    disconnect_timeout: float | None
    transport_connect_timeout: float | None
    try_websockets: bool


@dataclass(frozen=True, slots=True)
class HubConnectionConfig:
    """``url``: the SignalR endpoint, e.g. ``https://fc-datahub.ssi.com.vn/v2.0/signalr``."""

    url: str
    hub: str
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    client_protocol: str = "1.5"
    open_timeout: float = 10.0
    invoke_timeout: float = 10.0
    # None: the negotiated KeepAliveTimeout decides when a socket with no frame is dead
    keep_alive_timeout: float | None = None
    max_queue: int = 1024  # frames buffered before websockets stops reading the socket
    max_size: int = 8 * 2**20
