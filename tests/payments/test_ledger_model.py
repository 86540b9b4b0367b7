"""Hypothesis drives the ledger with random transfers, pendings, posts, voids, linked journals
and FX, against a plain-Python reference model; after every step the invariant holds and every
account's four totals equal the model's."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from tradelane.core.errors import ApplicationError
from tradelane.payments.invariant import ledger_invariant
from tradelane.payments.models import LedgerAccount
from tradelane.payments.services.accounts import account_open
from tradelane.payments.services.ledger import TransferSpec, journal_post

_ids = itertools.count(1)


@dataclass
class ModelAccount:
    currency: str
    protected: bool
    dp: int = 0  # debits pending
    dpo: int = 0  # debits posted
    cp: int = 0
    cpo: int = 0


@dataclass
class ModelPending:
    debit: int
    credit: int
    amount: int
    open: bool = True


class LedgerMachine(RuleBasedStateMachine):
    accounts = Bundle("accounts")
    pendings = Bundle("pendings")

    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.model: dict[int, ModelAccount] = {}
        self.pending: dict[str, ModelPending] = {}

    def teardown(self) -> None:
        transaction.savepoint_rollback(self.savepoint)

    @initialize(target=accounts)
    def funding(self) -> int:
        self.funding_id = self._open("AUD", protected=False)
        return self.funding_id

    def _open(self, currency: str, protected: bool) -> int:
        account = account_open(
            code=f"m{next(_ids)}",
            kind="test",
            currency=currency,
            debits_must_not_exceed_credits=protected,
        )
        self.model[account.pk] = ModelAccount(currency, protected)
        return account.pk

    @rule(target=accounts, currency=st.sampled_from(["AUD", "CNY"]), protected=st.booleans())
    def open_account(self, currency: str, protected: bool) -> int:
        return self._open(currency, protected)

    # --- the reference semantics ---------------------------------------------------------
    def _allows(self, model: dict[int, ModelAccount], debit: int, credit: int, amount: int) -> bool:
        d, c = model[debit], model[credit]
        if debit == credit or d.currency != c.currency:
            return False
        return not d.protected or d.dpo + d.dp + amount <= d.cpo

    def _run(self, specs: list[TransferSpec], simulate) -> None:
        snapshot = {k: ModelAccount(**vars(v)) for k, v in self.model.items()}
        pending_snapshot = {k: ModelPending(**vars(v)) for k, v in self.pending.items()}
        expected_ok = all(simulate(snapshot, pending_snapshot, spec) for spec in specs)
        try:
            journal_post(journal_id=f"j{next(_ids)}", kind="model", transfers=specs)
            succeeded = True
        except ApplicationError:
            succeeded = False
        assert succeeded == expected_ok, specs
        if expected_ok:
            self.model, self.pending = snapshot, pending_snapshot

    def _simulate(
        self, model: dict[int, ModelAccount], pending: dict[str, ModelPending], spec: TransferSpec
    ) -> bool:
        if spec.kind in ("posted", "pending"):
            assert spec.amount is not None
            if not self._allows(model, spec.debit, spec.credit, spec.amount):
                return False
            d, c = model[spec.debit], model[spec.credit]
            if spec.kind == "posted":
                d.dpo += spec.amount
                c.cpo += spec.amount
            else:
                d.dp += spec.amount
                c.cp += spec.amount
                pending[spec.id] = ModelPending(spec.debit, spec.credit, spec.amount)
            return True
        held = pending.get(spec.pending_id or "")
        if held is None or not held.open:
            return False
        amount = (
            0
            if spec.kind == "void_pending"
            else (held.amount if spec.amount is None else spec.amount)
        )
        if amount > held.amount:
            return False
        held.open = False
        d, c = model[held.debit], model[held.credit]
        d.dp -= held.amount
        c.cp -= held.amount
        d.dpo += amount
        c.cpo += amount
        return True

    # --- rules ---------------------------------------------------------------------------
    @rule(debit=accounts, credit=accounts, amount=st.integers(1, 5000))
    def transfer(self, debit: int, credit: int, amount: int) -> None:
        if debit == credit:
            return
        self._run([TransferSpec(f"t{next(_ids)}", debit, credit, amount, "x")], self._simulate)

    @rule(target=pendings, debit=accounts, credit=accounts, amount=st.integers(1, 5000))
    def hold(self, debit: int, credit: int, amount: int) -> str:
        tid = f"p{next(_ids)}"
        if debit != credit:
            self._run(
                [TransferSpec(tid, debit, credit, amount, "hold", kind="pending")], self._simulate
            )
        return tid

    @rule(pending=pendings, amount=st.one_of(st.none(), st.integers(1, 5000)))
    def post(self, pending: str, amount: int | None) -> None:
        self._run(
            [
                TransferSpec(
                    f"t{next(_ids)}", 0, 0, amount, "post", kind="post_pending", pending_id=pending
                )
            ],
            self._simulate,
        )

    @rule(pending=pendings)
    def void(self, pending: str) -> None:
        self._run(
            [
                TransferSpec(
                    f"t{next(_ids)}", 0, 0, None, "void", kind="void_pending", pending_id=pending
                )
            ],
            self._simulate,
        )

    @rule(
        pairs=st.lists(st.tuples(accounts, accounts, st.integers(1, 3000)), min_size=2, max_size=4)
    )
    def linked(self, pairs: list[tuple[int, int, int]]) -> None:
        specs = [TransferSpec(f"t{next(_ids)}", d, c, a, "linked") for d, c, a in pairs if d != c]
        if specs:
            self._run(specs, self._simulate)

    @rule(
        target=accounts,
        fund=st.integers(1, 1000),
        hold=st.integers(1, 1000),
        spend=st.integers(1, 1000),
    )
    def wallet_hold_then_spend(self, fund: int, hold: int, spend: int) -> int:
        """The path a wallet takes: funded, part held for a payment, then another spend."""
        wallet = self._open("AUD", True)
        self._run(
            [TransferSpec(f"t{next(_ids)}", self.funding_id, wallet, fund, "topup")], self._simulate
        )
        self._run(
            [TransferSpec(f"p{next(_ids)}", wallet, self.funding_id, hold, "hold", kind="pending")],
            self._simulate,
        )
        self._run(
            [TransferSpec(f"t{next(_ids)}", wallet, self.funding_id, spend, "spend")],
            self._simulate,
        )
        return wallet

    @rule(amount=st.integers(1, 20000), rate_permille=st.integers(150, 250))
    def fx(self, amount: int, rate_permille: int) -> None:
        """CNY wallet -> CNY liquidity, AUD liquidity -> AUD payable: two currencies, one journal."""
        wallet, liq_cny = self._open("CNY", True), self._open("CNY", False)
        liq_aud, payable, bank = (
            self._open("AUD", False),
            self._open("AUD", False),
            self._open("CNY", False),
        )
        self._run([TransferSpec(f"t{next(_ids)}", bank, wallet, amount, "topup")], self._simulate)
        self._run(
            [
                TransferSpec(f"t{next(_ids)}", wallet, liq_cny, amount, "capture"),
                TransferSpec(
                    f"t{next(_ids)}", liq_aud, payable, amount * rate_permille // 1000 or 1, "fx"
                ),
            ],
            self._simulate,
        )

    @invariant()
    def matches_the_model(self) -> None:
        report = ledger_invariant()
        assert report.ok, report
        stored = LedgerAccount.objects.in_bulk(list(self.model))
        for pk, expected in self.model.items():
            a = stored[pk]
            assert (a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted) == (
                expected.dp,
                expected.dpo,
                expected.cp,
                expected.cpo,
            ), a.code


@pytest.mark.django_db
def test_ledger_against_reference_model() -> None:
    machine = LedgerMachine.TestCase
    machine.settings = settings(
        max_examples=40,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    machine().runTest()
