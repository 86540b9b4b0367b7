"""The front door and sign-in work in a real browser."""

from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_demo_consumer_signs_in_from_the_front_door(phone: Any) -> None:
    phone.goto("/")
    phone.get_by_role("link", name="登录").click()
    phone.get_by_label("电子邮箱").fill("demo.cn@tradelane.test")
    phone.get_by_label("密码").fill("tradelane-demo")
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url("**/cn/")
