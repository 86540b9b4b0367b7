"""Writes of the fulfilment room: each module one area, each function atomic and typed."""
