"""Payout files as banks take them: pure functions from payout lines to the file's bytes.

Australia: the ABA ("Cemtex") direct entry file of the Bulk Electronic Clearing System (BECS),
120-character records with CRLF endings: one descriptive record (type 0), a detail record (type 1)
per credit, and a file total record (type 7). Numeric fields are right-justified and zero-filled;
alphanumeric fields left-justified and space-filled; the account number is right-justified and
space-filled.

New Zealand: BNZ's "Internet Banking for Business" (IB4B) bulk payment file, a comma-separated
file: a header record (1), a transaction record (2) per credit with transaction code 50, and a
control record (3) with the total in cents, the count and a hash total of the accounts' branch
and base numbers (their rightmost 11 digits).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

ABA_RECORD_LENGTH = 120
ABA_CREDIT = "50"  # externally initiated credit
ABA_DEBIT = "13"  # externally initiated debit: the self-balancing record
CRLF = "\r\n"
IB4B_CREDIT = "50"


class BankFileInvalid(ValueError):
    pass


@dataclass(frozen=True)
class AbaOriginator:
    """Who sends the file: the platform's own account at its bank."""

    bank_code: str  # the financial institution's 3-letter abbreviation, e.g. "CBA"
    user_name: str  # "user preferred specification", up to 26 characters
    user_id: str  # the APCA user identification number, 6 digits
    trace_bsb: str  # NNN-NNN: where a returned credit comes back to
    trace_account: str
    remitter: str  # how the payment is named on the receiver's statement, up to 16 characters
    description: str = "PAYOUTS"  # up to 12 characters
    self_balancing: bool = False  # add the debit of the platform's own account some banks want


@dataclass(frozen=True)
class AbaLine:
    bsb: str  # NNN-NNN
    account_number: str  # up to 9 digits
    account_name: str  # up to 32 characters
    amount_minor: int  # cents
    reference: str  # lodgement reference, up to 18 characters


def _alpha(value: str, width: int, field: str) -> str:
    if len(value) > width:
        raise BankFileInvalid(f"{field} is longer than {width} characters")
    return value.ljust(width)


def _numeric(value: int, width: int, field: str) -> str:
    text = str(value)
    if value < 0 or len(text) > width:
        raise BankFileInvalid(f"{field} does not fit in {width} digits")
    return text.zfill(width)


def _bsb(value: str, field: str) -> str:
    if len(value) != 7 or value[3] != "-" or not (value[:3] + value[4:]).isdigit():
        raise BankFileInvalid(f"{field} is not a BSB written NNN-NNN")
    return value


def _account(value: str, field: str) -> str:
    if not value.isdigit() or len(value) > 9:
        raise BankFileInvalid(f"{field} is not an account number of up to 9 digits")
    return value.rjust(9)


def _full_length(record: str) -> str:
    if len(record) != ABA_RECORD_LENGTH:  # a field writer above let a wrong width through
        raise BankFileInvalid(f"an ABA record has 120 characters, not {len(record)}")
    return record


def aba_descriptive_record(originator: AbaOriginator, processing_date: date) -> str:
    record = (
        "0"
        + " " * 17
        + "01"  # reel sequence number
        + _alpha(originator.bank_code, 3, "bank code")
        + " " * 7
        + _alpha(originator.user_name, 26, "user name")
        + _numeric(int(originator.user_id), 6, "user id")
        + _alpha(originator.description, 12, "description")
        + processing_date.strftime("%d%m%y")
        + " " * 40
    )
    return _full_length(record)


def aba_detail_record(
    line: AbaLine, originator: AbaOriginator, *, transaction_code: str = ABA_CREDIT
) -> str:
    record = (
        "1"
        + _bsb(line.bsb, "BSB")
        + _account(line.account_number, "account number")
        + " "  # indicator: a new item
        + transaction_code
        + _numeric(line.amount_minor, 10, "amount")
        + _alpha(line.account_name, 32, "account name")
        + _alpha(line.reference, 18, "lodgement reference")
        + _bsb(originator.trace_bsb, "trace BSB")
        + _account(originator.trace_account, "trace account")
        + _alpha(originator.remitter, 16, "remitter")
        + "0" * 8  # no tax withheld
    )
    return _full_length(record)


def aba_total_record(*, credit_minor: int, debit_minor: int, count: int) -> str:
    record = (
        "7"
        + "999-999"
        + " " * 12
        + _numeric(abs(credit_minor - debit_minor), 10, "net total")
        + _numeric(credit_minor, 10, "credit total")
        + _numeric(debit_minor, 10, "debit total")
        + " " * 24
        + _numeric(count, 6, "record count")
        + " " * 40
    )
    return _full_length(record)


def aba_file(originator: AbaOriginator, lines: Sequence[AbaLine], processing_date: date) -> bytes:
    """The whole ABA file. With `self_balancing`, a last detail record debits the platform's
    trace account by the credits' total, so the file's net total is zero."""
    if not lines:
        raise BankFileInvalid("a payout file has at least one payment")
    records = [aba_descriptive_record(originator, processing_date)]
    records += [aba_detail_record(line, originator) for line in lines]
    credit = sum(line.amount_minor for line in lines)
    debit = 0
    if originator.self_balancing:
        balancing = AbaLine(
            bsb=originator.trace_bsb,
            account_number=originator.trace_account,
            account_name=originator.user_name[:32],
            amount_minor=credit,
            reference=originator.description[:18],
        )
        records.append(aba_detail_record(balancing, originator, transaction_code=ABA_DEBIT))
        debit = credit
    records.append(aba_total_record(credit_minor=credit, debit_minor=debit, count=len(records) - 1))
    return (CRLF.join(records) + CRLF).encode("ascii")


@dataclass(frozen=True)
class Ib4bOriginator:
    account_number: str  # 16 digits: bank 2, branch 4, account 7, suffix 3
    name: str  # this party's name on the receiver's statement, up to 20 characters


@dataclass(frozen=True)
class Ib4bLine:
    account_number: str  # 16 digits
    account_name: str  # other party name, up to 20 characters
    amount_minor: int
    reference: str  # up to 12 characters, shown on both statements
    particulars: str = ""  # up to 12 characters
    code: str = ""  # up to 12 characters


def _nz_account(value: str, field: str) -> str:
    if len(value) != 16 or not value.isdigit():
        raise BankFileInvalid(f"{field} is not a 16-digit New Zealand account number")
    return value


def _csv_text(value: str, width: int, field: str) -> str:
    if len(value) > width:
        raise BankFileInvalid(f"{field} is longer than {width} characters")
    if "," in value or '"' in value:
        raise BankFileInvalid(f"{field} may not hold a comma or a quote")
    return value


def ib4b_hash_total(account_numbers: Sequence[str]) -> str:
    """The sum of each account's branch and base number (digits 3 to 13), its rightmost 11
    digits, zero-filled: the bank recomputes it to catch a changed account."""
    total = sum(int(_nz_account(a, "account number")[2:13]) for a in account_numbers)
    return str(total)[-11:].zfill(11)


def ib4b_file(
    originator: Ib4bOriginator,
    lines: Sequence[Ib4bLine],
    *,
    due_date: date,
    created_on: date,
) -> bytes:
    if not lines:
        raise BankFileInvalid("a payout file has at least one payment")
    records = [
        ",".join(
            [
                "1",
                "",  # direct debit authority: none, this is a direct credit file
                "",
                "",
                _nz_account(originator.account_number, "originating account"),
                "7",  # a direct credit batch
                due_date.strftime("%y%m%d"),
                created_on.strftime("%y%m%d"),
                "",
            ]
        )
    ]
    for line in lines:
        if line.amount_minor <= 0:
            raise BankFileInvalid("a payment is a positive amount")
        records.append(
            ",".join(
                [
                    "2",
                    _nz_account(line.account_number, "account number"),
                    IB4B_CREDIT,
                    str(line.amount_minor),
                    _csv_text(line.account_name, 20, "account name"),
                    _csv_text(line.reference, 12, "reference"),
                    _csv_text(line.code, 12, "code"),
                    "",  # alpha reference: unused for credits
                    _csv_text(line.particulars, 12, "particulars"),
                    _csv_text(originator.name, 20, "originator name"),
                    "",  # this party's code
                    _csv_text(line.reference, 12, "reference"),
                    "",  # this party's particulars
                ]
            )
        )
    records.append(
        ",".join(
            [
                "3",
                str(sum(line.amount_minor for line in lines)),
                str(len(lines)),
                ib4b_hash_total([line.account_number for line in lines]),
            ]
        )
    )
    return (CRLF.join(records) + CRLF).encode("ascii")
