"""The shopper asks to send a delivered order back (orders a national post delivered at home);
the answer comes back on the order page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tradelane.core.errors import ApplicationError
from tradelane.fulfilment.services.returns import return_request
from tradelane.markets.models import Market
from tradelane.web.refusals import refusal_of
from tradelane.web.views.shop_common import consumer_of, consumer_page


@require_POST
@consumer_page
def order_return(request: HttpRequest, market: Market, number: str) -> HttpResponse:
    try:
        return_request(
            consumer=consumer_of(request),
            order_number=number,
            reason=request.POST.get("reason", ""),
        )
    except ApplicationError as refusal:
        messages.error(request, refusal_of(refusal).message)
    else:
        messages.success(
            request, _("Return requested. The merchant will answer with a returns label.")
        )
    return redirect("shop-order", market=market.code.lower(), number=number)
