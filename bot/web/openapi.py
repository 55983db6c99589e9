"""The OpenAPI 3 description of API v1, served at ``/api/v1/openapi.json``.

Written by hand so that it documents what matters (fields, errors,
concurrency), and kept in step with the registered routes by a test
(``tests/web/test_openapi.py``) that fails when a route is missing here or
a path here has no route.
"""

from __future__ import annotations

from typing import Any

from bot.callbacks.cases import REFERENCE_ALPHABET
from bot.staff.casework import CALL_OUTCOMES, CLOSE_OUTCOMES
from bot.staff.queue import STATUS_FILTERS
from bot.storage.models import CaseStatus

API_VERSION = "1.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


_DATETIME = {"type": "string", "format": "date-time",
             "description": "ISO 8601 with UTC offset, Stockholm time"}
_ERRORS = {
    "400": {"description": "Bad input", "content": {"application/json": {"schema": _ref("Error")}}},
    "401": {"description": "No or wrong bearer token",
            "content": {"application/json": {"schema": _ref("Error")}}},
    "403": {"description": "The token's role may not do this",
            "content": {"application/json": {"schema": _ref("Error")}}},
    "404": {"description": "Unknown reference, or a case outside the token's scope (the same)",
            "content": {"application/json": {"schema": _ref("Error")}}},
}
_CONFLICT = {
    "409": {"description": "The case changed since `version` was read, or its status does "
                           "not allow this", "content": {"application/json": {"schema": _ref("Error")}}},
}
_REFERENCE = {
    "name": "reference", "in": "path", "required": True,
    "schema": {"type": "string",
               "pattern": f"^[{REFERENCE_ALPHABET}{REFERENCE_ALPHABET.lower()}]{{6}}$"},
    "description": "The case reference the relative was given (case-insensitive)",
}
_VERSION = {"type": "integer", "description": "The case's `version` as last read"}


def _action(summary: str, body: dict[str, Any], required: list[str], ok: str = "200") -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "parameters": [_REFERENCE],
        "requestBody": {
            "required": bool(required),
            "content": {"application/json": {"schema": {
                "type": "object", "properties": body, "required": required,
            }}},
        },
        "responses": {
            ok: {"description": "Done", "content": {"application/json": {"schema": _ref("ActionResult")}}},
            **_ERRORS, **_CONFLICT,
        },
    }
    return {"post": operation}


def openapi_spec() -> dict[str, Any]:
    """The OpenAPI document as a dict."""
    case_summary = {
        "type": "object",
        "required": ["reference", "status", "link_id", "contact_point_id", "target_group",
                     "slot_start", "slot_end", "after_hours", "created_at", "version"],
        "properties": {
            "reference": {"type": "string"},
            "status": {"type": "string", "enum": [s.value for s in CaseStatus]},
            "link_id": _nullable({"type": "string"}),
            "contact_point_id": _nullable({"type": "string", "description": "current assignee"}),
            "unit_id": _nullable({"type": "string"}),
            "target_group": _nullable({"type": "string"}),
            "district": _nullable({"type": "string"}),
            "slot_start": _nullable(_DATETIME),
            "slot_end": _nullable(_DATETIME),
            "after_hours": {"type": "boolean"},
            "created_at": _DATETIME,
            "updated_at": _DATETIME,
            "taken_at": _nullable(_DATETIME),
            "taken_by": _nullable({"type": "string"}),
            "next_attempt_at": _nullable(_DATETIME),
            "escalation_level": {"type": "integer"},
            "overdue": {"type": "boolean"},
            "overdue_reason": _nullable({"type": "string", "enum": [
                "window_passed", "attempt_due", "not_taken_in_time"]}),
            "version": {"type": "integer", "description": "send it back with actions"},
        },
    }
    history_entry = {
        "type": "object",
        "properties": {
            "at": _DATETIME,
            "kind": {"type": "string"},
            "actor": {"type": "string"},
            "detail": {"type": "object"},
            "text": _nullable({"type": "string", "description": "note or reason text"}),
        },
    }
    case_detail = {
        "allOf": [_ref("CaseSummary"), {
            "type": "object",
            "properties": {
                "consent": {"type": "boolean"},
                "transcript_consent": {"type": "boolean"},
                "has_phone": {"type": "boolean"},
                "situation_summary": _nullable({"type": "string"}),
                "name": _nullable({"type": "string"}),
                "message": _nullable({"type": "string"}),
                "transcript": _nullable({"type": "string",
                                         "description": "masked; only with consent"}),
                "history": {"type": "array", "items": _ref("HistoryEntry")},
            },
        }],
    }
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {
            "title": "Anhöriglotsen staff API",
            "version": API_VERSION,
            "description": (
                "The callback queue of the staff dashboard. Bearer tokens from "
                "`anhoriglots token create USERNAME`; each acts with its user's role "
                "(contact: the cases of its unit; coordinator: all cases of the "
                "municipality). Every read of a case and every action is audit-logged."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/openapi.json": {"get": {
                "summary": "This description", "security": [],
                "responses": {"200": {"description": "OpenAPI 3 document"}},
            }},
            "/api/v1/cases": {"get": {
                "summary": "The queue: overdue first, then by booked time",
                "parameters": [
                    {"name": "link", "in": "query", "schema": {"type": "string"}},
                    {"name": "unit", "in": "query", "schema": {"type": "string"}},
                    {"name": "status", "in": "query",
                     "schema": {"type": "string", "enum": list(STATUS_FILTERS), "default": "open"}},
                    {"name": "after_hours", "in": "query", "schema": {"type": "boolean"}},
                ],
                "responses": {
                    "200": {"description": "Cases and counts per status", "content": {
                        "application/json": {"schema": {
                            "type": "object",
                            "properties": {
                                "cases": {"type": "array", "items": _ref("CaseSummary")},
                                "counts": {"type": "object",
                                           "additionalProperties": {"type": "integer"}},
                            },
                        }},
                    }},
                    **_ERRORS,
                },
            }},
            "/api/v1/cases/{reference}": {"get": {
                "summary": "One case with its history (audit-logged: it holds personal data)",
                "parameters": [_REFERENCE],
                "responses": {
                    "200": {"description": "The case",
                            "content": {"application/json": {"schema": _ref("CaseDetail")}}},
                    **_ERRORS,
                },
            }},
            "/api/v1/cases/{reference}/take": _action(
                "Take the case", {"version": _VERSION}, ["version"]),
            "/api/v1/cases/{reference}/call": _action(
                "Record a call",
                {"version": _VERSION,
                 "outcome": {"type": "string", "enum": list(CALL_OUTCOMES)},
                 "next_attempt_at": {**_DATETIME, "description":
                                     "not_reached only; default two office hours later"}},
                ["version", "outcome"]),
            "/api/v1/cases/{reference}/forward": _action(
                "Pass the case on (lotsa vidare) to a referral link or a unit",
                {"version": _VERSION, "link_id": {"type": "string"},
                 "unit_id": {"type": "string"},
                 "reason": {"type": "string", "minLength": 3, "maxLength": 500}},
                ["version", "reason"]),
            "/api/v1/cases/{reference}/close": _action(
                "Close the case with an outcome category",
                {"version": _VERSION, "outcome": {"type": "string", "enum": list(CLOSE_OUTCOMES)}},
                ["version", "outcome"]),
            "/api/v1/cases/{reference}/notes": _action(
                "Add a note (no version needed: notes only append)",
                {"text": {"type": "string", "maxLength": 2000}}, ["text"], ok="201"),
            "/api/v1/cases/{reference}/phone": {"post": {
                "summary": "Reveal the relative's phone number (audit-logged)",
                "parameters": [_REFERENCE],
                "responses": {
                    "200": {"description": "The number, or null once purged", "content": {
                        "application/json": {"schema": {"type": "object", "properties": {
                            "reference": {"type": "string"},
                            "phone": _nullable({"type": "string", "description": "E.164"}),
                            "phone_display": _nullable({"type": "string"}),
                        }}},
                    }},
                    **_ERRORS,
                },
            }},
            "/api/v1/figures": {"get": {
                "summary": "Follow-up figures (coordinators): de-identified counts",
                "parameters": [
                    {"name": "fran", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "till", "in": "query", "schema": {"type": "string", "format": "date"}},
                ],
                "responses": {"200": {"description": "Figures of the period"}, **_ERRORS},
            }},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "CaseSummary": case_summary,
                "CaseDetail": case_detail,
                "HistoryEntry": history_entry,
                "ActionResult": {"type": "object", "properties": {
                    "reference": {"type": "string"},
                    "status": {"type": "string"},
                    "version": {"type": "integer"},
                    "contact_point_id": _nullable({"type": "string"}),
                    "visible_to_you": {"type": "boolean",
                                       "description": "false when the case left your scope"},
                }},
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message"], "properties": {
                        "code": {"type": "string"},
                        "message": {"type": "string", "description": "Swedish, for people"},
                        "field": _nullable({"type": "string"}),
                        "current_version": {"type": "integer"},
                        "case_status": {"type": "string"},
                    },
                }}},
            },
        },
    }
    return spec
