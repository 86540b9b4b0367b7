"""Province names of mainland China in the page's language. Addresses store the province as the
shopper wrote it, in Chinese (see `accounts.rules.CN_PROVINCES`); an English page shows the
official romanised English name instead."""

from __future__ import annotations

from tradelane.accounts.rules import cn_province_short

# GB/T 2260 provincial-level divisions and their usual English names
ENGLISH = {
    "北京": "Beijing", "天津": "Tianjin", "河北": "Hebei", "山西": "Shanxi",
    "内蒙古": "Inner Mongolia", "辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang",
    "上海": "Shanghai", "江苏": "Jiangsu", "浙江": "Zhejiang", "安徽": "Anhui", "福建": "Fujian",
    "江西": "Jiangxi", "山东": "Shandong", "河南": "Henan", "湖北": "Hubei", "湖南": "Hunan",
    "广东": "Guangdong", "广西": "Guangxi", "海南": "Hainan", "重庆": "Chongqing",
    "四川": "Sichuan", "贵州": "Guizhou", "云南": "Yunnan", "西藏": "Tibet", "陕西": "Shaanxi",
    "甘肃": "Gansu", "青海": "Qinghai", "宁夏": "Ningxia", "新疆": "Xinjiang",
}  # fmt: skip


def province_name(name: str, language: str) -> str:
    """浙江省 on an English page -> Zhejiang; on a Chinese page it stays as written. Anything
    that is not a Chinese province (an Australian state code, say) is returned unchanged."""
    if not name or language.lower().startswith("zh"):
        return name
    return ENGLISH.get(cn_province_short(name.strip()), name)
