"""Encryption at rest for secrets the platform must read back (webhook signing secrets,
buyer identity numbers): Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`.

`MultiFernet` decrypts with any configured key and encrypts with the first, so keys rotate
by prepending a new one and re-encrypting at leisure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionFailed(Exception):
    """The stored value was not made with any configured key."""


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.ENCRYPTION_KEYS)
    if not keys:  # demo profile only: settings refuse this when DEBUG is off
        derived = hashlib.sha256(f"tradelane-at-rest:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(derived).decode()]
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionFailed("value was encrypted with a key that is not configured") from exc


def blind_index(value: str) -> str:
    """A keyed digest to find or count rows by an encrypted value (an identity number's annual
    quota) without storing it in the clear. Fernet output is random, so it cannot serve."""
    key = hashlib.sha256(f"tradelane-blind-index:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
