"""What the load clients saw, and how it is held against the database.

Every attempt of every request is one JSON line (`Attempt`). Attempts with the same key are one
operation (`Operation`): the client sends the same request with the same Idempotency-Key until it
gets a definitive answer or runs out of attempts.

An answer is one of:
- `ok`: a 2xx; the operation is acknowledged, with the id the server gave;
- `refused`: a 4xx that is an answer about the request (insufficient funds, not found, invalid):
  nothing was done, and retrying would not change that;
- `error`: no answer about the request: a timeout, a dropped connection, a 5xx, a 429, or a 409
  `idempotency_in_progress` (the first attempt still holds the key). The client retries these.

An operation whose last attempt during the load was an `error` has an unknown outcome. After the
load the harness replays it with the same key and body (phase `replay`): the answer must now be
definitive, and if the operation had been done, it must be that earlier answer.

`compare` holds the operations against the money rows the load made (`DbRow`):
- acknowledged-but-lost: an `ok` answer's id is not in the database, or with another amount or
  status;
- unacknowledged-but-done: a row that moved money whose id no client was ever given in an `ok`
  answer (during the load or the replay): it was done although the client was told it was not
  (refused), or never told and a retry with its key does not give it back;
- double: one key answered with two different ids;
- unresolved: an unknown outcome that the replay could not settle either.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

OK, REFUSED, ERROR = "ok", "refused", "error"
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
IN_PROGRESS = "idempotency_in_progress"

# The operations of the load, and the kind of database row each creates.
ROW_KIND = {
    "topup": "topup",
    "place": "checkout",
    "pay_create": "payment",
    "pay_confirm": "payment",
    "till_charge": "instore",
    "order_refund": "refund",
    "till_refund": "instore_refund",
}
# Whose answers account for a money row: a payment moves money when it is confirmed.
ACCOUNTS_FOR = {
    "topup": "topup",
    "pay_confirm": "payment",
    "till_charge": "instore",
    "order_refund": "refund",
    "till_refund": "instore_refund",
}


def classify(status: int | None, error_code: str = "") -> str:
    """`ok`, `refused` or `error` for an HTTP status (None: no answer came)."""
    if status is None or status in RETRYABLE_STATUSES or status >= 500:
        return ERROR
    if 200 <= status < 300:
        return OK
    if status == 409 and error_code == IN_PROGRESS:
        return ERROR
    return REFUSED


@dataclass
class Attempt:
    op: str
    key: str
    attempt: int
    outcome: str
    status: int | None = None
    error: str = ""  # timeout, transport, or the error code of the answer
    id: str = ""  # the id in an ok answer
    result_status: str = ""  # the status in an ok answer (succeeded, failed, pending…)
    amount_minor: int | None = None  # what was asked, in `currency`'s minor units
    currency: str = ""
    ref: str = ""  # what the operation acts on: a checkout, payment, order or till payment
    credential: str = ""  # consumer:<id>, shop:<id>, merchant:<id>
    method: str = "POST"
    path: str = ""
    body: dict[str, Any] | None = None
    phase: str = "load"  # load or replay
    at: float = 0.0

    def line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)

    @classmethod
    def parse(cls, line: str) -> Attempt:
        return cls(**json.loads(line))


class ClientLog:
    """Appends attempts to a JSONL file from many threads; keeps them in memory too."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.attempts: list[Attempt] = []
        self._lock = threading.Lock()
        self._file = path.open("a", encoding="utf-8")

    def write(self, attempt: Attempt) -> None:
        with self._lock:
            self.attempts.append(attempt)
            self._file.write(attempt.line() + "\n")
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            self._file.close()


def read_log(path: Path) -> list[Attempt]:
    with path.open(encoding="utf-8") as f:
        return [Attempt.parse(line) for line in f if line.strip()]


@dataclass
class Operation:
    op: str
    key: str
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def load_attempts(self) -> list[Attempt]:
        return [a for a in self.attempts if a.phase == "load"]

    @property
    def unknown_after_load(self) -> bool:
        """The client gave up: its last attempt during the load got no answer."""
        done = self.load_attempts
        return bool(done) and done[-1].outcome == ERROR

    @property
    def final(self) -> Attempt:
        return self.attempts[-1]

    @property
    def acked(self) -> list[Attempt]:
        return [a for a in self.attempts if a.outcome == OK]

    @property
    def retried(self) -> bool:
        return len(self.load_attempts) > 1


def operations(attempts: Iterable[Attempt]) -> list[Operation]:
    """Attempts grouped by (op, key), in the order the keys first appeared."""
    found: dict[tuple[str, str], Operation] = {}
    for a in attempts:
        found.setdefault((a.op, a.key), Operation(a.op, a.key)).attempts.append(a)
    for op in found.values():
        op.attempts.sort(key=lambda a: (a.phase == "replay", a.attempt))
    return list(found.values())


@dataclass(frozen=True)
class DbRow:
    """A row the load made, as the database has it after the run."""

    kind: str  # topup, checkout, payment, instore, refund, instore_refund
    id: str
    amount_minor: int | None
    status: str = ""
    moved_money: bool = True


@dataclass
class Comparison:
    operations: int = 0
    attempts: int = 0
    retried: int = 0
    acked: int = 0
    refused: int = 0
    unknown: int = 0  # unknown after the load
    resolved_by_replay: int = 0
    by_op: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)  # attempts without an answer, by kind
    lost: list[str] = field(default_factory=list)
    unacknowledged_done: list[str] = field(default_factory=list)
    double: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def _acked_mismatch(op: Operation, answer: Attempt, row: DbRow | None) -> str | None:
    if row is None:
        return f"{op.op} {op.key}: answered {answer.status} with {answer.id}, not in the database"
    if answer.amount_minor is not None and row.amount_minor != answer.amount_minor:
        return (
            f"{op.op} {op.key}: {answer.id} answered for {answer.amount_minor},"
            f" the database has {row.amount_minor}"
        )
    if (
        op.op in ("pay_confirm", "till_charge")
        and answer.result_status
        and row.status != answer.result_status
    ):
        return (
            f"{op.op} {op.key}: {answer.id} answered {answer.result_status},"
            f" the database has {row.status}"
        )
    return None


def compare(attempts: Iterable[Attempt], rows: Iterable[DbRow]) -> Comparison:
    """Hold the client's log against the rows the load made (see the module's rules)."""
    attempts = list(attempts)
    by_kind: dict[str, dict[str, DbRow]] = defaultdict(dict)
    for row in rows:
        by_kind[row.kind][row.id] = row
    result = Comparison(attempts=len(attempts))
    ops = operations(attempts)
    acked_ids: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for op in ops:
        result.operations += 1
        counts[op.op] += 1
        result.retried += op.retried
        ids = {a.id for a in op.acked if a.id}
        if len(ids) > 1:
            result.double.append(f"{op.op} {op.key}: one key answered {sorted(ids)}")
        if op.unknown_after_load:
            result.unknown += 1
            if op.final.outcome == ERROR:
                result.unresolved.append(
                    f"{op.op} {op.key}: no definitive answer after {len(op.attempts)} attempts"
                    f" (last: {op.final.status or op.final.error})"
                )
            else:
                result.resolved_by_replay += 1
        if op.final.outcome == OK:
            result.acked += 1
        elif op.final.outcome == REFUSED:
            result.refused += 1
        kind = ROW_KIND.get(op.op)
        for answer in op.acked:
            if not answer.id or kind is None:
                continue
            if op.op in ACCOUNTS_FOR and (op.op != "pay_confirm" or answer.result_status):
                acked_ids[ACCOUNTS_FOR[op.op]].add(answer.id)
            problem = _acked_mismatch(op, answer, by_kind[kind].get(answer.id))
            if problem and problem not in result.lost:
                result.lost.append(problem)
    for kind in set(ACCOUNTS_FOR.values()):
        for row in by_kind[kind].values():
            if row.moved_money and row.id not in acked_ids[kind]:
                result.unacknowledged_done.append(
                    f"{kind} {row.id} ({row.status or 'done'}, {row.amount_minor}):"
                    " no client was given it"
                )
    result.by_op = dict(sorted(counts.items()))
    errors: dict[str, int] = defaultdict(int)
    for a in attempts:
        if a.outcome == ERROR:
            errors[str(a.status) if a.status else a.error.split(":")[0]] += 1
    result.errors = dict(sorted(errors.items()))
    return result


def summary_lines(c: Comparison) -> Iterator[str]:
    ops = ", ".join(f"{name} {n}" for name, n in c.by_op.items())
    yield f"{c.operations} operations ({ops}), {c.attempts} attempts, {c.retried} retried"
    kinds = ", ".join(f"{kind} {n}" for kind, n in c.errors.items()) or "none"
    yield f"attempts without an answer: {kinds}"
    yield (
        f"final answers: {c.acked} acknowledged, {c.refused} refused; {c.unknown} unknown after"
        f" the load, {c.resolved_by_replay} of them settled by replaying the key"
    )
