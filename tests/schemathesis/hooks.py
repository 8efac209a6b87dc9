"""Schemathesis hooks for tests/schemathesis/run.sh.

The PDF uploads take the raw file as the body (`application/pdf`), which Schemathesis
cannot serialise by itself: whatever it generates for the body is sent as bytes.
"""

import json
import re
import uuid

import schemathesis


@schemathesis.serializer("application/pdf")
def pdf(ctx, value):
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, list) and all(isinstance(v, int) for v in value):
        return bytes(v & 0xFF for v in value)
    return json.dumps(value).encode()


KEY = re.compile(r"[!-~]{1,255}")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    """A client sends a new Idempotency-Key with each new request (docs/api.md); the
    same key again with another request is refused with 422 by design. Generated keys
    repeat across requests, so a valid one is made unique, keeping its characters."""
    headers = case.headers or {}
    for name, value in list(headers.items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and KEY.fullmatch(value):
            headers[name] = f"{value[:222]}-{uuid.uuid4().hex}"
