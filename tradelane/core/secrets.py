"""Bearer secrets (API keys, session tokens): shown once, stored as a SHA-256 digest.

The secrets carry 256 bits of entropy, so a fast digest is enough; a slow password hash would
only cost latency on every request.
"""

from __future__ import annotations

import hashlib
import secrets


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret(prefix: str) -> tuple[str, str]:
    """A fresh secret with a readable prefix, and its digest for storage."""
    plain = f"{prefix}_{secrets.token_urlsafe(32)}"
    return plain, digest(plain)
