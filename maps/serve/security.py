"""Who may talk to the workspace: the host it answers for, the token, and same-origin writes.

- Requests must name the host the server listens on (``Host``), which stops DNS-rebinding pages.
- With a token, every request carries it: the ``X-Conflictmap-Token`` header, ``Authorization: Bearer``,
  or once ``?token=`` in a URL, answered with a redirect that moves it into an HttpOnly cookie.
- A state-changing request whose ``Origin`` (or, lacking one, ``Sec-Fetch-Site``) is another site is
  refused with 403 before anything else happens, token or not.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "conflictmap_token"
HEADER = "x-conflictmap-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOCAL_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass(frozen=True, slots=True)
class Policy:
    host: str
    port: int
    token: str | None = None

    def allowed_hosts(self) -> set[str]:
        names = {self.host} | (LOCAL_NAMES if self.host in LOCAL_NAMES else set())
        if self.host in ("0.0.0.0", "::"):
            return set()  # any name: the token is what guards a server open to the network
        return {f"{n}:{self.port}" for n in names} | ({n for n in names} if self.port in (80, 443) else set())


def _token_of(request: Request) -> str | None:
    h = request.headers.get(HEADER)
    if h:
        return h
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.cookies.get(COOKIE)


def same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if origin is not None:
        return origin in (f"http://{host}", f"https://{host}")
    site = request.headers.get("sec-fetch-site")
    return site in (None, "same-origin", "none")


class Guard:
    """ASGI middleware applying the policy to every HTTP request."""

    def __init__(self, app: ASGIApp, policy: Policy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        response = self.check(request)
        if response is not None:
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def check(self, request: Request) -> Response | None:
        hosts = self.policy.allowed_hosts()
        if hosts and request.headers.get("host", "") not in hosts:
            return JSONResponse({"error": "unknown host"}, status_code=421)
        if request.method not in SAFE_METHODS and not same_origin(request):
            return JSONResponse({"error": "cross-origin request refused"}, status_code=403)
        token = self.policy.token
        if not token:
            return None
        given = request.query_params.get("token")
        if given is not None and request.method in SAFE_METHODS:
            if not hmac.compare_digest(given.encode(), token.encode()):
                return JSONResponse({"error": "wrong token"}, status_code=401)
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + ("?" + urlencode(rest) if rest else "")
            resp = RedirectResponse(target, status_code=303)
            resp.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
            return resp
        have = _token_of(request)
        if have is None or not hmac.compare_digest(have.encode(), token.encode()):
            return JSONResponse({"error": "a token is needed (header X-Conflictmap-Token, or open the page "
                                          "once with ?token=...)"}, status_code=401)
        return None


Handler = Callable[[Request], Awaitable[Response]]
