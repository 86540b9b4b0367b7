from tradelane.core.errors import Conflict, NotFound, Unauthenticated


class EmailTaken(Conflict):
    default_code = "email_taken"


class BadCredentials(Unauthenticated):
    default_code = "bad_credentials"


class NotAConsumer(NotFound):
    default_code = "consumer_not_found"


class AddressNotFound(NotFound):
    default_code = "address_not_found"
