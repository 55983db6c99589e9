"""Context rules: when a danger phrase in a message does not mean danger now.

- :data:`LONG_PAST`: the message places things clearly in the past ("för tre år sedan");
  mention-only patterns then do not count.
- :data:`PAST_VERB`: in such a message, a match that contains a past-tense verb is history.
- :data:`SUPPORT_QUESTION`: a question about support on a crisis topic silences mention-only
  patterns like a long-past marker.
- :data:`HYPERBOLE`: figures of speech; a match that starts inside one does not count.
- :data:`DENIED`: a match right after a denial does not count.
"""

from __future__ import annotations

import re

LONG_PAST = re.compile(
    r"\b(for|fore) (\w+ )?(\d+|ett|en|tva|tre|fyra|fem|sex|sju|atta|nio|tio|flera|manga|nagra|par) "
    r"(ar|aren|manader|manad|veckor|vecka) (sedan|sen)\b"
    r"|\bi fjol\b|\bforra (aret|varen|vintern|sommaren|hosten|manaden)\b|\bfor lange sedan\b"
    r"|\bnar (jag|han|hon|vi) var (liten|ung|yngre|barn|sma|unga|tonaring)\b|\b(19\d\d|20[01]\d)\b|\bforra veckan\b|\bnu mar (han|hon|hen|jag) (bra|battre)\b"
    r"|\b(ar|aren) sedan\b|\btidigare i livet\b|\bdog (for|i)\b|\bnumera\b|\bsom barn\b"
    r"|\bfor (ett )?halv ?ar sedan\b|\bi forrgar\b|\bkom hem (sjalv|igen)\b"
    r"|\bhar varit (nykter|drogfri|fri fran \w+) i \w+ (ar|manader)\b"
    r"|\bi \d+ ar\b|\b(ar|e) hemma igen\b|\bkom tillbaka\b|\bhar hittats\b|\bhittade (honom|henne)\b"
    r"|\bi (varas|hostas|vintras|somras)\b|\bforut\b"
    r"|\b(det ar|det var) (lange|langesen) sen\b|\bsom tonaring\b|\bfor lange sen\b|\b(en|nagon) gang (nar|da)\b"
    r"|\bdet gjorde (inte|int) ont\b"
)

# Past-tense verbs: a match containing one, in a message with a long-past marker, is history.
PAST_VERB = re.compile(
    r"\b(hade|trillade|ramlade|foll|tog|svalde|at|slog|skar|forsokte|hotade|kastade|sprang|drack|rymde|"
    r"forsvann|svimmade|tuppade|knuffade|skakade|strypte|sparkade|misshandlade|sa|sade|ville)\b"
)

# A question about support on a crisis topic ("finns det stöd för anhöriga till någon med
# självmordstankar?"): like a long-past marker, it silences mention-only patterns.
SUPPORT_QUESTION = re.compile(
    r"^(finns det|var (kan|vander|hittar)|vart (kan|vander)|vem (kan|ska)|hur (gor|kan|far|soker|ansoker)"
    r"|vad (gor|ska) jag (gora )?om)\b|\bvart (lamnar|kan|vander)\b|\b(haha\w*|lol|hehe|skamt)\b"
    r"|\bmed sina (fragor|asikter)\b|^hur (pratar|fragar|bemoter|hjalper|stottar|moter) (man|jag)\b"
    r"|\b(dokumentar|film|bok|serie|artikel|program|utbildning) (om|i) (sjalvmord|suicid)"
    r"|\bstod (for|till) (anhoriga|mig som anhorig|oss som)\b|\banhoriga till (nagon|personer|en person)\b"
)

# Figures of speech: "blanketten tar livet av mig", "kniven mot strupen".
HYPERBOLE = re.compile(
    r"\b(pappret|papperet|blanketten|blanketter\w*|byrakrati\w*|telefonko\w*|formular\w*|kon|jobbet|"
    r"handlaggningen|tjatet) (kommer (att )?)?(ta|tar) livet av mig\b|\bsatt kniven mot strupen\b"
    r"|\b(blankett\w*|papper\w*|byrakrati\w*|formular\w*|ansokning\w*|forsakringskassan|kassan)\b.{0,40}"
    r"\b(tar|kommer att ta|ska ta) livet av mig\b"
    r"|\b(kommer att |ska )?doda (mig|mej) om jag (glommer|missar|inte)\b"
    r"|\b(vill |ska |tanker )?ta livet av (alla )?(ograset|ogras|myror|moss|flugor|mygg|sniglar)"
    r"|\bom (de|han|hon|hen|nagon) har sjalvmordstankar\b|\bnagon man kanner pratar om sjalvmord\b|\bnagon som har sjalvmordstankar\b"
    r"|\btar livet av mig\b(?=.{0,25}\binte bokstavligen\b)"
    r"|\b(star|sitter|haller pa) med kniven i koket\b"
)

# "jag har inga tankar på att skada mig", "jag skulle aldrig göra honom illa": a match right
# after a denial does not count.
DENIED = re.compile(
    r"(\b(inga (tankar|planer) pa att|har (inte|aldrig) tankt|skulle aldrig|aldrig skulle|inte (nagra|nan) tankar pa att)"
    r"\s*(\w+\s+){0,2}|\b(inga|inte nagra)\s+)$"
)
