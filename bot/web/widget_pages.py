"""The widget's pages: the example municipal pages at ``/exempel``, and the privacy notice.

``/exempel`` ("Stöd till anhöriga") and ``/exempel/personuppgifter`` have the chat widget embedded.

They show how a municipality embeds the widget on its own website: one element
(``<div id="anhoriglotsen" data-api=...>``) and one ``<script src=".../chat/widget.js" defer>``.
That script is the static widget with its Swedish texts (:mod:`bot.texts.widget_ui`) and
the numbers to call if the chat cannot be reached at all built in from the profile, so the
static file itself holds no Swedish sentences. The CSP of these
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
from pathlib import Path
from typing import Any

from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse

from bot.knowledge.advice import entry_contact
from bot.knowledge.schema import Profile
from bot.texts import widget_ui as texts
from bot.texts.callback import retention_sv
from bot.texts.knowledge import definite_role
from bot.web.chat import MESSAGE_MAX_CHARS
from bot.web.context import render, web

bp = Blueprint("widget_pages")

API_PATH = "/chat/api"
PRIVACY_PATH = "/exempel/personuppgifter"
# The web app's privacy notice: the default privacy_url of GET /chat/api/config.
PRIVACY_NOTICE_PATH = "/personuppgifter"
SUPPORTS_SHOWN = 6
WIDGET_DIR = Path(__file__).resolve().parent / "static" / "widget"
# The script for a municipality's own site: the widget with its texts and fallback numbers
# built in, so that the page needs only ``<div id="anhoriglotsen" data-api="...">``.
EMBED_SCRIPT_PATH = "/chat/widget.js"
EMBED_STYLE_PATH = "/chat/widget.css"
EMBED_MAX_AGE = 300


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
    }


def privacy_context(request: Request) -> dict[str, Any]:
    """What the privacy notice fills in: the chat's idle timeout, how long a callback is kept."""
    settings = web(request).settings
    return {"idle_minutes": settings.chat_idle_minutes,
            "retention": retention_sv(settings.case_retention_days)}


def _page(request: Request, template: str, title: str) -> HTTPResponse:
    profile = web(request).profile
    contact = entry_contact(profile)
    supports = [s for s in profile.supports if not s.how_to_get.application][:SUPPORTS_SHOWN]
    applied = [s.name[:1].lower() + s.name[1:] for s in profile.supports if s.how_to_get.application][:2]
    return render(
        request, template, page_title=title, title=title, profile=profile, contact=contact,
        supports=supports, applied=applied, widget=widget_attributes(profile), script_path=EMBED_SCRIPT_PATH,
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


def embedded_settings(profile: Profile) -> str:
    """The line before the widget's code in :data:`EMBED_SCRIPT_PATH`: texts and numbers."""
    settings = {"texts": texts.WIDGET_TEXTS, "fallback": fallback_numbers(profile)}
    # "</" never appears in a script body this way, whatever the texts say.
    data = json.dumps(settings, ensure_ascii=False).replace("</", "<\\/")
    return f"window.ANHORIGLOTSEN = {data};\n"


@bp.get(EMBED_SCRIPT_PATH, name="embed_script")
async def embed_script(request: Request) -> HTTPResponse:
    """GET /chat/widget.js: the widget with the municipality's texts and numbers built in."""
    code = (WIDGET_DIR / "widget.js").read_text(encoding="utf-8")
    return response.text(
        embedded_settings(web(request).profile) + code,
        content_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": f"public, max-age={EMBED_MAX_AGE}"},
    )


@bp.get(EMBED_STYLE_PATH, name="embed_style")
async def embed_style(request: Request) -> HTTPResponse:
    """GET /chat/widget.css: the widget's style sheet next to :data:`EMBED_SCRIPT_PATH`."""
    return response.text(
        (WIDGET_DIR / "widget.css").read_text(encoding="utf-8"),
        content_type="text/css; charset=utf-8",
        headers={"Cache-Control": f"public, max-age={EMBED_MAX_AGE}"},
    )
