"""A plea for help now that names no kind of danger ("skynda er", "det är akut")."""

from __future__ import annotations

from bot.safety.categories import URGENT, Pattern

PATTERNS: tuple[Pattern, ...] = (
    # Hurry, acute, help me now
    (URGENT, r"\bskynda (er|dig|pa)\b|^hjalp nu\b", True),
    (URGENT, r"^akut\b(?! fraga)|\bdet ar akut\b|\bakut hjalp\b|\bhjalp mig nu\b|\bdet ar brattom\b|\bsnalla hjalp\b", True),
)
