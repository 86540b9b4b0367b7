"""The flash-sale claim is the hot path of a sale's first seconds: a sold-out answer writes
nothing, and a claim is a handful of statements in one short transaction."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.campaigns import helpers
from tradelane.campaigns.errors import SoldOut
from tradelane.campaigns.services import flash_sale_claim

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]


def test_a_claim_costs_a_few_statements_and_sold_out_writes_nothing() -> None:
    m = factories.merchant()
    sale = helpers.flash(helpers.campaign(m), factories.listed(m, fixed="200.00"), units=1, limit=1)
    buyer, late = factories.consumer(identity=False), factories.consumer(identity=False)
    with CaptureQueriesContext(connection) as claiming:
        flash_sale_claim(flash_sale_id=sale.pk, consumer=buyer, quantity=1)
    # read the sale; the buyer's upsert, the claim, the sale's conditional update (+ savepoint)
    assert len(claiming) <= 7
    assert len(_writes(claiming)) == 3
    with CaptureQueriesContext(connection) as refused, pytest.raises(SoldOut):
        flash_sale_claim(flash_sale_id=sale.pk, consumer=late, quantity=1)
    assert len(refused) == 1
    assert _writes(refused) == []
