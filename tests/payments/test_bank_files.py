"""The payout files against their formats' rules: ABA (Cemtex) for Australia, BNZ IB4B for New
Zealand. Field positions below are the specs' 1-based columns."""

from __future__ import annotations

from datetime import date

import pytest

from tradelane.payments.bankfiles import (
    AbaLine,
    AbaOriginator,
    BankFileInvalid,
    Ib4bLine,
    Ib4bOriginator,
    aba_detail_record,
    aba_file,
    ib4b_file,
    ib4b_hash_total,
)

ORIGINATOR = AbaOriginator(
    bank_code="CBA",
    user_name="TRADELANE PTY LTD",
    user_id="301500",
    trace_bsb="062-111",
    trace_account="987654321",
    remitter="TRADELANE",
)
HONEY = AbaLine(
    bsb="062-000",
    account_number="12345678",
    account_name="Koala Honey Pty Ltd",
    amount_minor=123456,
    reference="TL PO 12 261121",
)
WINE = AbaLine(
    bsb="733-000",
    account_number="1",
    account_name="Barossa Wines",
    amount_minor=5000,
    reference="TL PO 13 261121",
)


def cols(record: str, first: int, last: int) -> str:
    return record[first - 1 : last]


def test_a_detail_record_matches_the_hand_checked_example() -> None:
    expected = (
        "1062-000 12345678 500000123456Koala Honey Pty Ltd             TL PO 12 261121   "
        "062-111987654321TRADELANE       00000000"
    )
    assert aba_detail_record(HONEY, ORIGINATOR) == expected
    assert len(expected) == 120


def test_detail_record_fields_sit_at_the_spec_positions() -> None:
    record = aba_detail_record(WINE, ORIGINATOR)
    assert cols(record, 1, 1) == "1"
    assert cols(record, 2, 8) == "733-000"
    assert cols(record, 9, 17) == "        1"  # right-justified, blank-filled
    assert cols(record, 18, 18) == " "
    assert cols(record, 19, 20) == "50"
    assert cols(record, 21, 30) == "0000005000"  # cents, right-justified, zero-filled
    assert cols(record, 31, 62) == "Barossa Wines".ljust(32)
    assert cols(record, 63, 80) == "TL PO 13 261121".ljust(18)
    assert cols(record, 81, 87) == "062-111"
    assert cols(record, 88, 96) == "987654321"
    assert cols(record, 97, 112) == "TRADELANE".ljust(16)
    assert cols(record, 113, 120) == "00000000"


def test_the_file_has_header_details_and_totals_in_120_character_crlf_records() -> None:
    content = aba_file(ORIGINATOR, [HONEY, WINE], date(2026, 11, 21))
    assert content.endswith(b"\r\n")
    records = content.decode("ascii").split("\r\n")[:-1]
    assert [r[0] for r in records] == ["0", "1", "1", "7"]
    assert all(len(r) == 120 for r in records)
    header, total = records[0], records[-1]
    assert cols(header, 2, 18) == " " * 17
    assert cols(header, 19, 20) == "01"
    assert cols(header, 21, 23) == "CBA"
    assert cols(header, 31, 56) == "TRADELANE PTY LTD".ljust(26)
    assert cols(header, 57, 62) == "301500"
    assert cols(header, 63, 74) == "PAYOUTS".ljust(12)
    assert cols(header, 75, 80) == "211126"  # DDMMYY
    assert cols(header, 81, 120) == " " * 40
    assert cols(total, 2, 8) == "999-999"
    assert cols(total, 9, 20) == " " * 12
    assert cols(total, 21, 30) == "0000128456"  # net
    assert cols(total, 31, 40) == "0000128456"  # credits
    assert cols(total, 41, 50) == "0000000000"  # debits
    assert cols(total, 51, 74) == " " * 24
    assert cols(total, 75, 80) == "000002"
    assert "\n" not in content.decode().replace("\r\n", "")  # no bare LF anywhere


def test_a_self_balancing_file_debits_the_trace_account_and_nets_to_zero() -> None:
    balanced = AbaOriginator(**{**ORIGINATOR.__dict__, "self_balancing": True})
    records = aba_file(balanced, [HONEY, WINE], date(2026, 11, 21)).decode().split("\r\n")[:-1]
    debit, total = records[-2], records[-1]
    assert (cols(debit, 2, 8), cols(debit, 9, 17), cols(debit, 19, 20)) == (
        "062-111",
        "987654321",
        "13",
    )
    assert cols(debit, 21, 30) == "0000128456"
    assert (cols(total, 21, 30), cols(total, 31, 40), cols(total, 41, 50)) == (
        "0000000000",
        "0000128456",
        "0000128456",
    )
    assert cols(total, 75, 80) == "000003"


@pytest.mark.parametrize(
    "line",
    [
        AbaLine("062000", "12345678", "Name", 1, "ref"),  # BSB without its hyphen
        AbaLine("062-000", "1234567890", "Name", 1, "ref"),  # 10-digit account
        AbaLine("062-000", "12345678", "N" * 33, 1, "ref"),  # name wider than 32
        AbaLine("062-000", "12345678", "Name", 10**10, "ref"),  # amount wider than 10 digits
        AbaLine("062-000", "12345678", "Name", -1, "ref"),
        AbaLine("062-000", "12345678", "Name", 1, "R" * 19),  # reference wider than 18
    ],
)
def test_a_field_that_does_not_fit_is_refused_not_truncated(line: AbaLine) -> None:
    with pytest.raises(BankFileInvalid):
        aba_file(ORIGINATOR, [line], date(2026, 11, 21))


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(BankFileInvalid):
        aba_file(ORIGINATOR, [], date(2026, 11, 21))


NZ_FROM = Ib4bOriginator(account_number="0201000123456000", name="TRADELANE")
NZ_LINES = [
    Ib4bLine("0109020068389000", "Kiwi Fruit Ltd", 250075, "TLPO14"),
    Ib4bLine("0200123456789000", "Manuka Co", 1000, "TLPO15", particulars="PAYOUT"),
]


def test_the_nz_file_has_header_transactions_and_control_records() -> None:
    content = ib4b_file(
        NZ_FROM, NZ_LINES, due_date=date(2026, 11, 22), created_on=date(2026, 11, 21)
    )
    records = content.decode("ascii").split("\r\n")
    assert records[-1] == ""  # every record ends with CRLF
    header, first, second, control = records[:-1]
    assert header == "1,,,,0201000123456000,7,261122,261121,"
    assert first == "2,0109020068389000,50,250075,Kiwi Fruit Ltd,TLPO14,,,,TRADELANE,,TLPO14,"
    assert second.split(",")[8] == "PAYOUT"
    # hash total: 09020068389 + 00123456789 = 09143525178
    assert control == "3,251075,2,09143525178"


def test_the_nz_hash_total_keeps_its_rightmost_11_digits() -> None:
    nines = "01" + "9" * 11 + "000"
    assert ib4b_hash_total([nines, nines]) == "99999999998"  # 199999999998 loses its leading 1


def test_the_nz_file_refuses_commas_and_wide_fields() -> None:
    for line in [
        Ib4bLine("0109020068389000", "Kiwi, Fruit", 1, "R"),
        Ib4bLine("0109020068389000", "K" * 21, 1, "R"),
        Ib4bLine("010902006838900", "Kiwi", 1, "R"),  # 15 digits
        Ib4bLine("0109020068389000", "Kiwi", 0, "R"),
    ]:
        with pytest.raises(BankFileInvalid):
            ib4b_file(NZ_FROM, [line], due_date=date(2026, 11, 22), created_on=date(2026, 11, 21))
