"""Tools apart from the platform: benchmarks (`tradelane bench`), the chaos run, the load
generator, the campaign simulation and the demo data. Nothing in the rooms imports them; the
rooms are what they drive (tests/test_architecture.py checks it)."""
