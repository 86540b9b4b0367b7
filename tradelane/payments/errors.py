from tradelane.core.errors import Conflict, RuleViolation


class LedgerRefused(RuleViolation):
    """A transfer the ledger will not post; `code` says why."""

    default_code = "ledger_refused"


class InsufficientFunds(LedgerRefused):
    default_code = "insufficient_funds"


class JournalConflict(Conflict):
    default_code = "journal_id_reused"
