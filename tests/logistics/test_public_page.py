"""The public provenance page and API are addressed by an unguessable token, not by the waybill
(which carries the order id), and say nothing of why customs refused a parcel or a claim was
refunded: only a neutral status."""

import itertools
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from tests import factories
from tests.api.client import Api, assert_error
from tests.customs.test_declarations import paid_order
from tradelane.clearance.services.declarations import declarations_run
from tradelane.core import clock
from tradelane.core.clock import ManualClock, use_clock
from tradelane.customs.models import DeclarationStatus
from tradelane.customs.services.identity import identity_register
from tradelane.fulfilment.labels import provenance_url
from tradelane.fulfilment.services.carrier_sync import CUSTOMS_EVENTS, carriers_sync
from tradelane.fulfilment.services.shipments import shipments_open
from tradelane.fulfilment.services.tracking import chain_verification, event_record
from tradelane.logistics.models import Shipment, TrackingEvent
from tradelane.logistics.rules import GENESIS, chain_hash

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def network(monkeypatch):
    monkeypatch.setenv("SIMULATED_CUSTOMS_INSPECTION_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CARRIER_MISSED_PERMILLE", "0")
    monkeypatch.setenv("SIMULATED_CARRIER_REFUSAL_PERMILLE", "0")
    call_command("load_network", verbosity=0)


def _page(path: str):
    return Client(HTTP_HOST="127.0.0.1").get(path)


def _shipment() -> Shipment:
    order = paid_order()
    shipments_open()
    return Shipment.objects.get(order=order)


def test_the_token_opens_the_page_and_the_api_and_the_waybill_does_not() -> None:
    shipment = _shipment()
    token = shipment.public_token
    assert len(token) >= 22
    page = _page(f"/p/{token}")
    assert page.status_code == 200
    assert "记录链完整" in page.content.decode()
    status, body = Api().get(f"/provenance/{token}")
    assert status == 200, body
    assert body["chain_valid"] is True
    # The old, guessable address (LT + order id + check digit + country) is gone.
    assert _page(f"/p/{shipment.waybill}").status_code == 404
    assert_error(*Api().get(f"/provenance/{shipment.waybill}"), 404, "shipment_not_found")


def test_tokens_are_random_not_sequential() -> None:
    shipments = [_shipment() for _ in range(3)]
    tokens = [s.public_token for s in shipments]
    assert len(set(tokens)) == 3
    for s in shipments:
        assert len(s.public_token) >= 22  # 128 random bits, URL-safe
        assert s.waybill not in s.public_token
    for a, b in itertools.pairwise(tokens):  # consecutive parcels share no telling prefix
        shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), len(a))
        assert shared < 6, (a, b)


def test_the_label_and_the_order_page_print_the_token_address() -> None:
    shipment = _shipment()
    assert provenance_url(shipment.public_token).endswith(f"/p/{shipment.public_token}")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(shipment.order.consumer.user)
    html = client.get(f"/cn/orders/{shipment.order.number}/").content.decode()
    assert f"/p/{shipment.public_token}" in html
    assert f"/p/{shipment.waybill}" not in html


def test_a_refused_parcel_shows_no_reason_in_public() -> None:
    buyer = factories.consumer("CN", identity=False)
    identity_register(consumer=buyer, real_name="王芳", id_number=factories.identity_number(3, 999))
    order = paid_order(buyer)
    shipments_open()
    shipment = Shipment.objects.get(order=order)
    declarations_run()
    with use_clock(ManualClock(clock.now() + timedelta(hours=1))):
        assert declarations_run()["declarations_rejected"] == 1
    with use_clock(ManualClock(clock.now() + timedelta(hours=24 * 12))):
        carriers_sync()
    order.refresh_from_db()
    assert order.status == "refunded"
    reason = order.declaration.reason_code
    assert reason
    recorded = TrackingEvent.objects.get(shipment=shipment, kind="customs")
    assert reason in recorded.description  # the chain keeps it, for the buyer and operators

    page = _page(f"/p/{shipment.public_token}").content.decode()
    status, body = Api().get(f"/provenance/{shipment.public_token}")
    assert status == 200
    public = page + str(body)
    assert reason not in public
    assert "refused" not in public.lower()
    assert "refund" not in public.lower()
    assert "海关未放行" in page
    assert body["chain_valid"] is True
    # The buyer's own tracking still says why.
    own = Api(factories.token(buyer)).get(f"/orders/{order.number}/tracking")[1]
    assert any(reason in e["description"] for e in own["events"])


def _migrate(target: str | None) -> None:
    """Move the logistics schema to a migration (None: the latest)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    if target is None:
        leaves = [n for n in executor.loader.graph.leaf_nodes() if n[0] == "logistics"]
        executor.migrate(leaves)
    else:
        executor.migrate([("logistics", target)])


@pytest.fixture
def latest_schema_after():
    """Migration tests leave the schema as the other tests expect it."""
    yield
    _migrate(None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_the_migration_gives_existing_shipments_a_token() -> None:
    shipments = [_shipment(), _shipment()]
    _migrate("0005_shipment_synced_at")  # before the token existed
    _migrate("0007_shipment_public_token_unique")
    # Only the columns 0007 knows: later migrations add more to the model.
    tokens = {
        s.pk: Shipment.objects.values_list("public_token", flat=True).get(pk=s.pk)
        for s in shipments
    }
    assert all(len(t) >= 22 for t in tokens.values())
    assert len(set(tokens.values())) == 2
    assert all(tokens[s.pk] != s.public_token for s in shipments)  # new ones, backfilled


# ---------------------------------------------------------------- the hashes in public
# Every reason the customs single window gives (customs/partners/single_window/client.py).
KNOWN_REASONS = ["documents_mismatch", "identity_unverified", "cbec_limit", "inspection_failed"]


def _refused_parcel() -> Shipment:
    buyer = factories.consumer("CN", identity=False)
    identity_register(consumer=buyer, real_name="王芳", id_number=factories.identity_number(3, 999))
    order = paid_order(buyer)
    shipments_open()
    declarations_run()
    with use_clock(ManualClock(clock.now() + timedelta(hours=1))):
        assert declarations_run()["declarations_rejected"] == 1
    with use_clock(ManualClock(clock.now() + timedelta(hours=24 * 12))):
        carriers_sync()
    return Shipment.objects.get(order=order)


def _public(shipment: Shipment) -> tuple[str, dict]:
    """Everything anyone holding the label reads: the page and the API's JSON."""
    page = _page(f"/p/{shipment.public_token}").content.decode()
    status, body = Api().get(f"/provenance/{shipment.public_token}")
    assert status == 200, body
    return page + json.dumps(body), body


def _guessable(event: TrackingEvent) -> dict[str, str]:
    """An event's hashed content as an outsider can know or guess it: the waybill and mode are
    on the page, the times in the JSON, ids are small counters or carrier scan ids."""
    return {
        "waybill": event.shipment_id,
        "source": event.source,
        "source_event_id": event.source_event_id,
        "kind": event.kind,
        "status": event.status,
        "location": event.location,
        "description": event.description,
        "occurred_at": event.occurred_at.isoformat(),
    }


def _brute_force_reason(shipment: Shipment) -> str | None:
    """The offline attack: hash each known refusal reason into the customs event (given, to be
    generous, every other field of it and the true previous link) and look for the result, or
    for a later link built on it, among the published hashes."""
    public, _ = _public(shipment)
    customs = TrackingEvent.objects.get(shipment=shipment, kind="customs")
    later = list(shipment.events.filter(pk__gt=customs.pk).order_by("pk"))
    published = [h for h in public.split('"') if len(h) == 64]
    for reason in KNOWN_REASONS:
        fields = _guessable(customs) | {
            "description": CUSTOMS_EVENTS[DeclarationStatus.REJECTED].format(
                mode=shipment.customs_mode, reason=reason
            )
        }
        for previous in {GENESIS, customs.previous_hash, *published}:
            link = chain_hash(previous, fields)
            if link in public:
                return reason
            for event in later:  # the links after it cover its hash
                link = chain_hash(link, _guessable(event))
                if link in public:
                    return reason
    return None


def test_no_published_hash_gives_away_a_refusal_reason() -> None:
    shipment = _refused_parcel()
    reason = shipment.order.declaration.reason_code
    assert reason in KNOWN_REASONS
    assert _brute_force_reason(shipment) is None
    public, body = _public(shipment)
    assert reason not in public
    assert body["chain_valid"] is True
    # Hashes are still published (with a private nonce in each), one per event, all different.
    hashes = [e["hash"] for e in body["events"]]
    assert all(hashes)
    assert len(set(hashes)) == len(hashes)
    for event in shipment.events.all():
        assert len(event.nonce) == 32
        assert event.nonce not in public


def _as_before_nonces(shipment: Shipment) -> None:
    """Rewrite a parcel's chain the way events recorded before nonces hold it: no nonce, each
    hash over the content alone."""
    previous = GENESIS
    for event in shipment.events.order_by("pk"):
        event.nonce = ""
        event.previous_hash = previous
        event.hash = chain_hash(previous, _guessable(event))
        event.save(update_fields=["nonce", "previous_hash", "hash"])
        previous = event.hash
    Shipment.objects.filter(pk=shipment.pk).update(chain_head=previous)


def test_old_events_without_a_nonce_keep_their_hash_but_hide_the_guessable_ones() -> None:
    shipment = _refused_parcel()
    _as_before_nonces(shipment)
    shipment.refresh_from_db()
    chain = list(shipment.events.order_by("pk"))
    customs = next(i for i, e in enumerate(chain) if e.kind == "customs")
    public, body = _public(shipment)
    assert body["chain_valid"] is True  # the old hashes still verify
    shown = {e["hash"] for e in body["events"]}
    # Before the refusal, the links are public content: shown. The refusal and every old link
    # after it (each covers the one before) are withheld, on the page as well.
    assert all(e.hash in shown for e in chain[:customs])
    assert not any(e.hash in public for e in chain[customs:])
    assert "fingerprint not shown" in public
    assert _brute_force_reason(shipment) is None

    # A new event gets a nonce, so its hash is published though it covers the withheld ones.
    event_record(
        waybill=shipment.pk,
        source="platform",
        source_event_id="note:1",
        kind="scan",
        occurred_at=clock.now(),
        description="held at the gateway",
    )
    new = shipment.events.latest("pk")
    assert len(new.nonce) == 32
    public, body = _public(shipment)
    assert new.hash in {e["hash"] for e in body["events"]}
    assert body["chain_valid"] is True
    assert _brute_force_reason(shipment) is None


def test_changing_an_events_nonce_breaks_the_chain_there() -> None:
    shipment = _shipment()
    with use_clock(ManualClock(clock.now() + timedelta(hours=24 * 12))):
        declarations_run()
        carriers_sync()
    events = list(shipment.events.order_by("pk"))
    TrackingEvent.objects.filter(pk=events[1].pk).update(nonce="0" * 32)
    assert chain_verification(shipment) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_the_nonce_migration_leaves_existing_events_verifying() -> None:
    shipment = _shipment()
    _as_before_nonces(shipment)
    _migrate("0007_shipment_public_token_unique")  # before nonces
    _migrate("0008_trackingevent_nonce")
    assert set(shipment.events.values_list("nonce", flat=True)) == {""}
    _migrate(None)  # the later migrations add shipment columns the model reads; events untouched
    shipment.refresh_from_db()
    assert chain_verification(shipment) is None
    _, body = _public(shipment)
    assert [e["hash"] for e in body["events"]] == list(
        shipment.events.values_list("hash", flat=True)
    )  # the packed line is public content: its hash stays shown
