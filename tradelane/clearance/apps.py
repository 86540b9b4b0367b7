from django.apps import AppConfig


class ClearanceConfig(AppConfig):
    """China customs clearance of paid orders: declarations (order + payment + waybill) to the
    single window, their answers, the tax customs takes and claims back, export declarations.
    Below payments, since it declares paid orders and moves tax through the ledger; its tables
    are the customs room's (customs.models), which checkout needs above orders."""

    name = "tradelane.clearance"
    label = "clearance"
