"""Known OpenAI-compatible providers and their default local URLs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Provider:
    name: str
    base_url: str  # the OpenAI-compatible root, ending in /v1
    local: bool
    needs_key: bool


PROVIDERS: dict[str, Provider] = {
    "ollama": Provider("ollama", "http://127.0.0.1:11434/v1", True, False),
    "lmstudio": Provider("lmstudio", "http://127.0.0.1:1234/v1", True, False),
    "llamacpp": Provider("llamacpp", "http://127.0.0.1:8080/v1", True, False),
    "openai": Provider("openai", "https://api.openai.com/v1", False, True),
}

# small models that run on a laptop CPU, best first (matched as substrings of model ids)
CPU_FRIENDLY = ("qwen2.5:1.5b", "qwen2.5-1.5b", "llama3.2:1b", "llama3.2:3b", "phi3",
                "gemma2:2b", "qwen2.5:3b", "mini")


def pick_model(models: list[str]) -> str | None:
    """A CPU-friendly default among the models a server offers (None when it has none)."""
    for hint in CPU_FRIENDLY:
        for m in models:
            if hint in m.lower():
                return m
    return models[0] if models else None
