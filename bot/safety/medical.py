"""Medical emergencies: breathing, consciousness, heart and stroke, seizures, bleeding,
falls, poisoning, and fire or smoke in the home.
"""

from __future__ import annotations

from bot.safety.categories import MEDICAL, Pattern

PATTERNS: tuple[Pattern, ...] = (
    # Breathing stopped or laboured, choking, blue lips
    (MEDICAL, r"\b(andas|andades) (inte|int|knappt|konstigt)\b", True),
    (MEDICAL, r"\b(svart|svårt) att andas\b", True),
    (MEDICAL, r"\b(bla|blå) (om|i) (lapparna|ansiktet)", True),
    (MEDICAL, r"\b(satt i halsen|satte i halsen|far (ingen|inte) luft|kvavs|kvaver|kippar efter luft)\b", True),
    (MEDICAL, r"\bandas (\w+ )?\w*konstigt\b|\bblod overallt\b", True),
    (MEDICAL, r"\b(kan|far|fick) (inte|int|knappt|ingen) (fa )?(luft|andas|andning)\b|\bandas (snabbt|rosslande|ytligt)\b|\bslutade andas\b", True),
    (MEDICAL, r"\bkippar (efter )?(andan|luft)\b|\blapparna (har blivit|ar|blev|blir) bla\b|\bfoll (\w+ ){0,2}ihop\b", True),
    (MEDICAL, r"\bsvar andnod\b|\bhostar (upp )?(stora mangder )?blod\b|\b(borjat|borja) krampa\b|\binhalatorn hjalper (inte|int)\b", True),
    (MEDICAL, r"\bkan (inte|int) prata hela meningar\b|\bforsar blod\b|\b(i|ner i) luftstrupen\b|\bblir bla\b", True),
    # Unconscious, cannot be woken, no contact, lying still
    (MEDICAL, r"(?<!nastan )\b(medvetslos|avsvimmad|svimmat|svimmade|tuppat av|tuppade av)(?! nastan)", True),
    (MEDICAL, r"\b(vaknar|vaknade) (inte|int)\b(?! (forran|forrn|fore|innan|pa morgonen|sa tidigt))", True),
    (MEDICAL, r"\b(gar|går) inte att (vacka|fa kontakt)", True),
    (MEDICAL, r"\bligger (pa golvet|livlos|och svarar inte)", True),
    (MEDICAL, r"\b(ror sig inte|svarar inte nar jag)", True),
    (MEDICAL, r"\b(tabletter|piller|medicin|mediciner|ramlat|ramlade).{0,40}svarar (inte|int)\b", True),
    (MEDICAL, r"\b(kan|kan inte|far inte|lyckas inte|gar inte att) (inte )?(vacka|fa liv i)\b", True),
    (MEDICAL, r"\bligger (still|pa golvet|livlos|medvetslos)\b", True),
    (MEDICAL, r"\b(okontaktbar|gra i ansiktet|kraks blod|kraker blod|kraktes blod|slutat andas)\b", True),
    (MEDICAL, r"\b(kollapsat|kollapsade|segnat ihop|segnade ihop|fallit ihop|foll ihop|tuppat|tuppade)\b", True),
    (MEDICAL, r"\b(far|fick|ingen|far ingen) kontakt med (henne|honom|hen|mamma|pappa)\b.{0,30}\b(alls|nu|stirrar|svarar)|\bingen kontakt med (henne|honom|hen) alls\b", True),
    (MEDICAL, r"\b(knappt vaken|svar att vacka|gar (inte|int) att vacka|helt slapp|alldeles slapp|medvetande)\b", True),
    (MEDICAL, r"\blegat (pa golvet|pa marken|i badkaret|i duschen|pa badrumsgolvet)\b|\bligger (helt )?stilla\b", True),
    (MEDICAL, r"\b(helt borta|alldeles borta)\b.{0,30}\b(svarar|reagerar) (inte|int)\b|\b(svarar|reagerar) (inte|int) (pa tilltal|nar jag pratar|nar jag ropar)\b", True),
    (MEDICAL, r"\b(tappade|tappat|forlorat|forlorade) medvetandet\b|\bstroke ?symtom\b|\bfor mycket av (sin|hans|hennes) medicin\b|\bnagot i halsen\b", True),
    # Heart attack and stroke: chest pain, a drooping face, slurred speech, a sudden worst headache
    (MEDICAL, r"\b(hade )?\w*(ont|tryck|smarta|smartor) i (brostet|brostkorgen)(?! nar (han|hon|hen|jag) hostar| av stress)", True),
    (MEDICAL, r"\b(sned i ansiktet|hangande mungipa|sluddrar)", True),
    (MEDICAL, r"(?<!skulle fa )\b(hjartattack|hjartstopp|har en stroke|far en stroke|fatt en stroke nu|har stroke nu)", True),
    (MEDICAL, r"\b(mungipa|mungipan|kan inte lyfta armen|kan inte lyfta ena armen)\b", True),
    (MEDICAL, r"\b(skriker av smarta|sluddrig|sluddrigt|armen hanger|tar sig (for|mot) brostet|kallsvettig)\b", True),
    (MEDICAL, r"\b(stralar|strålar) ut i (vanster|armen|kaken)\b|\b(tappat|tappade) kanseln\b|\bpratar (helt )?(obegripligt|konstigt|sluddrigt)\b|\bsluddra\w*\b", True),
    (MEDICAL, r"\bena (ogat|ogonlocket|sidan|mungipan|armen) (hanger|ar slapp|ar forlamad)\b|\bser dubbelt\b|\bvarsta (huvudvark|han haft|hon haft)\b", True),
    (MEDICAL, r"\bstroke (just nu|nu|nyss)\b|\btror (att )?(\w+ ){0,3}(har fatt|fatt|far|har) en stroke\b|\bvet (inte|int) om (han|hon|hen) andas\b", True),
    (MEDICAL, r"\bvarsta\b.{0,15}\bi (hela )?(hennes|hans|mitt) liv\b|\b(extrem|plotslig) huvudvark\b|\b(plotsligt )?(blivit )?forlamad i (ena|hoger|vanster) (sidan|armen|benet)\b", True),
    (MEDICAL, r"\bhjarta\w* slar (jatte|valdigt|sa )?(fort|snabbt|oregelbundet)\b|\bhaller pa att do\b|\b(blodde|bloder) fran huvudet\b|\bhuvudet bloder\b", True),
    (MEDICAL, r"\bhalva ansiktet (hanger|ar slapp)\b|\bha ont i brost\b|\bkan (inte|int) prata (bra|ordentligt)\b.{0,30}\b(falla|foll|ramlade)\b|\bsvarar (inte|int) ordentligt\b", True),
    # Seizures that go on, a pulse or breathing that fails, a double dose
    (MEDICAL, r"\b(krampar|kramper|krampanfall|epilepsianfall)\b(?! ibland| ofta| nagon gang| da och da)", False),
    (MEDICAL, r"\b(kraks|kraker|kraktes) .{0,20}(och|samtidigt).{0,30}(ont i huvudet|huvudvark|ser dubbelt)|\bkramper nu\b|\bkrampar nu\b", True),
    (MEDICAL, r"\b(rycker|ryckningar) i hela kroppen\b|\bligger (och|a) rycker\b|\b(druckit|drack)\b.{0,40}\b(omojlig|svar) att vacka\b", True),
    (MEDICAL, r"\b(epileptiskt anfall|krampanfall) som (inte|int) (slutar|gar over)\b|\b(har|far|fatt) en hjartinfarkt (nu|just nu)\b|\btror (att )?(\w+ ){0,3}(har fatt|fatt|far|har) en hjartinfarkt\b|\bkraftig andnod\b|\bandnod\b.{0,20}\b(nu|kraftig|plotslig)\b", True),
    (MEDICAL, r"\bkrampat i (\w+ )?(minuter|minut)\b|\bingen puls\b|\bandas (bara )?(langsamt|nagra fa ganger)\b|\bkvallsdosen (tva|två) ganger\b|\bdubbla dosen\b", True),
    # Bleeding, burns, broken bones and falls
    (MEDICAL, r"\b(bloder|blöder) (mycket|kraftigt|massor|fran huvudet|och slutar inte)", True),
    (MEDICAL, r"\b(ramlat|ramlade|fallit|fallt|trillat|trillade) .{0,40}(kommer inte upp|kan inte resa sig|ligger pa golvet|slog i huvudet|slagit i huvudet|blöder|bloder|rör sig inte|ror sig inte|svarar inte)", True),
    (MEDICAL, r"\bbloder (jattemycket|mycket|kraftigt|massor|fran|sa mycket)|\bslutar (inte|int) (att )?bloda\b", True),
    (MEDICAL, r"\b(blod|nasblod|blodningen)\b.{0,30}\b(slutar (inte|int)|inte slutar|over en timme|hela tiden)\b", True),
    (MEDICAL, r"\b(brant sig|brannskad\w*|stora blasor)\b", True),
    (MEDICAL, r"\b(benet|armen|foten|hoften) (ligger|star|sitter) (helt )?(snett|fel|konstigt)\b|\bkan (inte|int) (rora|stodja pa) (sig|benet|armen)\b", True),
    (MEDICAL, r"\bkrak\w* blod\b|\b(omojlig|omojligt|svar|svart) att vacka\b|\btappat talet\b|\bsidan av ansiktet (hanger|ar slapp)\b", True),
    (MEDICAL, r"\b(nasblod|blod|blott|bloder)\b.{0,60}\b(slutar (inte|int)|i en timme|over en timme)\b", True),
    (MEDICAL, r"\b(foll|har fallit|snubblade|trillade)\b.{0,40}\b(slog i huvudet|slagit i huvudet|kommer inte upp|ligger)\b|\b(slog|slagit) i huvudet\b.{0,40}\b(forvirrad|kraks|kraker|bloder|svimmade)\b", True),
    (MEDICAL, r"\b(foll|ramla|ramlat|ramlade|trillat|fallit)\b.{0,40}\b(kan (inte|int) (resa sig|stiga upp|ta sig upp|rora)|kommer (inte|int) upp|brutit)\b", True),
    (MEDICAL, r"\bligger (kvar|i snon|ute|utomhus)\b.{0,60}\b(kanner (inte|int)|far (inte|int) upp|lange|benen)\b|\bfar (inte|int) upp (henne|honom)\b", True),
    # Poisoning and wrong doses, allergic reactions, low blood sugar, high fever, electric shock
    (MEDICAL, r"\b(forgiftad|forgiftning|druckit .{0,20}(rengoring|tvattmedel|klorin))", True),
    (MEDICAL, r"\b(fel dos|fel medicin|hela dosetten|dubbel dos|for mycket medicin|(tagit|tog|svalt|svalde|fatt i sig|gett (honom|henne)) alla sina tabletter)\b", True),
    (MEDICAL, r"\b(blodsocker|blodsockret|sockret) (pa|ar) (\d|[0-2],\d)|\b(insulinkanig|insulinchock|kanig)\b", True),
    (MEDICAL, r"\b(konstig|forvirrad|borta|blek) och (svettig|kallsvettig|blek|klibbig)\b", True),
    (MEDICAL, r"\b(allergisk reaktion|anafylaxi|halsen svullnar|svullnar i halsen|svullen i halsen)\b", True),
    (MEDICAL, r"\b(druckit|svalt|svalde|atit|at) .{0,20}(avloppsrens\w*|rengoring\w*|tvattmedel|klorin|lampolja|frostskydd|rattgift|gift)\b", True),
    (MEDICAL, r"\b(over )?(40|41|42) graders feber\b|\bforvirrad och (andas|har feber|het)\b", True),
    (MEDICAL, r"\b(hog feber|feber)\b.{0,50}\b(stel nacke|prickar|skakar|cellgift\w*)\b|\bcellgift\w*\b.{0,60}\bfeber\b", True),
    (MEDICAL, r"\bsvullen i (ansiktet|tungan|halsen)\b|\b(tungan|halsen|lapparna) (bara )?svullnar\b|\ballergichock\b|\bepipenna\b", True),
    (MEDICAL, r"\b(druckit|svalt|svalde)\b.{0,25}\b(frostskydd\w*|propplos\w*|avloppsrens\w*|rengoring\w*|klorin\w*|lampolja\w*|tvattmedel\w*)", True),
    (MEDICAL, r"\brakat (ta|tagit|tog|svalja|svalt|svalde|dricka|druckit|drack)\b|\b(druckit|drack|svalt|svalde|druckit av|atit av)\b.{0,15}\b(diskmedel\w*|tvattmed\w*|maskindisk\w*|blekmed\w*|ograsmedel|t-sprit|rodsprit)", True),
    (MEDICAL, r"\bkanning\b.{0,60}\b(forvirrad|skakig|svettig)\b|\bstot fran (ett )?(eluttag|uttaget|sladden)\b|\bfick en stot\b", True),
    (MEDICAL, r"\b(skakig|darrig) och svettig\b|\bser (plotsligt )?ingenting pa ena ogat\b|\bihopsjunken\b|\bfar ingen kontakt med\b|\bbrandrok\b|\bluktar rok\b", True),
    # An ambulance asked for; fire and smoke in the home
    (MEDICAL, r"\b(ringa|ring|behover|behover en) (en )?ambulans", True),
    (MEDICAL, r"\b(det brinner|brand i|ror i lagenheten|ror overallt|luktar (gas|rok|brant))\b", False),
    # English inside Swedish chat
    (MEDICAL, r"\b(he|she|hen|han|hon)('s| is)? not breathing\b|\b(he|she) (cant|can't|cannot) breathe\b", True),
)
