"""The language detector flags only messages that are clearly not Swedish."""

from __future__ import annotations

import pytest

from bot.nlp.language import LANGUAGES, detect_language, is_clearly_not_swedish

SWEDISH = [
    "Hej, min mamma har demens och jag orkar inte längre.",
    "hej min mamma har demens och jag orkar inte langre",
    "Jag tar hand om min pappa som är 86 och bor ensam i Reftele.",
    "jag tar hand om min pappa som ar 86 och bor ensam",
    "Kan någon ringa mig?",
    "kan nagon ringa mig",
    "Vad har jag rätt till?",
    "Min man har parkinson",
    # Second-language Swedish, without å/ä/ö.
    "Hej. Min man dog for 2 ar sedan, han hade parkinson och jag var med honom hela tiden, 9 ar.",
    "jag pratar lite svenska, prata langsamt",
    "Min son ar 19. Han pratar inte med oss langre. Jag ar mamma och jag ar mycket orolig.",
    # Swenglish: a few English words in a Swedish message.
    "Hej, min mamma har demens och jag är helt burned out, vad finns det för support?",
    "Jag känner mig so done med allt, min pappa is sick och ingen hjälper mig",
    "Kan ni ringa mig asap? Det är pretty urgent med min mamma",
    "ok thanks, hej då",
    # Single words and short greetings.
    "hello",
    "Hello!",
    "hi",
    "ok",
    "thanks",
    "Tack",
    "Annika",
    "070-174 06 42",
    "/request_callback",
    "",
    "ja",
    "nej tack",
]


@pytest.mark.parametrize("text", SWEDISH)
def test_swedish_and_short_messages_are_never_flagged(text: str) -> None:
    assert detect_language(text) is None
    assert not is_clearly_not_swedish(text)


OTHER = [
    ("en", "Hi, sorry I don't speak Swedish. My mum lives alone in Nacka and has dementia."),
    ("en", "Hello, can someone help me? My father is very ill."),
    ("en", "I need help with my mother"),
    ("en", "Do you speak English?"),
    ("ar", "مرحبا، أمي مريضة بالخرف وأنا أعتني بها وحدي في البيت. لا أتكلم السويدية جيدا."),
    ("ar", "هل يمكن أن يساعدني أحد؟"),
    ("fa", "سلام، مادرم آلزایمر دارد و من از او مراقبت می‌کنم. سوئدی بلد نیستم. کمک می‌خواهم."),
    ("fi", "Hei, äitini on sairas ja minä hoidan häntä yksin. En puhu ruotsia. Voiko joku auttaa?"),
    ("fi", "hei aitini on sairas ja mina hoidan hanta yksin"),
    ("pl", "Dzień dobry, moja mama jest chora i nie mówię po szwedzku. Czy ktoś może mi pomóc?"),
    ("pl", "dzien dobry moja mama jest chora i nie mowie po szwedzku"),
    ("so", "Salaan, hooyadey waa jiran tahay, waxaan u baahanahay caawimo. Iswiidhish kuma hadlo."),
    ("ti", "ሰላም፡ ኣደይ ሕምምቲ እያ። ሽወደንኛ ኣይዛረብን እየ። ሓገዝ የድልየኒ።"),
    ("uk", "Добрий день, моя мама хворіє, і я доглядаю її сама. Я не розмовляю шведською."),
    ("ru", "Здравствуйте, моя мама болеет, и я ухаживаю за ней одна. Я не говорю по-шведски."),
]


@pytest.mark.parametrize(("language", "text"), OTHER)
def test_other_languages_are_told(language: str, text: str) -> None:
    assert detect_language(text) == language
    assert language in LANGUAGES


def test_a_swedish_name_in_arabic_script_inside_swedish_text_is_swedish() -> None:
    assert detect_language("Min mamma heter مريم och hon har demens, kan någon ringa mig?") is None
