"""The import direction of DESIGN.md, checked on the source (every module, every import)."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "src" / "tradingtools_desktop"
QT = ("PySide6", "qasync", "pyqtgraph", "shiboken6")
HTTP = ("httpx", "requests", "urllib.request", "http.client", "aiohttp", "websockets")
# which of our layers each layer may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "i18n": set(),  # the UI/CLI language catalogue: Qt-free, imports nothing of ours
    "store": {"domain"},
    "vault": {"domain", "store", "paths"},
    "transport": {"domain"},  # generic HTTP / WebSocket plumbing (SignalR, circuit breaker)
    "market": {"domain", "store", "paths", "transport"},
    "brokers": {"domain", "store", "transport"},
    "agents": {"domain", "store", "market"},
    "services": {"domain", "store", "vault", "market", "brokers", "agents", "paths", "i18n",
                 "logging_setup"},
}
HTTP_ALLOWED = ("brokers", "market", "transport", "agents/llm", "services/notify")


def _modules() -> list[tuple[Path, str]]:
    return [(p, p.relative_to(PKG).parts[0]) for p in PKG.rglob("*.py")]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    rel_parts = path.relative_to(PKG).with_suffix("").parts
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(rel_parts[: len(rel_parts) - node.level])
                mod = ".".join(["tradingtools_desktop", *base, *(node.module or "").split(".")])
                names.append(mod.rstrip("."))
                if not node.module:
                    names.extend(f"{mod.rstrip('.')}.{a.name}" for a in node.names)
            elif node.module:
                names.append(node.module)
    return names


def _our_layer(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "tradingtools_desktop" or len(parts) < 2 or parts[1] == "__version__":
        return None  # the package root (its version) is below every layer
    return parts[1]


def test_layers_import_only_downwards() -> None:
    problems: list[str] = []
    for path, layer in _modules():
        if layer not in ALLOWED:
            continue
        for name in _imports(path):
            target = _our_layer(name)
            if target and target != layer and target not in ALLOWED[layer]:
                problems.append(f"{path.relative_to(PKG)} imports {name}")
    assert problems == []


def test_nothing_below_ui_imports_qt() -> None:
    problems = [
        f"{path.relative_to(PKG)} imports {name}"
        for path, layer in _modules() if layer not in {"ui", "app.py", "__main__.py", "cli"}
        for name in _imports(path) if name.split(".")[0] in QT
    ]
    assert problems == []


def test_domain_imports_nothing_of_ours_outside_domain() -> None:
    for path, layer in _modules():
        if layer == "domain":
            for name in _imports(path):
                target = _our_layer(name)
                assert target in (None, "domain"), f"{path} imports {name}"


def test_only_adapters_speak_http() -> None:
    problems = []
    for path, _layer in _modules():
        rel = path.relative_to(PKG).as_posix()
        if rel.startswith(HTTP_ALLOWED):
            continue
        for name in _imports(path):
            if name.startswith(HTTP):
                problems.append(f"{rel} imports {name}")
    assert problems == []


def test_checker_when_given_a_bad_import_then_it_is_caught(tmp_path: Path) -> None:
    # the checker itself can fail: a domain module importing the store is reported
    bad = tmp_path / "bad.py"
    bad.write_text("from ..store import Database\nimport PySide6.QtCore\n")
    fake = PKG / "domain" / "_layer_probe.py"
    fake.write_text(bad.read_text())
    try:
        names = _imports(fake)
        assert "tradingtools_desktop.store" in names
        assert any(n.startswith("PySide6") for n in names)
    finally:
        fake.unlink()
