"""A service's request fingerprint covers what it does and every parameter, in any order."""

from tradelane.core.idempotency import request_fingerprint


def test_the_fingerprint_is_of_the_whole_request() -> None:
    base = request_fingerprint("refund_order", {"order": "TL1", "amount": 100, "reason": "x"})
    assert base == request_fingerprint(
        "refund_order", {"reason": "x", "amount": 100, "order": "TL1"}
    )
    assert base != request_fingerprint(
        "refund_order", {"order": "TL1", "amount": None, "reason": "x"}
    )
    assert base != request_fingerprint(
        "till_refund", {"order": "TL1", "amount": 100, "reason": "x"}
    )
    assert base != request_fingerprint(
        "refund_order", {"order": "TL2", "amount": 100, "reason": "x"}
    )
