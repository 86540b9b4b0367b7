"""`tradelane bench till`: in-store payments per second, a CNY wallet paying AUD by code, with
p50 and p99. The baseline in the same run posts the same ledger legs with `journal_post` alone,
so the difference is what the till path adds (code claim, FX quote, payment record)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial

from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.merchants.models import Merchant, MerchantStatus, Shop
from tradelane.payments.models import AccountKind
from tradelane.payments.services.accounts import merchant_payable, system_account
from tradelane.payments.services.instore import payment_code_issue, till_charge_code
from tradelane.payments.services.ledger import TransferSpec, journal_post
from tradelane.payments.services.wallets import wallet_for
from tradelane.tools.bench import buyers
from tradelane.tools.bench.harness import Timer, machine


@dataclass
class TillBench:
    till: Timer
    ledger_only: Timer
    machine: str

    def report(self) -> str:
        t, b = self.till, self.ledger_only
        return "\n".join(
            [
                f"till benchmark on {self.machine}",
                f"  till payments: {t.per_second:8.1f}/s  p50 {t.p50_ms:6.2f} ms  p99 {t.percentile_ms(0.99):6.2f} ms  ({len(t.samples)} payments, CNY wallet -> AUD shop)",
                f"  ledger only:   {b.per_second:8.1f}/s  p50 {b.p50_ms:6.2f} ms  p99 {b.percentile_ms(0.99):6.2f} ms  (baseline: the same legs, journal_post alone)",
            ]
        )


def _shop(tag: str) -> Shop:
    now = clock.now()
    merchant = Merchant.objects.create(
        legal_name=f"Bench Till {tag} Pty Ltd",
        trading_name=f"Bench Till {tag}",
        country="AU",
        business_number=f"T{tag[:10]}",
        settlement_currency="AUD",
        contact_email=f"till@{tag}.bench",
        status=MerchantStatus.ACTIVE,
        created_at=now,
        updated_at=now,
    )
    return Shop.objects.create(
        merchant=merchant,
        name="Bench shop",
        address="1 Bench St",
        city="Sydney",
        country="AU",
        currency="AUD",
        created_at=now,
    )


def run(*, payments: int = 300, visitors: int = 20) -> TillBench:
    tag = uuid.uuid4().hex[:10]
    shop = _shop(tag)
    people = buyers.visitors(tag, visitors, funds=Money.of("50000", "CNY"))
    till, ledger_only = Timer(), Timer()
    payable = merchant_payable(shop.merchant_id, "AUD").pk
    liq_cny, liq_aud = (
        system_account(AccountKind.LIQUIDITY, "CNY").pk,
        system_account(AccountKind.LIQUIDITY, "AUD").pk,
    )
    for i in range(payments):
        person = people[i % visitors]
        code, _ = payment_code_issue(consumer=person)
        paid = till.time(
            partial(
                till_charge_code,
                shop=shop,
                code=code,
                amount=Money.of(f"{10 + i % 90}.50", "AUD"),
                request_id=f"s{i}",
            )
        )
        wallet = wallet_for(person).account_id
        legs = [
            TransferSpec(
                f"bt:{tag}:{i}:pay", wallet, liq_cny, paid.wallet_amount_minor or 1, "bench"
            ),
            TransferSpec(f"bt:{tag}:{i}:fx", liq_aud, payable, paid.amount_minor, "bench"),
        ]
        ledger_only.time(
            partial(journal_post, journal_id=f"bt:{tag}:{i}", kind="bench", transfers=legs)
        )
    return TillBench(till, ledger_only, machine())
