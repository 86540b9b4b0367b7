from django.apps import AppConfig


class FulfilmentConfig(AppConfig):
    """Carrying paid orders over the partner network: shipments and their legs, partners' scans
    and temperatures (the provenance chain), cold-chain claims, national posts and returns,
    labels, forward stocking, the public provenance page. Below payments, since a delivery moves
    an order on and a claim or a return refunds it; its tables are the logistics room's, whose
    network, planner and estimates checkout needs above orders."""

    name = "tradelane.fulfilment"
    label = "fulfilment"
