"""Generic client plumbing shared by the broker and market-data adapters: the circuit
breaker, retry backoff, JWT expiry and the classic ASP.NET SignalR client SSI's streams use.

It imports nothing of ours but the domain; it may speak HTTP and WebSockets. Importing the
package is cheap: the SignalR client (httpx, websockets) loads on first use of that module.
"""
