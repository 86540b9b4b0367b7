from tradelane.core.errors import Conflict, NotFound, Unauthenticated
from tradelane.core.ratelimit import TooManyAttempts


class EmailTaken(Conflict):
    default_code = "email_taken"


class BadCredentials(Unauthenticated):
    default_code = "bad_credentials"


class AddressNotFound(NotFound):
    default_code = "address_not_found"


class SignInLocked(TooManyAttempts):
    """Too many wrong passwords for the account: refused, the right one too, until the
    cool-off passes (`accounts/lockout.py`)."""
