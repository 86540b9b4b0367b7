"""Pure checks on consumer input: locales, provinces, phone numbers."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SUPPORTED_LOCALES = ("en", "zh-hans")

# Provincial-level divisions of mainland China (GB/T 2260), in Chinese as addresses are written.
CN_PROVINCES = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆",
    "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆",
)  # fmt: skip

AU_STATES = ("ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC", "WA")


def normalise_email(email: str) -> str:
    """The one form an email is stored and looked up in."""
    return email.strip().lower()


def normalise_locale(locale: str) -> str:
    value = locale.strip().lower().replace("_", "-")
    if value in {"zh", "zh-cn", "zh-hans-cn"}:
        return "zh-hans"
    return value


_CN_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")


def cn_province_short(name: str) -> str:
    """广西壮族自治区 -> 广西, 浙江省 -> 浙江: addresses are written either way."""
    for suffix in _CN_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def address_problems(
    *, country: str, province: str, city: str, phone: str
) -> dict[str, list[str | Promise]]:
    problems: dict[str, list[str | Promise]] = {}
    if country == "CN" and cn_province_short(province.strip()) not in CN_PROVINCES:
        problems["province"] = [_("Choose a province of mainland China, for example 浙江.")]
    if country == "AU" and province.upper() not in AU_STATES:
        problems["province"] = [_("Use an Australian state or territory code, for example VIC.")]
    if not city.strip():
        problems["city"] = [_("City is required.")]
    digits = phone.replace("+", "").replace(" ", "").replace("-", "")
    if not digits.isdigit() or not 6 <= len(digits) <= 15:
        problems["phone"] = [_("Enter a phone number of 6 to 15 digits.")]
    return problems
