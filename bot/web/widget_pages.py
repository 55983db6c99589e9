"""The widget's pages: the example municipal pages at ``/exempel``, and the privacy notice.

``/exempel`` ("Stöd till anhöriga") and ``/exempel/personuppgifter`` have the chat widget embedded.

They show how a municipality embeds the widget on its own website: one element
(``<div id="anhoriglotsen" data-...>``) and one ``<script src=... defer>``. The
element carries the widget's Swedish texts (:mod:`bot.texts.widget_ui`) and
the numbers to call if the chat cannot be reached at all, rendered here from
the profile, so the script itself holds no Swedish sentences. The CSP of these
pages allows scripts from the web app's own origin only
(:func:`bot.web.security.security_headers`). The chat page ``/`` stays the
page that works without JavaScript; the widget links to it.

``/personuppgifter`` is the web app's own privacy notice (what the chat stores and for how
long), an ordinary page without scripts: the widget links there unless the profile
(``widget.privacy_url``) or the embedding page (``data-privacy-url``) names the
municipality's own notice.
"""

from __future__ import annotations

import json
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from bot.knowledge.advice import entry_contact
from bot.knowledge.schema import Profile
from bot.texts import widget_ui as texts
from bot.texts.callback import RETENTION_SV
from bot.texts.knowledge import definite_role
from bot.web.chat import MESSAGE_MAX_CHARS
from bot.web.context import render, web

bp = Blueprint("widget_pages")

API_PATH = "/chat/api"
SCRIPT_PATH = "/static/widget/widget.js"
PRIVACY_PATH = "/exempel/personuppgifter"
# The web app's privacy notice: the default privacy_url of GET /chat/api/config.
PRIVACY_NOTICE_PATH = "/personuppgifter"
SUPPORTS_SHOWN = 6


def fallback_numbers(profile: Profile) -> dict[str, Any]:
    """Whom to call when the chat cannot be reached: 112, the general entry, the social services' on-call."""
    contact = entry_contact(profile)
    return {
        "emergency": "112",
        "unit": {"role": definite_role(contact.role), "phone": contact.phone, "example": contact.example},
        "socialjour": {"name": profile.socialjour.name, "phone": profile.socialjour.phone,
                       "example": profile.socialjour.example},
        "lines": [],
    }


def widget_attributes(profile: Profile) -> dict[str, str]:
    """The ``data-*`` attributes of the widget's element (values as strings; the template escapes)."""
    return {
        "data-api": API_PATH,
        "data-full-page": "/",
        "data-privacy-url": profile.widget.privacy_url or PRIVACY_PATH,
        "data-max-chars": str(MESSAGE_MAX_CHARS),
        "data-texts": json.dumps(texts.WIDGET_TEXTS, ensure_ascii=False),
        "data-fallback": json.dumps(fallback_numbers(profile), ensure_ascii=False),
    }


def privacy_context(request: Request) -> dict[str, Any]:
    """What the privacy notice fills in: the chat's idle timeout, how long a callback is kept."""
    return {"idle_minutes": web(request).settings.chat_idle_minutes, "retention": RETENTION_SV}


def _page(request: Request, template: str, title: str) -> HTTPResponse:
    profile = web(request).profile
    contact = entry_contact(profile)
    supports = [s for s in profile.supports if not s.how_to_get.application][:SUPPORTS_SHOWN]
    applied = [s.name[:1].lower() + s.name[1:] for s in profile.supports if s.how_to_get.application][:2]
    return render(
        request, template, page_title=title, title=title, profile=profile, contact=contact,
        supports=supports, applied=applied, widget=widget_attributes(profile), script_path=SCRIPT_PATH,
        privacy_path=PRIVACY_PATH, note=texts.EXAMPLE_NOTE, request_path=request.path,
        contact_role=definite_role(contact.role), **privacy_context(request),
    )


@bp.get("/exempel", name="example_page")
async def example_page(request: Request) -> HTTPResponse:
    """GET /exempel: the municipality's page "Stöd till anhöriga", with the widget."""
    return _page(request, "exempel.html", texts.EXAMPLE_TITLE)


@bp.get("/exempel/personuppgifter", name="example_privacy")
async def example_privacy(request: Request) -> HTTPResponse:
    """GET /exempel/personuppgifter: how the chat handles what the relative writes, with the widget."""
    return _page(request, "exempel_personuppgifter.html", texts.PRIVACY_TITLE)


@bp.get(PRIVACY_NOTICE_PATH, name="privacy_page")
async def privacy_page(request: Request) -> HTTPResponse:
    """GET /personuppgifter: what the chat stores and for how long (no widget, no script)."""
    return render(request, "personuppgifter.html", page_title=texts.PRIVACY_TITLE,
                  **privacy_context(request))
