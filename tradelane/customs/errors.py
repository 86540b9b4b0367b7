"""Customs refusals: a stable code, and a message in the buyer's language (English and
Simplified Chinese both travel in `extra.messages`, so a page can show either)."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from tradelane.core.errors import RuleViolation
from tradelane.customs.rules import ImportRefused

MESSAGES: dict[str, tuple[str, str]] = {
    "cbec_order_limit_exceeded": (
        "This order is over the CNY 5,000 cross-border limit per order. Split it into smaller orders.",
        "该订单超过跨境电商单次交易限值人民币5,000元，请拆分为多个订单。",
    ),
    "cbec_annual_limit_exceeded": (
        "This order would take the buyer over the CNY 26,000 annual cross-border limit.",
        "该订单将使购买人超过跨境电商年度交易限值人民币26,000元。",
    ),
    "identity_required": (
        "Orders to mainland China need the buyer's real name and resident identity number.",
        "向中国大陆下单需要提供购买人的真实姓名和居民身份证号码。",
    ),
    "identity_not_payer": (
        "The payer must be the buyer named on the order; the identity on file changed after checkout.",
        "支付人必须与订购人一致；下单后身份信息已变更，请重新下单。",
    ),
    "not_on_positive_list": (
        "This product is not on China's cross-border e-commerce positive list and cannot be sold to China.",
        "该商品不在跨境电商零售进口商品清单内，无法销往中国。",
    ),
    "bonded_import_only": (
        "This product may enter China only from a bonded warehouse, and none is in stock there.",
        "该商品仅限保税进口，保税仓暂无库存。",
    ),
    "fresh_goods_direct_mail": (
        "Fresh meat, dairy, fruit and vegetables cannot be sent to China by post or express; "
        "this product is not in stock in a bonded warehouse.",
        "生鲜肉类、乳制品、新鲜水果和蔬菜不能以邮件或快件方式寄往中国，该商品保税仓暂无库存。",
    ),
    "export_permit_missing": (
        "The seller has no valid export permit for this kind of product, so it cannot be exported.",
        "卖家没有该类商品的有效出口许可，暂无法出口。",
    ),
}

DEFAULT = ("This order cannot be imported.", "该订单无法进口。")


def bilingual(code: str) -> dict[str, str]:
    en, zh = MESSAGES.get(code, DEFAULT)
    return {"en": en, "zh-hans": zh}


def customs_refusal(code: str, *, language: str | None = None, **details: Any) -> RuleViolation:
    messages = bilingual(code)
    lang = (language or translation.get_language() or "en").lower()
    message = messages["zh-hans"] if lang.startswith("zh") else messages["en"]
    extra: dict[str, Any] = {k: str(v) for k, v in details.items()}
    extra["messages"] = messages
    return RuleViolation(message, code=code, extra=extra)


def refusal_error(refusal: ImportRefused, language: str | None = None) -> RuleViolation:
    return customs_refusal(refusal.code, language=language, **refusal.details)
