import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.customs.test_declarations import paid_order
from tradelane.clearance.services.declarations import declarations_run
from tradelane.customs.models import Declaration

pytestmark = pytest.mark.django_db


def operator_client() -> Client:
    user = get_user_model().objects.create_superuser("root@t.test", "root@t.test", "pw-long-1")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def test_operators_hold_and_release_declarations_and_see_quota_use() -> None:
    order = paid_order()
    declarations_run()
    declaration = Declaration.objects.get(order=order)
    client = operator_client()
    page = client.get("/admin/customs/declaration/?status__exact=submitted")
    assert page.status_code == 200
    assert declaration.pk in page.content.decode()
    for action, held in (("hold", True), ("release", False)):
        response = client.post(
            "/admin/customs/declaration/",
            {"action": action, "_selected_action": [declaration.pk]},
            follow=True,
        )
        assert response.status_code == 200
        declaration.refresh_from_db()
        assert declaration.on_hold is held
    identity = order.consumer.identity
    page = client.get(f"/admin/customs/buyeridentity/{identity.pk}/change/")
    body = page.content.decode()
    assert "CN¥" in body
    assert order.number in body
    assert "11010519" not in body.replace(identity.number_masked, "")  # never the clear number


def test_every_customs_screen_renders() -> None:
    client = operator_client()
    for page in ("positivelistentry", "exportpermit", "exportdeclaration", "quotause"):
        assert client.get(f"/admin/customs/{page}/").status_code == 200, page
