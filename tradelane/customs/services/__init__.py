"""Writes of the customs room: each module one area, each function atomic and typed."""
