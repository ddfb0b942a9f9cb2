"""Validate responses against a vendor's own OpenAPI file (tests/specs, SHA-256 in SHA256SUMS)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from jsonschema import Draft202012Validator

SPECS = Path(__file__).resolve().parent.parent / "specs"


class VendorSpec:
    def __init__(self, filename: str):
        self.spec = json.loads((SPECS / filename).read_text())
        templates = sorted(self.spec["paths"], key=lambda t: (t.count("{"), -len(t)))
        self._templates = [(t, re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", t) + "/?$")) for t in templates]
        servers = self.spec.get("servers") or [{"url": ""}]
        self.base = urlparse(servers[0]["url"]).path.rstrip("/")  # OpenAI's paths are under /v1

    def template(self, path: str) -> str | None:
        path = path.split("?", 1)[0]
        if self.base and path.startswith(self.base + "/"):
            path = path[len(self.base):]
        for template, pattern in self._templates:
            if pattern.match(path):
                return template
        return None

    def response_schema(self, method: str, path: str, status: int) -> dict | None:
        template = self.template(path)
        if template is None:
            return None
        operation = self.spec["paths"][template].get(method.lower())
        if operation is None:
            return None
        responses = operation.get("responses", {})
        entry = responses.get(str(status))
        if entry is None and 200 <= status < 300:  # Honcho documents 200 for get-or-create 201s
            entry = next((v for k, v in responses.items() if k.startswith("2")), None)
        if entry is None:
            entry = responses.get("default")
        content = (entry or {}).get("content", {}).get("application/json")
        return content.get("schema") if content else None

    def errors(self, method: str, path: str, status: int, body) -> list[str]:
        """Validation errors of ``body`` against the documented response; [] when it conforms."""
        schema = self.response_schema(method, path, status)
        if schema is None:
            return [f"no documented JSON response for {method} {path} {status}"]
        validator = Draft202012Validator({**schema, "components": self.spec.get("components", {})})
        return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]


@cache
def vendor_spec(filename: str) -> VendorSpec:
    return VendorSpec(filename)
