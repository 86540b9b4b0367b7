"""The background jobs' steps for operators: when each last ran, succeeded and failed, and its
last error (kept out of the public health JSON, since an error's text may carry row values)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tradelane.core.admin import ReadOnlyModelAdmin
from tradelane.ops.models import JobStep


class FailingFilter(admin.SimpleListFilter):
    title = "failing now"
    parameter_name = "failing"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Failing"), ("no", "Not failing")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[JobStep]) -> QuerySet[JobStep]:
        if self.value() == "yes":
            return queryset.filter(failures_in_a_row__gt=0)
        if self.value() == "no":
            return queryset.filter(failures_in_a_row=0)
        return queryset


@admin.register(JobStep)
class JobStepAdmin(ReadOnlyModelAdmin):
    list_display = (
        "name",
        "failures_in_a_row",
        "last_run_at",
        "last_ok_at",
        "last_failed_at",
        "last_error",
    )
    list_filter = (FailingFilter,)
    search_fields = ("name",)
    fields = list_display
