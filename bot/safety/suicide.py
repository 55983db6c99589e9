"""Suicide and self-harm, the user's own or the cared-for person's.

Each group below is one family of wordings; each line is one way of saying it, not one
text. A pattern whose third field is False only counts when the message does not place it
in the past and is not a question about support (see :mod:`bot.safety.context`).
"""

from __future__ import annotations

from bot.safety.categories import SUICIDE, Pattern
from bot.safety.vocabulary import DRUGS

PATTERNS: tuple[Pattern, ...] = (
    # Suicide named, and talk or thoughts of taking one's life
    (SUICIDE, r"\b(ta|tar|ta'|tanker ta|vill ta|ska ta) (livet|mitt liv|sitt liv|mitt eget liv) av\b", False),
    (SUICIDE, r"\b(ta|tar) (mitt|sitt|ditt|hans|hennes) (eget )?liv\b", False),
    (SUICIDE, r"\b(kommer|tanker|ska|planerar|funderar pa) (att )?ta livet\b", True),
    (SUICIDE, r"\b(har|far|fatt) (sjalvmordstankar|tankar pa sjalvmord|tankar pa att do|dodstankar)", True),
    (SUICIDE, r"\bsjalvmord(stank|sforsok|sbenagen)?(?!slinjen|sprevent)", False),
    (SUICIDE, r"\b(pratar|snackar|talar|skriver|hotar) (om|med) (att )?(ta livet|sjalvmord|att do|do)\b", True),
    (SUICIDE, r"\bsuicid(?!prevent)", False),
    (SUICIDE, r"\b(doda|dodar|morda) (sig|sej|mig sjalv|mej sjalv)\b", True),
    (SUICIDE, r"\btar (jag|han|hon|hen) (livet|mitt liv|sitt liv) av\b", True),
    (SUICIDE, r"\bpratat om att (do|ta livet|inte leva)\b", True),
    # Not wanting to live, wanting to die, to vanish or not to wake up again
    (SUICIDE, r"\b(vill|ville|vell) (inte|int) (leva|lava|finnas|vara med)(?! (pa|i) (ett )?\w*boende)", True),
    (SUICIDE, r"\b(orkar|klarar) (inte|int) (att )?(leva|lava)\b", True),
    (SUICIDE, r"\bvill (bara )?(do|doo|sluta leva|forsvinna for alltid|somna in)\b(?! hemma| i frid| i lugn och ro| pa (sjukhus|boendet|hospice))", True),
    (SUICIDE, r"\b(inte|int) vill (leva|finnas|leva langre)\b(?! (pa|i) (ett )?\w*boende)", True),
    # Swedish V2 inversion after an adverbial: "nu vill jag inte leva", "ibland vill jag bara dö"
    (
        SUICIDE,
        r"\b(vill|ville|orkar|klarar) (jag|han|hon|hen) (bara |snart |helst )?((inte|int) (att )?(leva|lava|finnas|vara med)"
        r"|(do|doo|sluta leva|somna in)\b(?! hemma| i frid| i lugn och ro| pa (sjukhus|boendet|hospice)))",
        True,
    ),
    (SUICIDE, r"\bvill (inte|int) vakna (imorgon|i morgon|mer|igen|upp igen)", True),
    (SUICIDE, r"\b(inte|int) (finnas|vara) kvar (imorgon|i morgon|ikvall|mer|langre)\b", True),
    (SUICIDE, r"\b(finns jag inte|ar jag inte har|lever jag inte) (langre|kvar|mer)\b|\baldrig (komma|kommer) tillbaka\b", True),
    (SUICIDE, r"\b(somna|sova) (in )?och aldrig (mer )?vakna\b|\bvill (inte|int) vakna\b", True),
    (SUICIDE, r"\bfinns jag (inte|int)\b(?! hemma| pa| i)|\b(inte|int) finns kvar (imorgon|i morgon|ikvall|sen)\b|\borkar (inte|int) finnas\b", True),
    (SUICIDE, r"\bsomna for (gott|alltid)\b|\b(inte|int) ska vakna\b|\bforsoka igen\b.{0,40}\b(sa fort|nar|ikvall|inatt)\b", True),
    (SUICIDE, r"\b(vill|ska|tanker|kommer att) forsvinna (for gott|for alltid|fran allt)\b|\bingen (skulle|kommer att|kommer) (sakna|marka|bry sig om) (mig|mej|om jag)\b", True),
    (SUICIDE, r"\b(ar|e) (ja|jag) (inte|int) (har|kvar) (langre|mer)\b|\bgora (nagot|nat|nagonting) dumt\b", True),
    (SUICIDE, r"\b(inte|int) vill vakna (imorgon|i morgon|mer|igen)\b|\b(vill|ville) (inte|int) vakna\b", True),
    (SUICIDE, r"\b(ikvall|inatt|nu|idag) (gor|gör) (jag|ja) slut pa\b|\bdet far racka med livet\b|\bingen ork kvar att leva\b", True),
    (SUICIDE, r"\b(utanfor|over) (balkongracket|racket|relingen)\b|\b(orkar|vill) (inte|int) leva (langre|mer)\b|\b(inte|int) (orkar|vill) leva (langre|mer)\b", True),
    # Better off without me, no way out, a decision taken, ending it
    (SUICIDE, r"\b(battre|lika bra) (om jag var|att vara|om jag vore|om jag) (dod|borta|inte fanns)", True),
    (SUICIDE, r"\bingen mening (med|att) (att )?(leva|livet|nagonting)", True),
    (SUICIDE, r"\b(avsluta|gora slut pa) (mitt liv|livet|allt|mig)", True),
    (SUICIDE, r"\b(battre|lattare) (for (alla|er|dem|dom|familjen) )?(om jag var dod|om jag inte fanns|utan mig)", True),
    (SUICIDE, r"\b(vore|ar|blir|hade varit) (battre|lattare) utan mig\b", True),
    (SUICIDE, r"\b(gora|gor|gjort) slut pa (det|allt|mig|mitt liv|livet)\b", True),
    (SUICIDE, r"\b(battre|bast|lika bra|lattast)\b.{0,15}\bom jag (forsvann|forsvinner|inte fanns|inte finns|var dod|vore dod|dog)\b", True),
    (SUICIDE, r"\bingen (utvag|annan utvag|mening langre)\b|\bbestamt mig\b.{0,100}\b(slut pa|do|ta livet|inatt|ikvall)\b", True),
    (SUICIDE, r"\b(basta|bast|enklast) for (alla|er|familjen)\b.{0,20}\bom jag (bara )?(inte fanns|inte finns|var borta|forsvann|dog)\b", True),
    (SUICIDE, r"\b(klarar sig|mar|har det) battre utan (mig|mej|henne|honom)\b.{0,60}\b(bestamt|ikvall|inatt|i natt)\b|\bgora det i natt\b", True),
    # An overdose taken, planned or laid out: a verb of swallowing, an amount and a drug, in any order
    (SUICIDE, r"\b(tagit|tog|svalt|svalde) (alla|en massa|massa|hela|massor av|jattemanga|alldeles for manga) \w*(tabletter|piller|medicin|tabletterna|pillren|sömntabletter|somntabletter)", False),
    (SUICIDE, r"\b(overdos|overdosera)", False),
    (SUICIDE, r"\b(tagit|tog|svalt|svalde|atit|at) (alla|en hel|hela|en massa|massa|manga|alldeles for manga|jattemanga) .{0,25}(tabletter|tabeletter|piller|burk|burken|dosett|dosetten|medicin|mediciner)", True),
    (SUICIDE, r"\btar (en hel|hela|en massa|massa|alldeles for manga|jattemanga) .{0,25}(tabletter|tabeletter|piller|burk|burken|dosett|dosetten|medicin|mediciner)", True),
    (SUICIDE, r"\b(ska|tanker|vill|kommer att|planerar att|tankte) (ta|svalja|ata) (alla|en hel|hela|en massa|massa|manga|alldeles for manga|jattemanga) .{0,25}(tabletter|tabeletter|piller|burk|burken|dosett|dosetten|medicin|mediciner)", True),
    (SUICIDE, r"\bsparat (ihop|pa) .{0,20}(tabletter|piller|medicin|mediciner)\b|\b(en hog|en hel hog|en hop|hogar med) (med )?(tabletter|piller)\b", True),
    (SUICIDE, r"\b(ta|tar|svalt|svalde|tagit) (dem allihop|en kartong|en hel kartong|en burk|hela burken)\b", True),
    (SUICIDE, rf"\b(svalt|svalde|tagit|tog|ta(?! alla sina)|tar(?! alla sina)|ata|atit|spruta|sprutat|injicera)\b.{{0,30}}\b(\d{{2,}}|alla|hela|en hel|allt som finns)\b.{{0,30}}{DRUGS}", True),
    (SUICIDE, rf"\b(svalt|svalde|tagit|tog)\b.{{0,15}}\b(typ |ca |kanske |over )?\d{{2,}} (st )?\w*{DRUGS}?", True),
    (SUICIDE, rf"\b(lagt fram|plockat fram|tagit fram|samlat|sparat|hamstrat) (?!.{{0,25}}\bgamla\b).{{0,25}}{DRUGS}", True),
    (SUICIDE, r"\b(tanker|ska|kommer att|vill) (ta|svalja|spruta i mig|ata) .{0,20}(allt|alla|hela)\b", True),
    (SUICIDE, r"\b(svaljer|svalja|tar|ta) allt (som finns )?i (medicinskapet|skapet|burken)\b|\bhur manga\b.{0,40}\b(behovs|kravs|maste man ta)\b", True),
    (SUICIDE, r"\b(tagit|tog|svalt|svalde) alla (mina|hans|hennes|sina) \w+\b|\balla (piller|pillren|tabletter|tabletterna) (bredvid|framfor|fram)\b", True),
    (SUICIDE, r"\b(tabletterna|pillren|burken) (och \w+ )?(star|ligger) (framfor|bredvid|har)\b|\bsista gangen jag skriver\b|\btar farval\b", True),
    # Self-harm: cutting, razor blades, deeper this time
    (SUICIDE, r"\b(skada|skara|skar|skadar|skar i) (mig|mej) (sjalv|sjalvt)?", False),
    (SUICIDE, r"\b(skurit|skar|skadat|skadar|skar) (sig|sej|mig|mej)\b", False),
    (SUICIDE, r"\b(rakblad\w*|rakt in i en)\b", True),
    (SUICIDE, r"\b(skurit|skar|skara|snittat|rispat|sprattat)\b.{0,25}\b(handleden|handlederna)\b|\bpulsadern\b", True),
    (SUICIDE, r"\bskara sig igen\b|\b(djupt|djupare) (den har gangen|denna gang)\b|\btommer (dem|dom|den) i mig\b|\binsulinpenn\w*\b.{0,30}\bi mig\b", True),
    # Means and places: hanging, jumping, heights, rail, traffic, water, car exhaust, guns
    (SUICIDE, r"\b(hanga|skjuta|drunkna|drakna) (mig|mej|sig|sej)\b", True),
    (SUICIDE, r"\b(hoppa|kasta mig|kasta sig) (framfor|fran|ut|ner)\b", True),
    (SUICIDE, r"\bvid (vattnet|sjon|havet|alven|kajen|sparet|bron)\b.{0,30}\b(ga i|hoppa|gora slut)|\btanker ga i (vattnet|sjon|havet|alven)\b", True),
    (SUICIDE, r"\b(star|sitter|ar) (pa|uppe pa) (bron|perrongen|taket|balkongen|sparet|spaaret|kanten|racket)\b", True),
    (SUICIDE, r"\b(tanker|ska|kommer att|tankte|hotar att|vill) hoppa\b", True),
    (SUICIDE, r"\b(ett rep|repet|snara|snaran|slangen i|med slangen)\b", True),
    (SUICIDE, r"\b(motorn (igang|pa|gaende)|avgaser|bilavgaser)\b", True),
    (SUICIDE, r"\bbilen (igang|pa tomgang)\b|\bsvalta ihjal\b", True),
    (SUICIDE, r"\b(sitter|star) i fonstret\b|\bbenen utanfor\b", True),
    (SUICIDE, r"\b(jaktgevar\w*|gevaret|hagelgevar\w*|pistolen|revolvern)\b.{0,40}\b(mig|mej|sjalv|skogen|munnen|huvudet)\b", True),
    (SUICIDE, r"\b(jarnvagsspar\w*|spaaret|sparet|perrong\w*|tunnelbanan|tage?t kommer|framfor taget)\b", True),
    (SUICIDE, r"\b(kora|kor|styra|svanga) (rakt )?(in i|ut framfor|av vagen|ut i) ", True),
    (SUICIDE, r"\b(tejpat|tatat|stangt) .{0,20}(garage\w*|dorren)\b.{0,40}(bilen|motorn)|\bgaraget\b.{0,40}\bmotorn\b", True),
    (SUICIDE, r"\b(tanker|ska|kommer att|vill) (ga|hoppa|kasta mig) (i|ner i|ut i|fran) ", True),
    (SUICIDE, r"\bladdat (pistolen|gevaret|vapnet|revolvern)\b|\bpase over huvudet\b|\b(sitter|suttit|star) pa taket\b|\bhoppar om\b", True),
    (SUICIDE, r"\boppnat fonstret pa (\w+ )?(vaningen|vaning)\b|\b(star|sitter) vid (tagsparet|sparet|spåret|kanten|stupet|vattnet)\b.{0,40}\b(hejda|hej da|farval)\b", True),
    (SUICIDE, r"\bladdat (jaktgevaret|gevaret|vapnet|pistolen)\b|\b(vara|bli) en borda\b.{0,40}\b(langre|mer|vapnet|gevaret)\b", True),
    # Plans, goodbyes and last messages, a will written, things given away, an attempt before a
    # silence
    (SUICIDE, r"\b(tankt ut|planerat|bestamt mig for|vet) hur jag ska (gora|do|ta)", True),
    (SUICIDE, r"\bavsked(sbrev|ssms|smeddelande|sbrevet|sbrev)|\bsista gangen vi hors\b|\bsagt hejda for alltid\b", True),
    (SUICIDE, r"\bsista (natten|dagen|kvallen) (jag|han|hon) lever\b", True),
    (SUICIDE, r"\b(sista meddelande\w*|hej ?da for alltid|farval for alltid|skrivit (ett )?brev till (barnen|er|dig|mamma|pappa|familjen)|forlat (mamma|pappa|allihop|alla)\b.{0,30}alskar)", True),
    (SUICIDE, r"\bforsokt ta livet av sig\b.{0,60}\b(svarar (inte|int)|borta|forsvunnen)|\b(svarar (inte|int)|borta)\b.{0,60}\bforsokt ta livet\b", True),
    (SUICIDE, r"\b(ar det|det ar|det blir) for sent (da|sen|nu)\b|\bnar ni laser (det har|detta)\b|\befter ikvall\b.{0,40}\b(ingen|inget|aldrig)\b", True),
    (SUICIDE, r"\b(har )?(redan )?(fixat|lost|ordnat) det\b.{0,10}$|\bhar redan gjort det\b|\binte (kommer att )?vara (har|kvar) (nar|imorgon|i morgon)\b", True),
    (SUICIDE, r"\b(skrivit|skrev) (mitt )?testamente\w*\b|\bgett bort (katten|hunden|mina saker|allt)\b|\b(inte|int) var (hennes|hans|ditt|ert|din|er) fel\b", True),
    (SUICIDE, r"\b(vi|jag) aker tillsammans (ikvall|inatt|i natt)\b", True),
    (SUICIDE, r"\b(ar|blir) (min|hans|hennes) sista dag\b|\bsagt (hej ?da|adjo|farval) till (alla|oss|mig|mej|familjen)\b", True),
    (SUICIDE, r"\bdet (har|här) ar hej ?da\b|\bingen kan fa tag i (honom|henne)\b|\bstyra in bilen\b|\bdags nu\b.{0,40}\b(leta|hitta)\b|\bgett bort alla sina saker\b", True),
    (SUICIDE, r"\b(alskar oss|alskar er)\b.{0,60}\b(forlatelse|forlat)\b.{0,60}\bsvarar (hon |han )?(inte|int)\b", True),
    # English inside Swedish chat: young users and people who grew up with English online often say
    # the worst part in English ("i wanna die seriöst"). Like the other mention-only patterns, these
    # are silenced by long-past markers, questions about support and denials
    (SUICIDE, r"\b(i )?(want|wanna|wana|wann?a|gonna|going) (to )?(die|kill (myself|my self)|end (it all|my life))\b(?! (of|from|laughing))", False),
    (SUICIDE, r"\bkill(ing)? (myself|my self)\b|\bend(ing)? my (own )?life\b|\bbetter off dead\b|\bno reason to live\b", False),
    (SUICIDE, r"\b(dont|don't|do not) want to (live|be alive|exist)( anymore| any more)?\b|\b(im|i'm|i am|jag ar|han ar|hon ar|hen ar) suicidal\b", False),
)
