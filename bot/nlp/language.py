"""Tell a message that is clearly not Swedish, without any downloaded model.

Relatives write in Swedish, in Swedish without å/ä/ö, in second-language
Swedish and in Swenglish; all of that is Swedish here. Only a message that is
*clearly* in another language is flagged:

- by script: Arabic, Persian (Arabic script with Persian letters), Tigrinya
  (Ethiopic script), Ukrainian and Russian (Cyrillic; Ukrainian by its own letters);
- by stop words, for Latin script: English, Finnish, Polish and Somali. The
  message needs at least three words, at least three stop words of the
  language, and far more of them than Swedish stop words.

A single word ("hello", "ok") is never flagged, nor is a Swedish message with
a few English words in it. :func:`detect_language` returns None for Swedish
and for anything it is not sure of, so the caller's default is Swedish.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Dict, FrozenSet, Optional

from bot.nlp.text import fold

logger = logging.getLogger(__name__)

# ISO 639-1 codes of the languages told apart (Tigrinya: "ti").
LANGUAGES: FrozenSet[str] = frozenset({"en", "fi", "pl", "so", "ar", "fa", "ti", "uk", "ru"})

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

# Latin-script languages: stop words and very common words, compared folded (å/ä/ö -> a/o).
# Words that are also Swedish once folded ("i", "at" = åt, "do" = dö, "for" = för,
# "an" = än, "man", "be", "ja", "se", "in", "na" = nå) are left out on purpose.
_STOP_WORDS: Dict[str, FrozenSet[str]] = {
    "en": frozenset(
        """the and is are was were my mum mom mother father dad you your she he her his him
        it its we they them has have had been will would could can can't cannot not don't
        doesn't i'm i've it's what who how where when which why this that there these with
        about from very please help need needs speak english swedish sorry hello hi thanks
        thank of to on or but if so live lives living alone our any someone anyone talk me
        does did am just only also because really worried""".split()
    ),
    "fi": frozenset(
        """etta mina ma han mutta kun ole olen ei en aiti aitini isa isani minun hanen voi
        voiko kuin tai myos ovat oli olla mita miten apua kanssa jos niin nyt puhu puhun
        ruotsia suomea suomeksi hoidan hoitaa on hei kiitos onko joka tama tata siita
        minulla hanella meilla asuu yksin sairas tarvitsen tarvitsee kunta kunnan""".split()
    ),
    "pl": frozenset(
        """jest nie sie się ze że w z czy jak co ale tak bardzo pomoc pomocy mowie mówię po
        szwedzku ktos ktoś moze może ktory który ktora która ma ja jej jego przez dla od moja
        moj mój mama mamy jestem mam tata mieszka sama sam prosze proszę dzien dzień dobry
        dziekuje dziękuję potrzebuje potrzebuję choruje gminy gmina""".split()
    ),
    "so": frozenset(
        """waa iyo ku ka la aan ayaa waxaan hooyo hooyadey hooyadii aabe aabbahay uu ay wax
        caawimo caawin kaalmo iga ii qof jiran waxay ahay ah kuma hadlo af iswiidhish
        soomaali xanuun si oo kale baan ugu aad badan waan qofna ma kaa igu salaan""".split()
    ),
}

# Swedish stop words, folded: they count against every other Latin-script language.
_SWEDISH: FrozenSet[str] = frozenset(
    """och att det som en ett pa ar jag min mitt mina har inte med for till av om hon han hen
    vi de dem den kan vill ska mamma pappa hur vad var nar eller men sa hjalp stod kommun
    kommunen bor mig dig du hej tack nagon ocksa mycket bara efter sedan sen hemma ensam
    orkar far finns nagot kanske tror ni er hans hennes sin sitt sina mer eftersom ingen
    aldrig alltid gammal sjuk demens hjalper tar hand""".split()
)

# Polish letters Swedish never uses; each word with one counts as a Polish stop word.
_POLISH_LETTERS = frozenset("ąęłńśźżć")
# Letters (and forms: Persian yeh and keheh) Persian writes and Arabic does not, and the reverse.
_PERSIAN_LETTERS = frozenset("پچژگیک")
_ARABIC_LETTERS = frozenset("يكةى")
# Ukrainian letters not used in Russian, and the reverse.
_UKRAINIAN_LETTERS = frozenset("іїєґ")

_MIN_WORDS = 3
_MIN_STOP_WORDS = 3
_MIN_SCRIPT_LETTERS = 3


def _script(char: str) -> Optional[str]:
    """The script of one letter: 'arabic', 'ethiopic', 'cyrillic', 'latin' or None."""
    code = ord(char)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF:
        return "ethiopic"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if char.isalpha() and unicodedata.name(char, "").startswith("LATIN"):
        return "latin"
    return None


def _by_script(text: str) -> Optional[str]:
    """The language of a message mostly written in a non-Latin script, if any."""
    counts: Dict[str, int] = {}
    for char in text:
        script = _script(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    letters = sum(counts.values())
    if not letters:
        return None
    script, count = max(counts.items(), key=lambda item: item[1])
    if script == "latin" or count < _MIN_SCRIPT_LETTERS or count * 2 < letters:
        return None
    lowered = text.lower()
    if script == "arabic":
        persian = sum(1 for char in text if char in _PERSIAN_LETTERS)
        arabic = sum(1 for char in text if char in _ARABIC_LETTERS)
        return "fa" if persian > arabic else "ar"
    if script == "ethiopic":
        return "ti"
    return "uk" if any(char in _UKRAINIAN_LETTERS for char in lowered) else "ru"


def _by_stop_words(text: str) -> Optional[str]:
    """The Latin-script language whose stop words clearly dominate, if any."""
    raw_words = [word.lower().replace("’", "'") for word in _WORD.findall(text)]
    if len(raw_words) < _MIN_WORDS:
        return None
    words = [fold(word) for word in raw_words]
    swedish = sum(1 for word in words if word in _SWEDISH)
    hits = {
        language: sum(1 for word in words if word in stops)
        for language, stops in _STOP_WORDS.items()
    }
    hits["pl"] += sum(
        1 for word in raw_words
        if word not in _STOP_WORDS["pl"] and any(char in _POLISH_LETTERS for char in word)
    )
    language, best = max(hits.items(), key=lambda item: item[1])
    if best < _MIN_STOP_WORDS:
        return None
    if best < 3 * swedish or best * 4 < len(words):
        return None
    second = max(count for other, count in hits.items() if other != language)
    if best < 2 * second:
        return None
    return language


def detect_language(text: str) -> Optional[str]:
    """The language code of a message that is clearly not Swedish; None otherwise."""
    if not text or text.startswith("/"):
        return None
    text = unicodedata.normalize("NFC", text)
    return _by_script(text) or _by_stop_words(text)


def is_clearly_not_swedish(text: str) -> bool:
    """True when :func:`detect_language` is sure the message is in another language."""
    return detect_language(text) is not None
