import pytest

from tests.factories import valid_abn, valid_nzbn
from tradelane.merchants.rules import BusinessNumberInvalid, business_number_clean, can_transition


def test_valid_abn_is_compacted() -> None:
    assert business_number_clean("AU", "51 824 753 556") == "51824753556"


def test_abn_with_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(BusinessNumberInvalid):
        business_number_clean("AU", "51 824 753 557")


def test_nzbn_is_a_gs1_number_under_prefix_94() -> None:
    number = valid_nzbn(12345)
    assert business_number_clean("NZ", number) == number
    with pytest.raises(BusinessNumberInvalid):
        business_number_clean("NZ", number[:-1] + str((int(number[-1]) + 1) % 10))
    with pytest.raises(BusinessNumberInvalid):
        business_number_clean("NZ", "9300633603222")  # valid EAN, not an NZBN


def test_generated_abns_are_valid() -> None:
    for n in range(50):
        business_number_clean("AU", valid_abn(n))


def test_onboarding_transitions() -> None:
    assert can_transition("applied", "active")
    assert can_transition("active", "suspended")
    assert can_transition("suspended", "active")
    assert not can_transition("rejected", "active")
    assert not can_transition("applied", "suspended")


@pytest.mark.parametrize(
    "province", ["浙江", "浙江省", "上海市", "广西壮族自治区", "新疆维吾尔自治区", "内蒙古自治区"]
)
def test_chinese_provinces_in_short_or_full_form(province: str) -> None:
    from tradelane.accounts.rules import address_problems

    assert address_problems(country="CN", province=province, city="城", phone="13800138000") == {}
