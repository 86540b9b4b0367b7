"""Passwords are stored with production's hashers (the suite's MD5 is for speed only)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import Client, override_settings

from tests import factories
from tradelane import settings as production_settings

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_production_hashers"),
]


@pytest.fixture
def _production_hashers() -> Iterator[None]:
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        yield


def test_a_new_password_is_stored_with_argon2() -> None:
    person = factories.consumer()
    assert person.user.password.startswith("argon2$argon2id$")
    assert person.user.check_password(factories.PASSWORD)
    assert not person.user.check_password("not the password")


def test_a_pbkdf2_password_signs_in_and_is_rehashed_with_argon2() -> None:
    person = factories.consumer()
    User.objects.filter(pk=person.user.pk).update(
        password=make_password(factories.PASSWORD, hasher="pbkdf2_sha256")
    )

    answer = Client().post(
        "/account/login/", {"email": person.user.email, "password": factories.PASSWORD}
    )

    assert answer.status_code == 302
    stored = User.objects.get(pk=person.user.pk).password
    assert stored.startswith("argon2$argon2id$")
