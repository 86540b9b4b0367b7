"""Buyer identities: validated by python-stdnum, encrypted at rest, masked outside customs."""

import pytest

from tests import factories
from tests.api.client import Api, assert_error
from tradelane.core.crypto import decrypt
from tradelane.customs.models import BuyerIdentity
from tradelane.customs.rules import mask_id_number, mask_name
from tradelane.customs.services.identity import IdentityInvalid, identity_register, identity_reveal

pytestmark = pytest.mark.django_db
VALID = "11010519491231002X"  # the Ministry's published sample number


def test_masks_keep_only_what_a_buyer_recognises() -> None:
    assert mask_name("王芳") == "王*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_id_number(VALID) == "110105********002X"


def test_an_identity_is_stored_encrypted_and_revealed_only_on_request() -> None:
    buyer = factories.consumer("CN", identity=False)
    identity = identity_register(consumer=buyer, real_name=" 王 芳 ", id_number=VALID.lower())
    assert (identity.name_masked, identity.number_masked) == ("王*", "110105********002X")
    stored = BuyerIdentity.objects.values().get()
    assert not any(VALID in str(v) or "王芳" in str(v) for v in stored.values())
    assert decrypt(identity.number_encrypted) == VALID
    assert identity_reveal(identity) == ("王芳", VALID)


def test_registering_again_replaces_the_identity() -> None:
    buyer = factories.consumer("CN", identity=False)
    first = identity_register(consumer=buyer, real_name="王芳", id_number=VALID)
    again = identity_register(consumer=buyer, real_name="李娜", id_number=VALID)
    assert first.pk == again.pk
    assert again.name_masked == "李*"
    assert first.number_index == again.number_index  # the quota key stays with the number


@pytest.mark.parametrize(
    ("name", "number", "field"),
    [
        ("王芳", "110105194912310021", "id_number"),  # check digit wrong
        ("王芳", "110105194913310028", "id_number"),  # 13th month
        ("王", VALID, "real_name"),
        ("王芳123", VALID, "real_name"),
    ],
)
def test_invalid_identities_are_refused_and_nothing_is_stored(name, number, field) -> None:
    with pytest.raises(IdentityInvalid) as refused:
        identity_register(
            consumer=factories.consumer("CN", identity=False), real_name=name, id_number=number
        )
    assert field in refused.value.fields
    assert not BuyerIdentity.objects.exists()


def test_the_api_shows_the_identity_masked() -> None:
    api = Api(factories.token(factories.consumer("CN", identity=False)))
    assert_error(*api.get("/me/identity"), 404, "identity_not_found")
    assert_error(
        *api.put("/me/identity", {"real_name": "王芳", "id_number": "110105194912310021"}),
        422,
        "identity_invalid",
    )
    assert not BuyerIdentity.objects.exists()
    status, body = api.put("/me/identity", {"real_name": "王芳", "id_number": VALID})
    assert status == 200
    assert body["id_number"] == "110105********002X"
    assert api.get("/me/identity")[1]["name"] == "王*"
