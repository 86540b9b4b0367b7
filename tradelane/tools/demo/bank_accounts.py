"""Demo payout accounts: every active demo merchant gets a verified, well-formed bank account
(an operator verification with a stated reason), so the demo's daily payouts flow."""

from __future__ import annotations

import random

from django.db.models import Exists, OuterRef
from stdnum.nz import bankaccount

from tradelane.core import clock, crypto
from tradelane.merchants import rules
from tradelane.merchants.models import (
    BankAccountStatus,
    Merchant,
    MerchantBankAccount,
    MerchantStatus,
    VerificationMethod,
)

AU_DEMO_BSBS = ("062-000", "032-000", "083-004", "013-006")  # CBA, Westpac, NAB, ANZ heads
NZ_DEMO_PREFIXES = ("01-0902-", "12-3140-", "06-0501-")  # ANZ, ASB, National Bank branches
REASON = "demo data: seeded as verified"


def _nz_number(rng: random.Random) -> str:
    """A checksum-valid NZ account: base numbers are tried until python-stdnum accepts one."""
    while True:
        candidate = f"{rng.choice(NZ_DEMO_PREFIXES)}{rng.randint(1, 9_999_999):07d}-000"
        if bankaccount.is_valid(candidate):
            return str(bankaccount.compact(candidate))


def demo_bank_accounts_create(seed: str = "tradelane-demo") -> int:
    """One verified account per active merchant that has none; returns how many were made."""
    rng = random.Random(f"{seed}:bank-accounts")
    now = clock.now()
    merchants = (
        Merchant.objects.filter(status=MerchantStatus.ACTIVE)
        .exclude(Exists(MerchantBankAccount.objects.filter(merchant=OuterRef("pk"))))
        .order_by("pk")
    )
    rows = []
    for m in merchants:
        if m.country == "AU":
            bsb, number = rng.choice(AU_DEMO_BSBS), f"{rng.randint(10_000_000, 999_999_999)}"
        else:
            bsb, number = "", _nz_number(rng)
        kept = "".join(ch for ch in m.legal_name if ch in rules.BANK_FILE_CHARACTERS)
        name = rules.account_name_clean(kept[:32].strip() or "Demo Merchant")
        rows.append(
            MerchantBankAccount(
                merchant=m,
                country=m.country,
                bsb=bsb,
                account_number_encrypted=crypto.encrypt(number),
                account_last_digits=number[-rules.MASK_VISIBLE_DIGITS :],
                account_digits_count=len(number),
                account_name=name,
                status=BankAccountStatus.VERIFIED,
                verification_method=VerificationMethod.OPERATOR,
                verification_reason=REASON,
                verified_at=now,
                created_at=now,
            )
        )
    MerchantBankAccount.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
