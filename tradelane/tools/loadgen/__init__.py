"""The load generator of the HTTP benchmarks, run as its own process
(`python -m tradelane.tools.loadgen plan.json`) so that it never shares an interpreter, a GIL or
a database connection with the server it measures. It imports nothing from Django: it reads a
plan (JSON: base URL, mix, concurrency, duration, tokens), drives the server with asyncio and an
aiohttp connection pool, and prints one JSON result.

Latency is measured in the client, per request, from the moment a connection is free to send it
until the whole response has been read; the time a request waited for a free connection is
reported separately (open-loop scenarios), so queueing in the client is never hidden.
"""
