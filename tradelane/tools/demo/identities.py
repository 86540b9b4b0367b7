"""Demo buyer identities: valid mainland identity numbers registered in the buyer's province,
and the export permits demo merchants hold for the categories that need them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

PROVINCE_CODES = {
    "北京": "11", "天津": "12", "河北": "13", "山西": "14", "内蒙古": "15", "辽宁": "21",
    "吉林": "22", "黑龙江": "23", "上海": "31", "江苏": "32", "浙江": "33", "安徽": "34",
    "福建": "35", "江西": "36", "山东": "37", "河南": "41", "湖北": "42", "湖南": "43",
    "广东": "44", "广西": "45", "海南": "46", "重庆": "50", "四川": "51", "贵州": "52",
    "云南": "53", "西藏": "54", "陕西": "61", "甘肃": "62", "青海": "63", "宁夏": "64",
    "新疆": "65",
}  # fmt: skip


def identity_number(rng: random.Random, province: str) -> str:
    """A number that passes python-stdnum: a real county code, a birth date, a check digit.
    The sequence never ends in 999, which the simulated single window treats as unverifiable."""
    born = date(1965, 1, 1) + timedelta(days=rng.randint(0, 365 * 40))
    for county in (f"{PROVINCE_CODES.get(province, '11')}0102", "110105"):
        first17 = f"{county}{born:%Y%m%d}{rng.randint(0, 998):03d}"
        number = first17 + ric.calc_check_digit(first17 + "0")  # stdnum skips the last digit
        try:
            return str(ric.validate(number))
        except ValidationError:
            continue
    raise AssertionError("110105 is always a valid county")  # pragma: no cover
