"""A missing person, typically someone with dementia who has walked away.

The combination rule (:data:`GONE` with :data:`GONE_CONTEXT`) catches a person who is gone
in a message that also names dementia, the night or the cold: either part alone is not enough.
"""

from __future__ import annotations

import re

from bot.safety.categories import MISSING, Pattern
from bot.safety.vocabulary import KIN_WORD, PERSON

PATTERNS: tuple[Pattern, ...] = (
    # Gone and not found: disappeared, cannot be found, nobody knows where
    (MISSING, rf"\b{PERSON} (ar |har )?(forsvunnen|forsvunnit|forsvann|kommit bort|gatt vilse|gick vilse)\b(?! lite| i huvudet| in i| i affaren| i butiken)", False),
    (MISSING, rf"\b(hittar|hitta) (inte|int) {PERSON}\b(?!s )", True),
    (MISSING, r"\b(hittar|hitta) (inte|int) (honom|henne|hen)\b", True),
    (MISSING, rf"\bvet (inte|int) (var|vart) {PERSON} (ar|e|tagit vagen|har tagit vagen|gatt)\b", True),
    (MISSING, rf"\b(letar|letat|soker|sokt) (efter|overallt efter) ({PERSON}|honom|henne)\b", True),
    (MISSING, r"\b(har letat|letat i|letar overallt|letat overallt|sprungit ivag|sprang ivag)\b(?! efter \w+s )", True),
    (MISSING, r"\b((inte hittar|hittar inte) hem(?! langre| ibland| sjalv| alltid| jamt)|vet (inte|int) var (hon|han|hen) ar|ingen vet (var|vart) (hon|han|hen))\b", True),
    (MISSING, r"(?<!\bjag )\b((ar|var) inte hemma|inte i (sin|sin egen) sang|inte (nagonstans|nanstans) i (huset|lagenheten)|inte finns pa (avdelningen|boendet|rummet))\b", True),
    (MISSING, r"\b(har inte hittat|hittar (inte|int)) (honom|henne|hen)\b|\b(hunden|katten) kom hem (sjalv|ensam)\b|\bkom (hunden|katten) hem\b", True),
    (MISSING, r"\b(inte|int) synts till\b|\b(ar|e) (\w+ )?(inte|int) (inne|har|hemma)\b.{0,50}\b(kallt|minus|morkt|natt|sno|dement|demens|jackan|rullatorn|dorren)\b|\bborta fran (aldreboendet|boendet|lagenheten|sin lagenhet|avdelningen)\b", True),
    (MISSING, rf"\b{PERSON} hittas (inte|int)\b|\bingen (aning|koll) (om )?(var|vart)\b|\bvet ingen (var|vart) (han|hon|hen)\b|\bsparlost (borta|forsvunnen)\b", True),
    (MISSING, r"\bhittar (honom|henne|hen) (inte|int)\b|\b(ar|e|har varit|anmald som) (saknad|efterlyst)\b|\bsaknas sedan\b|\b(vart|var) har (\w+ ){1,2}tagit vagen\b", True),
    (MISSING, rf"\b(min|var|mitt) {KIN_WORD}\b.{{0,30}}\b(har|ar) (forsvunnit|forsvunnen|forsvunnet)\b|\b(barn|barnet|son|sonen|dotter|dottern)\b.{{0,10}}\b(ar|har) (forsvunnet|forsvunnit|forsvunnen)\b", False),
    (MISSING, rf"^(min )?{KIN_WORD} (ar )?(borta|forsvunnen)[\s!.]*$", True),
    (MISSING, r"\bjobbet som (han|hon) slutade pa\b.{0,60}\bborta\b|\b(ut|ivag) och nu hittar vi (dem|dom|honom|henne) (inte|int)\b|\bhittar vi (dem|dom|honom|henne) (inte|int)\b", True),
    (MISSING, r"\bvar (inte|int) i sangen\b|\bingen har hittat (henne|honom)\b|\btog (taget|bussen|bilen) pa egen hand\b|\bvet vi (inte|int) var (hon|han) ar\b", True),
    (MISSING, r"\bkommit bort\b(?! lite| i huvudet)|\bgatt in i skogen\b|\b(ar|e) borta\b.{0,60}\bhittar (inte|int) (ens )?hem\b|\bstuckit ivag\b|\bgatt bort sig\b", True),
    (MISSING, r"\b(minnessvikt|demens|alzheimer)\b.{0,30}\b(forsvunnen|forsvunnit|borta)\b(?! i (tankarna|huvudet|skallen|perioder)| pa (dagverksamhet\w*|jobbet))|\b(inte|int) i lagenheten\b.{0,40}\b(kollat|letat)\b", True),
    # Left and not back: walked out, did not come home, gone for hours, out in the cold
    (MISSING, r"\b(har )?(gatt|gått|stuckit|smitit|vandrat) (hemifran|ivag|ut) (och|o) (vi )?(hittar|vet|kommer)", True),
    (MISSING, rf"\b{PERSON} (har )?(inte|int) (kommit|kommer) hem\b", True),
    (MISSING, r"\b(gatt|gick|stuckit|stack) (ut|hemifran|ivag) och (ar|e) (borta|forsvunnen)\b", True),
    (MISSING, r"\b(ar|har varit) borta (sedan|sen|i) \w+ (timmar|timme|time)\b", True),
    (MISSING, r"\b(kom aldrig hem|kom inte hem|inte kommit hem|inte kommit tillbaka|kom aldrig tillbaka)\b", True),
    (MISSING, r"\b(varit borta|ar borta|varit forsvunnen) (sen|sedan|i over|i mer an|i flera|i \d+|i (en|ett|tva|tre|fyra|fem) (timme|timmar|dygn|natter|dagar))\b", True),
    (MISSING, r"\b(gatt ut|gick ut|gatt hemifran|tog bilen|tagit bilen|tagit (en )?buss\w*)\b.{0,60}\b(minus|kallt|tofflor|svarar (inte|int)|ingen vet|inte hittat|natten|morkret)\b", True),
    (MISSING, r"\b(\d+|\w+) (minus|minusgrader|grader kallt)\b.{0,60}\b(gatt ut|borta|inte hemma|ute)\b", True),
    (MISSING, r"\b(sprungit|sprang) (barfota |ut |ivag )+|\b(tagit|tog) (cykeln|bilen|bussen)\b.{0,30}\b(akt|cyklat|kort) ivag\b", True),
    (MISSING, r"\b(promenerat|gatt|vandrat|gick|stack|stuckit|sprang|dragit) (ivag|ut|hemifran)\b.{0,50}\b((kommer|har) (inte|int) (kommit )?(tillbaka|hem)|ingen (aning|vet))\b", True),
    (MISSING, r"\b(korde|kort|akte|akt|gick|stack|tog bussen|tog bilen)\b.{0,60}\b(inte (horts|hort|synts) av|inte horts|ingen vet)\b", True),
    (MISSING, r"\b(gatt|gick|stuckit|stack) (ivag|ut|hemifran)\b.{0,30}\bvet (inte|int) (var|vart)\b|\bvet (inte|int) var (han|hon|hen) bor\b.{0,30}\bborta\b", True),
    (MISSING, r"\b(var (han|hon|hen) (inte|int) kvar|(han|hon|hen) var (inte|int) kvar)\b|\b(har )?tagit en buss nagonstans\b|\bnara till (an|sjon|vattnet|havet)\b", True),
    (MISSING, r"\b(dorr|dorren) star oppen och (hon|han|hen) (ar inte|finns inte) (dar|hemma)\b|\b(har|nu har) (han|hon|hen) gatt igen\b|\bborta och (han|hon|hen) hittar (inte|int) hem\b", True),
    # Gone from a care home, a ward or day activities
    (MISSING, r"\b(inte kvar pa|forsvunnit fran|rymt fran|stuckit fran|gatt fran) (boendet|demensboendet|avdelningen|sjukhuset)\b", True),
    (MISSING, r"\b(rymt|stuckit|smitit|gatt) fran (korttids\w*|boendet|avdelningen|sjukhuset|demensboendet|dagverksamheten)\b", True),
    (MISSING, rf"\b(stuckit|smitit|rymt) hemifran\b|\b(vandrat|promenerat|dragit|gatt|gett sig) (ivag |ut )?fran (boendet|demensboendet|avdelningen|korttids\w*)\b|\btappat bort {PERSON}", True),
    (MISSING, r"\b(sprungit|rymt|smitit|gatt) (ut )?fran (gruppbostaden|gruppboendet|boendet|avdelningen|dagverksamheten)\b|\bsmitit ut\b", True),
)

# A person with dementia who is gone: either part alone is not enough.
GONE = re.compile(
    r"\b(borta(?! i (tankarna|huvudet|skallen|perioder)| pa (dagverksamhet\w*|jobbet|semester|resa))"
    r"|forsvunnit|forsvunnen|forsvann|gatt ut|gatt hemifran|gick hemifran|gick ut|gatt ivag|"
    rf"gick ivag|hittar (inte|int) ({PERSON}|honom|henne|hen|hem)|hittar (honom|henne) (inte|int)"
    r"|kommit bort|vandrat ivag|akt ivag|inte synts till|ingen har sett|inte var hemma|dorren stod oppen|gatt vilse|gick vilse)\b"
)
GONE_CONTEXT = re.compile(
    r"\b(demens|dement|alzheimer|minnessjuk|nattlinne|mitt i natten|kallt|minus|sno|morkt|morkret|regnar|"
    r"tofflor|barfota|skogen|vattnet|i natt|inatt|natten|pyjamas\w*|morgonrock\w*)"
)
# ... unless they are back, or getting lost is a pattern rather than tonight's event.
NOT_GONE_NOW = re.compile(
    r"\b(hon|han|hen) ar hemma (nu|igen)\b|\b(gatt|gick) vilse (\w+ ){0,2}(ganger|ibland|ofta|forut)\b|\boroliga infor\b"
)
