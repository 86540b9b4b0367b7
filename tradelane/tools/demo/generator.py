"""Builds the demo data set: plans every row in memory from seeded random streams, then writes
each table with one `bulk_create`. No per-row services: they would take minutes, and the data is
built to satisfy the same rules (valid ABN / NZBN, HS codes, derived listing prices).

Determinism: each section draws from its own `random.Random` seeded with a fixed string, and
nothing iterates over a set or a dict keyed by hash order, so the same scale gives the same data.
"""

from __future__ import annotations

import math
import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import models
from stdnum import ean
from stdnum.au import abn

from tradelane.accounts.models import Address, Consumer
from tradelane.accounts.rules import AU_STATES, CN_PROVINCES
from tradelane.catalog import rules as catalog_rules
from tradelane.catalog.images import renditions
from tradelane.catalog.models import Listing, Product, ProductImage, Variant
from tradelane.catalog.search_index import search_index_rebuild
from tradelane.catalog.services import product_search_text
from tradelane.core.crypto import blind_index, encrypt
from tradelane.core.money import Money
from tradelane.customs.compliance import needs_export_permit
from tradelane.customs.models import BuyerIdentity, ExportPermit
from tradelane.customs.rules import mask_id_number, mask_name
from tradelane.inventory.models import Location, LocationKind, StockItem
from tradelane.logistics.selectors import shipping_rates_for
from tradelane.markets.models import FxRate
from tradelane.markets.selectors import fx_mid_rate
from tradelane.markets.services import fx_rates_load_csv
from tradelane.merchants.models import (
    Merchant,
    MerchantStaff,
    MerchantStatus,
    MerchantStatusChange,
    Shop,
    StaffRole,
)
from tradelane.tools.demo import pictures
from tradelane.tools.demo import products as pv
from tradelane.tools.demo import vocabulary as vv
from tradelane.tools.demo.identities import identity_number

SEED = "tradelane-demo-2026"
DEMO_PASSWORD = "tradelane-demo"
FX_CSV = Path(__file__).resolve().parents[2] / "markets" / "data" / "demo_fx_rates.csv"
BATCH = 2000

BASE_COUNTS = {
    "au_merchants": 1300,
    "nz_merchants": 400,
    "products": 20000,
    "cn_consumers": 2000,
    "aunz_consumers": 500,
    "sea_consumers": 100,
}
# The merchant a demo login owns: always the first merchant row, whatever the scale.
DEMO_MERCHANT = ("Yarra Valley Provisions", "general", "Yarra Valley")
COUNTRY_CURRENCY = {"AU": "AUD", "NZ": "NZD"}
LEGAL_NAME_WORDS = ("Family Holdings", "Enterprises", "Investments", "Group")
HOUSE_BRAND_WORDS = ("Nutrition", "Naturals", "Organics", "Life", "Health")
PRODUCT_LINES = (
    ("Classic", "经典"), ("Premium", "优选"), ("Gold Label", "金标"), ("Heritage", "传承"),
    ("Signature", "招牌"), ("Limited Edition", "限量版"), ("Family Reserve", "家族臻选"),
)  # fmt: skip
NZD_PER_AUD_PCT = 109  # merchant prices in NZ are set about this much higher, in NZD
PACK_DISCOUNT = {1: 0, 2: 3, 3: 5, 4: 5, 5: 7, 6: 8, 8: 10, 12: 12}
AU_ONLY_CERTS = {
    "Export registered establishment": "MPI Risk Management Programme",
    "Australian Made": "Made in New Zealand",
    "Freshcare": "GLOBALG.A.P.",
    "TGA listed": "",
    "MGO tested": "",
}
NZ_ONLY_CERTS = {
    "UMF Honey Association": "",
    "FernMark": "",
    "MPI Risk Management Programme": "Export registered establishment",
    "Made in New Zealand": "Australian Made",
}

User = get_user_model()
T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


def scaled(name: str, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(BASE_COUNTS[name] * scale))


def weighted(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    return rng.choices(items, weights=weights, k=1)[0]


def allocate(total: int, weights: Sequence[float], minimum: int = 1) -> list[int]:
    """Split `total` in proportion to `weights`, at least `minimum` each (largest remainder)."""
    n = len(weights)
    if n == 0:
        return []
    spare = max(0, total - minimum * n)
    scale = sum(weights) or 1.0
    exact = [spare * w / scale for w in weights]
    parts = [math.floor(e) for e in exact]
    leftover = spare - sum(parts)
    order = sorted(range(n), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[:leftover]:
        parts[i] += 1
    return [p + minimum for p in parts]


def abn_new(rng: random.Random) -> str:
    body = f"{rng.randint(10_000_000, 999_999_999):09d}"
    number = abn.calc_check_digits(body) + body
    assert abn.is_valid(number), number
    return str(number)


def nzbn_new(rng: random.Random) -> str:
    # NZBNs are GS1 numbers under GS1 New Zealand's prefix: 9429 then 8 digits and a check digit.
    body = f"9429{rng.randint(0, 99_999_999):08d}"
    number = body + ean.calc_check_digit(body)
    assert ean.is_valid(number), number
    return number


def gtin_new(rng: random.Random, country: str) -> str:
    body = ("93" if country == "AU" else "94") + f"{rng.randint(0, 9_999_999_999):010d}"
    return body + str(ean.calc_check_digit(body))


def tidy_price(rng: random.Random, cents: Decimal) -> int:
    """A shelf price: whole dollars ending .95, .99 or .00 (the latter only from $20)."""
    whole = max(1, math.ceil(cents / 100))
    ending = rng.choice((95, 99, 95, 0) if whole >= 20 else (95, 99, 49))
    if ending == 0:
        return whole * 100
    return max(49, (whole - 1) * 100 + ending)


def pack_dims(dims: tuple[int, int, int], n: int) -> tuple[int, int, int]:
    length, width, height = dims
    if n == 1:
        return dims
    if n <= 3:
        return length * n + 10, width + 10, height + 10
    if n <= 6:
        return length * 3 + 20, width * 2 + 20, height + 20
    return length * 4 + 30, width * 3 + 30, height + 20


SEA_DEMO_ADDRESSES = {  # city (also the region), postcode, street
    "SG": ("Singapore", "238859", "1 Orchard Boulevard #05-01"),
    "MY": ("Kuala Lumpur", "50450", "12 Jalan Ampang"),
}


def sea_phone(rng: random.Random, country: str) -> str:
    """A mobile number in the country's own grouping."""
    if country == "SG":
        return f"+65 9{rng.randint(0, 999):03d} {rng.randint(0, 9999):04d}"
    return f"+60 1{rng.choice('2679')}-{rng.randint(0, 999):03d} {rng.randint(0, 9999):04d}"


def street_address(rng: random.Random) -> str:
    street = f"{rng.choice(vv.STREET_NAMES)} {rng.choice(vv.STREET_TYPES)}"
    return f"{rng.randint(1, 300)} {street}"


def slug(text: str) -> str:
    return re.sub(
        r"[^a-z0-9]", "", text.lower().replace("ū", "u").replace("ō", "o").replace("ā", "a")
    )


def matches(where: tuple[str, ...], place: vv.Place, country: str) -> bool:
    return not where or any(token in (place.en, place.state, country) for token in where)


@dataclass
class MerchantPlan:
    row: Merchant
    country: str
    place: vv.Place
    archetype: pv.Archetype
    owner: Any
    brands: list[tuple[str, str, str]] = field(default_factory=list)  # name, story en, story zh
    sku_prefix: str = ""
    product_count: int = 0
    cn_markup: int = 2000
    cn_rounding: str = "ends_in_8"
    other_markup: int = 800
    sea_markup: int = 1800
    sea_markets: tuple[str, ...] = ()
    shops: int = 0


@dataclass
class ProductPlan:
    row: Product
    merchant: MerchantPlan
    kind: pv.Kind
    variants: list[Variant] = field(default_factory=list)
    option_en: str = ""  # for the product's picture


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class DemoBuilder:
    def __init__(self, *, scale: float, now: datetime, log: Any = None) -> None:
        self.scale = scale
        self.now = now
        self.log = log or (lambda message: None)
        self.password = make_password(DEMO_PASSWORD)
        self.rates: dict[tuple[str, str], Decimal] = {}
        self.users: list[Any] = []
        self.merchants: list[MerchantPlan] = []
        self.products: list[ProductPlan] = []
        self.names_taken: set[str] = set()
        self.numbers_taken: set[str] = set()
        self.emails_taken: set[str] = set()
        self.summary = Summary()
        self.warehouses: dict[int, Location] = {}

    # ------------------------------------------------------------------ entry point
    def run(self) -> Summary:
        started = time.perf_counter()
        self.fx_ensure()
        operator = self.known_user(
            "operator@tradelane.test", "Platform", "Operator", staff=True, superuser=True
        )
        self.plan_merchants()
        self.plan_products()
        consumers = self.plan_consumers()
        self.write_users()
        self.write_merchants(operator)
        self.write_catalog()
        self.write_images()
        self.write_permits()
        self.write_stock()
        self.write_consumers(consumers)
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def count(self, name: str, n: int) -> None:
        self.summary.counts[name] = self.summary.counts.get(name, 0) + n

    def bulk(self, model: type[M], rows: list[M], name: str) -> list[M]:
        created = model._default_manager.bulk_create(rows, batch_size=BATCH)
        self.count(name, len(rows))
        return created

    # ------------------------------------------------------------------ FX
    def fx_ensure(self) -> None:
        if not FxRate.objects.exists():
            loaded = fx_rates_load_csv(FX_CSV)
            self.log(f"loaded {loaded} demo FX rates from {FX_CSV.name}")
        for base in ("AUD", "NZD"):
            for quote in ("CNY", "AUD", "NZD", "SGD", "MYR"):
                self.rates[(base, quote)] = fx_mid_rate(base, quote, self.now).rate

    # ------------------------------------------------------------------ users
    def user(self, email: str, first: str, last: str, joined: datetime, **flags: bool) -> Any:
        email = email.lower()
        self.emails_taken.add(email)
        row = User(
            username=email,
            email=email,
            first_name=first[:150],
            last_name=last[:150],
            password=self.password,
            is_active=True,
            is_staff=flags.get("staff", False),
            is_superuser=flags.get("superuser", False),
            date_joined=joined,
        )
        self.users.append(row)
        return row

    def known_user(
        self, email: str, first: str, last: str, *, staff: bool = False, superuser: bool = False
    ) -> Any:
        existing = User.objects.filter(username=email).first()
        if existing is not None:
            self.emails_taken.add(email)
            return existing
        return self.user(
            email, first, last, self.now - timedelta(days=400), staff=staff, superuser=superuser
        )

    def unique_email(self, local: str, domain: str, rng: random.Random) -> str:
        email = f"{local}@{domain}"
        while email in self.emails_taken:
            email = f"{local}{rng.randint(2, 999)}@{domain}"
        return email

    def write_users(self) -> None:
        new = [u for u in self.users if u.pk is None]
        self.bulk(User, new, "users")

    # ------------------------------------------------------------------ merchants
    def place_for(self, rng: random.Random, country: str, archetype: pv.Archetype) -> vv.Place:
        places = vv.AU_PLACES if country == "AU" else vv.NZ_PLACES
        state_weights: dict[str, float] = dict(
            vv.AU_STATE_WEIGHTS if country == "AU" else vv.NZ_REGION_WEIGHTS
        )
        eligible = [
            p for p in places if not archetype.tags or any(t in p.tags for t in archetype.tags)
        ]
        per_state: dict[str, int] = {}
        for p in eligible:
            per_state[p.state] = per_state.get(p.state, 0) + 1
        weights = [state_weights.get(p.state, 1.0) / per_state[p.state] for p in eligible]
        return weighted(rng, eligible, weights)

    def trading_name(
        self, rng: random.Random, country: str, place: vv.Place, arch: pv.Archetype
    ) -> str:
        nature = vv.AU_NATURE_WORDS if country == "AU" else vv.NZ_NATURE_WORDS
        for _attempt in range(30):
            word = rng.choice(arch.words)
            style = rng.random()
            if style < 0.6:
                name = f"{place.en} {word}"
            elif style < 0.82:
                name = f"{rng.choice(nature)} {word}"
            else:
                surname = rng.choice(vv.SURNAMES)[0]
                name = rng.choice((f"{surname} Family {word}", f"{surname}'s {word}"))
            if name not in self.names_taken:
                break
        else:
            name = f"{name} {place.town}"
        while name in self.names_taken:
            name = f"{name} {rng.randint(2, 99)}"
        self.names_taken.add(name)
        return name

    def business_number(self, rng: random.Random, country: str) -> str:
        while True:
            number = abn_new(rng) if country == "AU" else nzbn_new(rng)
            if number not in self.numbers_taken:
                self.numbers_taken.add(number)
                return number

    def brand_story(
        self, rng: random.Random, brand: str, plan_place: vv.Place, country: str, arch: pv.Archetype
    ) -> tuple[str, str]:
        first, first_zh = rng.choice(vv.FIRST_NAMES)
        surname, surname_zh = rng.choice(vv.SURNAMES)
        year = rng.randint(1952, 2019)
        country_en, country_zh = vv.COUNTRY_NAMES[country]
        state_en, state_zh = state_names(plan_place, country)
        growers = rng.randint(3, 40)
        generations = max(1, (2026 - year) // 25)
        gen_en = {1: "One generation", 2: "Two generations", 3: "Three generations"}.get(
            generations, "Four generations"
        )
        gen_zh = {1: "一代", 2: "两代", 3: "三代"}.get(generations, "四代")
        choice = rng.randrange(3)
        if choice == 0:
            return (
                f"{brand} began in {year}, when the {surname} family started {arch.activity[0]} in "
                f"{plan_place.en}. {gen_en} on, the family still checks every batch itself and ships "
                f"direct to customers in China and across Asia.",
                f"{year}年，{surname_zh}家族在{plan_place.zh}开始{arch.activity[1]}，创立了{brand}。"
                f"如今已传承{gen_zh}，家族依然亲自把关每一批产品，并直接发货给中国及亚洲各地的顾客。",
            )
        if choice == 1:
            return (
                f"Based in {plan_place.town}, {state_en}, {brand} works with {growers} local growers "
                f"and producers. Everything is made in {country_en} to export standards, traceable "
                f"from the {arch.source[0]} to your door.",
                f"{brand}立足{state_zh}{plan_place.zh}，与{growers}家本地种植者和生产商合作。所有产品均在"
                f"{country_zh}按出口标准生产，从{arch.source[1]}到您家门口全程可追溯。",
            )
        return (
            f"{brand} was founded in {year} by {first} {surname}, who wanted to share the best of "
            f"{plan_place.en} with the world. Small batches, honest ingredients, nothing to hide.",
            f"{brand}由{first_zh}·{surname_zh}于{year}年创立，希望把{plan_place.zh}最好的出产分享给世界。"
            f"小批量生产，原料真实，一切透明。",
        )

    def plan_merchants(self) -> None:
        rng = random.Random(f"{SEED}:merchants")
        countries = ["AU"] * scaled("au_merchants", self.scale) + ["NZ"] * scaled(
            "nz_merchants", self.scale
        )
        n = len(countries)
        statuses = [MerchantStatus.ACTIVE.value] * n
        queue = [
            (MerchantStatus.APPLIED.value, 0.012),
            (MerchantStatus.IN_REVIEW.value, 0.008),
            (MerchantStatus.REJECTED.value, 0.005),
        ]
        candidates = list(range(1, n))
        rng.shuffle(candidates)
        for status, share in queue:
            for _ in range(max(1, round(n * share)) if n > 4 else 0):
                if candidates:
                    statuses[candidates.pop()] = status
        for i, country in enumerate(countries):
            if i == 0:
                name, arch_code, place_name = DEMO_MERCHANT
                arch = pv.ARCHETYPE_BY_CODE[arch_code]
                place = next(p for p in vv.AU_PLACES if p.en == place_name)
                self.names_taken.add(name)
            else:
                weights = pv.ARCHETYPE_WEIGHTS[country]
                codes = list(weights)
                arch = pv.ARCHETYPE_BY_CODE[weighted(rng, codes, [weights[c] for c in codes])]
                place = self.place_for(rng, country, arch)
                name = self.trading_name(rng, country, place, arch)
            self.merchants.append(
                self.merchant_plan(rng, i, country, place, arch, name, statuses[i])
            )

    def merchant_plan(
        self,
        rng: random.Random,
        index: int,
        country: str,
        place: vv.Place,
        arch: pv.Archetype,
        name: str,
        status: str,
    ) -> MerchantPlan:
        first, _ = rng.choice(vv.FIRST_NAMES)
        surname, _ = rng.choice(vv.SURNAMES)
        # Most trade under their company's name; some companies are a family's holding company.
        legal = name if rng.random() < 0.8 else f"{surname} {rng.choice(LEGAL_NAME_WORDS)}"
        legal += " Pty Ltd" if country == "AU" else " Limited"
        if status == MerchantStatus.ACTIVE:
            created = self.now - timedelta(days=rng.randint(45, 1400), minutes=rng.randint(0, 1439))
        else:
            created = self.now - timedelta(days=rng.randint(0, 12), minutes=rng.randint(0, 1439))
        if index == 0:
            email = "merchant@tradelane.test"
            owner = self.known_user(email, first, surname)
        else:
            domain = f"{slug(name)}.test"
            email = self.unique_email(slug(first), domain, rng)
            owner = self.user(email, first, surname, created)
        row = Merchant(
            legal_name=legal,
            trading_name=name,
            country=country,
            business_number=self.business_number(rng, country),
            settlement_currency=COUNTRY_CURRENCY[country],
            contact_email=email,
            region=place.state,
            status=status,
            created_at=created,
            updated_at=created,
        )
        plan = MerchantPlan(row=row, country=country, place=place, archetype=arch, owner=owner)
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper())[:4]
        plan.sku_prefix = (initials or "TL").upper()
        brands = [name]
        nature = vv.AU_NATURE_WORDS if country == "AU" else vv.NZ_NATURE_WORDS
        if arch.code == "general":
            for _ in range(rng.randint(1, 3)):
                extra = f"{rng.choice(nature)} {rng.choice(HOUSE_BRAND_WORDS)}"
                if extra not in brands:
                    brands.append(extra)
        elif rng.random() < 0.2:
            brands.append(f"{rng.choice(nature)} by {name}")
        plan.brands = [(b, *self.brand_story(rng, b, place, country, arch)) for b in brands]
        plan.cn_markup = rng.randrange(1500, 3001, 50)
        plan.cn_rounding = rng.choice(("ends_in_8", "charm_99"))
        plan.other_markup = rng.randrange(500, 1201, 50)
        plan.sea_markup = rng.randrange(1000, 2501, 50)
        sea = []
        if rng.random() < 0.25:
            sea.append("SG")
        if rng.random() < 0.12:
            sea.append("MY")
        plan.sea_markets = tuple(sea)
        if status == MerchantStatus.ACTIVE:
            roll = rng.random()
            plan.shops = 2 if roll < 0.1 else 1 if roll < 0.6 else 0
        return plan

    # ------------------------------------------------------------------ products
    def kinds_for(self, plan: MerchantPlan) -> list[tuple[pv.Kind, int]]:
        def allowed(arch: pv.Archetype) -> list[tuple[pv.Kind, int]]:
            found = []
            for code, weight in arch.kinds:
                kind = pv.KIND_BY_CODE[code]
                if matches(kind.where, plan.place, plan.country) and self.options_for(kind, plan):
                    found.append((kind, weight))
            return found

        return allowed(plan.archetype) or allowed(pv.ARCHETYPE_BY_CODE["pantry"])

    @staticmethod
    def options_for(kind: pv.Kind, plan: MerchantPlan) -> list[pv.Option]:
        return [o for o in kind.options if matches(o.where, plan.place, plan.country)]

    def plan_products(self) -> None:
        rng = random.Random(f"{SEED}:products")
        active = [m for m in self.merchants if m.row.status == MerchantStatus.ACTIVE]
        weights = [rng.lognormvariate(0, 0.9) for _ in active]
        if active and active[0] is self.merchants[0]:
            weights[0] = max(
                weights[0], sorted(weights)[int(len(weights) * 0.97)] if len(weights) > 3 else 3.0
            )
        counts = allocate(scaled("products", self.scale), weights)
        for plan, count in zip(active, counts, strict=True):
            plan.product_count = count
        for plan in self.merchants:
            if plan.row.status == MerchantStatus.IN_REVIEW:
                plan.product_count = rng.randint(1, 3)
        for plan in self.merchants:
            kinds = self.kinds_for(plan)
            names: set[str] = set()
            seq = 0
            for _ in range(plan.product_count):
                for attempt in range(24):
                    # A merchant with many products of a narrow kind runs out of combinations:
                    # then it sells product lines ("Premium ...") as real brands do.
                    line = rng.choice(PRODUCT_LINES) if attempt >= 8 else None
                    product = self.product_plan(rng, plan, kinds, seq + 1, line)
                    if product.row.name_en not in names:
                        names.add(product.row.name_en)
                        seq += 1
                        self.products.append(product)
                        break

    def product_plan(
        self,
        rng: random.Random,
        plan: MerchantPlan,
        kinds: list[tuple[pv.Kind, int]],
        seq: int,
        line: tuple[str, str] | None = None,
    ) -> ProductPlan:
        kind = weighted(rng, [k for k, _ in kinds], [w for _, w in kinds])
        options = self.options_for(kind, plan)
        option = weighted(rng, options, [o.weight for o in options])
        option2 = weighted(rng, kind.options2, [o.weight for o in kind.options2])
        spec = rng.choice(option.specs or kind.specs)
        organic = kind.organic and rng.random() < 0.15
        country, place = plan.country, plan.place
        origin_en, origin_zh = vv.COUNTRY_ADJECTIVE[country]
        country_en, country_zh = vv.COUNTRY_NAMES[country]
        state_en, state_zh = state_names(place, country)
        if kind.category == "wine":
            vintage = str(rng.randint(*option.vintages)) if option.vintages else "NV"
        else:
            vintage = ""
        fields = {
            "origin": origin_en, "origin_zh": origin_zh, "place": place.en, "place_zh": place.zh,
            "opt": option.en, "opt_zh": option.zh, "opt2": option2.en, "opt2_zh": option2.zh,
            "spec": spec.en, "spec_zh": spec.zh, "vintage": vintage,
            "organic": "Organic " if organic else "", "organic_zh": "有机" if organic else "",
            "state": state_en, "state_zh": state_zh, "country": country_en, "country_zh": country_zh,
        }  # fmt: skip
        name_en = " ".join(kind.name_en.format(**fields).split())
        name_zh = " ".join(kind.name_zh.format(**fields).split())
        if line is not None:
            name_en, name_zh = f"{line[0]} {name_en}", f"{line[1]}{name_zh}"
        brand, story_en, story_zh = weighted(
            rng, plan.brands, [4.0] + [1.0] * (len(plan.brands) - 1)
        )
        temperature = option.temperature or kind.temperature
        certs = self.certifications(rng, kind, country, organic)
        storage_en, storage_zh = vv.STORAGE[temperature]
        desc_en = [kind.desc_en.format(**fields), storage_en, *kind.extra_en]
        desc_zh = [kind.desc_zh.format(**fields), storage_zh, *kind.extra_zh]
        if certs:
            desc_en.append(f"Certifications: {', '.join(certs)}.")
            desc_zh.append(f"认证：{'、'.join(vv.CERTIFICATIONS_ZH.get(c, c) for c in certs)}。")
        shelf_range = option.shelf or kind.shelf
        shelf = None
        if shelf_range is not None:
            shelf = rng.randint(*shelf_range)
            if shelf >= 180:
                shelf = round(shelf / 30) * 30
        unit = Decimal(rng.randint(*kind.price) * option.pct * option2.pct * spec.pct) / 1_000_000
        if organic:
            unit *= Decimal("1.2")
        if country == "NZ":
            unit = unit * NZD_PER_AUD_PCT / 100
        category = kind.category
        tax_class = catalog_rules.DEFAULT_CN_TAX_CLASS[category]
        if category == "cosmetics" and option.premium and spec.qty:
            # China's line for "high-end": CNY 10 or more per ml (or g) at the import price.
            cny_per_unit = unit / 100 * self.rates[(COUNTRY_CURRENCY[country], "CNY")]
            if cny_per_unit / spec.qty >= 10:
                tax_class = "cosmetics_high_end"
        created = plan.row.created_at + (self.now - plan.row.created_at) * rng.random() * 0.9
        status = "active" if plan.row.status == MerchantStatus.ACTIVE else "draft"
        if status == "active" and rng.random() < 0.01:
            status = "draft"
        row = Product(
            name_en=name_en,
            name_zh_hans=name_zh,
            description_en=" ".join(desc_en),
            description_zh_hans="".join(desc_zh),
            brand=brand,
            brand_story_en=story_en,
            brand_story_zh_hans=story_zh,
            category=category,
            cn_tax_class=tax_class,
            hs_code=catalog_rules.hs_code_clean(option.hs or kind.hs),
            origin_country=country,
            origin_region=place.en if place.en == place.state else f"{place.en}, {place.state}",
            origin_region_zh_hans=place.zh if place.en == place.state else f"{state_zh}{place.zh}",
            temperature_class=temperature,
            shelf_life_days=shelf,
            certifications=certs,
            status=status,
            search_text=product_search_text(name_en, name_zh, brand, category),
            created_at=created,
            updated_at=created + (self.now - created) * rng.random() * 0.5,
        )
        product = ProductPlan(row=row, merchant=plan, kind=kind, option_en=option.en)
        n_variants = min(len(kind.packs), weighted(rng, (1, 2, 3), (45, 35, 20)))
        currency = COUNTRY_CURRENCY[country]
        for pack in kind.packs[:n_variants]:
            discount = PACK_DISCOUNT.get(pack, 10)
            price = tidy_price(rng, unit * pack * (100 - discount) / 100)
            dims = pack_dims(spec.dims, pack)
            product.variants.append(
                Variant(
                    sku=f"{plan.sku_prefix}-{kind.sku}-{seq:04d}-{pack:02d}",
                    name_en=spec.en if pack == 1 else f"{pack} x {spec.en}",
                    name_zh_hans=spec.zh if pack == 1 else f"{spec.zh} × {pack}",
                    gtin=gtin_new(rng, country) if rng.random() < 0.85 else "",
                    price_minor=price,
                    currency=currency,
                    weight_g=spec.grams * pack + (spec.grams * pack // 20 if pack > 1 else 0),
                    length_mm=dims[0],
                    width_mm=dims[1],
                    height_mm=dims[2],
                    is_active=True,
                )
            )
        return product

    @staticmethod
    def certifications(rng: random.Random, kind: pv.Kind, country: str, organic: bool) -> list[str]:
        pool = list(kind.certs)
        if kind.category == "wine":
            pool = list(pv.WINE_CERTS[country])
        if kind.category == "health_supplements" and country == "AU":
            pool.append("TGA listed")
        chosen: list[str] = []
        for cert in pool:
            if country == "NZ" and cert in AU_ONLY_CERTS:
                cert = AU_ONLY_CERTS[cert]
            if country == "AU" and cert in NZ_ONLY_CERTS:
                cert = NZ_ONLY_CERTS[cert]
            if cert and cert not in chosen and (cert == "TGA listed" or rng.random() < 0.6):
                chosen.append(cert)
        if organic:
            chosen.insert(0, rng.choice(vv.ORGANIC_CERT[country]))
        elif kind.category == "wine":
            chosen = [c for c in chosen if "Organic" not in c and c != "BioGro"]
        if rng.random() < 0.3 and vv.MADE_IN_CERT[country] not in chosen:
            chosen.append(vv.MADE_IN_CERT[country])
        return chosen

    # ------------------------------------------------------------------ consumers
    def plan_consumers(self) -> list[tuple[Consumer, Address]]:
        rng = random.Random(f"{SEED}:consumers")
        planned: list[tuple[Consumer, Address]] = []
        provinces = [p for p in CN_PROVINCES if p in vv.CN_GEOGRAPHY]
        weights = [vv.CN_GEOGRAPHY[p][0] for p in provinces]
        demo_cn = self.known_user("demo.cn@tradelane.test", "陈晓雨", "")
        if demo_cn.pk is None or not Consumer.objects.filter(user=demo_cn).exists():
            planned.append(
                self.cn_consumer(
                    rng, demo_cn, "陈晓雨", "浙江", vv.CN_GEOGRAPHY["浙江"][1][0], "13800138000"
                )
            )
        for _ in range(scaled("cn_consumers", self.scale)):
            surname, surname_py = rng.choice(vv.CN_SURNAMES)
            given = [rng.choice(vv.CN_GIVEN) for _ in range(rng.choice((1, 2, 2)))]
            name = surname + "".join(c for c, _ in given)
            local = "".join(p for _, p in given) + "." + surname_py + str(rng.randint(1, 9999))
            email = self.unique_email(local, rng.choice(vv.CN_MAIL_DOMAINS), rng)
            joined = self.now - timedelta(days=rng.randint(0, 900), minutes=rng.randint(0, 1439))
            user = self.user(email, name, "", joined)
            province = weighted(rng, provinces, weights)
            city = rng.choice(vv.CN_GEOGRAPHY[province][1])
            phone = f"1{rng.choice('35789')}{rng.randint(0, 999_999_999):09d}"
            planned.append(self.cn_consumer(rng, user, name, province, city, phone))
        demo_au = self.known_user("demo.au@tradelane.test", "Olivia", "Bennett")
        if demo_au.pk is None or not Consumer.objects.filter(user=demo_au).exists():
            planned.append(
                self.aunz_consumer(
                    rng, demo_au, "Olivia Bennett", "AU", "VIC", ("Melbourne", "3000")
                )
            )
        # South-East Asia pays by card (no wallet holds SGD or MYR): one known shopper to try it.
        demo_sg = self.known_user("demo.sg@tradelane.test", "Wei Ming", "Tan")
        if demo_sg.pk is None or not Consumer.objects.filter(user=demo_sg).exists():
            town, postcode, line1 = SEA_DEMO_ADDRESSES["SG"]
            planned.append(
                self.sea_consumer(
                    demo_sg,
                    "Tan Wei Ming",
                    "SG",
                    ("Singapore", town, postcode, line1, "+65 6123 4567"),
                )
            )
        total = scaled("aunz_consumers", self.scale)
        for i in range(total):
            country = "AU" if i < round(total * 0.76) else "NZ"
            cities = vv.AU_CITIES if country == "AU" else vv.NZ_CITIES
            regions = list(cities)
            region = weighted(rng, regions, [cities[r][0] for r in regions])
            first, _ = rng.choice(vv.FIRST_NAMES)
            surname, _ = rng.choice(vv.SURNAMES)
            domain = rng.choice(
                (
                    "gmail.test",
                    "outlook.test",
                    "icloud.test",
                    "bigpond.test" if country == "AU" else "xtra.test",
                )
            )
            email = self.unique_email(f"{slug(first)}.{slug(surname)}", domain, rng)
            joined = self.now - timedelta(days=rng.randint(0, 900), minutes=rng.randint(0, 1439))
            user = self.user(email, first, surname, joined)
            planned.append(
                self.aunz_consumer(
                    rng, user, f"{first} {surname}", country, region, rng.choice(cities[region][1])
                )
            )
        return planned + self.plan_sea_consumers()

    def plan_sea_consumers(self) -> list[tuple[Consumer, Address]]:
        """Singapore and Malaysia shoppers (they pay by card). Their own random stream, so
        adding them left every earlier row of the demo data as it was."""
        rng = random.Random(f"{SEED}:sea-consumers")
        planned = []
        total = scaled("sea_consumers", self.scale)
        for i in range(total):
            country = "SG" if i < round(total * 0.6) else "MY"
            regions = vv.SEA_CITIES[country]
            region = weighted(rng, list(regions), [w for w, _ in regions.values()])
            city, postcode = rng.choice(regions[region][1])
            street = rng.choice(vv.SEA_STREETS[country])
            line1 = (
                f"Blk {rng.randint(1, 999)} {street} #{rng.randint(2, 25):02d}-{rng.randint(1, 99):02d}"
                if country == "SG"
                else f"{rng.randint(1, 200)} {street}"
            )
            given, family = rng.choice(vv.SEA_NAMES)
            domain = "singnet.test" if country == "SG" else "tm.test"
            email = self.unique_email(f"{slug(given)}.{slug(family)}", domain, rng)
            joined = self.now - timedelta(days=rng.randint(0, 900), minutes=rng.randint(0, 1439))
            user = self.user(email, given, family, joined)
            name = f"{family} {given}" if country == "SG" else f"{given} {family}"
            phone = sea_phone(rng, country)
            planned.append(
                self.sea_consumer(user, name, country, (region, city, postcode, line1, phone))
            )
        return planned

    def cn_consumer(
        self, rng: random.Random, user: Any, name: str, province: str, city: vv.CnCity, phone: str
    ) -> tuple[Consumer, Address]:
        consumer = Consumer(
            user=user,
            display_name=name,
            market_id="CN",
            locale="zh-hans",
            created_at=user.date_joined,
        )
        line1 = (
            f"{rng.choice(vv.CN_STREETS)}{rng.randint(1, 999)}号{rng.choice(vv.CN_ESTATES)}"
            f"{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 32)}{rng.randint(1, 4):02d}室"
        )
        address = Address(
            consumer=consumer,
            recipient=name,
            phone=phone,
            country="CN",
            province=province,
            city=city.name,
            district=rng.choice(city.districts),
            line1=line1,
            postcode=city.postcode,
            is_default=True,
            created_at=user.date_joined,
        )
        return consumer, address

    def aunz_consumer(
        self,
        rng: random.Random,
        user: Any,
        name: str,
        country: str,
        region: str,
        city: tuple[str, str],
    ) -> tuple[Consumer, Address]:
        consumer = Consumer(
            user=user,
            display_name=name,
            market_id=country,
            locale="en",
            created_at=user.date_joined,
        )
        if country == "AU":
            assert region in AU_STATES
            phone = (
                f"04{rng.randint(0, 99):02d} {rng.randint(0, 999):03d} {rng.randint(0, 999):03d}"
            )
        else:
            phone = f"02{rng.choice('127')} {rng.randint(100, 999)} {rng.randint(0, 9999):04d}"
        address = Address(
            consumer=consumer,
            recipient=name,
            phone=phone,
            country=country,
            province=region,
            city=city[0],
            district="",
            line1=street_address(rng),
            postcode=city[1],
            is_default=True,
            created_at=user.date_joined,
        )
        return consumer, address

    def sea_consumer(
        self, user: Any, name: str, country: str, place: tuple[str, str, str, str, str]
    ) -> tuple[Consumer, Address]:
        """`place` is (region, town, postcode, street address, phone)."""
        consumer = Consumer(
            user=user,
            display_name=name,
            market_id=country,
            locale="en",
            created_at=user.date_joined,
        )
        region, city, postcode, line1, phone = place
        address = Address(
            consumer=consumer,
            recipient=name,
            phone=phone,
            country=country,
            province=region,
            city=city,
            district="",
            line1=line1,
            postcode=postcode,
            is_default=True,
            created_at=user.date_joined,
        )
        return consumer, address

    # ------------------------------------------------------------------ writes
    def write_merchants(self, operator: Any) -> None:
        rng = random.Random(f"{SEED}:shops")
        self.bulk(Merchant, [m.row for m in self.merchants], "merchants")
        staff, changes, shops = [], [], []
        reasons = (
            "Could not verify the food export registration.",
            "The products are outside the platform's categories.",
            "The business number belongs to a different business name.",
        )
        for plan in self.merchants:
            m = plan.row
            staff.append(
                MerchantStaff(
                    merchant=m, user=plan.owner, role=StaffRole.OWNER, created_at=m.created_at
                )
            )
            changes.append(
                MerchantStatusChange(
                    merchant=m, from_status="applied", to_status="applied", actor=plan.owner,
                    reason="application received", at=m.created_at,
                )
            )  # fmt: skip
            reviewed = min(self.now, m.created_at + timedelta(days=rng.randint(1, 4)))
            if m.status in (MerchantStatus.IN_REVIEW, MerchantStatus.ACTIVE):
                changes.append(
                    MerchantStatusChange(
                        merchant=m, from_status="applied", to_status="in_review", actor=operator,
                        reason="documents received", at=reviewed,
                    )
                )  # fmt: skip
            if m.status == MerchantStatus.ACTIVE:
                changes.append(
                    MerchantStatusChange(
                        merchant=m, from_status="in_review", to_status="active", actor=operator,
                        reason="business number and export registration checked",
                        at=min(self.now, reviewed + timedelta(days=rng.randint(1, 10))),
                    )
                )  # fmt: skip
            if m.status == MerchantStatus.REJECTED:
                changes.append(
                    MerchantStatusChange(
                        merchant=m, from_status="applied", to_status="rejected", actor=operator,
                        reason=rng.choice(reasons), at=reviewed,
                    )
                )  # fmt: skip
            self.warehouses[m.pk] = Location(
                code=f"M{m.pk}-MAIN",
                name=f"{m.trading_name} warehouse"[:120],
                kind=LocationKind.MERCHANT_WAREHOUSE,
                country=m.country,
                city=plan.place.town,
                merchant=m,
            )
            for i in range(plan.shops):
                shops.append(self.shop(rng, plan, i))
        self.bulk(MerchantStaff, staff, "merchant staff")
        self.bulk(MerchantStatusChange, changes, "merchant status changes")
        self.bulk(Shop, shops, "shops")
        self.bulk(Location, list(self.warehouses.values()), "locations")

    def shop(self, rng: random.Random, plan: MerchantPlan, i: int) -> Shop:
        m = plan.row
        if i == 0:
            city = plan.place.town
        else:
            cities = vv.AU_CITIES if plan.country == "AU" else vv.NZ_CITIES
            region = plan.place.state if plan.place.state in cities else next(iter(cities))
            city = cities[region][1][0][0]
        suffix = {
            "winery": "Cellar Door", "meat": "Farm Gate", "orchard": "Farm Gate", "dairy": "Farm Shop",
            "apiary": "Honey Shop", "seafood": "Fish Market",
        }.get(plan.archetype.code, "Store")  # fmt: skip
        name = f"{m.trading_name} {suffix}" if i == 0 else f"{m.trading_name} {city}"
        return Shop(
            merchant=m,
            name=name[:120],
            address=street_address(rng),
            city=city,
            country=plan.country,
            currency=COUNTRY_CURRENCY[plan.country],
            is_active=True,
            created_at=m.created_at + timedelta(days=rng.randint(0, 30)),
        )

    def write_catalog(self) -> None:
        for p in self.products:
            p.row.merchant = p.merchant.row
        self.bulk(Product, [p.row for p in self.products], "products")
        variants = []
        for p in self.products:
            for v in p.variants:
                v.product = p.row
                v.merchant = p.merchant.row
                variants.append(v)
        self.bulk(Variant, variants, "variants")
        listings: list[Listing] = []
        # The posts to Singapore and Malaysia carry no frozen parcels (the markets' rate tables
        # have no frozen rate): merchants list there only what can reach the buyer.
        carried = {sea: set(shipping_rates_for(sea)) for sea in ("SG", "MY")}
        for p in self.products:
            if p.row.status != "active":
                continue
            plan = p.merchant
            home = plan.country
            other = "NZ" if home == "AU" else "AU"
            markets = [
                ("CN", "CNY", plan.cn_markup, plan.cn_rounding),
                (home, COUNTRY_CURRENCY[home], 0, "exact"),
                (other, COUNTRY_CURRENCY[other], plan.other_markup, "charm_99"),
            ]
            for sea in plan.sea_markets:
                if p.row.temperature_class not in carried[sea]:
                    continue
                markets.append((sea, "SGD" if sea == "SG" else "MYR", plan.sea_markup, "charm_99"))
            for v in p.variants:
                merchant_price = Money.from_minor(v.price_minor, v.currency)
                for market, currency, markup, rounding in markets:
                    rate = self.rates[(v.currency, currency)]
                    price = catalog_rules.derived_price(
                        merchant_price, rate, markup, currency, rounding
                    )
                    listings.append(
                        Listing(
                            variant_id=v.pk,
                            product_id=p.row.pk,
                            merchant_id=plan.row.pk,
                            market_id=market,
                            pricing_mode="derived",
                            markup_bps=markup,
                            rounding=rounding,
                            price_minor=price.minor,
                            currency=currency,
                            fx_rate=rate,
                            priced_at=self.now,
                            status="active",
                        )
                    )
        self.bulk(Listing, listings, "listings")
        search_index_rebuild()  # the storefront reads the index, not the listings

    def write_images(self) -> None:
        """A picture per product: each design drawn and stored once (kept across reseeds of
        the same media folder), made into the page and card sizes by the upload pipeline."""
        storage = ProductImage._meta.get_field("image").storage
        stored: dict[pictures.Design, tuple[str, str]] = {}
        rows = []
        for p in self.products:
            design = pictures.design_for(p.kind.category, p.kind.name_en, p.option_en, p.kind.code)
            if design not in stored:
                stored[design] = self.picture_files(storage, design)
            full, thumb = stored[design]
            rows.append(
                ProductImage(
                    merchant_id=p.merchant.row.pk,
                    product_id=p.row.pk,
                    image=full,
                    thumbnail=thumb,
                    width=pictures.SIDE,
                    height=pictures.SIDE,
                    created_at=p.row.created_at,
                )
            )
        self.bulk(ProductImage, rows, "product images")
        self.count("picture designs", len(stored))

    @staticmethod
    def picture_files(storage: Any, design: pictures.Design) -> tuple[str, str]:
        full_name = f"products/demo/{design.key}.jpg"
        thumb_name = f"products/demo/{design.key}-thumb.jpg"
        if not (storage.exists(full_name) and storage.exists(thumb_name)):
            full, thumb = renditions(pictures.draw(design))
            for name, data in ((full_name, full), (thumb_name, thumb)):
                if storage.exists(name):
                    storage.delete(name)
                storage.save(name, ContentFile(data))
        return full_name, thumb_name

    def write_stock(self) -> None:
        rng = random.Random(f"{SEED}:stock")
        bonded = []
        for code, name, city in vv.BONDED_WAREHOUSES:
            location = Location.objects.filter(code=code).first()
            if location is None:
                location = Location.objects.create(
                    code=code,
                    name=name,
                    kind=LocationKind.BONDED_WAREHOUSE,
                    country="CN",
                    city=city,
                    merchant=None,
                    serves_market_id="CN",
                )
                self.count("locations", 1)
            bonded.append(location)
        items = []
        for p in self.products:
            warehouse = self.warehouses[p.merchant.row.pk]
            fresh = p.row.temperature_class != "ambient"
            # Fresh goods reach China only through bonded import (cold rooms in the zone), so
            # many more of them are stocked there ahead of demand.
            in_bond = p.row.status == "active" and (
                rng.random() < 0.40 if fresh else p.kind.popular_cn and rng.random() < 0.10
            )
            places = rng.sample(bonded, rng.randint(1, 2)) if in_bond else []
            for v in p.variants:
                on_hand = rng.randint(20, 120) if fresh else rng.randint(20, 500)
                items.append(
                    StockItem(
                        variant_id=v.pk, location=warehouse, merchant_id=p.merchant.row.pk,
                        on_hand=on_hand, reserved=0, updated_at=self.now,
                    )
                )  # fmt: skip
                for location in places:
                    items.append(
                        StockItem(
                            variant_id=v.pk, location=location, merchant_id=p.merchant.row.pk,
                            on_hand=rng.randint(100, 2000), reserved=0, updated_at=self.now,
                        )
                    )  # fmt: skip
        self.bulk(StockItem, items, "stock items")

    def write_consumers(self, planned: list[tuple[Consumer, Address]]) -> None:
        for consumer, _ in planned:
            consumer.user_id = consumer.user.pk
        self.bulk(Consumer, [c for c, _ in planned], "consumers")
        for consumer, address in planned:
            address.consumer = consumer
        self.bulk(Address, [a for _, a in planned], "addresses")
        self.write_identities(planned)

    def write_identities(self, planned: list[tuple[Consumer, Address]]) -> None:
        rng = random.Random(f"{SEED}:identities")
        rows = []
        for consumer, address in planned:
            if consumer.market_id != "CN":
                continue
            number = identity_number(rng, address.province)
            rows.append(
                BuyerIdentity(
                    consumer=consumer,
                    name_encrypted=encrypt(consumer.display_name),
                    number_encrypted=encrypt(number),
                    number_index=blind_index(number),
                    name_masked=mask_name(consumer.display_name),
                    number_masked=mask_id_number(number),
                    created_at=consumer.created_at,
                    updated_at=consumer.created_at,
                )
            )
        self.bulk(BuyerIdentity, rows, "buyer identities")

    def write_permits(self) -> None:
        """Every demo merchant selling goods that need an export permit holds one."""
        needed = {
            (p.merchant.row.pk, p.row.category)
            for p in self.products
            if p.merchant.row.country in ("AU", "NZ")
            and needs_export_permit(p.row.category, p.row.hs_code, self.now.date())
        }
        authority = {"AU": "DAFF (Micor)", "NZ": "MPI"}
        countries = {m.row.pk: m.row.country for m in self.merchants}
        rows = [
            ExportPermit(
                merchant_id=merchant_id,
                category=category,
                authority=authority[countries[merchant_id]],
                number=f"{countries[merchant_id]}-EXP-{merchant_id:05d}-{category[:4].upper()}",
                valid_until=self.now.date() + timedelta(days=365),
                created_at=self.now,
            )
            for merchant_id, category in sorted(needed)
        ]
        self.bulk(ExportPermit, rows, "export permits")


def state_names(place: vv.Place, country: str) -> tuple[str, str]:
    if country == "AU":
        return vv.AU_STATE_NAMES[place.state]
    return place.state, vv.NZ_REGION_NAMES[place.state]
