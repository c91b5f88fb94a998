"""Schemathesis hooks for the shop's gateway (loaded through schemathesis.toml).

What a JSON Schema cannot say. The document states every rule a schema can (lengths, patterns,
enums, bounds: apps/gateway/src/request-fields.ts), and Schemathesis checks both directions:
a schema-valid request must be accepted (positive_data_acceptance), a schema-invalid one
refused. A few rules of the API are about more than one field, about the shop's state, or
about values only the server issues; the document says them in words, and a schema-valid
request can still break them. The table below lists those rules, each with the answer the
document gives and a check of the rule itself on the request that got it:

    a positive_data_acceptance failure is dropped only when its response is exactly that
    documented answer AND the check confirms the request really broke that rule.

Any other rejection of a valid request stays a failure, and so does a documented answer to a
request that did not break its rule (a pager refusing its own cursor, an order refused as
"unknown product" for a product that exists). Nothing else is filtered; no check is disabled.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
from collections import Counter
from typing import Any, Callable, NamedTuple

import requests
import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData

_lock = threading.Lock()
# The gateway under test, for the rules that ask it (scripts/fuzz/run.sh exports it).
_GATEWAY = os.environ.get("GATEWAY_URL", "http://127.0.0.1:8080")


def _json(response: Any) -> Any:
    try:
        return response.json()
    except Exception:  # not JSON: no problem code or cursor to read
        return None


def _problem(response: Any) -> tuple[str | None, list[dict[str, Any]]]:
    body = _json(response)
    if not isinstance(body, dict):
        return None, []
    errors = body.get("errors")
    return body.get("code"), errors if isinstance(errors, list) else []


def _query(case: Any) -> dict[str, Any]:
    return dict(case.query or {})


def _authorization(response: Any) -> dict[str, str]:
    """The credentials the request was really sent with (the WFC auth adds them at send time)."""
    value = response.request.headers.get("Authorization")
    return {"Authorization": value} if value else {}


# --- evidence the run collects: every nextCursor issued, every Idempotency-Key used ----------

# Query parameters a cursor is not bound to: the page size may change between pages.
_UNBOUND_PARAMETERS = {"cursor", "limit"}
_issued_cursors: set[tuple[Any, ...]] = set()
_idempotency_bodies: dict[tuple[Any, ...], str] = {}


def _list_key(case: Any) -> tuple[Any, ...]:
    filters = frozenset((k, str(v)) for k, v in _query(case).items() if k not in _UNBOUND_PARAMETERS)
    return case.operation.path, case.auth_identity, filters


def _fingerprint(body: Any) -> str:
    # default=repr: a case without a body carries Schemathesis' NotSet marker, not JSON.
    return json.dumps(body, sort_keys=True, default=repr)


def _idempotency_key(case: Any) -> tuple[Any, ...] | None:
    headers = {name.lower(): value for name, value in (case.headers or {}).items()}
    key = headers.get("idempotency-key")
    return None if key is None else (case.auth_identity, str(key))


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    body = _json(response)
    cursor = body.get("nextCursor") if isinstance(body, dict) else None
    key = _idempotency_key(case) if case.method == "POST" and case.operation.path == "/v1/orders" else None
    with _lock:
        if isinstance(cursor, str) and cursor:
            _issued_cursors.add((*_list_key(case), cursor))
        if key is not None and response.status_code != 422:
            _idempotency_bodies.setdefault(key, _fingerprint(case.body))


# --- the rules -------------------------------------------------------------------------------


def _cursor_not_issued(case: Any, response: Any) -> bool:
    """A cursor the list did not issue to this caller for these filters (docs/api.md)."""
    cursor = _query(case).get("cursor")
    with _lock:
        return cursor is not None and (*_list_key(case), str(cursor)) not in _issued_cursors


def _unstorable(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value or any(0xD800 <= ord(char) <= 0xDFFF for char in value)
    if isinstance(value, dict):
        return any(_unstorable(k) or _unstorable(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_unstorable(item) for item in value)
    return False


_STORABLE_TEXT_MESSAGES = (
    "must not contain the NUL character (U+0000)",
    "must be well-formed Unicode (an unpaired UTF-16 surrogate)",
)


def _text_not_storable(case: Any, response: Any) -> bool:
    """NUL or an unpaired surrogate in any text (storable-text.ts): every field error says so."""
    _, errors = _problem(response)
    every_error_is_text = bool(errors) and all(
        any(str(error.get("message", "")).endswith(m) for m in _STORABLE_TEXT_MESSAGES) for error in errors
    )
    request_has_text = any(
        _unstorable(part) for part in (case.body, case.query, case.path_parameters, case.headers)
    )
    return every_error_is_text and request_has_text


def _price_range_empty(case: Any, response: Any) -> bool:
    """maxPrice below minPrice (GET /v1/products documents it on maxPrice)."""
    query = _query(case)
    _, errors = _problem(response)
    try:
        reversed_range = int(query["minPrice"]) > int(query["maxPrice"])
    except (KeyError, ValueError):
        return False
    return reversed_range and [e.get("field") for e in errors] == ["maxPrice"]


def _lines(case: Any) -> list[dict[str, Any]]:
    body = case.body if isinstance(case.body, dict) else {}
    lines = body.get("lines")
    return [line for line in lines if isinstance(line, dict)] if isinstance(lines, list) else []


def _product_twice(case: Any, response: Any) -> bool:
    """Two lines of one order name the same product (one line per product)."""
    ids = [str(line.get("productId")) for line in _lines(case)]
    return len(ids) != len(set(ids))


def _products_unknown(case: Any, response: Any) -> bool:
    """Every line the answer names holds a product the catalog does not have (asked, not assumed)."""
    _, errors = _problem(response)
    lines = _lines(case)
    named = [str(e.get("field", "")) for e in errors]
    if not named:
        return False
    for field in named:
        parts = field.split(".")
        if len(parts) != 3 or parts[0] != "lines" or not parts[1].isdigit() or int(parts[1]) >= len(lines):
            return False
        product_id = lines[int(parts[1])].get("productId")
        answer = requests.get(f"{_GATEWAY}/v1/products/{product_id}", timeout=10)
        if answer.status_code != 404:
            return False
    return True


def _address_limit_reached(case: Any, response: Any) -> bool:
    """The caller already has the maximum number of addresses (asked, not assumed)."""
    answer = requests.get(
        f"{_GATEWAY}/v1/me/addresses", headers=_authorization(response), timeout=10
    )
    items = answer.json().get("items") if answer.status_code == 200 else None
    return isinstance(items, list) and len(items) >= 10


def _idempotency_key_reused(case: Any, response: Any) -> bool:
    """The same caller used this Idempotency-Key before, with another body."""
    key = _idempotency_key(case)
    with _lock:
        earlier = _idempotency_bodies.get(key) if key is not None else None
    return earlier is not None and earlier != _fingerprint(case.body)


# A NamedTuple, not a dataclass: Schemathesis loads this file without registering it as a module.
class DocumentedRule(NamedTuple):
    status: int
    code: Callable[[str], bool]
    broken_by: Callable[[Any, Any], bool]


RULES = (
    DocumentedRule(400, lambda code: code.endswith(".INVALID_CURSOR"), _cursor_not_issued),
    DocumentedRule(400, lambda code: code == "REQUEST.INVALID", _text_not_storable),
    DocumentedRule(400, lambda code: code == "REQUEST.INVALID", _price_range_empty),
    DocumentedRule(400, lambda code: code == "ORDER.INVALID_INPUT", _product_twice),
    DocumentedRule(400, lambda code: code == "ORDER.UNKNOWN_PRODUCT", _products_unknown),
    DocumentedRule(422, lambda code: code == "USER.ADDRESS_LIMIT_REACHED", _address_limit_reached),
    DocumentedRule(422, lambda code: code == "ORDER.IDEMPOTENCY_KEY_REUSED", _idempotency_key_reused),
)


_explained: Counter[str] = Counter()


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """True keeps the failure; False drops it (see the module docstring for when)."""
    if not isinstance(failure, RejectedPositiveData):
        return True
    code, _ = _problem(response)
    if not isinstance(code, str):
        return True
    for rule in RULES:
        if response.status_code == rule.status and rule.code(code) and rule.broken_by(case, response):
            with _lock:
                _explained[rule.broken_by.__name__.lstrip("_")] += 1
            return False
    return True


@atexit.register
def _report() -> None:
    """How many rejections each documented rule explained: printed under the run's summary."""
    if _explained:
        counts = ", ".join(f"{name} {count}" for name, count in sorted(_explained.items()))
        print(f"Rejections explained by a documented rule (tools/schemathesis/hooks.py): {counts}")
