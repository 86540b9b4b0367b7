"""Merchant portal: the bank account payouts go to. The merchant sets or changes it (which
starts the penny test: the bank sends two small deposits), types the two amounts back, and
sees the account masked, its state and the accounts it had before. Until it is verified,
settlement holds the merchant's payouts."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tradelane.core.errors import ApplicationError
from tradelane.core.money import Money
from tradelane.merchants.bank_accounts import (
    BankAccountInput,
    bank_account_confirm,
    bank_account_current,
    bank_account_history,
    bank_account_set,
)
from tradelane.merchants.models import BankAccountStatus, Merchant
from tradelane.merchants.rules import ACCOUNT_NAME_MAX
from tradelane.payments.services.payout_accounts import bank_account_verification_start
from tradelane.web.refusals import Refusal, refusal_of
from tradelane.web.views.merchant import REFUSED, merchant_page, refuse

# The model's labels are English only; the page says them in its own language.
STATUS_LABELS = {
    BankAccountStatus.UNVERIFIED: gettext_lazy("Not verified"),
    BankAccountStatus.PENDING: gettext_lazy("Micro-deposits sent: enter the two amounts"),
    BankAccountStatus.VERIFIED: gettext_lazy("Verified"),
}
MICRO_DEPOSIT_MIN, MICRO_DEPOSIT_MAX = Decimal("0.01"), Decimal("0.99")


class BankAccountForm(forms.Form):
    """AU: BSB, account number and name. NZ: the one account number (bank, branch, account,
    suffix) and name. The services check the formats; the form only carries the text."""

    bsb = forms.CharField(
        label=gettext_lazy("BSB"),
        max_length=9,
        help_text=gettext_lazy("6 digits, for example 062-000"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    account_number = forms.CharField(
        label=gettext_lazy("Account number"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    account_name = forms.CharField(
        label=gettext_lazy("Account name"),
        max_length=64,  # longer names reach the service, which says why they are refused
        help_text=gettext_lazy("As the bank knows it, at most %(max)s characters")
        % {"max": ACCOUNT_NAME_MAX},
    )

    def __init__(self, *args: object, country: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if country == "NZ":
            del self.fields["bsb"]
            self.fields["account_number"].help_text = gettext_lazy(
                "Bank, branch, account and suffix, for example 01-0902-0068389-00"
            )
        else:
            self.fields["account_number"].help_text = gettext_lazy("1 to 9 digits")

    def as_input(self) -> BankAccountInput:
        data = self.cleaned_data
        return BankAccountInput(
            bsb=data.get("bsb", ""),
            account_number=data["account_number"],
            account_name=data["account_name"],
        )


class MicroDepositForm(forms.Form):
    first_amount = forms.DecimalField(
        label=gettext_lazy("First amount"),
        min_value=MICRO_DEPOSIT_MIN,
        max_value=MICRO_DEPOSIT_MAX,
        decimal_places=2,
        max_digits=3,
        help_text=gettext_lazy("For example 0.32"),
    )
    second_amount = forms.DecimalField(
        label=gettext_lazy("Second amount"),
        min_value=MICRO_DEPOSIT_MIN,
        max_value=MICRO_DEPOSIT_MAX,
        decimal_places=2,
        max_digits=3,
    )

    def amounts_minor(self, currency: str) -> tuple[int, int]:
        data = self.cleaned_data
        return (
            Money.of(data["first_amount"], currency).minor,
            Money.of(data["second_amount"], currency).minor,
        )


def _page(
    request: HttpRequest,
    merchant: Merchant,
    *,
    account_form: BankAccountForm | None = None,
    deposit_form: MicroDepositForm | None = None,
    refusal: Refusal | None = None,
    status: int = 200,
) -> HttpResponse:
    current = bank_account_current(merchant.pk)
    context = {
        "merchant": merchant,
        "account": current,
        "status_label": STATUS_LABELS[BankAccountStatus(current.status)] if current else "",
        "history": [a for a in bank_account_history(merchant.pk) if a.replaced_at is not None],
        "account_form": account_form or BankAccountForm(country=merchant.country),
        "deposit_form": deposit_form or MicroDepositForm(),
        "refusal": refusal,
        "nav": "payouts",
    }
    return render(request, "web/merchant/bank_account.html", context, status=status)


def _send_micro_deposits(request: HttpRequest, merchant: Merchant) -> None:
    """The penny test. A refusal (a closed account) is said on the page; the account stays,
    unverified, and the merchant may correct it or ask again."""
    try:
        bank_account_verification_start(merchant=merchant)
    except ApplicationError as exc:
        messages.error(request, refusal_of(exc).message)
    else:
        messages.success(
            request,
            _(
                "We sent two small deposits to this account. When they reach your statement "
                "(usually within a business day), enter the two amounts below."
            ),
        )


@require_http_methods(["GET", "POST"])
@merchant_page
def bank_account(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    if request.method != "POST":
        return _page(request, merchant)
    form = BankAccountForm(request.POST, country=merchant.country)
    if not form.is_valid():
        return _page(request, merchant, account_form=form, status=REFUSED)
    try:
        account = bank_account_set(merchant=merchant, data=form.as_input(), actor=request.user)
    except ApplicationError as exc:
        refusal = refuse(form, exc)
        return _page(request, merchant, account_form=form, refusal=refusal, status=REFUSED)
    if account.status == BankAccountStatus.UNVERIFIED:
        _send_micro_deposits(request, merchant)
    else:  # the same details again: nothing changed, nothing re-sent
        messages.info(request, _("These are already your account's details: nothing changed."))
    return redirect("merchant-bank-account")


@require_POST
@merchant_page
def bank_account_confirm_page(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    form = MicroDepositForm(request.POST)
    if not form.is_valid():
        return _page(request, merchant, deposit_form=form, status=REFUSED)
    try:
        bank_account_confirm(
            merchant=merchant, amounts=form.amounts_minor(merchant.settlement_currency)
        )
    except ApplicationError as exc:
        refusal = refusal_of(exc)
        form.add_error("first_amount", refusal.message)
        form.add_error("second_amount", _("Check this amount too."))
        return _page(request, merchant, deposit_form=form, refusal=refusal, status=REFUSED)
    messages.success(request, _("Your bank account is verified: payouts will go to it."))
    return redirect("merchant-bank-account")


@require_POST
@merchant_page
def bank_account_resend(request: HttpRequest, merchant: Merchant) -> HttpResponse:
    """New micro-deposits (new amounts, attempts counted afresh): after too many wrong amounts,
    or when the first ones never arrived."""
    _send_micro_deposits(request, merchant)
    return redirect("merchant-bank-account")
