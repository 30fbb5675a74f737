"""A test client for the API that sends a personal bearer token, as a script would."""

from __future__ import annotations

import json

from django.test import Client

from safecity.accounts.models import ApiToken

BASE = "/api/v1"


class ApiClient:
    def __init__(self, raw_token: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw_token}"} if raw_token else {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def post(self, path: str, body: dict):
        return self._send("post", path, body)

    def patch(self, path: str, body: dict):
        return self._send("patch", path, body)

    def delete(self, path: str):
        return self.client.delete(BASE + path, headers=self.headers)

    def _send(self, method: str, path: str, body: dict):
        send = getattr(self.client, method)
        return send(BASE + path, json.dumps(body), content_type="application/json", headers=self.headers)


def api_for(user) -> ApiClient:
    """A client with a fresh personal token of `user`."""
    _token, raw = ApiToken.generate(user, "test script")
    return ApiClient(raw)
