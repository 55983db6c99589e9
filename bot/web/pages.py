"""Server-rendered pages: the public chat at ``/`` and the staff dashboard under ``/personal/``.

Every staff handler is wrapped by :func:`staff_page`, which loads the
session, checks the CSRF token of every POST (before anything else), sends
signed-out visitors to the sign-in page and refuses roles the page is not
for. Case handlers then ask :mod:`bot.staff.casework` with the person's scope, so
a case outside it is the same 404 as an unknown reference.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
from datetime import date, datetime, time, timedelta
from typing import Any, Callable, Coroutine, Optional
from urllib.parse import quote, urlencode

from sanic import Request, Sanic, response
from sanic.response import HTTPResponse

from bot.callbacks.booking import CaseNotChangeable
from bot.callbacks.phone import format_phone_sv
from bot.clock import STOCKHOLM
from bot.staff import accounts, audit, casework, followup
from bot.staff.accounts import AccountError, Principal, SignInFailed
from bot.staff.casework import ConcurrentChange, InvalidCaseworkInput, QueueFilters
from bot.web import present
from bot.web.app import WebContext, error_page, render, run_sync, web
from bot.web.charts import bar_chart
from bot.web.chat import MESSAGE_MAX_CHARS, ChatLine, ChatUnavailable
from bot.web.security import (
    clear_cookie,
    keyed_hash,
    new_token,
    set_cookie,
    tokens_match,
    valid_token,
    visitor_csrf,
)

logger = logging.getLogger(__name__)

StaffHandler = Callable[..., Coroutine[Any, Any, HTTPResponse]]
CONTACT_OR_COORDINATOR = ("contact", "coordinator")
LOGIN_PATH = "/personal/logga-in"
FIGURES_DEFAULT_DAYS = 365


# ---------------------------------------------------------------- visitors and CSRF


def ensure_visitor(request: Request) -> str:
    """The visitor token of this browser, created (and set on the response) if missing."""
    if request.ctx.visitor:
        return str(request.ctx.visitor)
    if not request.ctx.new_visitor:
        request.ctx.new_visitor = new_token()
    return str(request.ctx.new_visitor)


def visitor_form_token(request: Request) -> str:
    """The CSRF token for forms shown before sign-in."""
    return visitor_csrf(web(request).secret, ensure_visitor(request))


def _visitor_expected(request: Request) -> Optional[str]:
    visitor = request.ctx.visitor
    return visitor_csrf(web(request).secret, visitor) if visitor else None


def csrf_failed(request: Request) -> HTTPResponse:
    """403: the form's token is missing or wrong (an old page, or a forged request)."""
    return error_page(
        request, 403, "Formuläret gick inte att skicka",
        "Formuläret har gått ut eller kom inte från den här sidan. Ladda om sidan och försök igen.",
    )


def sender_id(request: Request, visitor: str) -> str:
    """Rasa's conversation id for this browser: derived, so it cannot be chosen or guessed."""
    return "web-" + keyed_hash(web(request).secret, "sender", visitor)[:32]


def _idle(ctx: WebContext) -> timedelta:
    return timedelta(minutes=ctx.settings.session_idle_minutes)


async def current_session(request: Request) -> Optional[accounts.SessionInfo]:
    """The signed-in session of the request, or None."""
    ctx = web(request)
    token = valid_token(request.cookies.get(ctx.cookies.session))
    if token is None:
        return None
    return await run_sync(
        accounts.load_session, ctx.session_factory, token,
        municipality=ctx.profile.id, now=ctx.now(), idle=_idle(ctx),
    )


def staff_page(*roles: str) -> Callable[[StaffHandler], StaffHandler]:
    """Require a session (and one of ``roles``); check the CSRF token of every POST first."""

    def decorator(handler: StaffHandler) -> StaffHandler:
        @functools.wraps(handler)
        async def wrapped(request: Request, **kwargs: Any) -> HTTPResponse:
            ctx = web(request)
            info = await current_session(request)
            if request.method == "POST":
                expected = info.csrf_token if info is not None else _visitor_expected(request)
                if not tokens_match(request.form.get("csrf_token"), expected):
                    return csrf_failed(request)
            if info is None:
                target = LOGIN_PATH
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.path})
                resp = response.redirect(target, status=303)
                if request.cookies.get(ctx.cookies.session):
                    clear_cookie(resp, ctx.cookies.session, secure=ctx.secure_cookies)
                return resp
            request.ctx.staff = info
            if roles and info.principal.role not in roles:
                raise casework.NotPermitted(f"{info.principal.role} on {request.path}")
            return await handler(request, info.principal, **kwargs)

        wrapped.roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def _landing(principal: Principal) -> str:
    return "/personal/konton" if principal.role == "admin" else "/personal/ko"


def _safe_next(raw: Optional[str]) -> Optional[str]:
    if raw and raw.startswith("/personal/") and "//" not in raw and "\\" not in raw:
        return raw
    return None


# ---------------------------------------------------------------- public chat


def _chat_unavailable_text(ctx: WebContext) -> dict[str, str]:
    profile = ctx.profile
    coordinators = profile.coordinators()
    contact = coordinators[0] if coordinators else profile.contact_points[0]
    return {
        "role": contact.role,
        "phone": contact.phone,
        "socialjour": profile.socialjour.phone,
    }


def _render_chat(
    request: Request, lines: list[ChatLine], *, status: int = 200, error: str = "",
    unavailable: bool = False, draft: str = "",
) -> HTTPResponse:
    ctx = web(request)
    last_buttons = lines[-1].buttons if lines and lines[-1].sender == "bot" else ()
    return render(
        request, "chat.html", status=status, lines=lines, last_buttons=last_buttons,
        chat_csrf=visitor_form_token(request), error=error, unavailable=unavailable,
        fallback=_chat_unavailable_text(ctx), draft=draft, max_chars=MESSAGE_MAX_CHARS,
        page_title="Chatta med Anhöriglotsen",
    )


async def chat_page(request: Request) -> HTTPResponse:
    """GET /: the conversation so far and the message form."""
    ctx = web(request)
    lines: list[ChatLine] = []
    unavailable = False
    if request.ctx.visitor:
        try:
            lines = await ctx.chat.history(sender_id(request, request.ctx.visitor))
        except ChatUnavailable:
            unavailable = True
    return _render_chat(request, lines, unavailable=unavailable)


async def chat_send(request: Request) -> HTTPResponse:
    """POST /: relay the message to Rasa, then show the page again (POST-redirect-GET)."""
    ctx = web(request)
    if not tokens_match(request.form.get("csrf_token"), _visitor_expected(request)):
        return csrf_failed(request)
    message = (request.form.get("message") or "").strip()
    if not message:
        return _render_chat(request, [], status=400, error="Skriv ett meddelande först.")
    if len(message) > MESSAGE_MAX_CHARS:
        return _render_chat(
            request, [], status=400, draft=message[:MESSAGE_MAX_CHARS],
            error=f"Meddelandet får vara högst {MESSAGE_MAX_CHARS} tecken.",
        )
    try:
        await ctx.chat.send(sender_id(request, request.ctx.visitor), message)
    except ChatUnavailable:
        return _render_chat(request, [], status=503, unavailable=True, draft=message)
    return response.redirect("/#senaste", status=303)


async def chat_restart(request: Request) -> HTTPResponse:
    """POST /ny-chatt: start a new conversation (a new visitor id, so a new sender id)."""
    if not tokens_match(request.form.get("csrf_token"), _visitor_expected(request)):
        return csrf_failed(request)
    request.ctx.visitor = None
    request.ctx.new_visitor = new_token()
    return response.redirect("/", status=303)


async def health(request: Request) -> HTTPResponse:
    """GET /health: for the runner's start-up check."""
    return response.text("ok")


# ---------------------------------------------------------------- sign-in


async def login_page(request: Request) -> HTTPResponse:
    """GET /personal/logga-in."""
    info = await current_session(request)
    if info is not None:
        return response.redirect(_landing(info.principal), status=303)
    return _render_login(request)


def _render_login(request: Request, status: int = 200, error: str = "", username: str = "") -> HTTPResponse:
    notice = "Du är utloggad." if request.args.get("utloggad") else ""
    return render(
        request, "login.html", status=status, error=error, notice=notice, username=username,
        login_csrf=visitor_form_token(request), next=_safe_next(request.args.get("next")) or "",
        page_title="Logga in",
    )


async def login_submit(request: Request) -> HTTPResponse:
    """POST /personal/logga-in: check the password, open a session, set the cookie."""
    ctx = web(request)
    if not tokens_match(request.form.get("csrf_token"), _visitor_expected(request)):
        return csrf_failed(request)
    username = (request.form.get("username") or "").strip()
    password = request.form.get("password") or ""
    if not username or not password:
        return _render_login(request, 400, "Skriv både användarnamn och lösenord.", username)
    max_age = timedelta(hours=ctx.settings.session_max_hours)
    try:
        token, info = await run_sync(
            accounts.sign_in, ctx.session_factory, username, password,
            ip=request.remote_addr or request.ip or "unknown", municipality=ctx.profile.id,
            now=ctx.now(), max_age=max_age,
        )
    except SignInFailed as exc:
        if exc.reason == "locked":
            return _render_login(
                request, 429,
                "För många misslyckade inloggningar. Vänta 15 minuter och försök igen.", username,
            )
        return _render_login(request, 401, "Fel användarnamn eller lösenord.", username)
    target = _safe_next(request.form.get("next")) or _landing(info.principal)
    resp = response.redirect(target, status=303)
    set_cookie(resp, ctx.cookies.session, token, secure=ctx.secure_cookies,
               max_age=int(max_age.total_seconds()))
    return resp


@staff_page()
async def logout(request: Request, principal: Principal) -> HTTPResponse:
    """POST /personal/logga-ut: end the session and forget the cookie."""
    ctx = web(request)
    token = valid_token(request.cookies.get(ctx.cookies.session))
    await run_sync(accounts.sign_out, ctx.session_factory, token, now=ctx.now())
    resp = response.redirect(LOGIN_PATH + "?utloggad=1", status=303)
    clear_cookie(resp, ctx.cookies.session, secure=ctx.secure_cookies)
    return resp


@staff_page()
async def staff_home(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/: to the queue, or to accounts for admins."""
    return response.redirect(_landing(principal), status=303)


# ---------------------------------------------------------------- queue and morning view


def _bool_arg(raw: Optional[str], field_name: str) -> Optional[bool]:
    if raw in (None, ""):
        return None
    if raw in ("true", "ja", "1"):
        return True
    if raw in ("false", "nej", "0"):
        return False
    raise InvalidCaseworkInput("filter_invalid", field_name)


def queue_filters(args: Any) -> QueueFilters:
    """Queue filters from query arguments (shared by the page and the API)."""
    return QueueFilters(
        link_id=args.get("link") or None,
        unit_id=args.get("unit") or None,
        status=args.get("status") or "open",
        after_hours=_bool_arg(args.get("after_hours"), "after_hours"),
    )


def _scope(request: Request, principal: Principal) -> casework.CaseScope:
    return casework.scope_for(principal, web(request).profile)


@staff_page(*CONTACT_OR_COORDINATOR)
async def queue_page(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/ko: the callback queue with filters and counts."""
    ctx = web(request)
    filters = queue_filters(request.args)
    queue = await run_sync(
        casework.list_queue, ctx.session_factory, _scope(request, principal), filters,
        ctx.profile, ctx.now(),
    )
    base_args = {k: v for k, v in (("link", filters.link_id), ("unit", filters.unit_id),
                                   ("after_hours", request.args.get("after_hours"))) if v}
    tabs = []
    for key in ("open", "booked", "taken", "called", "closed", "cancelled", "all"):
        count = (
            sum(queue.counts.get(s, 0) for s in casework.OPEN_FOR_WORK) if key == "open"
            else sum(queue.counts.values()) if key == "all" else queue.counts.get(key, 0)
        )
        tabs.append({
            "key": key, "label": present.STATUS_FILTER_SV[key], "count": count,
            "href": "/personal/ko?" + urlencode({**base_args, "status": key}),
            "current": key == filters.status,
        })
    done = present.DONE_SV.get(request.args.get("klart") or "", "")
    return render(
        request, "queue.html", queue=queue, filters=filters, tabs=tabs, done=done,
        links=ctx.profile.links, units=ctx.profile.units,
        after_hours_arg=request.args.get("after_hours") or "",
        page_title="Kö för återuppringning",
    )


@staff_page(*CONTACT_OR_COORDINATOR)
async def morning_page(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/morgon: what came in after hours since the last working day closed."""
    ctx = web(request)
    since, queue = await run_sync(
        casework.morning_queue, ctx.session_factory, _scope(request, principal), ctx.profile,
        ctx.now(),
    )
    return render(request, "morning.html", since=since, queue=queue,
                  page_title="Morgonöversikt")


# ---------------------------------------------------------------- the case page


def _version(raw: Optional[str]) -> Optional[int]:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


async def _case_page(
    request: Request,
    principal: Principal,
    reference: str,
    *,
    status: int = 200,
    error: str = "",
    error_field: str = "",
    notice: str = "",
    phone: Optional[str] = None,
) -> HTTPResponse:
    ctx = web(request)
    actor = principal.actor(audit.VIA_WEB)
    detail = await run_sync(
        casework.get_case_detail, ctx.session_factory, _scope(request, principal), reference,
        ctx.profile, actor, ctx.now(),
    )
    transcript_lines = (detail.transcript or "").splitlines()
    targets = [("link:" + link.id, f"Länk: {link.name}") for link in ctx.profile.links]
    targets += [("unit:" + unit.id, f"Enhet: {unit.name}") for unit in ctx.profile.units]
    return render(
        request, "case.html", status=status, case=detail, s=detail.summary,
        transcript_lines=transcript_lines, error=error, error_field=error_field, notice=notice,
        done=present.DONE_SV.get(request.args.get("klart") or "", ""),
        phone=phone, phone_display=format_phone_sv(phone) if phone else "",
        targets=targets, call_outcomes=casework.CALL_OUTCOMES,
        close_outcomes=casework.CLOSE_OUTCOMES, now=ctx.now(),
        page_title=f"Ärende {detail.summary.reference}",
    )


@staff_page(*CONTACT_OR_COORDINATOR)
async def case_page(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """GET /personal/arenden/<reference>: the case (the view is audit-logged)."""
    return await _case_page(request, principal, reference)


@staff_page(*CONTACT_OR_COORDINATOR)
async def case_reveal_phone(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../telefon: show the phone number on this response only; the reveal is logged."""
    ctx = web(request)
    phone = await run_sync(
        casework.reveal_phone, ctx.session_factory, _scope(request, principal), reference,
        principal.actor(audit.VIA_WEB), ctx.now(),
    )
    notice = "" if phone else "Telefonnumret finns inte längre (gallrat eller avbokat)."
    return await _case_page(request, principal, reference, phone=phone, notice=notice)


async def _case_action(
    request: Request,
    principal: Principal,
    reference: str,
    done: str,
    action: Callable[[WebContext, casework.CaseScope, Any], casework.ActionResult],
) -> HTTPResponse:
    ctx = web(request)
    scope = _scope(request, principal)
    actor = principal.actor(audit.VIA_WEB)
    try:
        result = await run_sync(action, ctx, scope, actor)
    except InvalidCaseworkInput as exc:
        return await _case_page(request, principal, reference, status=400, error=exc.message_sv,
                                error_field=exc.field or "")
    except ConcurrentChange:
        return await _case_page(
            request, principal, reference, status=409,
            error="Någon annan har ändrat ärendet medan du hade det öppet. Här är det som det ser "
                  "ut nu; gör om det du ville göra om det fortfarande behövs.",
        )
    except CaseNotChangeable as exc:
        return await _case_page(
            request, principal, reference, status=409,
            error=f"Det går inte i läget \"{present.STATUS_SV.get(exc.status, exc.status)}\".",
        )
    if not result.still_in_scope:
        return response.redirect("/personal/ko?" + urlencode({"klart": done}), status=303)
    return response.redirect(
        f"/personal/arenden/{quote(result.reference)}?" + urlencode({"klart": done}), status=303
    )


@staff_page(*CONTACT_OR_COORDINATOR)
async def case_take(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../ta: take the case."""
    version = _version(request.form.get("version"))
    return await _case_action(
        request, principal, reference, "taken",
        lambda ctx, scope, actor: casework.take_case(
            ctx.session_factory, scope, reference, principal, actor,
            expected_version=version, now=ctx.now(),
        ),
    )


@staff_page(*CONTACT_OR_COORDINATOR)
async def case_call(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../samtal: record a call, reached or not (then a new attempt is planned)."""
    version = _version(request.form.get("version"))
    outcome = request.form.get("outcome") or ""
    raw_next = request.form.get("next_attempt_at")

    def action(ctx: WebContext, scope: casework.CaseScope, actor: Any) -> casework.ActionResult:
        next_at = casework.parse_local_datetime(raw_next) if outcome == "not_reached" else None
        return casework.record_call(
            ctx.session_factory, scope, reference, principal, actor, expected_version=version,
            outcome=outcome, next_attempt_at=next_at, profile=ctx.profile, now=ctx.now(),
        )

    return await _case_action(request, principal, reference, "call", action)


@staff_page(*CONTACT_OR_COORDINATOR)
async def case_forward(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../lotsa-vidare: pass the case to another link or unit, with a reason."""
    version = _version(request.form.get("version"))
    target, reason = request.form.get("target"), request.form.get("reason")
    return await _case_action(
        request, principal, reference, "forwarded",
        lambda ctx, scope, actor: casework.forward_case(
            ctx.session_factory, scope, reference, actor, expected_version=version,
            target=target, reason=reason, profile=ctx.profile, now=ctx.now(),
        ),
    )


@staff_page(*CONTACT_OR_COORDINATOR)
async def case_close(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../avsluta: close with an outcome category."""
    version = _version(request.form.get("version"))
    outcome = request.form.get("outcome")
    return await _case_action(
        request, principal, reference, "closed",
        lambda ctx, scope, actor: casework.close_case(
            ctx.session_factory, scope, reference, actor, expected_version=version,
            outcome=outcome, now=ctx.now(),
        ),
    )


@staff_page(*CONTACT_OR_COORDINATOR)
async def case_note(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../anteckning: add a note."""
    text = request.form.get("text")
    return await _case_action(
        request, principal, reference, "note",
        lambda ctx, scope, actor: casework.add_note(
            ctx.session_factory, scope, reference, actor, text=text, now=ctx.now(),
        ),
    )


# ---------------------------------------------------------------- follow-up figures


def _date_arg(raw: Optional[str], default: date) -> date:
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidCaseworkInput("filter_invalid", "period") from exc


def figures_period(args: Any, now: datetime) -> tuple[date, date]:
    """The period of the figures page: ``fran``/``till`` (inclusive), default the last year."""
    today = now.astimezone(STOCKHOLM).date()
    end = _date_arg(args.get("till"), today)
    start = _date_arg(args.get("fran"), end - timedelta(days=FIGURES_DEFAULT_DAYS - 1))
    if start > end:
        raise InvalidCaseworkInput("filter_invalid", "period")
    return start, end


async def period_figures(request: Request) -> tuple[date, date, followup.Figures]:
    """The figures of the period in the query (``fran``, ``till``), for the page, CSV and API."""
    ctx = web(request)
    start, end = figures_period(request.args, ctx.now())
    figures = await run_sync(
        followup.compute_figures, ctx.session_factory, ctx.profile.id,
        datetime.combine(start, time(0), STOCKHOLM),
        datetime.combine(end + timedelta(days=1), time(0), STOCKHOLM),
        ctx.profile.office_hours,
    )
    return start, end, figures


def _hours_sv(value: Optional[float]) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", ",") + " timmar"


@staff_page("coordinator")
async def figures_page(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/uppfoljning: de-identified figures with charts and tables."""
    ctx = web(request)
    start, end, figures = await period_figures(request)
    groups = [(present.TARGET_GROUP_SV.get(k, k), v) for k, v in figures.by_target_group.items()]
    outcomes = [(present.CLOSE_OUTCOME_SV.get(k, k), v) for k, v in figures.outcomes.items()]
    links = [(present.link_label(ctx.profile, k), v) for k, v in figures.by_link.items()]
    share = figures.after_hours_share
    return render(
        request, "figures.html", f=figures, start=start, end=end, groups=groups,
        outcomes=outcomes, links_rows=links,
        groups_chart=bar_chart("Ärenden per målgrupp", groups) if groups else "",
        outcomes_chart=bar_chart("Avslutade ärenden per utfall", outcomes) if outcomes else "",
        share_text=f"{share * 100:.0f} %" if share is not None else "–",
        median_hours=_hours_sv(figures.first_call_median_hours),
        median_working_hours=_hours_sv(figures.first_call_median_working_hours),
        csv_href="/personal/uppfoljning.csv?" + urlencode({"fran": start.isoformat(),
                                                          "till": end.isoformat()}),
        page_title="Uppföljning",
    )


def figures_csv(figures: followup.Figures, profile: Any, start: date, end: date) -> str:
    """The CSV export: semicolon-separated for Swedish spreadsheets, small counts suppressed."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Mått", "Kategori", "Värde"])
    writer.writerow(["Period", "Från", start.isoformat()])
    writer.writerow(["Period", "Till", end.isoformat()])
    writer.writerow(["Ärenden", "Totalt", figures.total])

    def breakdown(title: str, counts: dict[str, int], label: Callable[[str], str]) -> None:
        for key, value in followup.suppress_small(counts).items():
            writer.writerow([title, label(key), "<5" if value is None else value])

    breakdown("Status", figures.by_status, lambda k: present.STATUS_SV.get(k, k))
    breakdown("Målgrupp", figures.by_target_group, lambda k: present.TARGET_GROUP_SV.get(k, k))
    breakdown("Länk", figures.by_link, lambda k: present.link_label(profile, k))
    breakdown("Utanför kontorstid", {"Utanför kontorstid": figures.after_hours,
                                     "Under kontorstid": figures.total - figures.after_hours},
              lambda k: k)
    breakdown("Utfall", figures.outcomes, lambda k: present.CLOSE_OUTCOME_SV.get(k, k))
    breakdown("Eskalering", {"Eskalerade ärenden": figures.escalated_cases,
                             "Lotsade vidare": figures.forwarded_cases}, lambda k: k)
    enough = figures.first_call_count >= followup.SUPPRESS_BELOW

    def hours(value: Optional[float]) -> str:
        if value is None or not enough:
            return "<5 ärenden" if value is not None else ""
        return f"{value:.1f}".replace(".", ",")

    writer.writerow(["Tid till första samtal", "Median, timmar",
                     hours(figures.first_call_median_hours)])
    writer.writerow(["Tid till första samtal", "Median, arbetstimmar",
                     hours(figures.first_call_median_working_hours)])
    return "\ufeff" + out.getvalue()


@staff_page("coordinator")
async def figures_export(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/uppfoljning.csv: the figures without personal data."""
    ctx = web(request)
    start, end, figures = await period_figures(request)
    await run_sync(
        audit.record_now, ctx.session_factory, principal.actor(audit.VIA_WEB),
        "figures.exported", ctx.profile.id, ctx.now(), start=start.isoformat(),
        end=end.isoformat(),
    )
    body = figures_csv(figures, ctx.profile, start, end)
    filename = f"uppfoljning-{start.isoformat()}-{end.isoformat()}.csv"
    return response.text(
        body, content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# ---------------------------------------------------------------- audit log


@staff_page("coordinator")
async def audit_page(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/logg: who viewed or changed what (newest first)."""
    ctx = web(request)
    reference = (request.args.get("referens") or "").strip().upper() or None
    who = (request.args.get("anvandare") or "").strip().lower() or None
    entries = await run_sync(
        audit.list_entries, ctx.session_factory, ctx.profile.id,
        case_reference=reference, actor=who,
    )
    return render(request, "audit.html", entries=entries, reference=reference or "",
                  who=who or "", page_title="Logg")


# ---------------------------------------------------------------- accounts (admin)


async def _accounts_page(
    request: Request, *, status: int = 200, error: str = "", form: Optional[dict[str, str]] = None
) -> HTTPResponse:
    ctx = web(request)
    users = await run_sync(accounts.list_users, ctx.session_factory, ctx.profile.id)
    done = {
        "created": "Kontot är skapat.", "disabled": "Kontot är avstängt.",
        "enabled": "Kontot är aktiverat.", "password": "Lösenordet är bytt.",
    }.get(request.args.get("klart") or "", "")
    return render(
        request, "accounts.html", status=status, users=users, error=error, done=done,
        form=form or {}, contact_points=ctx.profile.contact_points,
        roles=accounts.ROLES, min_chars=accounts.PASSWORD_MIN_CHARS, page_title="Konton",
    )


@staff_page("admin")
async def accounts_page(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/konton."""
    return await _accounts_page(request)


@staff_page("admin")
async def accounts_create(request: Request, principal: Principal) -> HTTPResponse:
    """POST /personal/konton: create an account."""
    ctx = web(request)
    form = {k: (request.form.get(k) or "").strip() for k in ("username", "role", "contact_point")}
    try:
        await run_sync(
            accounts.create_user, ctx.session_factory, username=form["username"],
            password=request.form.get("password") or "", role=form["role"],
            municipality=ctx.profile.id, contact_point_id=form["contact_point"] or None,
            known_contact_points={cp.id for cp in ctx.profile.contact_points},
            actor=principal.actor(audit.VIA_WEB), now=ctx.now(),
        )
    except AccountError as exc:
        return await _accounts_page(request, status=400, error=exc.message_sv, form=form)
    return response.redirect("/personal/konton?klart=created", status=303)


async def _account_change(
    request: Request, principal: Principal, change: Callable[[WebContext], None], done: str
) -> HTTPResponse:
    ctx = web(request)
    try:
        await run_sync(change, ctx)
    except AccountError as exc:
        status = 404 if exc.reason == "user_unknown" else 400
        return await _accounts_page(request, status=status, error=exc.message_sv)
    return response.redirect(f"/personal/konton?klart={done}", status=303)


@staff_page("admin")
async def account_disable(request: Request, principal: Principal, username: str) -> HTTPResponse:
    """POST /personal/konton/<username>/stang-av: disable; sessions end, tokens stop working."""
    return await _account_change(
        request, principal,
        lambda ctx: accounts.set_user_active(
            ctx.session_factory, username, False, municipality=ctx.profile.id,
            actor=principal.actor(audit.VIA_WEB), now=ctx.now(),
        ),
        "disabled",
    )


@staff_page("admin")
async def account_enable(request: Request, principal: Principal, username: str) -> HTTPResponse:
    """POST /personal/konton/<username>/aktivera."""
    return await _account_change(
        request, principal,
        lambda ctx: accounts.set_user_active(
            ctx.session_factory, username, True, municipality=ctx.profile.id,
            actor=principal.actor(audit.VIA_WEB), now=ctx.now(),
        ),
        "enabled",
    )


@staff_page("admin")
async def account_password(request: Request, principal: Principal, username: str) -> HTTPResponse:
    """POST /personal/konton/<username>/losenord: set a new password (sessions end)."""
    password = request.form.get("password") or ""
    return await _account_change(
        request, principal,
        lambda ctx: accounts.set_password(
            ctx.session_factory, username, password, municipality=ctx.profile.id,
            actor=principal.actor(audit.VIA_WEB), now=ctx.now(),
        ),
        "password",
    )


# ---------------------------------------------------------------- routes


CASE = "/personal/arenden/<reference:str>"


def register(app: Sanic) -> None:
    """Add the page routes to ``app``."""
    routes: list[tuple[Callable[..., Coroutine[Any, Any, HTTPResponse]], str, str, str]] = [
        (chat_page, "/", "GET", "chat_page"),
        (chat_send, "/", "POST", "chat_send"),
        (chat_restart, "/ny-chatt", "POST", "chat_restart"),
        (health, "/health", "GET", "health"),
        (staff_home, "/personal/", "GET", "staff_home"),
        (login_page, LOGIN_PATH, "GET", "login_page"),
        (login_submit, LOGIN_PATH, "POST", "login_submit"),
        (logout, "/personal/logga-ut", "POST", "logout"),
        (queue_page, "/personal/ko", "GET", "queue_page"),
        (morning_page, "/personal/morgon", "GET", "morning_page"),
        (case_page, CASE, "GET", "case_page"),
        (case_reveal_phone, CASE + "/telefon", "POST", "case_reveal_phone"),
        (case_take, CASE + "/ta", "POST", "case_take"),
        (case_call, CASE + "/samtal", "POST", "case_call"),
        (case_forward, CASE + "/lotsa-vidare", "POST", "case_forward"),
        (case_close, CASE + "/avsluta", "POST", "case_close"),
        (case_note, CASE + "/anteckning", "POST", "case_note"),
        (figures_page, "/personal/uppfoljning", "GET", "figures_page"),
        (figures_export, "/personal/uppfoljning.csv", "GET", "figures_export"),
        (audit_page, "/personal/logg", "GET", "audit_page"),
        (accounts_page, "/personal/konton", "GET", "accounts_page"),
        (accounts_create, "/personal/konton", "POST", "accounts_create"),
        (account_disable, "/personal/konton/<username:str>/stang-av", "POST", "account_disable"),
        (account_enable, "/personal/konton/<username:str>/aktivera", "POST", "account_enable"),
        (account_password, "/personal/konton/<username:str>/losenord", "POST",
         "account_password"),
    ]
    for handler, uri, method, name in routes:
        app.add_route(handler, uri, methods=[method], name=name)
