"""Possible danger: indirect talk of wanting to die or disappear, and hopelessness.

These messages are not acute on their face ("jag vill bara försvinna", "ingen idé längre"),
but they may hide thoughts of suicide. They get a warm, direct check-in question instead of
the emergency reply; the answer decides what follows. The acute net (:mod:`bot.safety.net`)
always runs first and wins: a message it flags is acute, whatever this module says.

Patterns are searched in the folded text (:func:`bot.nlp.text.squash`, so with and without
å/ä/ö), grouped by what they catch. The context rules are those of the acute net
(:mod:`bot.safety.context`), applied more strictly because nothing here is acute: a long-past
marker or a question about support silences every pattern, a denial right before a match
silences it, and figures of speech do not count. Leisure ("försvinna en vecka på semester")
and practical futility ("ingen idé att ringa dem") are ruled out in the patterns themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlp.text import squash
from bot.safety.context import DENIED, HYPERBOLE, LONG_PAST, SUPPORT_QUESTION
from bot.safety.vocabulary import KIN_WORD

# Who the talk is about: the user ("self") or someone else, mostly the cared-for person.
SELF = "self"
OTHER = "other"

# What may follow "försvinna" when it means getting away for a while, not vanishing.
_AWAY = (
    r"(?! (en |ett |nagra |ett par |nan |pa |till |hemifran|utomlands|bort|harifran|ut |"
    r"i \w+ (dagar|veckor|timmar)|under (en|ett|helgen|sommaren)|over (helgen|natten)|ifran (stan|jobbet)))"
)

PATTERNS: tuple[str, ...] = (
    # Wanting to disappear, not to exist, to sleep and not wake up
    rf"\b(vill|ville|vell) ((jag|ja) )?(bara |helst |mest |nastan )?forsvinna\b{_AWAY}",
    r"\b(vill|ville) (bara |helst )?(sluta finnas|inte finnas till|slippa finnas|slippa leva|slippa vakna)\b",
    r"\b(onskar|onskade) (att )?(jag|ja) (kunde |bara )?(forsvinna|forsvann|inte fanns|aldrig hade fotts|var dod|slapp vakna)\b",
    r"\b(skont|skulle vara skont|vore skont|hade varit skont) (att |om jag )?(fa )?(somna|sova|forsvinna|forsvann|slippa vakna|inte vakna|inte finnas|slippa allt)\b",
    r"\b(vill|ville) (bara )?(sova|somna) (och )?(aldrig|inte) (mer |nagonsin )?vakna\b",
    r"\bslippa (vakna|leva|finnas)\b",
    # Cannot go on with life (not the everyday "jag orkar inte mer")
    r"\b(orkar|klarar|pallar) (inte|int|inte langre) (mer |langre )?(med )?(livet|att leva|leva|finnas|vara med)\b",
    r"\b(livet|tillvaron) (ar|kanns) (inte |bara )?(vart att leva|meningslost|hopplost|over|slut)\b",
    r"\binte (vart|varde) att leva\b",
    # No point any more, the only way (out)
    r"\b(ingen|inte nan|inte nagon) (ide|mening|poang) (langre|lange|alls langre)\b"
    r"(?! (att|med att) (ringa|soka|ansoka|fraga|skriva|mejla|vanta|prova|forsoka|boka|ga dit|kontakta|ta kontakt))",
    r"\b(ingen|inte nan|inte nagon) (ide|mening|poang) (att|med att) (leva|fortsatta|kampa|finnas|ga vidare|hoppas|forsoka mer)\b",
    r"\bdet enda (sattet|utvagen|vagen ut|jag kan gora)\b"
    r"(?! (att|for att) (ringa|boka|soka|ansoka|kontakta|mejla|skriva|na|komma i kontakt|fa tag|fa hjalp|fa stod|fa svar|fa en tid|fa plats|fa hemtjanst|fa avlosning|fa ett beslut)\b)",
    r"\b(enda|sista) utvagen\b",
    # Hopelessness: no way out, no future
    r"\b(jag|ja) ser (ingen|inte nan|inte nagon) (utvag|losning pa livet|framtid|vag ut|anledning att (fortsatta|leva))\b",
    r"\b(allt|alltihop) (ar|kanns) (bara )?(hopplost|meningslost|svart)\b(?! med)",
    r"\bingen framtid (for|at) (mig|mej)\b|\bdet finns inget (hopp|kvar for mig)\b",
    # A burden to the others, better off without
    r"\b(alla|de|dom|familjen|barnen|han|hon|hen) (skulle|hade) (ha det |klara sig |ma )?(battre|lattare) utan (mig|mej)\b",
    r"\b(jag|ja) ar (bara )?(en borda|i vagen) for (alla|er|dem|dom|familjen|barnen)\b",
    r"\b(ingen|ingen skulle) (bry sig|marka|sakna mig) om (jag|ja) (forsvann|inte fanns|var borta)\b",
    # Death on one's mind, death talked about (the user or the cared-for person)
    r"\b(tanker|tanka|funderar|grubblar) (mycket |ofta |hela tiden |jamt )?pa (doden|att do|att inte finnas)\b",
    r"\bdodslangtan\b|\blangtar (efter att fa do|bort fran allt|efter doden)\b",
    # (not "pratar om döden": old people planning their funeral are no sign of danger)
    r"\b(pratar|talar|tjatar|skriver) (mycket |ofta |bara |hela tiden |jamt )?om (att fa somna|att fa do|att slippa leva|att forsvinna)\b",
    # English inside Swedish chat
    r"\b(i )?(just )?(want|wanna) to (disappear|vanish|not exist)\b|\bno point (anymore|any more|in living)\b"
    r"|\b(cant|can't|cannot) go on\b",
)
_COMPILED = tuple(re.compile(p) for p in PATTERNS)

# Figures of speech that only this tier needs: shame, wanting to hide.
_FIGURE = re.compile(
    r"\b(sjunka genom jorden|forsvinna (av skam|under (tacket|filten|en filt)|ner i ett hal))\b"
    r"|\b(skams|pinsamt|genant)\b.{0,30}\bforsvinna\b|\bforsvinna\b.{0,30}\b(av skam|skams)\b"
)
# Where one sentence ends and the next begins.
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
# Leisure right after "försvinna": the rest of the sentence talks of a trip or a break.
_LEISURE = re.compile(r"\b(semester|resa|stugan|ledig|helg\w*|weekend|spa|solen|landet|fjallen|sjon|resan)\b")
# A denial of this tier ("inte för att jag vill försvinna", "inte så att jag ser ingen utväg").
_NOT_THAT = re.compile(r"\b(inte (for att|sa att|sa att jag)|aldrig)\s+(\w+\s+){0,3}$")
# Someone else as the subject: the last such word before the match decides who it is about.
_SUBJECT = re.compile(rf"\b(jag|ja|mig|mej|han|hon|hen|{KIN_WORD}|min {KIN_WORD}|mitt barn)\b")


@dataclass(frozen=True)
class PossibleAssessment:
    """What the possible-danger tier found in one message."""

    matched: tuple[str, ...] = ()
    about: str = SELF

    @property
    def is_possible(self) -> bool:
        """Whether the message may hide thoughts of suicide."""
        return bool(self.matched)

    @property
    def about_other(self) -> bool:
        """Whether the talk is about someone else, mostly the cared-for person."""
        return self.about == OTHER


def _about(folded: str, start: int) -> str:
    """Whether the words before a match speak of the user or of someone else."""
    subjects = [m.group(1) for m in _SUBJECT.finditer(folded[max(0, start - 60) : start])]
    if not subjects:
        return SELF
    return SELF if subjects[-1] in {"jag", "ja", "mig", "mej"} else OTHER


def assess_possible(text: str) -> PossibleAssessment:
    """Find indirect talk of wanting to die, disappear or of hopelessness in a message."""
    # A question about support ("finns det stöd för anhöriga till någon som ...") or a long
    # past silences the sentence it is in, not the others of the message.
    folded = " ".join(
        sentence for sentence in _SENTENCE_END.split(squash(text))
        if not (LONG_PAST.search(sentence) or SUPPORT_QUESTION.search(sentence))
    )
    if not folded:
        return PossibleAssessment()
    hyperbole = [m.span() for m in HYPERBOLE.finditer(folded)] + [m.span() for m in _FIGURE.finditer(folded)]
    matched: list[str] = []
    about = SELF
    for pattern in _COMPILED:
        found = pattern.search(folded)
        if found is None or any(start <= found.start() < end for start, end in hyperbole):
            continue
        before = folded[max(0, found.start() - 40) : found.start()]
        if DENIED.search(before) or _NOT_THAT.search(before):
            continue
        if "forsvinn" in found.group(0) and _LEISURE.search(folded[found.end() : found.end() + 50]):
            continue  # "jag vill bara försvinna till stugan i helgen"
        if not matched:
            about = _about(folded, found.start())
        matched.append(found.group(0))
    return PossibleAssessment(tuple(matched), about if matched else SELF)
