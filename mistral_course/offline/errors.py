"""Error responses with the status codes and bodies the hosted API sends."""

from __future__ import annotations

import hashlib
import math


class ApiError(Exception):
    """Raised anywhere behind the wire; the wire turns it into an HTTP response."""

    def __init__(self, status: int, body: dict):
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.headers: dict = {}


def error_body(status: int, message, type_: str, code: str | None = None, param: str | None = None) -> dict:
    """The hosted API's error body; since 2026 it also repeats the HTTP status as `raw_status_code`."""
    return {"object": "error", "message": message, "type": type_, "param": param, "code": code,
            "raw_status_code": status}


def _error(status: int, message, type_: str, code: str | None = None, param: str | None = None) -> ApiError:
    return ApiError(status, error_body(status, message, type_, code, param))


def invalid_model(name: str) -> ApiError:
    return _error(400, f"Invalid model: {name}", "invalid_model", "1500")


def message_order(message: str) -> ApiError:
    return _error(400, message, "invalid_request_message_order", "3230")


def invalid_function_call(message: str) -> ApiError:
    """A tool call or tool message the API cannot match (for example a tool-call id not of 9 letters/digits)."""
    return _error(400, message, "invalid_function_call", "3280")


def bad_request(message: str, param: str | None = None) -> ApiError:
    return _error(400, message, "invalid_request_error", param=param)


def too_many_embedding_inputs() -> ApiError:
    return _error(400, "Too many inputs in request, split into more batches.", "invalid_request_prompt", "3210")


def too_many_embedding_tokens(got: int, limit: int) -> ApiError:
    return _error(400, f"Too many tokens overall, split into more batches ({got} tokens; the limit is {limit}).",
                  "invalid_request_prompt", "3210")


def http_error(status: int, message: str, headers: dict | None = None) -> ApiError:
    """An error the HTTP layer finds before any route runs (body too large, wrong Host, unknown method...)."""
    error = _error(status, message, "invalid_request_error")
    error.headers = headers or {}
    return error


def not_found(message: str) -> ApiError:
    return _error(404, message, "not_found")


def unauthorized(seed: bytes) -> ApiError:
    return ApiError(401, {"message": "Unauthorized", "request_id": hashlib.sha256(seed).hexdigest()[:32]})


def rate_limited(retry_after: float | None = None) -> ApiError:
    """429, with Retry-After (whole seconds, rounded up, as HTTP has it) when the wait is known, and
    retry-after-ms (the wait to the millisecond), which the SDK's retries prefer: a call that comes 0.1 s too
    early then waits 0.1 s, not a whole second."""
    error = _error(429, "Rate limit exceeded", "rate_limited", "1300")
    if retry_after is not None:
        error.headers = {"retry-after": str(math.ceil(retry_after)), "retry-after-ms": str(math.ceil(retry_after * 1000))}
    return error


def validation(details: list[dict]) -> ApiError:
    """422, as FastAPI reports a request that does not fit the schema."""
    return ApiError(422, {"object": "error", "detail": details, "message": details,
                          "type": "invalid_request_error", "code": 3001})


def from_pydantic(exc) -> ApiError:
    details = [
        {"type": e["type"], "loc": ["body", *e["loc"]], "msg": e["msg"], "input": e.get("input")}
        for e in exc.errors(include_url=False, include_context=False)
    ]
    return validation(details)
