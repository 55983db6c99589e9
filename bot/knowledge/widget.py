"""The chat widget's look in a municipality profile: title, colours, logo, allowed sites.

The optional ``widget`` section of a profile (documented in ``docs/profile_schema.md``)
themes the widget the municipality embeds on its website. Every colour pair the widget
shows is checked against the WCAG 2.1 contrast ratios: text and links at least 4.5:1
(success criterion 1.4.3), the accent (focus outline, markers) at least 3:1 against
the background (1.4.11). ``allowed_origins`` lists the sites that may call the
widget's API from the browser (CORS).
"""

import math
import re
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

from pydantic import root_validator, validator

from bot.knowledge.fields import StrictModel, check_nonempty

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")
_PATH_PART = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")
LOGO_SUFFIXES = (".svg", ".png", ".webp", ".jpg", ".jpeg")
TITLE_MAX_CHARS = 80

TEXT_CONTRAST = 4.5  # WCAG 2.1, 1.4.3 contrast (minimum), normal text
NON_TEXT_CONTRAST = 3.0  # WCAG 2.1, 1.4.11 non-text contrast

# (foreground field, background field, minimum ratio, what the pair is used for)
CONTRAST_PAIRS: Tuple[Tuple[str, str, float, str], ...] = (
    ("primary_text", "primary", TEXT_CONTRAST, "text on buttons and the header"),
    ("text", "background", TEXT_CONTRAST, "message text"),
    ("primary", "background", TEXT_CONTRAST, "links and focus on the background"),
    ("accent", "background", NON_TEXT_CONTRAST, "focus outline and markers"),
)


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1.0 to 21.0)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def shown_ratio(ratio: float) -> str:
    """A ratio as the message shows it, rounded down (4.499 is "4.49:1", never "4.5:1")."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


def check_color(value: Any) -> str:
    """A colour written as ``#rrggbb`` (quoted in YAML); returned in lower case."""
    if not isinstance(value, str) or not _COLOR.match(value.strip()):
        raise ValueError(f"{value!r} is not a colour: write it as a quoted '#rrggbb', e.g. '#00508a'")
    return value.strip().lower()


def check_origin(value: Any) -> str:
    """An https origin: scheme and host, with a port if needed; no path, query or user."""
    if not isinstance(value, str):
        raise ValueError("write each origin as a string, e.g. https://www.ekero.se")
    raw = value.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"{raw!r} is not an origin: {exc}") from exc
    if parts.scheme != "https":
        raise ValueError(f"{raw!r} is not an https:// origin")
    if parts.path or parts.query or parts.fragment or raw.endswith("?") or raw.endswith("#"):
        raise ValueError(
            f"{raw!r} has a path: an origin is only https:// and the host, e.g. https://www.ekero.se"
        )
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{raw!r} has a user name: an origin is only https:// and the host")
    host = parts.hostname or ""
    if not _HOST.match(host):
        raise ValueError(f"{raw!r} has no valid host name")
    return f"https://{host}" + (f":{port}" if port not in (None, 443) else "")


def check_logo(value: Optional[str]) -> Optional[str]:
    """A file under the web app's static folder (``bot/web/static/``), e.g. ``logos/ekero.svg``."""
    if value is None:
        return None
    parts = value.split("/")
    if not all(_PATH_PART.match(part) and part != ".." for part in parts):
        raise ValueError(
            f"{value!r} is not a path under the web app's static files (e.g. logos/ekero.svg)"
        )
    if not value.lower().endswith(LOGO_SUFFIXES):
        raise ValueError(f"{value!r}: a logo is a {', '.join(LOGO_SUFFIXES)} file")
    return value


class WidgetColors(StrictModel):
    """The widget's colours as ``#rrggbb``; every pair it shows is contrast-checked."""

    primary: str = "#00508a"
    primary_text: str = "#ffffff"
    background: str = "#ffffff"
    text: str = "#1b1b1b"
    accent: str = "#b15900"

    _color = validator(
        "primary", "primary_text", "background", "text", "accent", pre=True, allow_reuse=True,
    )(check_color)

    @root_validator(skip_on_failure=True)
    def _contrast(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        problems = contrast_problems(values)
        if problems:
            raise ValueError("; ".join(problems))
        return values


def contrast_problems(colors: Dict[str, Any]) -> List[str]:
    """One message per colour pair below its minimum, naming both fields and the ratio."""
    problems: List[str] = []
    for front, back, minimum, use in CONTRAST_PAIRS:
        ratio = contrast_ratio(colors[front], colors[back])
        if ratio < minimum:
            problems.append(
                f"{front} ({colors[front]}) on {back} ({colors[back]}) has a contrast ratio of "
                f"{shown_ratio(ratio)}, at least {minimum:g}:1 is needed ({use})"
            )
    return problems


class WidgetTheme(StrictModel):
    """The ``widget`` section of a profile; every field has a default."""

    title: Optional[str] = None  # default: "Anhöriglotsen – <municipality name>"
    colors: WidgetColors = WidgetColors()
    logo: Optional[str] = None
    privacy_url: Optional[str] = None
    allowed_origins: List[str] = []

    _logo = validator("logo", allow_reuse=True)(check_logo)
    _origin = validator("allowed_origins", each_item=True, pre=True, allow_reuse=True)(check_origin)

    @validator("title")
    def _title(cls, value: Optional[str]) -> Optional[str]:
        if value is None:
            return None
        check_nonempty(value)
        if len(value) > TITLE_MAX_CHARS:
            raise ValueError(f"is {len(value)} characters; at most {TITLE_MAX_CHARS} fit the header")
        return value

    @validator("privacy_url")
    def _privacy_url(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not (value.startswith("https://") and len(value) > len("https://")):
            raise ValueError("privacy_url must be an https:// address")
        return value

    @validator("allowed_origins")
    def _unique_origins(cls, value: List[str]) -> List[str]:
        seen = set()
        for index, origin in enumerate(value):
            if origin in seen:
                raise ValueError(f"[{index}]: {origin!r} is listed twice")
            seen.add(origin)
        return value
