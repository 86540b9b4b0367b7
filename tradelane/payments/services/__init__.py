"""Writes of the payments room: each module one area, each function atomic and typed."""
