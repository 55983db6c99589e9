"""Lemma exceptions for the lookup lemmatizer.

The spacy-lookups-data table has no part of speech, so frequent function
words get a rare homograph's lemma (har -> hare, med -> mede). These forms
are fixed here; keys and values are folded (no å/ä/ö), as the pipeline
compares folded forms.
"""

from __future__ import annotations

LEMMA_EXCEPTIONS: dict[str, str] = {
    # verbs the table confuses with nouns
    "har": "ha", "hade": "ha", "haft": "ha", "ha": "ha",
    "ar": "vara", "e": "vara", "var": "vara", "varit": "vara", "vara": "vara",
    "blir": "bli", "blev": "bli", "blivit": "bli",
    "kan": "kunna", "kunde": "kunna", "kunnat": "kunna",
    "vill": "vilja", "ville": "vilja", "velat": "vilja",
    "ska": "skola", "skall": "skola", "skulle": "skola",
    "far": "fa", "fick": "fa", "fatt": "fa",
    "gar": "ga", "gick": "ga", "gatt": "ga",
    "orkar": "orka", "orkade": "orka", "orkat": "orka",
    "bor": "bo", "bodde": "bo",
    "dog": "do", "dott": "do", "dor": "do",
    "ringer": "ringa", "ring": "ringa", "ringa": "ringa",
    "super": "supa", "sup": "supa",
    "sover": "sova", "sov": "sova",
    # function words that must stay themselves
    "med": "med", "man": "man", "min": "min", "mitt": "min", "mina": "min",
    "din": "din", "ditt": "din", "dina": "din", "sin": "sin", "sitt": "sin", "sina": "sin",
    "en": "en", "ett": "en", "den": "den", "det": "den", "de": "de", "dom": "de",
    "jag": "jag", "mig": "jag", "mej": "jag", "du": "du", "dig": "du", "dej": "du",
    "han": "han", "honom": "han", "hon": "hon", "henne": "hon", "hen": "hen",
    "vi": "vi", "oss": "vi", "ni": "ni", "er": "ni",
    "inte": "inte", "int": "inte", "ej": "inte", "som": "som", "och": "och", "att": "att",
    "pa": "pa", "i": "i", "av": "av", "for": "for", "till": "till", "om": "om",
    "nar": "nar", "nu": "nu", "sa": "sa", "bara": "bara", "mer": "mer", "mest": "mest",
    "eller": "eller", "men": "men", "ocksa": "ocksa", "nagon": "nagon", "nagot": "nagon",
    "nan": "nagon", "nat": "nagon", "inga": "ingen", "ingen": "ingen", "inget": "ingen",
    "vad": "vad", "vem": "vem", "hur": "hur", "vilken": "vilken",
    "vilket": "vilken", "vilka": "vilken", "kl": "klocka", "tack": "tack", "hej": "hej",
    "mor": "mor", "bror": "bror", "mycket": "mycket", "lite": "lite",
}
