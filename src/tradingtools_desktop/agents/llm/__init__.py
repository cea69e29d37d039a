"""The OpenAI-compatible chat client (Ollama, LM Studio, llama.cpp server, OpenAI, custom)."""
