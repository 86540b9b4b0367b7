"""Refusals of the clearance room."""

from tradelane.core.errors import Conflict


class IllegalDeclarationTransition(Conflict):
    default_code = "illegal_declaration_transition"
