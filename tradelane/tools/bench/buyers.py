"""Consumers for the HTTP benchmarks, made through the services: a signed-in token each, and for
shoppers an identity, a default address and wallet funds. Thousands of them (the flash-sale
crowd) are made in one transaction with bulk inserts for the plain rows."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from stdnum.cn import ric

from tradelane.accounts.models import Consumer
from tradelane.accounts.services import address_add, auth_token_create
from tradelane.core import clock
from tradelane.core.money import Money
from tradelane.customs.services.identity import identity_register
from tradelane.markets.selectors import market_get
from tradelane.payments.services.wallets import topup_create


@dataclass(frozen=True)
class Buyer:
    consumer_id: int
    token: str
    address_id: int = 0

    def plan(self) -> dict[str, object]:
        return {"token": self.token, "address_id": self.address_id}


def _identity_number(rng: random.Random) -> str:
    """A valid, random mainland identity number: each run's buyers have their own quota."""
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(15000))
    first17 = f"110105{born:%Y%m%d}{rng.randrange(999):03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


@transaction.atomic
def crowd(tag: str, count: int) -> list[Buyer]:
    """`count` China consumers with a token each (no password: they never sign in by form)."""
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(username=f"{tag}-{n}@bench.test", email=f"{tag}-{n}@bench.test", password=unusable)
            for n in range(count)
        ]
    )
    market, now = market_get("CN"), clock.now()
    consumers = Consumer.objects.bulk_create(
        [
            Consumer(user=u, display_name="压测", market=market, locale="zh-hans", created_at=now)
            for u in users
        ]
    )
    return [Buyer(c.pk, auth_token_create(u)[0]) for u, c in zip(users, consumers, strict=True)]


def shoppers(tag: str, count: int, *, funds: Money | None, seed: int = 0) -> list[Buyer]:
    """Consumers ready to buy in China: identity (a fresh one each, so each has its own annual
    quota), default address, and the wallet topped up with `funds` unless None."""
    rng = random.Random(f"{tag}:{seed}")
    ready = []
    for buyer in crowd(tag, count):
        consumer = Consumer.objects.get(pk=buyer.consumer_id)
        identity_register(consumer=consumer, real_name="王芳", id_number=_identity_number(rng))
        address = address_add(
            consumer=consumer,
            recipient="王芳",
            phone="13800138000",
            country="CN",
            province="浙江",
            city="杭州",
            line1="西湖区文三路 100 号",
            is_default=True,
        )
        if funds is not None:
            _top_up(consumer, funds, tag)
        ready.append(Buyer(buyer.consumer_id, buyer.token, address.pk))
    return ready


def visitors(tag: str, count: int, *, funds: Money) -> list[Consumer]:
    """Visitors from China paying in shops: a funded wallet, no identity or address needed."""
    found = Consumer.objects.in_bulk([b.consumer_id for b in crowd(tag, count)])
    for consumer in found.values():
        _top_up(consumer, funds, tag)
    return list(found.values())


def consumers(ready: list[Buyer]) -> list[Consumer]:
    """The Consumer rows of `ready`, in its order (for benchmarks that call services)."""
    found = Consumer.objects.select_related("market").in_bulk([b.consumer_id for b in ready])
    return [found[b.consumer_id] for b in ready]


def _top_up(consumer: Consumer, funds: Money, tag: str) -> None:
    topup_create(
        consumer=consumer, amount=funds, funding_source="card_4242", request_id=f"bench:{tag}"
    )
