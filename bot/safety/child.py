"""A child at risk, told by a relative or written by the child.

:func:`user_is_child` tells when the user is a child (BRIS is then the line to give); any
danger in a child's message, or one of the words in :data:`CHILD_DANGER`, also makes it a
child at risk.
"""

from __future__ import annotations

import re
from typing import Optional

from bot.nlp.text import squash
from bot.safety.categories import CHILD_AT_RISK, Pattern

PATTERNS: tuple[Pattern, ...] = (
    # Children alone, left for days, or taken away
    (CHILD_AT_RISK, r"\b(barnen|barnet|mina barn|ungarna|lillebror|lillasyster) (ar|e|blir) (ensamma hemma|ensam hemma|i fara|slagna)(?! efter skolan)", True),
    (CHILD_AT_RISK, r"\b(barn|barnen|ungarna|bebisen|\w+aring)\b.{0,30}\bensamma? hemma\b(?! efter skolan)|\blamnat (sina|mina|sin|min|vart|vara) (\w+ )?(barn|barnen|bebis|\w+aring)\b.{0,20}\bensam", True),
    (CHILD_AT_RISK, r"\b(barnet|bebisen|ungen|ett (litet )?barn) (ar|star|sitter) (ensamt|ensam)\b|\b(barnen|barnet|de sma barnen) (ar )?(ensamma|ensamt|ensam) (med|hemma med)\b", True),
    (CHILD_AT_RISK, r"\b(hotar|hotat) att gora (dem|barnen|barnet) illa\b|\bensam hemma med\b", True),
    (CHILD_AT_RISK, r"\bpassar (min|mitt|vara|vart) (\w+ )?(son|dotter|barn|barnbarn)\b.{0,40}\bsvarar (hon |han )?(inte|int)\b|\b(ramlat|ramlade|foll)\b.{0,20}\b(sager (inget|ingenting)|svarar (inte|int))\b|\bbebis\w* ensam\b|\b(lamnat|lamnar) (mig|oss) och (mina|vara) syskon\b", True),
    (CHILD_AT_RISK, r"\btog (med sig )?(min|mitt|vart|vara) (\w+ )?(dotter|son|barn|barnbarn)\b.{0,40}\b(hittar (vi )?(dem|dom) (inte|int)|inte hittar)\b|\b(aldrig|inte) ska fa se (henne|honom) igen\b", True),
    (CHILD_AT_RISK, r"\b(badkaret|badet) med (vart|mitt|min) (barnbarn|barn|bebis)\b|\bmaten ar slut\b.{0,0}|\bensamma i (\w+ )?(dagar|dygn)\b", True),
    (CHILD_AT_RISK, r"\bensamma i (lagenheten|huset) i (\w+ )?(dagar|dygn)\b|\bslar (mitt|mina|vart) barnbarn\b|\bkommer in pa mitt rum pa natterna\b", True),
    # A carer drunk, drugged or unwell with a child, or driving intoxicated
    (CHILD_AT_RISK, r"\b(ar|e) (full|packad|hog|påverkad|paverkad) och (slar|hotar|skriker pa|kastar)", True),
    (CHILD_AT_RISK, r"\b(druckit|full|packad|pavekad|paverkad)\b.{0,40}\b(kort|kor|kora)\b", True),
    (CHILD_AT_RISK, r"\b(full|packad|jattefull|stupfull|drogad|hog)\b.{0,40}\b(barnet|barnen|bebisen|ungarna)\b|\b(tagit droger|drogad|knarkat)\b.{0,40}\b(kor|kora|bil)\b", True),
    (CHILD_AT_RISK, r"\baterfallit\b.{0,60}\b(barnet|barnen|svarar (inte|int))\b|\b(atit|svalt|druckit) av (dem|dom|tabletterna|medicinen)\b|\bvaknar (hon|han|hen) (inte|int)\b", True),
    (CHILD_AT_RISK, r"\b(full|fulla|packad|drogad|valdsam)\b.{0,40}\b(lillebror|lillasyster|barnen|barnet|bebisen|barn)\b|\b(barn|barnen)\b.{0,30}\b(fulla|full|packade)\b", True),
    (CHILD_AT_RISK, r"\b(drogat ner sig|berusad|pavekad|paverkad)\b.{0,60}\b(barnet|treaaring|fyraaring|bebisen|barnen|\w+aring)\b|\b(barnet|barnen) ar (dar|hemma) med (henne|honom)\b", True),
    (CHILD_AT_RISK, r"\b(besatt|battre dod)\b.{0,60}\bensam med\b|\bensam med (henne|honom|bebisen|barnet)\b.{0,10}$|\bmed barnbarnet i bilen\b|\bsager att vi ska do\b", True),
    # A child hit, shaken, abused, lured away, thrown out or without food
    (CHILD_AT_RISK, r"\b(slangt|kastat|slangde|kastade) ut (mig|mej)\b|\bingenstans att (sova|ta vagen)\b", True),
    (CHILD_AT_RISK, r"\b(skakar|skakade|slar|slog|sparkar) (vart|vara|mitt|mina|sitt|sina) (barn|bebis|baby)\b|\bsager att (mamma|pappa|han|hon) slar\b", True),
    (CHILD_AT_RISK, r"\b(barnet|barnen|pojken|flickan)\b.{0,50}\b(i kylan|utan jacka)\b|\bensam i bilen\b|\b(far|fatt) (ingen|inte nagon|inte nan) mat hemma\b|\b(inte|int) (far|fatt) (nagon|nan) mat\b", True),
    (CHILD_AT_RISK, r"\b(vuxen man|aldre man|traffat pa natet)\b.{0,40}\b(akt|aker|svarar|ivag)\b|\b(akt|aker) ivag med en (vuxen|aldre)\b", True),
    (CHILD_AT_RISK, r"\bkora ihjal\b|\bgommer sig\b.{0,40}\b(skriker|slar|kastar|arg|full)\b|\btar pa (mig|mej)\b.{0,30}\b(inte vill|satt)\b", True),
    (CHILD_AT_RISK, r"\b(slar|sparkar|skadar|skakade|skakar) (min|mina|vara|vart|barnen|bebisen|lillebror|lillasyster)( \w+)?\b(?<!\bbarnen slar)", False),
    (CHILD_AT_RISK, r"\b(blir|blev) slag(en|et|na) av\b", False),
    (CHILD_AT_RISK, r"\btog (han |hon )?tag i min hals\b|\bsluta sla (henne|honom|mig)\b|\bge (min|mitt) (lillebror|lillasyster|barn|son|dotter) (sina|sin|hennes|hans) tabletter\b", True),
)

# In a child's message, these words make it a child at risk even without a pattern.
CHILD_DANGER = re.compile(
    r"\b(slar|slagit|slog|radd|gomt|gommer|hotar|hotat|skriker|full|packad|druckit|ingen mat|inte atit|svalter|"
    r"inte fatt (nat|nagot) att ata|ensam(ma)? hemma|inte vaknat|kall och|bilderna|vantar utanfor|himlen|besatt|"
    r"kokande|kor nu|tvingar oss)\b"
)

# The user's stated age, and signs that the user is a child (school, teachers).
CHILD_AGE = re.compile(r"\bjag (ar|e|är|fyller) (\d{1,2})( ar| år|\b)")
CHILD_CUES = re.compile(
    r"\b(jag gar i (ettan|tvaan|trean|fyran|femman|sexan|sjuan|attan|nian|mellanstadiet|hogstadiet|lagstadiet))"
    r"|\b(jag gar pa (hogstadiet|mellanstadiet|lagstadiet))"
    r"|\b(min larare|mina larare|min mentor|skolkuratorn|skolsköterskan|skolskoterskan)\b"
    r"|\b(jag ar ett barn|jag ar barn|jag ar bara barn|jag ar en tonaring)\b"
)


def user_age(text: str) -> Optional[int]:
    """The age the user states about themselves ("jag är 14"), if any."""
    found = CHILD_AGE.search(squash(text))
    if not found:
        return None
    return int(found.group(2))


def user_is_child(text: str) -> bool:
    """Whether the message suggests the user is a child (BRIS is then the line to give)."""
    age = user_age(text)
    if age is not None:
        return age < 18
    return bool(CHILD_CUES.search(squash(text)))
