"""Builders for test data through the real services, so tests exercise the same paths."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from stdnum import ean
from stdnum.au import abn

from tradelane.accounts.models import Address, Consumer
from tradelane.accounts.services import address_add, auth_token_issue, consumer_signup
from tradelane.catalog.models import Listing, Product
from tradelane.catalog.services import ProductInput, VariantInput, listing_upsert, product_create
from tradelane.core.money import Money
from tradelane.customs.services.identity import identity_register
from tradelane.inventory.services import stock_set
from tradelane.merchants.bank_accounts import (
    BankAccountInput,
    bank_account_set,
    bank_account_verify_by_operator,
)
from tradelane.merchants.models import Merchant, MerchantBankAccount
from tradelane.merchants.services import merchant_apply, merchant_set_status

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery"


def valid_abn(n: int) -> str:
    body = f"{100000000 + n:09d}"
    return abn.calc_check_digits(body) + body


def valid_nzbn(n: int) -> str:
    body = f"94{n:010d}"
    return body + ean.calc_check_digit(body)


def operator() -> Any:
    user_model = get_user_model()
    n = next(_seq)
    return user_model.objects.create_user(
        username=f"op{n}@t.test", email=f"op{n}@t.test", password=PASSWORD, is_staff=True
    )


def merchant(country: str = "AU", active: bool = True) -> Merchant:
    n = next(_seq)
    number = valid_abn(n) if country == "AU" else valid_nzbn(n)
    m = merchant_apply(
        legal_name=f"Test Merchant {n} Pty Ltd",
        trading_name=f"Test Merchant {n}",
        country=country,
        business_number=number,
        contact_email=f"owner{n}@merchant.test",
        password=PASSWORD,
    )
    if active:
        m = merchant_set_status(merchant=m, to_status="active", actor=operator(), reason="test")
        bank_account_verified(m)
    return m


def bank_account_verified(m: Merchant, account_number: str = "") -> MerchantBankAccount:
    """A verified payout account, as onboarding ends with: payouts flow."""
    if m.country == "AU":
        data = BankAccountInput(
            bsb="062-000", account_number=account_number or f"1{m.pk:07d}", account_name="Test"
        )
    else:  # 01-0902-0068389-00: a checksum-valid ANZ account (python-stdnum's own example)
        data = BankAccountInput(
            account_number=account_number or "01-0902-0068389-00", account_name="Test"
        )
    account = bank_account_set(merchant=m, data=data)
    return bank_account_verify_by_operator(account=account, actor=None, reason="test merchant")


def product(
    m: Merchant,
    *,
    price: str = "40.00",
    category: str = "food_beverage",
    temperature_class: str = "ambient",
    weight_g: int = 600,
    name_zh: str = "麦卢卡蜂蜜 500克",
    hs_code: str = "04090000",
    cn_tax_class: str = "",
    sku: str | None = None,
) -> Product:
    n = next(_seq)
    return product_create(
        merchant=m,
        data=ProductInput(
            name_en=f"Manuka Honey {n} 500g",
            name_zh_hans=name_zh,
            brand="Tasman Bees",
            category=category,
            hs_code=hs_code,
            origin_country=m.country,
            temperature_class=temperature_class,
            cn_tax_class=cn_tax_class,
            variants=[
                VariantInput(
                    sku=sku or f"SKU-{n}",
                    name_en="500g jar",
                    price=Money.of(price, m.settlement_currency),
                    weight_g=weight_g,
                    length_mm=90,
                    width_mm=90,
                    height_mm=120,
                )
            ],
        ),
    )


def listed(
    m: Merchant,
    market: str = "CN",
    *,
    fixed: str | None = None,
    stock: int = 100,
    **product_kwargs: Any,
) -> Listing:
    p = product(m, **product_kwargs)
    variant = p.variants.get()
    currency = {"CN": "CNY", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "MY": "MYR"}[market]
    listing = listing_upsert(
        merchant=m,
        variant_id=variant.pk,
        market_code=market,
        pricing_mode="fixed" if fixed else "derived",
        fixed_price=Money.of(fixed, currency) if fixed else None,
        markup_bps=0,
        rounding="exact",
    )
    stock_set(merchant=m, variant=variant, on_hand=stock)
    return listing


def identity_number(n: int, sequence: int | None = None) -> str:
    """A valid mainland resident identity number, different for each n."""
    from stdnum.cn import ric

    born = date(1970, 1, 1) + timedelta(days=n % 15000)
    first17 = f"110105{born:%Y%m%d}{(sequence if sequence is not None else n % 998):03d}"
    return first17 + ric.calc_check_digit(first17 + "0")  # stdnum expects a placeholder digit


def consumer(market: str = "CN", identity: bool = True) -> Consumer:
    n = next(_seq)
    buyer = consumer_signup(
        email=f"buyer{n}@buyer.test",
        password=PASSWORD,
        display_name=f"Buyer {n}",
        market_code=market,
        locale="zh-hans" if market == "CN" else "en",
    )
    if market == "CN" and identity:
        identity_register(consumer=buyer, real_name="王芳", id_number=identity_number(n))
    return buyer


def token(c: Consumer) -> str:
    return auth_token_issue(email=c.user.email, password=PASSWORD)[0]


def address(c: Consumer) -> Address:
    if c.market_id == "CN":
        return address_add(
            consumer=c,
            recipient="王芳",
            phone="13800138000",
            country="CN",
            province="浙江",
            city="杭州",
            line1="西湖区文三路 100 号",
        )
    return address_add(
        consumer=c,
        recipient="Sam Lee",
        phone="0412 345 678",
        country=c.market_id,
        province="VIC" if c.market_id == "AU" else "Auckland",
        city="Melbourne",
        line1="1 Collins St",
    )


def money(amount: str, currency: str) -> Money:
    return Money(Decimal(amount), currency)
