"""Demo partners, agreements and meetings for Stockholm (make run). Safe to run twice.

Only organisations' public switchboards and websites; meeting notes are about the work, never persons.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from safecity.organisation.models import Area, City, Unit
from safecity.plans.models import Measure

from .models import Agreement, MeasurePartner, Meeting, Partner

K = Partner.Kind
# name, kind, units, areas, phone, website, keywords that link measures (Measure.partners_text)
PARTNERS = [
    (
        "Lokalpolisområde Järva",
        K.POLICE,
        ["jarva"],
        ["rinkeby", "tensta", "husby", "akalla", "kista"],
        "114 14",
        "https://polisen.se",
        ["polis"],
    ),
    (
        "Lokalpolisområde Södermalm",
        K.POLICE,
        ["sodermalm"],
        ["sodermalm", "gamla-stan"],
        "114 14",
        "https://polisen.se",
        ["polis"],
    ),
    (
        "Lokalpolisområde Skärholmen",
        K.POLICE,
        ["skarholmen", "hagersten-alvsjo"],
        ["skarholmen", "bredang", "satra", "varberg"],
        "114 14",
        "https://polisen.se",
        ["polis"],
    ),
    (
        "Lokalpolisområde Farsta",
        K.POLICE,
        ["farsta", "skarpnack"],
        ["farsta", "hokarangen"],
        "114 14",
        "https://polisen.se",
        ["polis"],
    ),
    ("Rinkebyskolan", K.SCHOOL, ["jarva", "utbildningsforvaltningen"], ["rinkeby"], "", "", ["skol"]),
    ("Tensta gymnasium", K.SCHOOL, ["jarva", "utbildningsforvaltningen"], ["tensta"], "", "", ["skol"]),
    ("Sätraskolan", K.SCHOOL, ["skarholmen"], ["satra"], "", "", ["skol"]),
    (
        "Fryshuset",
        K.CIVIL_SOCIETY,
        ["jarva", "socialforvaltningen", "sodermalm"],
        [],
        "",
        "https://fryshuset.se",
        ["föreningar"],
    ),
    (
        "Stockholms Stadsmission",
        K.CIVIL_SOCIETY,
        ["sodermalm", "socialforvaltningen"],
        ["sodermalm"],
        "",
        "https://www.stadsmissionen.se",
        ["föreningar"],
    ),
    (
        "Studieförbundet Vuxenskolan Stockholm",
        K.CIVIL_SOCIETY,
        ["kulturforvaltningen", "skarholmen"],
        [],
        "",
        "https://www.sv.se",
        ["studieförbund"],
    ),
    (
        "Svenska kyrkan, Spånga-Kista församling",
        K.FAITH,
        ["jarva"],
        ["kista", "tensta"],
        "",
        "",
        ["trossamfund"],
    ),
    ("Stockholms moské", K.FAITH, ["sodermalm"], ["sodermalm"], "", "", ["trossamfund"]),
    (
        "Svenska Bostäder",
        K.HOUSING,
        ["jarva", "hasselby-vallingby"],
        ["husby", "rinkeby", "vallingby"],
        "",
        "https://www.svenskabostader.se",
        ["fastighet", "bostad"],
    ),
    (
        "Familjebostäder",
        K.HOUSING,
        ["skarholmen", "farsta"],
        ["bredang", "farsta"],
        "",
        "https://www.familjebostader.com",
        ["fastighet", "bostad"],
    ),
    (
        "Stockholmshem",
        K.HOUSING,
        ["skarpnack", "farsta"],
        ["hokarangen"],
        "",
        "https://www.stockholmshem.se",
        ["fastighet", "bostad"],
    ),
    (
        "RF-SISU Stockholm",
        K.SPORTS,
        ["idrottsforvaltningen"],
        [],
        "",
        "https://www.rfsisu.se",
        ["rf-sisu", "idrott"],
    ),
    (
        "Hammarby IF Ungdom",
        K.SPORTS,
        ["sodermalm", "idrottsforvaltningen"],
        ["sodermalm"],
        "",
        "",
        ["idrott"],
    ),
    ("Husby IK", K.SPORTS, ["jarva"], ["husby"], "", "", ["idrott"]),
    (
        "Kista Science City",
        K.BUSINESS,
        ["jarva", "arbetsmarknadsforvaltningen"],
        ["kista"],
        "",
        "",
        ["näringsliv"],
    ),
    (
        "Arbetsförmedlingen Stockholm",
        K.AGENCY,
        ["arbetsmarknadsforvaltningen"],
        [],
        "",
        "https://arbetsformedlingen.se",
        ["arbetsförmedlingen"],
    ),
    (
        "Center mot våldsbejakande extremism (CVE)",
        K.AGENCY,
        ["socialforvaltningen"],
        [],
        "",
        "https://www.cve.se",
        ["cve"],
    ),
    (
        "Länsstyrelsen i Stockholms län",
        K.AGENCY,
        ["socialforvaltningen"],
        [],
        "",
        "https://www.lansstyrelsen.se/stockholm",
        ["länsstyrelse"],
    ),
    (
        "Nordic Safe Cities",
        K.NORDIC_SAFE_CITIES,
        ["socialforvaltningen", "kulturforvaltningen"],
        [],
        "",
        "https://nordicsafecities.org",
        ["nordic safe cities"],
    ),
    (
        "Oslo kommune",
        K.NORDIC_SAFE_CITIES,
        ["socialforvaltningen"],
        [],
        "",
        "https://www.oslo.kommune.no",
        [],
    ),
]

# partner, unit, kind, starts (days from today), ends (days from today), document, DPIA
AGREEMENTS = [
    (
        "Lokalpolisområde Järva",
        "jarva",
        Agreement.Kind.COOPERATION,
        -700,
        25,
        "Samverkansöverenskommelse 2024–2026",
        "",
    ),
    (
        "Lokalpolisområde Södermalm",
        "sodermalm",
        Agreement.Kind.COOPERATION,
        -300,
        400,
        "Samverkansöverenskommelse 2025–2027",
        "",
    ),
    (
        "Svenska Bostäder",
        "jarva",
        Agreement.Kind.DATA_SHARING,
        -200,
        55,
        "Avtal om lägesbildsunderlag",
        "DPIA 2025-014",
    ),
    ("Fryshuset", "socialforvaltningen", Agreement.Kind.COOPERATION, -365, 365, "IOP Exit och Passus", ""),
    ("Familjebostäder", "skarholmen", Agreement.Kind.COOPERATION, -900, -30, "Trygghetsavtal 2023–2025", ""),
]

# days ago, kind, units, partners, topic, outcome
MEETINGS = [
    (
        20,
        Meeting.Kind.MEETING,
        ["jarva"],
        ["Lokalpolisområde Järva", "Svenska Bostäder"],
        "Lägesbild inför sommaren",
        "Gemensam nattvandring och extra närvaro vid Husby centrum.",
    ),
    (
        60,
        Meeting.Kind.ACTIVITY,
        ["jarva"],
        ["Fryshuset", "Rinkebyskolan"],
        "Föräldraträff om nätets risker",
        "Drygt 40 föräldrar deltog; nästa träff i Tensta.",
    ),
    (
        130,
        Meeting.Kind.MEETING,
        ["jarva"],
        ["Svenska kyrkan, Spånga-Kista församling", "Husby IK"],
        "Lokalt trygghetsråd",
        "Gemensam kalender för lovaktiviteter.",
    ),
    (
        45,
        Meeting.Kind.MEETING,
        ["sodermalm"],
        ["Lokalpolisområde Södermalm", "Stockholms moské"],
        "Samverkan efter klotter med hatsymboler",
        "Sanering inom 24 timmar; information till församlingar.",
    ),
    (
        200,
        Meeting.Kind.ACTIVITY,
        ["sodermalm", "idrottsforvaltningen"],
        ["Hammarby IF Ungdom"],
        "Ledarutbildning om inkludering",
        "Tolv ledare utbildade.",
    ),
    (
        90,
        Meeting.Kind.MEETING,
        ["skarholmen"],
        ["Lokalpolisområde Skärholmen", "Familjebostäder"],
        "Otrygga platser i Bredäng",
        "Belysning ses över; uppföljning efter sommaren.",
    ),
    (
        30,
        Meeting.Kind.MEETING,
        ["socialforvaltningen"],
        ["Nordic Safe Cities", "Oslo kommune"],
        "Erfarenhetsutbyte om desinformation",
        "Metodstöd för lägesbild delas mellan städerna.",
    ),
]


@transaction.atomic
def load_alliances_demo(city_code: str = "stockholm") -> dict[str, int]:
    city = City.objects.get(code=city_code)
    today = timezone.localdate()
    units = {u.code: u for u in Unit.objects.filter(city=city)}
    areas = {a.code: a for a in Area.objects.filter(city=city)}
    partners: dict[str, Partner] = {}
    keywords: dict[str, list[str]] = {}
    for name, kind, unit_codes, area_codes, phone, website, words in PARTNERS:
        partner, _created = Partner.objects.update_or_create(
            city=city, name=name, defaults={"kind": kind, "phone": phone, "website": website}
        )
        partner.units.set([units[c] for c in unit_codes if c in units])
        partner.areas.set([areas[c] for c in area_codes if c in areas])
        partners[name] = partner
        keywords[name] = words
    for number, (name, unit_code, kind, starts, ends, title, dpia) in enumerate(AGREEMENTS, start=101):
        valid_from = today + dt.timedelta(days=starts)
        Agreement.objects.update_or_create(
            partner=partners[name],
            unit=units[unit_code],
            kind=kind,
            defaults={
                "title": title,
                "valid_from": valid_from,
                "valid_to": today + dt.timedelta(days=ends),
                "document_reference": f"Dnr {valid_from.year}/{number}",
                "dpia_reference": dpia,
            },
        )
    for days_ago, kind, unit_codes, names, topic, outcome in MEETINGS:
        meeting, _created = Meeting.objects.update_or_create(
            topic=topic,
            defaults={"date": today - dt.timedelta(days=days_ago), "kind": kind, "outcome": outcome},
        )
        meeting.units.set([units[c] for c in unit_codes if c in units])
        meeting.partners.set([partners[n] for n in names])
    # The organisation demo's police contact sees the Järva police area's share.
    demo_partner = get_user_model().objects.filter(username="partner.police").first()
    if demo_partner is not None:
        partners["Lokalpolisområde Järva"].accounts.add(demo_partner)
    links = 0
    measures = Measure.objects.exclude(partners_text="").select_related("plan")
    unit_ids = {name: {u.pk for u in p.units.all()} for name, p in partners.items()}
    for measure in measures:
        text = measure.partners_text.lower()
        for name, words in keywords.items():
            if measure.plan.unit_id in unit_ids[name] and any(w in text for w in words):
                MeasurePartner.objects.get_or_create(measure=measure, partner=partners[name])
                links += 1
    return {
        "partners": len(partners),
        "agreements": len(AGREEMENTS),
        "meetings": len(MEETINGS),
        "links": links,
    }
