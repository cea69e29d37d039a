"""OpenTelemetry set-up for the store (Fix-03).

Spans are exported only when the standard ``OTEL_*`` variables ask for it
(``OTEL_EXPORTER_OTLP_ENDPOINT`` / ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` or
``OTEL_TRACES_EXPORTER=otlp``): then OTLP/HTTP. By default nothing is exported and the
tracer is the API's no-op one. A provider installed by the host (tests use the in-memory
exporter) is never replaced.
"""

from __future__ import annotations

import os

from opentelemetry import trace

TRACER_NAME = "tradingtools_desktop.store"
_configured = False


def otlp_requested() -> bool:
    env = os.environ
    exporter = env.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporter == "none":
        return False
    return exporter == "otlp" or bool(
        env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )


def configure_tracing(service_name: str = "tradingtools-desktop") -> None:
    """Install an OTLP/HTTP exporter if the environment asks for one. Idempotent."""
    global _configured
    if _configured or not otlp_requested():
        return
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    current = trace.get_tracer_provider()
    if isinstance(current, TracerProvider):
        _configured = True
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _configured = True


def tracer() -> trace.Tracer:
    return trace.get_tracer(TRACER_NAME)
