"""Writes of the clearance room: each module one area, each function atomic and typed."""
