"""`tradelane bench ledger`: transfers per second, one per journal and in batches, against a
raw-SQL baseline that inserts the same transfer rows and applies the same balance changes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial

from django.db import connection, transaction

from tradelane.core import clock
from tradelane.payments.models import AccountKind, Journal, LedgerAccount, Transfer
from tradelane.payments.services.accounts import account_open
from tradelane.payments.services.ledger import TransferSpec, journal_post
from tradelane.tools.bench.harness import Timer, machine


@dataclass
class LedgerBench:
    single: Timer
    batched: Timer
    raw: Timer
    copy: Timer | None
    batch_size: int
    transfers_single: int
    transfers_batched: int
    machine: str

    def report(self) -> str:
        single = self.transfers_single / self.single.total
        batched = self.transfers_batched / self.batched.total
        raw = self.transfers_batched / self.raw.total
        return "\n".join(
            [
                f"ledger benchmark on {self.machine}",
                f"  single:   {single:9.0f} transfers/s  (one journal per transfer, p50 {self.single.p50_ms:.2f} ms)",
                f"  batched:  {batched:9.0f} transfers/s  (journals of {self.batch_size} linked transfers)",
                f"  raw SQL:  {raw:9.0f} transfers/s  (baseline: same rows and balance updates row by row, no checks)",
                *self._copy_line(),
                f"  batched vs raw: {batched / raw:.2f} x",
            ]
        )

    def _copy_line(self) -> list[str]:
        if self.copy is None:
            return []
        floor = self.transfers_batched / self.copy.total
        return [
            f"  raw COPY: {floor:9.0f} transfers/s  (floor: the rows by COPY, one set-based update, no checks)"
        ]


def _accounts(tag: str, wallets: int) -> tuple[list[LedgerAccount], LedgerAccount, LedgerAccount]:
    bank = account_open(code=f"bench:{tag}:bank", kind=AccountKind.TEST, currency="AUD")
    shop = account_open(code=f"bench:{tag}:shop", kind=AccountKind.TEST, currency="AUD")
    ws = [
        account_open(code=f"bench:{tag}:w{i}", kind=AccountKind.WALLET, currency="AUD")
        for i in range(wallets)
    ]
    journal_post(
        journal_id=f"bench:{tag}:fund",
        kind="bench",
        transfers=[
            TransferSpec(f"bench:{tag}:f{i}", bank.pk, w.pk, 10**12, "fund")
            for i, w in enumerate(ws)
        ],
    )
    return ws, bank, shop


def _raw_batch(tag: str, n: int, specs: list[TransferSpec]) -> None:
    now = connection.ops.adapt_datetimefield_value(clock.now())
    journal_id = f"bench:{tag}:raw{n}"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {Journal._meta.db_table} (id, kind, reference, fingerprint, created_at) VALUES (%s,%s,%s,%s,%s)",
            [journal_id, "bench", "", "", now],
        )
        cur.executemany(
            f"UPDATE {LedgerAccount._meta.db_table} SET debits_posted = debits_posted + %s WHERE id = %s",
            [(s.amount, s.debit) for s in specs],
        )
        cur.executemany(
            f"UPDATE {LedgerAccount._meta.db_table} SET credits_posted = credits_posted + %s WHERE id = %s",
            [(s.amount, s.credit) for s in specs],
        )
        cur.executemany(
            f"INSERT INTO {Transfer._meta.db_table} (id, journal_id, kind, debit_account_id, credit_account_id, amount,"
            " currency, code, resolution, created_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            [
                (
                    f"{s.id}r",
                    journal_id,
                    "posted",
                    s.debit,
                    s.credit,
                    s.amount,
                    "AUD",
                    "bench",
                    "",
                    now,
                )
                for s in specs
            ],
        )


def _raw_copy_batch(tag: str, n: int, specs: list[TransferSpec]) -> None:
    now = clock.now()
    journal_id = f"bench:{tag}:copy{n}"
    table = LedgerAccount._meta.db_table
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {Journal._meta.db_table} (id, kind, reference, fingerprint, created_at) VALUES (%s,%s,%s,%s,%s)",
            [journal_id, "bench", "", "", now],
        )
        for column, side in (("debits_posted", "debit"), ("credits_posted", "credit")):
            totals: dict[int, int] = {}
            for s in specs:
                key = getattr(s, side)
                totals[key] = totals.get(key, 0) + int(s.amount or 0)
            values = ", ".join(["(CAST(%s AS BIGINT), CAST(%s AS BIGINT))"] * len(totals))
            cur.execute(
                f"WITH v(account_id, delta) AS (VALUES {values}) UPDATE {table} "
                f"SET {column} = {column} + v.delta FROM v WHERE id = v.account_id",
                [x for pair in totals.items() for x in pair],
            )
        columns = "id, journal_id, kind, debit_account_id, credit_account_id, amount, currency, code, resolution, created_at"
        with cur.cursor.copy(f"COPY {Transfer._meta.db_table} ({columns}) FROM STDIN") as copy:
            for s in specs:
                copy.write_row(
                    (
                        f"{s.id}c",
                        journal_id,
                        "posted",
                        s.debit,
                        s.credit,
                        s.amount,
                        "AUD",
                        "bench",
                        "",
                        now,
                    )
                )


def run(
    *, single: int = 1000, batches: int = 20, batch_size: int = 500, wallets: int = 200
) -> LedgerBench:
    tag = uuid.uuid4().hex[:8]
    ws, _bank, shop = _accounts(tag, wallets)
    single_t = Timer()
    for i in range(single):
        spec = TransferSpec(f"b:{tag}:s{i}", ws[i % wallets].pk, shop.pk, 100 + i % 7, "bench")
        single_t.time(partial(journal_post, journal_id=spec.id, kind="bench", transfers=[spec]))
    batched_t, raw_t = Timer(), Timer()
    copy_t = Timer() if connection.vendor == "postgresql" else None
    for b in range(batches):
        specs = [
            TransferSpec(f"b:{tag}:{b}:{i}", ws[i % wallets].pk, shop.pk, 100 + i % 7, "bench")
            for i in range(batch_size)
        ]
        batched_t.time(
            partial(journal_post, journal_id=f"b:{tag}:j{b}", kind="bench", transfers=specs)
        )
        raw_t.time(partial(_raw_batch, tag, b, specs))
        if copy_t is not None:
            copy_t.time(partial(_raw_copy_batch, tag, b, specs))
    return LedgerBench(
        single_t, batched_t, raw_t, copy_t, batch_size, single, batches * batch_size, machine()
    )
