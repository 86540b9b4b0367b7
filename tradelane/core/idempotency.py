"""Idempotency after Stripe: same key and body replays the first answer; other body is a 409.

The record is inserted first, in the same transaction as the work. A concurrent repeat blocks on
the unique index until the first commits, then finds the finished record and replays it. If the
work fails, the record rolls back with it, so a retry runs the work again.

Money services (till charges and refunds, order refunds) run through `run_idempotent` themselves,
keyed by who asks (`shop:<id>`, `merchant:<id>`, `operator:<id>`) and fingerprinted with
`request_fingerprint` on the whole request, so every entry point (API, pages, jobs) gets the
same discipline and an API replays the first answer byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db import IntegrityError, OperationalError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja.responses import NinjaJSONEncoder

from tradelane.core import clock
from tradelane.core.errors import Conflict, ValidationFailed
from tradelane.core.models import IdempotencyRecord

MAX_KEY_LENGTH = 255
IN_PROGRESS_RETRY_AFTER = 1  # seconds
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for a lock_timeout


class IdempotencyInProgress(Conflict):
    """The first request under the key has not finished: come back (Retry-After) for its
    answer."""

    default_code = "idempotency_in_progress"

    def __init__(self) -> None:
        super().__init__(
            _("A request with this Idempotency-Key is still in progress; retry shortly."),
            extra={"retry_after_seconds": IN_PROGRESS_RETRY_AFTER},
        )
        self.headers = {"Retry-After": str(IN_PROGRESS_RETRY_AFTER)}


def _lock_timed_out(error: OperationalError) -> bool:
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) == LOCK_NOT_AVAILABLE or (
        getattr(cause, "pgcode", None) == LOCK_NOT_AVAILABLE
    )


T = TypeVar("T")


def legacy_result(found: T | None, *, same_request: Callable[[T], bool]) -> T | None:
    """For a service whose results once had ids derived from the client's request id (before
    idempotency records): the result made under that id, None if there is none, or a 409 when
    the id was used for a different request. A retry across the deploy must not do it twice."""
    if found is not None and not same_request(found):
        raise Conflict(
            _("This Idempotency-Key was already used with a different request."),
            code="idempotency_key_reused",
        )
    return found


def request_fingerprint(operation: str, request: Mapping[str, Any]) -> str:
    """For a service keyed by a client's request id: the whole request as the service received
    it (what it does and every parameter), so a different request under the key is a 409 and
    never a replay of another answer. Secrets go in as their digest."""
    payload = json.dumps(
        {"operation": operation, **request}, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def fingerprint(method: str, path: str, body: bytes) -> str:
    try:
        canonical = json.dumps(json.loads(body or b"{}"), sort_keys=True, separators=(",", ":"))
        payload = canonical.encode()
    except ValueError:
        payload = body
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + payload).hexdigest()


def _jsonable(body: Any) -> Any:
    return json.loads(json.dumps(body, cls=NinjaJSONEncoder))


Store = Callable[[int, Any], None]


def idempotent_response(status: int, body: Any) -> HttpResponse:
    """An idempotent answer as it goes out: the first one and every replay are written the same
    way, keys sorted, because the stored copy comes back from PostgreSQL's jsonb in jsonb's own
    key order, not the schema's."""
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"sort_keys": True})


def run_idempotent(
    *, scope: str, key: str, fingerprint: str, action: Callable[[], tuple[int, Any]]
) -> tuple[int, Any]:
    return run_idempotent_storing(
        scope=scope, key=key, fingerprint=fingerprint, action=lambda _store: action()
    )


def run_idempotent_storing(
    *, scope: str, key: str, fingerprint: str, action: Callable[[Store], tuple[int, Any]]
) -> tuple[int, Any]:
    """As `run_idempotent`, but the action is handed `store(status, body)` and may keep its
    answer itself before its last statement. A hot row updated last then stays locked only until
    the commit, not while the answer is shaped and written (the flash-sale claim does this)."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValidationFailed(
            _("The Idempotency-Key header must be 1 to 255 characters."),
            code="idempotency_key_invalid",
            fields={"Idempotency-Key": [str(_("1 to 255 characters"))]},
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    scope=scope, key=key, fingerprint=fingerprint, created_at=clock.now()
                )
        except IntegrityError:
            return _replay(scope, key, fingerprint)
        except OperationalError as error:
            # waited on the first request's uncommitted record for the whole lock timeout
            if _lock_timed_out(error):
                raise IdempotencyInProgress() from error
            raise
        stored: list[tuple[int, Any]] = []

        def store(status: int, body: Any) -> None:
            record.response_status, record.response_body = status, _jsonable(body)
            record.save(update_fields=["response_status", "response_body"])
            stored[:] = [(status, record.response_body)]

        status, body = action(store)
        if not stored:
            store(status, body)
    return stored[0]


def answered_before(scope: str, key: str) -> bool:
    """Whether a request under this key was already answered (or is being answered)."""
    return IdempotencyRecord.objects.filter(scope=scope, key=key).exists()


def _replay(scope: str, key: str, fingerprint: str) -> tuple[int, Any]:
    existing = IdempotencyRecord.objects.get(scope=scope, key=key)
    if existing.fingerprint != fingerprint:
        raise Conflict(
            _("This Idempotency-Key was already used with a different request."),
            code="idempotency_key_reused",
        )
    if existing.response_status is None:
        raise IdempotencyInProgress()
    return existing.response_status, existing.response_body


def respond_idempotently(
    request: HttpRequest, *, scope: str, key: str | None, action: Callable[[], tuple[int, Any]]
) -> HttpResponse:
    """Run a creating request; with an Idempotency-Key, at most once per key and body.

    The answer goes out as stored JSON: the first run already shaped it with the endpoint's
    schema, and a replay must be byte-for-byte the same answer.
    """
    if key is None:
        status, body = action()
        return idempotent_response(status, _jsonable(body))
    return respond_idempotently_storing(
        request, scope=scope, key=key, action=lambda _store: action()
    )


def respond_idempotently_storing(
    request: HttpRequest, *, scope: str, key: str, action: Callable[[Store], tuple[int, Any]]
) -> HttpResponse:
    """`respond_idempotently` for an action that stores its own answer (see
    `run_idempotent_storing`); the key is required."""
    status, body = run_idempotent_storing(
        scope=scope,
        key=key,
        fingerprint=fingerprint(request.method or "POST", request.path, request.body),
        action=action,
    )
    return idempotent_response(status, body)
