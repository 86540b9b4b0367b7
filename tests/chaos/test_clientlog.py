"""The client log's rules, without a database: what counts as an answer, and how the log is
held against the rows the load made."""

from pathlib import Path

from tradelane.tools.chaos.clientlog import (
    ERROR,
    OK,
    REFUSED,
    Attempt,
    ClientLog,
    DbRow,
    classify,
    compare,
    operations,
    read_log,
)


def a(op: str, key: str, n: int, outcome: str, **kw: object) -> Attempt:
    status = kw.pop("status", {OK: 201, REFUSED: 409, ERROR: None}[outcome])
    return Attempt(op=op, key=key, attempt=n, outcome=outcome, status=status, **kw)  # type: ignore[arg-type]


def test_what_counts_as_an_answer() -> None:
    assert classify(201) == classify(200) == OK
    assert classify(409, "insufficient_funds") == classify(404) == classify(422) == REFUSED
    # no answer about the request: the client retries with the same key
    for status in (None, 500, 502, 503, 504, 429, 408):
        assert classify(status) == ERROR
    assert classify(409, "idempotency_in_progress") == ERROR


def test_attempts_group_by_key_with_the_replay_last(tmp_path: Path) -> None:
    log = ClientLog(tmp_path / "log.jsonl")
    log.write(a("topup", "k1", 2, ERROR, error="timeout"))
    log.write(a("topup", "k1", 1, ERROR, error="transport:ConnectError"))
    log.write(a("topup", "k1", 3, OK, id="tu_1", phase="replay"))
    log.write(a("topup", "k2", 1, OK, id="tu_2"))
    log.close()
    attempts = read_log(tmp_path / "log.jsonl")
    assert attempts == log.attempts
    first, second = operations(attempts)
    assert [x.attempt for x in first.attempts] == [1, 2, 3]
    assert first.unknown_after_load
    assert first.final.outcome == OK
    assert not second.unknown_after_load
    assert not second.retried


def test_a_clean_log_against_its_rows_passes() -> None:
    log = [
        a("topup", "k1", 1, ERROR, error="timeout", amount_minor=5000),
        a("topup", "k1", 2, OK, id="tu_1", result_status="succeeded", amount_minor=5000),
        a("pay_confirm", "k2", 1, OK, id="pay_1", result_status="succeeded"),
        a("till_charge", "k3", 1, REFUSED, amount_minor=350),
    ]
    rows = [
        DbRow("topup", "tu_1", 5000, "succeeded"),
        DbRow("payment", "pay_1", 9900, "succeeded"),
    ]
    c = compare(log, rows)
    assert (c.lost, c.unacknowledged_done, c.double, c.unresolved) == ([], [], [], [])
    assert (c.operations, c.attempts, c.retried, c.acked, c.refused) == (3, 4, 1, 2, 1)
    assert c.errors == {"timeout": 1}


def test_an_acknowledged_operation_missing_or_different_in_the_database_is_lost() -> None:
    log = [
        a("topup", "k1", 1, OK, id="tu_1", amount_minor=5000),
        a("till_charge", "k2", 1, OK, id="isp_1", amount_minor=350, result_status="succeeded"),
        a("pay_confirm", "k3", 1, OK, id="pay_1", result_status="succeeded"),
    ]
    rows = [
        DbRow("instore", "isp_1", 1250, "succeeded"),  # another amount
        DbRow("payment", "pay_1", 9900, "failed", moved_money=False),  # told succeeded
    ]
    lost = compare(log, rows).lost
    assert len(lost) == 3
    assert "tu_1, not in the database" in lost[0]
    assert "answered for 350, the database has 1250" in lost[1]
    assert "answered succeeded, the database has failed" in lost[2]


def test_money_moved_for_a_refused_or_never_answered_request_is_unacknowledged_but_done() -> None:
    log = [
        a("till_charge", "k1", 1, REFUSED, amount_minor=350),
        a("pay_create", "k2", 1, OK, id="pay_9"),  # created, never confirmed by the client
    ]
    rows = [
        DbRow("instore", "isp_7", 350, "succeeded"),
        DbRow("payment", "pay_9", 9900, "succeeded"),
        DbRow("topup", "tu_3", 5000, "failed", moved_money=False),  # no money moved: fine
    ]
    done = compare(log, rows).unacknowledged_done
    assert sorted(d.split(" (")[0] for d in done) == ["instore isp_7", "payment pay_9"]


def test_one_key_answered_with_two_ids_is_a_double() -> None:
    log = [
        a("topup", "k1", 1, OK, id="tu_1", amount_minor=5000),
        a("topup", "k1", 2, OK, id="tu_2", amount_minor=5000),
    ]
    rows = [DbRow("topup", "tu_1", 5000), DbRow("topup", "tu_2", 5000)]
    assert compare(log, rows).double == ["topup k1: one key answered ['tu_1', 'tu_2']"]


def test_an_unknown_outcome_must_be_settled_by_the_replay() -> None:
    settled = [
        a("topup", "k1", 1, ERROR, error="timeout", amount_minor=5000),
        a("topup", "k1", 2, OK, id="tu_1", amount_minor=5000, phase="replay"),
    ]
    refused = [
        a("till_charge", "k2", 1, ERROR, status=502),
        a("till_charge", "k2", 2, REFUSED, status=409, phase="replay"),
    ]
    stuck = [
        a("pay_confirm", "k3", 1, ERROR, status=503),
        a(
            "pay_confirm",
            "k3",
            2,
            ERROR,
            status=409,
            error="idempotency_in_progress",
            phase="replay",
        ),
    ]
    c = compare(settled + refused + stuck, [DbRow("topup", "tu_1", 5000)])
    assert (c.unknown, c.resolved_by_replay) == (3, 2)
    assert len(c.unresolved) == 1
    assert c.unresolved[0].startswith("pay_confirm k3")
    assert c.lost == []
    assert c.unacknowledged_done == []


def test_a_replay_that_answers_another_id_than_the_row_done_earlier_is_caught() -> None:
    """The first attempt did the work but its answer was lost; the replay made a second row
    instead of replaying the first: the first row is money no client was given."""
    log = [
        a("topup", "k1", 1, ERROR, error="timeout", amount_minor=5000),
        a("topup", "k1", 2, OK, id="tu_2", amount_minor=5000, phase="replay"),
    ]
    rows = [DbRow("topup", "tu_1", 5000), DbRow("topup", "tu_2", 5000)]
    c = compare(log, rows)
    assert [d.split(" (")[0] for d in c.unacknowledged_done] == ["topup tu_1"]
