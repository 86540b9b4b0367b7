"""The storefront's forms: they only parse; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tradelane.accounts.rules import AU_STATES, CN_PROVINCES
from tradelane.core.text import validate_name
from tradelane.orders.rules import MAX_LINE_QUANTITY


class CartLineForm(forms.Form):
    listing = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=MAX_LINE_QUANTITY)


class IdentityForm(forms.Form):
    real_name = forms.CharField(
        label=_("Real name"),
        max_length=30,
        validators=[validate_name],
        help_text=_("Exactly as on your resident identity card."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_number = forms.CharField(
        label=_("Identity card number"),
        min_length=18,
        max_length=18,
        help_text=_("18 characters. China Customs requires it for cross-border orders."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )


def _province_choices(market_code: str) -> list[tuple[str, str]] | None:
    if market_code == "CN":
        return [(p, p) for p in CN_PROVINCES]
    if market_code == "AU":
        return [(s, s) for s in AU_STATES]
    return None


class AddressForm(forms.Form):
    recipient = forms.CharField(label=_("Recipient"), max_length=80, validators=[validate_name])
    phone = forms.CharField(
        label=_("Mobile phone"), max_length=32, widget=forms.TextInput(attrs={"type": "tel"})
    )
    province = forms.CharField(label=_("Province or state"), max_length=40)
    city = forms.CharField(label=_("City"), max_length=40)
    district = forms.CharField(label=_("District"), max_length=40, required=False)
    line1 = forms.CharField(label=_("Street address"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False)

    def __init__(self, *args: Any, market_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _province_choices(market_code)
        if choices is not None:
            self.fields["province"] = forms.ChoiceField(
                label=_("Province or state"), choices=choices
            )


class PlaceForm(forms.Form):
    quote = forms.UUIDField(widget=forms.HiddenInput)
    address = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    request_id = forms.CharField(max_length=64, widget=forms.HiddenInput)


class TopUpForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Top-up amount"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    card = forms.RegexField(
        label=_("Card (test card 4242)"),
        regex=r"^[0-9]{4}$",
        max_length=4,
        help_text=_("The last four digits of a saved card. Test card: 4242."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    request_id = forms.CharField(max_length=64, widget=forms.HiddenInput)
