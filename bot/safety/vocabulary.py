"""Word lists the patterns of several kinds of danger share (folded spelling, no å/ä/ö)."""

from __future__ import annotations

# The user as the object of a verb.
ME = r"(mig|mej|mig sjalv|mej sjalv)"
# A relative or a child, after "min".
KIN = r"(mamma|pappa|mor|far|man|fru|make|maka|sambo|son|dotter|bror|syster|mormor|farmor|morfar|farfar|gubbe|gumma|pojke|flicka|kille|tjej|barn|partner|pojkvan|flickvan)"
# The cared-for person, a relative or the children as the object of a verb.
HIM_HER = rf"(henne|honom|hen|mamma|pappa|mamman|pappan|min {KIN}|mitt barn|barnen|barnet|oss|gubben|gumman|morsan|farsan)"
# Whoever a blow or a threat is aimed at: the user or one of the family.
ME_OR_THEM = rf"({ME}|{HIM_HER})"
# A person who may be missing, as the subject of a sentence.
PERSON = rf"(han|hon|hen|mamma|pappa|morsan|farsan|mormor|farmor|morfar|farfar|min {KIN}|mitt barn|gubben|gumman|sonen|dottern|brorsan|syrran|maken|frun|mannen)"
# A relative named by one word, in everyday and colloquial forms.
KIN_WORD = r"(mamma|pappa|morsan|farsan|mor|far|man|fru|make|maka|sambo|son|dotter|bror|syster|brorsan|syrran|mormor|farmor|morfar|farfar|gubben|gumman|svarmor|svarfar|moster|faster)"
# Medicines and their containers, by kind and by brand.
DRUGS = r"(tabletter\w*|tabeletter|piller|pillren|medicin\w*|alvedon|panodil|ipren|stilnoct|imovane|zopiklon|propavan|morfin\w*|oxycodon|oxikodon|oxynorm|insulin\w*|sobril|citodon|tramadol|lyrica|atarax|sömnmedel|somnmedel|somntabletter|sovtabletter|lugnande|burk|burken|karta|kartan|kartor)"
# Weapons and objects used as one.
WEAPON = r"(kniv\w*|machete\w*|yxa\w*|kofot\w*|basebolltra\w*|slagtra\w*|gevar\w*|pistol\w*|vapen\w*|hammare\w*)"
