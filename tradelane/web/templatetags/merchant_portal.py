"""Merchant portal helpers: stored codes and Chinese province names in the page's language."""

from __future__ import annotations

from django import template
from django.utils import translation

from tradelane.web.provinces import province_name
from tradelane.web.views.merchant_labels import label as code_label

register = template.Library()


@register.filter
def label(code: str, kind: str) -> str:
    """`{{ order.status|label:"order" }}` -> 已付款 on a Chinese page, Paid on an English one."""
    return code_label(kind, str(code))


@register.filter
def province(name: str) -> str:
    """`{{ address.province|province }}` -> Zhejiang on an English page, 浙江 on a Chinese one."""
    return province_name(str(name or ""), translation.get_language() or "en")
