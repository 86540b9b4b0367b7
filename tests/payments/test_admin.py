import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.payments.test_refunds import paid
from tradelane.payments.services.settlement import settlement_run

pytestmark = pytest.mark.django_db
PAGES = [
    "ledgeraccount",
    "journal",
    "transfer",
    "wallet",
    "topup",
    "payment",
    "refund",
    "instorepayment",
    "payout",
]


def test_operator_screens_for_money_render_and_are_read_only() -> None:
    paid()
    settlement_run()
    get_user_model().objects.create_superuser("root@t.test", "root@t.test", "pw-long-enough")
    client = Client(HTTP_HOST="127.0.0.1")
    client.login(username="root@t.test", password="pw-long-enough")
    for page in PAGES:
        assert client.get(f"/admin/payments/{page}/").status_code == 200, page
        assert client.get(f"/admin/payments/{page}/add/").status_code == 403, page


def test_the_admin_will_not_cancel_a_paid_order() -> None:
    _buyer, _checkout, order, _honey = paid()
    get_user_model().objects.create_superuser("root@t.test", "root@t.test", "pw-long-enough")
    client = Client(HTTP_HOST="127.0.0.1")
    client.login(username="root@t.test", password="pw-long-enough")
    response = client.post(
        "/admin/orders/order/", {"action": "cancel", "_selected_action": [order.pk]}, follow=True
    )
    assert "refund a paid order instead" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "paid"
