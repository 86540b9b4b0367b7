"""Tradelane: cross-border commerce for Australian and New Zealand businesses."""
