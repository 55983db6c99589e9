"""Cookies, CSRF tokens and security headers of the web app.

* The staff session cookie holds a random token (the database keeps only its
  hash, see :mod:`bot.staff.accounts`). HttpOnly, SameSite=Lax, Path=/, and Secure
  with the ``__Host-`` prefix outside development.
* Signed-in forms carry the session's own CSRF token. Forms shown before
  sign-in (the sign-in form, the public chat) carry an HMAC of a random
  visitor cookie (signed double-submit), so a forged cross-site POST fails
  there too. The JSON API takes bearer tokens only and ignores cookies, so it
  needs no CSRF token.
* Every response gets a strict Content-Security-Policy (no inline script or
  style at all: the pages need no JavaScript; only the pages that embed the chat
  widget, ``/exempel``, may load scripts, and only from this origin), nosniff, no
  framing and no referrer; staff pages and the API are never cached.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any, Optional

VISITOR_MAX_AGE = 12 * 3600
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,128}$")

CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# The pages that embed the chat widget: scripts and requests to this origin only; still no
# inline script or style, no eval, no other host.
CSP_WIDGET = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
WIDGET_PAGE_PATHS = ("/exempel",)


def csp_for(path: str) -> str:
    """The Content-Security-Policy of ``path``: scripts only where the widget runs."""
    if any(path == page or path.startswith(page + "/") for page in WIDGET_PAGE_PATHS):
        return CSP_WIDGET
    return CSP


@dataclass(frozen=True)
class CookieNames:
    """Cookie names: with the ``__Host-`` prefix when cookies are Secure."""

    session: str
    visitor: str


def cookie_names(development: bool) -> CookieNames:
    """``__Host-`` requires Secure, so plain names are used in local development."""
    prefix = "" if development else "__Host-"
    return CookieNames(f"{prefix}anhorig_session", f"{prefix}anhorig_besok")


def valid_token(value: Optional[str]) -> Optional[str]:
    """``value`` if it looks like one of our random tokens, else None."""
    return value if value and _TOKEN_RE.match(value) else None


def new_token() -> str:
    """A random URL-safe token (256 bits)."""
    return secrets.token_urlsafe(32)


def keyed_hash(secret: bytes, purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` for one ``purpose`` (CSRF, chat sender id)."""
    return hmac.new(secret, f"{purpose}|{value}".encode(), hashlib.sha256).hexdigest()


def visitor_csrf(secret: bytes, visitor: str) -> str:
    """The CSRF token of forms shown to a visitor who is not signed in."""
    return keyed_hash(secret, "csrf", visitor)


def tokens_match(given: Optional[str], expected: Optional[str]) -> bool:
    """Constant-time comparison; False when either side is missing."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def set_cookie(
    response: Any, name: str, value: str, *, secure: bool, max_age: Optional[int]
) -> None:
    """Set an HttpOnly, SameSite=Lax cookie on the whole site."""
    response.cookies[name] = value
    cookie = response.cookies[name]
    cookie["path"] = "/"
    cookie["httponly"] = True
    cookie["samesite"] = "Lax"
    if secure:
        cookie["secure"] = True
    if max_age is not None:
        cookie["max-age"] = max_age


def clear_cookie(response: Any, name: str, *, secure: bool) -> None:
    """Tell the browser to forget a cookie."""
    set_cookie(response, name, "", secure=secure, max_age=0)


def security_headers(path: str, development: bool) -> dict[str, str]:
    """Headers for every response; staff pages and the API are not cached."""
    headers = {
        "Content-Security-Policy": csp_for(path),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if not development:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if not path.startswith("/static/"):
        headers["Cache-Control"] = "no-store"
    return headers
