"""Swedish texts of the embeddable chat widget and of the example municipal page.

The widget's script holds only keys: the page that embeds it renders these
texts into a ``data-texts`` attribute of the widget's element (see
:mod:`bot.web.widget_pages`). ``{name}``, ``{minutes}`` and similar are filled
in by the script.
"""

from __future__ import annotations

WIDGET_TEXTS: dict[str, str] = {
    "launcher": "Chatta med Anhöriglotsen",
    "shortcut": "Alt+Skift+C",
    "shortcut_help": "Kortkommando: Alt+Skift+C öppnar och stänger chatten. Esc stänger den.",
    "title": "Anhöriglotsen",
    "subtitle": "Chatten är inte bemannad. Svaren kommer från en digital assistent.",
    "emergency": "Akut? Ring 112",
    "close": "Stäng chatten",
    "log_label": "Samtalet",
    "you": "Du",
    "bot": "Anhöriglotsen",
    "empty": "Skriv till exempel ”Jag tar hand om min mamma som har demens” eller bara ”Hej”.",
    "input_label": "Ditt meddelande",
    "input_hint": "Skriv inte personnummer. Enter skickar, Skift+Enter ger en ny rad.",
    "send": "Skicka",
    "quick_replies": "Svarsalternativ",
    "quick_replies_hint": "Svarsalternativen finns efter samtalet.",
    "typing": "Anhöriglotsen skriver …",
    "error_empty": "Skriv ett meddelande först.",
    "error_too_long": "Meddelandet är för långt. Skriv högst {max} tecken.",
    "pending": "Skickas när du är uppkopplad igen",
    "not_sent": "Inte skickat",
    "offline": "Du är inte uppkopplad. Det du skriver sparas och skickas när anslutningen är tillbaka.",
    "unavailable": "Jag kan inte svara just nu. Försök igen om en stund.",
    "unavailable_call": "Vill du prata med någon nu kan du ringa:",
    "emergency_line": "Vid akut fara: ring 112",
    "unit_line": "{name}: {phone}",
    "example_number": "(exempelnummer)",
    "privacy": "Så hanterar vi dina uppgifter",
    "full_page": "Öppna chatten i helsida",
    "end": "Avsluta och radera",
    "end_question": "Vill du avsluta samtalet och radera det du har skrivit?",
    "end_yes": "Ja, avsluta och radera",
    "end_no": "Nej, fortsätt chatta",
    "end_done": "Samtalet är avslutat och raderat.",
    "end_kept": "Det här sparas:",
    "end_nothing_kept": "Inget från samtalet sparas.",
    "end_failed": "Samtalet kunde inte raderas just nu. Försök igen om en stund.",
    "timeout_warning": "Samtalet avslutas om {minutes} minut om du inte skriver något.",
    "timeout_warning_plural": "Samtalet avslutas om {minutes} minuter om du inte skriver något.",
    "extend": "Fortsätt samtalet",
    "extended": "Samtalet fortsätter.",
    "expired": "Samtalet avslutades eftersom ingen skrev på en stund. Skriv igen för att börja ett nytt.",
}

# What the example page at /exempel says about itself.
EXAMPLE_NOTE = (
    "Det här är en exempelsida. Den visar hur chatten kan bäddas in på kommunens webbplats."
)
EXAMPLE_TITLE = "Stöd till anhöriga"
# The privacy notice: /personuppgifter, where the widget links by default, and the example's copy.
PRIVACY_TITLE = "Så hanterar chatten dina uppgifter"
