"""Three fictional disinformation narratives with counter-messages, for the demo (safe to run twice).

Everything here is invented for the demo: no real claim, channel or person is meant.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safecity.organisation.models import Unit

from .models import CounterMessage, Narrative, Tactic

NARRATIVES = [
    {
        "unit": "jarva",
        "title": "Simhallen blir flyktingboende",
        "claim": (
            "Kommunen ska stänga simhallen i Rinkeby och göra om den till ett boende för nyanlända; "
            "beslutet ska ha tagits i hemlighet."
        ),
        "keywords": "simhall, simhallen, badhus, flyktingboende, asylboende, #simhallen",
        "days_ago": 40,
        "where": "Öppna Facebookgrupper för boende i Järva, delat på X",
        "status": Narrative.Status.PUBLISHED,
        "tactics": ["emotional-manipulation", "polarisation", "fabricated-quotes"],
        "messages": [
            (
                CounterMessage.Kind.COUNTER,
                "Simhallen stänger i tre veckor för byte av filter och öppnar igen som vanligt. Inget "
                "beslut om boende finns; alla beslut publiceras på kommunens webbplats.",
                "Stadsdelens Facebooksida",
                10,
            ),
        ],
    },
    {
        "unit": "sodermalm",
        "title": "Falsk expert om vaccin i skolmaten",
        "claim": (
            "En påstådd läkare hävdar i ett videoklipp att skolmaten i stadsdelen innehåller vaccin "
            "som ges till barnen utan föräldrarnas vetskap."
        ),
        "keywords": "vaccin, skolmat, skolmaten, läkare, barnen, #skolmat",
        "days_ago": 20,
        "where": "Videoklipp delat i föräldragrupper",
        "status": Narrative.Status.DRAFTED,
        "tactics": ["fake-experts", "conspiracy-theory", "emotional-manipulation"],
        "messages": [
            (
                CounterMessage.Kind.COUNTER,
                "Skolmaten lagas i skolans kök efter Livsmedelsverkets råd. Ingen medicin eller vaccin "
                "tillsätts. Frågor går till skolans rektor.",
                "Brev till vårdnadshavare",
                None,
            ),
            (
                CounterMessage.Kind.PREBUNK,
                "Så känner du igen en falsk expert: kontrollera titeln, fråga vem som betalar, leta "
                "efter källor som andra kan granska.",
                "Föräldramöte och skolans webbplats",
                5,
            ),
        ],
    },
    {
        "unit": "stadsledningskontoret",
        "title": "Gammal video som ”nya upplopp”",
        "claim": (
            "En video av bränder från ett annat land och ett annat år sprids som bevis på att det "
            "pågår upplopp i Stockholm i dag."
        ),
        "keywords": "upplopp, kravaller, video, brinner, stockholm brinner",
        "days_ago": 7,
        "where": "X, TikTok och Telegram",
        "status": Narrative.Status.MONITORING,
        "tactics": ["decontextualised-media", "polarisation", "false-urgency"],
        "messages": [
            (
                CounterMessage.Kind.PREBUNK,
                "Innan du delar en video: sök efter den med en omvänd bildsökning, se efter skyltar, "
                "väder och språk, och vänta på en källa som var på plats.",
                "Stadens kanaler i sociala medier",
                None,
            ),
        ],
    },
]


def load_narratives(city) -> list[Narrative]:
    """Create (or update) the three demo narratives of `city`; units missing in the city are skipped."""
    today = timezone.localdate()
    made = []
    for spec in NARRATIVES:
        unit = Unit.objects.filter(city=city, code=spec["unit"]).first()
        if unit is None:
            continue
        narrative, _created = Narrative.objects.update_or_create(
            unit=unit,
            title=spec["title"],
            defaults={
                "claim": spec["claim"],
                "keywords": spec["keywords"],
                "first_seen": today - dt.timedelta(days=spec["days_ago"]),
                "where": spec["where"],
                "status": spec["status"],
            },
        )
        narrative.tactics.set(Tactic.objects.filter(code__in=spec["tactics"]))
        narrative.counter_messages.all().delete()
        for kind, text, channel, published_days_ago in spec["messages"]:
            CounterMessage.objects.create(
                narrative=narrative,
                kind=kind,
                text=text,
                channel=channel,
                published_on=None
                if published_days_ago is None
                else today - dt.timedelta(days=published_days_ago),
            )
        made.append(narrative)
    return made
