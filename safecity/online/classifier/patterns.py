"""Patterns over the normalised text that the lexicon's word lists cannot express.

kind:
- threat: a threat of violence (the speaker's intent, a wish for someone's death or harm, a call
  to violence), in Swedish, English, Danish and Norwegian;
- counter: counter-speech, negation of hate, reporting or condemning it ("det är inte ok att kalla",
  "stop calling", "someone called me");
- quote: the text quotes words (quotation marks, "sa att", "said that");
- generalise: a quantifier or demonstrative before a noun ("alla", "all", "de där", "those");
- second_person: the text speaks to someone (du, dig, you, deg);
- hostile: hatred, disgust or exclusion voiced ("hatar", "can't stand", "ska ut", "go back to");
- negated: a judgement denied ("är inte", "hatar inte", "don't hate", "har inget emot");
- negation: a negation word anywhere.
The patterns are stored in each model's configuration, so a trained version keeps the patterns it
was trained with.
"""

from __future__ import annotations

import re

# verbs of violence (sv, en, da, no), used in the threat patterns below
_SV_VIOLENT = (
    r"(?:döda|mörda|skjuta|skjut|hänga|häng|bränna|bränn|slakta|knivhugga|knivhugg|spränga|spräng|"
    r"slå ihjäl|slå sönder|misshandla|våldta|avrätta|halshugga|strypa|gasa|elda upp|sätta eld på|"
    r"ta livet av|skära halsen av|krossa|slå|hugga|stena|lyncha|utrota|skada)"
)
_SV_PASSIVE = (
    r"(?:dödas|mördas|skjutas|hängas|brännas|slaktas|knivhuggas|sprängas|misshandlas|våldtas|avrättas|"
    r"halshuggas|strypas|gasas|stenas|lynchas|utrotas|slås ihjäl|avlivas|skjutas ihjäl|brännas upp|"
    r"ställas mot väggen|ställas upp mot en vägg|dö|dø|sättas i gaskammare)"
)
_EN_VIOLENT = (
    r"(?:kill|murder|shoot|stab|hang|lynch|burn|slaughter|behead|gas|rape|strangle|choke|beat|bomb|"
    r"blow up|torch|execute|cut|gut|skin|slit|smash|break|hurt|find|hunt|run over|put a bullet in|"
    r"end|exterminate|wipe out|eradicate|knock out|punch|fuck up|f\*ck up|destroy)"
)
_EN_PASSIVE = (
    r"(?:killed|murdered|shot|stabbed|hanged|hung|lynched|burned|burnt|slaughtered|beheaded|gassed|"
    r"raped|strangled|beaten|bombed|executed|exterminated|wiped out|eradicated|put down|"
    r"lined up and shot|put against a wall|deported in body bags)"
)
_DA_NO_VIOLENT = (
    r"(?:dræbe|drepe|myrde|skyde|skyte|hænge|henge|brænde|brenne|slagte|stikke|sprænge|sprenge|"
    r"slå ihjel|slå i hjel|banke|tæve|denge|juling|voldtage|voldta|henrette|kvæle|kvele|gasse|"
    r"skade|knuse|utrydde|udrydde|skjære|skære halsen over)"
)
_DA_NO_PASSIVE = (
    r"(?:dræbes|drepes|myrdes|skydes|skytes|hænges|henges|brændes|brennes|slagtes|stikkes|sprænges|"
    r"sprenges|henrettes|kvæles|kveles|gasses|udryddes|utryddes|slås ihjel|slås i hjel|dø)"
)

PATTERNS: list[tuple[str, str, str]] = [
    # --- threats, Swedish
    (
        "threat",
        "sv",
        rf"\b(?:jag|vi)\s+(?:ska|skall|kommer att|tänker|kommer|ska fan|ska jävlar)\s+(?:\w+\s+){{0,3}}?{_SV_VIOLENT}",
    ),
    (
        "threat",
        "sv",
        rf"\b(?:borde|bör|ska|skall|måste|förtjänar att|ska bara)\s+(?:\w+\s+){{0,2}}?{_SV_PASSIVE}\b",
    ),
    (
        "threat",
        "sv",
        r"\b(?:du|ni|han|hon|hen|dom|de)\s+(?:ska|kommer att|kommer|skall)\s+(?:fan\s+)?(?:dö|få dö|få se|ångra|få betala|få lida|brinna)\b",
    ),
    (
        "threat",
        "sv",
        r"\b(?:jag|vi)\s+vet\s+var\s+(?:du|ni|han|hon|dom|de)\s+(?:bor|jobbar|går i skolan|finns|sover)\b",
    ),
    (
        "threat",
        "sv",
        r"\b(?:slå|slår|spöa|spöar)\s+(?:ihjäl|sönder|skiten ur|käften av)\s+(?:dig|er|dem|dom|honom|henne|hen|alla)?|\b(?:slå|slår|spöa)\s+(?:dig|er|dem|dom|honom|henne|hen)\s+(?:ihjäl|sönder|gul och blå)\b",
    ),
    (
        "threat",
        "sv",
        r"\b(?:döda|skjut|häng|bränn|slakta|gasa|utrota|spräng|knivhugg|lyncha|avrätta)\s+(?:alla|dem|dom|dig|er|varenda|hela|de|dessa|jävla)\b",
    ),
    (
        "threat",
        "sv",
        r"\b(?:en kula i|kulan i|repet|galgen|gaskammare|gaskamrarna|mot väggen|skottet i nacken|sätta eld på|bränna ner|brännas ner|bränna upp)\b",
    ),
    (
        "threat",
        "sv",
        r"\b(?:hoppas|önskar) (?:att )?(?:du|ni|han|hon|hen|dom|de|alla \w+)\s+(?:\w+\s+){0,2}?(?:dör|dödas|skjuts|våldtas|blir (?:skjuten|knivhuggen|våldtagen|misshandlad|dödad|ihjälslagen))\b",
    ),
    (
        "threat",
        "sv",
        r"\b(?:akta dig|se upp|du är död|ni är döda|dina dagar är räknade|vi kommer efter (?:dig|er)|vi hittar (?:dig|er)|din tid är ute)\b",
    ),
    # --- threats, English
    (
        "threat",
        "en",
        rf"\b(?:i|we|i'm|im|we're)\s*(?:'ll|will|am going to|are going to|gonna|'m gonna|am gonna|are gonna|want to|wanna|would love to|should|shall|'m going to)\s+(?:\w+\s+){{0,2}}?{_EN_VIOLENT}\b",
    ),
    (
        "threat",
        "en",
        rf"\b(?:should|must|ought to|deserve to|deserves to|need to|needs to|has to|have to|gotta|to)\s+(?:all\s+)?(?:be|get)\s+{_EN_PASSIVE}\b",
    ),
    (
        "threat",
        "en",
        r"\b(?:you|u|ya)\s*(?:'re|are|will|'ll|r)?\s*(?:going to|gonna|will|'ll|gon)?\s*(?:die|be dead|regret|pay for|bleed|suffer|get what's coming)\b",
    ),
    (
        "threat",
        "en",
        r"\b(?:i|we)\s+know where\s+(?:you|u|they|he|she)\s+(?:live|lives|work|works|sleep|go to school)\b",
    ),
    (
        "threat",
        "en",
        r"\b(?:kill|shoot|hang|burn|gas|lynch|exterminate|slaughter|nuke|bomb|stab)\s+(?:all|them|every|those|these|the|you|em|'em|him|her|yourself|urself)\b",
    ),
    (
        "threat",
        "en",
        r"\b(?:bullet in|bullet to|round in|a rope for|the rope|the gallows|gas chamber|gas chambers|against the wall|head on a spike|put down like)\b",
    ),
    (
        "threat",
        "en",
        r"\b(?:hope|wish) (?:you|u|they|he|she|all \w+)\s+(?:\w+\s+){0,2}?(?:die|dies|get shot|gets shot|get raped|gets raped|get killed|gets killed|burn|burns|rot)\b",
    ),
    (
        "threat",
        "en",
        r"\b(?:watch your back|you're dead|you are dead|your days are numbered|we're coming for you|we are coming for you|coming for you|you'll be sorry|sleep with one eye open|kys|kill yourself|go die)\b",
    ),
    # --- threats, Danish and Norwegian
    (
        "threat",
        "da",
        rf"\b(?:jeg|vi|eg)\s+(?:skal|vil|kommer til å|kommer til at|tænker at|tenker å|skal nok)\s+(?:\w+\s+){{0,3}}?{_DA_NO_VIOLENT}",
    ),
    (
        "threat",
        "da",
        rf"\b(?:burde|bør|skal|skulle|må|fortjener at|fortjener å|fortjener)\s+(?:\w+\s+){{0,2}}?{_DA_NO_PASSIVE}\b",
    ),
    (
        "threat",
        "da",
        r"\b(?:du|dere|i|han|hun|de)\s+(?:skal|kommer til å|kommer til at|vil)\s+(?:fandme\s+|faen\s+)?(?:dø|angre|få se|betale|lide|brænde|brenne)\b",
    ),
    (
        "threat",
        "da",
        r"\b(?:jeg|vi|eg)\s+ved\s+hvor\s+(?:du|i|han|hun|de)\s+bor\b|\b(?:jeg|vi|eg)\s+vet\s+hvor\s+(?:du|dere|han|hun|de)\s+bor\b",
    ),
    (
        "threat",
        "da",
        r"\b(?:slå|slår|banke|banker)\s+(?:dig|deg|dem|jer|dere|ham|hende|henne|hver \w+)\s+(?:ihjel|i hjel|til plukfisk|helseløs)\b",
    ),
    (
        "threat",
        "da",
        r"\b(?:skyd|skyt|dræb|drep|hæng|heng|brænd|brenn|gas|udryd|utrydd)\s+(?:dem|alle|dig|deg|jer|dere|hver|de)\b",
    ),
    (
        "threat",
        "da",
        r"\b(?:en kugle i|kula i|et skudd i|reb om|tau rundt|galgen|gaskammer|mod muren|mot veggen)\b",
    ),
    (
        "threat",
        "da",
        r"\b(?:pas på|se deg for|du er død|du er dø|dine dage er talte|dine dager er talte|vi kommer efter dig|vi kommer etter deg|vi finder dig|vi finner deg)\b",
    ),
    # --- counter-speech, negation of hate, reporting it
    (
        "counter",
        "sv",
        r"\b(?:det är|det e|det var)\s+(?:inte|aldrig)\s+(?:ok|okej|okay|acceptabelt|rätt|roligt|schysst)\s+(?:att|när)\b",
    ),
    (
        "counter",
        "sv",
        r"\b(?:sluta|slutar|slutade)\s+(?:att\s+)?(?:kalla|säga|skriva|sprida|hata|hota|trakassera|mobba|prata om)\b",
    ),
    (
        "counter",
        "sv",
        r"\b(?:kallade|kallar|kallat|skrek|skriker|ropade|sa|sade|skrev)\s+(?:mig|oss|min \w+|honom|henne|hen|dem|dom)\s+(?:för|att)?\b",
    ),
    (
        "counter",
        "sv",
        r"\b(?:rasism|hat|hot|homofobi|transfobi|antisemitism|islamofobi|hatbrott|näthat|kvinnohat|hets mot folkgrupp)\s+(?:är|hör inte|har ingen|ska inte|får aldrig)\b",
    ),
    (
        "counter",
        "sv",
        r"\b(?:ta avstånd från|fördömer|fördöma|står upp för|solidaritet med|stöd till|stå upp mot|anmäl|anmälde|polisanmäl|polisanmälde)\b",
    ),
    ("counter", "sv", r"\b(?:inte alla|långt ifrån alla|de flesta)\s+\w+\s+(?:är|gör)\b"),
    (
        "counter",
        "en",
        r"\b(?:it's|it is|its|that's|that is)\s+(?:not|never)\s+(?:ok|okay|acceptable|right|funny|cool)\s+(?:to|when)\b",
    ),
    (
        "counter",
        "en",
        r"\b(?:stop|quit)\s+(?:calling|saying|using|spreading|hating|harassing|bullying|threatening)\b",
    ),
    (
        "counter",
        "en",
        r"\b(?:called|calls|yelled at|shouted at|told)\s+(?:me|us|my \w+|him|her|them)\s+(?:a|an|that|to)?\b",
    ),
    (
        "counter",
        "en",
        r"\b(?:racism|hate|homophobia|transphobia|antisemitism|islamophobia|misogyny|bigotry)\s+(?:is|has no|will never|isn't|is never)\b",
    ),
    (
        "counter",
        "en",
        r"\b(?:stand with|stand up for|solidarity with|condemn|condemns|report|reported|don't use the word|do not use the word)\b",
    ),
    ("counter", "en", r"\b(?:not all|most)\s+\w+\s+(?:are|do)\b"),
    (
        "counter",
        "da",
        r"\b(?:det er|det var)\s+(?:ikke|aldrig|aldri)\s+(?:ok|okay|i orden|greit|sjovt|morsomt)\s+(?:at|å|når)\b",
    ),
    ("counter", "da", r"\b(?:stop med at|stopp å|hold op med at|slutt å|slutt med å)\s+\w+\b"),
    ("counter", "da", r"\b(?:kaldte|kalte|kalder|kaller|råbte|ropte)\s+(?:mig|meg|os|oss|ham|henne|dem)\b"),
    # --- hostile feelings and wishes about someone (not negated; see "negated" below)
    (
        "hostile",
        "sv",
        r"\b(?:hatar|avskyr|föraktar|äcklas av|äcklar mig|äcklar oss|står inte ut med|tål inte|pallar inte|spyr på|skäms för att vara|vill inte ha|vill inte se|borde inte få|ska inte få|har inget här att göra|hör inte hemma|kan dra åt helvete|kan dra hem|kan åka hem|ska ut|måste ut|ut ur sverige|ut ur landet|skickas hem|sänd hem|utvisa alla)\b",
    ),
    (
        "hostile",
        "en",
        r"\b(?:hate|hates|despise|despises|loathe|can't stand|cannot stand|sick of|sick and tired of|disgusted by|disgust me|disgusts me|make me sick|makes me sick|don't belong|do not belong|go back to|send them back|get out of|should not be allowed|shouldn't be allowed|not welcome|deport them|deport all)\b",
    ),
    (
        "hostile",
        "da",
        r"\b(?:hader|hater|afskyr|avskyr|foragter|forakter|tåler ikke|orker ikke|klarer ikke|væmmes ved|ekkel|ækel|hører ikke hjemme|skal ud|skal ut|send dem hjem|smid dem ud|kast dem ut|ikke velkommen|ikke velkomne)\b",
    ),
    # --- a negated judgement: "är inte", "hatar inte", "don't hate", "not all": the claim is denied
    (
        "negated",
        "sv",
        r"\b(?:är|e|var|blir)\s+(?:inte|aldrig|inga|ingen|inget)\b(?!\s+(?:värda|välkomna|människor|riktiga|svenskar|önskvärda))",
    ),
    (
        "negated",
        "sv",
        r"\b(?:hatar|avskyr|föraktar|tycker|tror|anser|menar)\s+(?:\w+\s+)?(?:inte|aldrig)\b|\b(?:inte|aldrig)\s+(?:alla|sant|så|hata|hatar)\b|\binga\s+problem\s+med\b|\bhar inget emot\b",
    ),
    (
        "negated",
        "en",
        r"\b(?:is|are|was|were|am|'re|'s)\s+(?:not|never|no)\b(?!\s+(?:welcome|human|people|real|wanted|worth))|\b(?:isn't|aren't|wasn't|weren't|ain't)\b(?!\s+(?:welcome|human|people|real|wanted|worth))",
    ),
    (
        "negated",
        "en",
        r"\b(?:don't|do not|doesn't|does not|didn't|did not|never)\s+(?:hate|despise|mind|think|believe|say)\b|\bnothing against\b|\bno problem with\b",
    ),
    (
        "negated",
        "da",
        r"\b(?:er|var|bliver|blir)\s+(?:ikke|ikkje|aldrig|aldri|ingen)\b(?!\s+(?:velkomne|velkommen|mennesker|rigtige|ekte))|\b(?:hader|hater|avskyr|afskyr|synes|tror|mener)\s+(?:\w+\s+)?(?:ikke|ikkje|aldrig|aldri)\b|\bhar ikke noget imod\b|\bhar ingenting imot\b",
    ),
    # --- quotation and reported speech
    ("quote", "", r"[\"“”«»]"),
    (
        "quote",
        "sv",
        r"\b(?:sa att|sade att|skrev att|påstår att|påstod att|enligt (?:honom|henne|dem)|citat)\b",
    ),
    ("quote", "en", r"\b(?:said that|says that|wrote that|claims that|claimed that|quote|so-called)\b"),
    ("quote", "da", r"\b(?:sagde at|sa at|skrev at|påstår at|skrev att)\b"),
    # --- generalisation: quantifier or demonstrative before a word
    (
        "generalise",
        "sv",
        r"\b(?:alla|samtliga|varenda|dessa|de här|de där|dom här|dom där|sådana|såna|sånna|era|hela)\s+\w+",
    ),
    (
        "generalise",
        "en",
        r"\b(?:all|every|these|those|them|all these|all those|you people|these people|their kind)\s+\w*",
    ),
    ("generalise", "da", r"\b(?:alle|hver eneste|disse|dem der|de der|sådan nogle|sånne|slike|hele)\s+\w+"),
    # --- speaking to someone
    ("second_person", "", r"\b(?:du|dig|din|ditt|dina|ni|er|you|u|ur|your|you're|deg|dere|jer|dig|i er)\b"),
    # --- negation
    (
        "negation",
        "",
        r"\b(?:inte|icke|aldrig|ej|inga|inget|ingen|not|never|no|don't|dont|isn't|ain't|ikke|ikkje|aldri|aldrig|nej|nei)\b",
    ),
]


def compile_patterns(
    patterns: list[list[str]] | list[tuple[str, str, str]],
) -> list[tuple[str, str, re.Pattern]]:
    return [(kind, lang, re.compile(rx)) for kind, lang, rx in patterns]
