"""Demo Safe City Action profile for Stockholm, from the city portrait the project started from.

`manage.py load_profile_demo` (after `load_demo`, which makes the demo plans) fills the profile's
texts (the English as in the portrait, the Swedish written for the demo), highlights four measures of
approved demo plans with generated abstract pictures, lets the Järva and Södermalm demo coordinators
propose five good practices that the central coordinator approves, and publishes version 1.
Everything goes through the actions. It runs once: if the profile is published, nothing is done.
The good practices are fictional.
"""

from __future__ import annotations

import io
import random

from django.contrib.auth import get_user_model
from django.test import override_settings
from PIL import Image, ImageDraw

from safecity.organisation.models import City
from safecity.plans.access import FOLLOWED_UP
from safecity.plans.models import Measure, Theme

from . import actions
from .models import Profile, ProfileVersion

PORTRAIT_EN = (
    "Spread across an archipelago of fourteen islands, Stockholm is the capital and most populous city in "
    "Sweden. Stockholm is ambitious in its goal to become a modern city that offers each inhabitant the same "
    "opportunities, and the same freedom to choose. The city continuously ranks among some of the most "
    "sustainable, smart and innovative cities in the world. Stockholm strives to be a resilient, tolerant, "
    "and inclusive city where all its inhabitants can experience freedom and safety. This mindset also "
    "carries over to the city’s work against violent extremism through both a preventative and holistic "
    "methodology."
)
PORTRAIT_SV = (
    "Stockholm breder ut sig över fjorton öar och är Sveriges huvudstad och största stad. Stockholm har "
    "höga ambitioner: att vara en modern stad som ger varje invånare samma möjligheter och samma frihet "
    "att välja. Staden rankas återkommande bland världens mest hållbara, smarta och innovativa städer. "
    "Stockholm strävar efter att vara en motståndskraftig, tolerant och inkluderande stad där alla invånare "
    "kan känna frihet och trygghet. Samma synsätt präglar stadens arbete mot våldsbejakande extremism, som "
    "bygger på ett förebyggande arbetssätt och ett helhetsperspektiv."
)
CHALLENGES_EN = (
    "All three milieus of violent extremism, far-right, far-left and radical Islamic extremism, are present "
    "in the city of Stockholm, which demands a broad and flexible approach by the city and its operations. "
    "Though there has been a particular surge of far-right extremism in the last few years that requires "
    "further attention. Additional challenges lay in detecting and preventing extremist threats from lone "
    "perpetrators. To counter these challenges, Stockholm takes the approach that preventive measures should "
    "be broad and carried out at an early stage through the city’s schools and social services."
)
CHALLENGES_SV = (
    "Alla tre våldsbejakande miljöer – den högerextrema, den vänsterextrema och den våldsbejakande islamistiska "
    "– finns i Stockholm, vilket kräver ett brett och flexibelt arbetssätt i staden och dess verksamheter. "
    "De senaste åren har den högerextrema miljön vuxit särskilt och behöver mer uppmärksamhet. Det är också "
    "en utmaning att upptäcka och förebygga hot från ensamagerande gärningspersoner. Stockholm möter "
    "utmaningarna med förebyggande insatser som är breda och sätts in tidigt, genom stadens skolor och "
    "socialtjänst."
)
STRATEGY_EN = (
    "The city-wide guidelines make it clear that all the measures to counter violent extremism should be "
    "carried out through the basis of a preventive holistic approach. Through an early intervention (for "
    "example home visits to new parents, raising awareness in preschool and cooperation’s between social "
    "services and schools) the City of Stockholm aims to counteract milieus of violent extremism and provide "
    "actions that are based on situational and individual conditions. The City of Stockholm is also "
    "motivating individuals to exit violent extremist milieus, for example by providing community "
    "intervention teams and city-wide exit activities.\n\n"
    "As a complement to the city-wide guidelines, all of Stockholm’s 13 city districts and five of its "
    "Specialist Departments have an individual action plan that contains a situational description regarding "
    "challenges, such as trends and crime statistics. Every plan also contains measures to counter these "
    "challenges."
)
STRATEGY_SV = (
    "Enligt stadens gemensamma riktlinjer ska alla åtgärder mot våldsbejakande extremism utgå från ett "
    "förebyggande helhetsperspektiv. Genom tidiga insatser (till exempel hembesök hos nyblivna föräldrar, "
    "kunskapshöjning i förskolan och samverkan mellan socialtjänst och skola) vill Stockholms stad motverka "
    "våldsbejakande miljöer och sätta in åtgärder utifrån situationen och individens förutsättningar. Staden "
    "stöttar också den som vill lämna en våldsbejakande miljö, till exempel genom konsultationsteam och "
    "stadsövergripande avhopparverksamhet.\n\n"
    "Som komplement till riktlinjerna har stadens 13 stadsdelsförvaltningar och fem av fackförvaltningarna "
    "var sin lokal handlingsplan med en lägesbild över utmaningar, som trender och brottsstatistik. Varje "
    "plan innehåller också åtgärder för att möta utmaningarna."
)

# (unit code, measure title, theme, title sv, title en, summary sv, summary en, alt sv, alt en)
INITIATIVES = [
    (
        "jarva",
        "Grundutbildning om våldsbejakande extremism för medarbetare",
        4,
        "Höj medvetenheten och tydliggör ansvaret",
        "Raise awareness and clarify responsibilities",
        "Många funktioner i Stockholms stad berörs på olika sätt av arbetet mot våldsbejakande extremism. "
        "Genom ett strukturerat arbete ser staden till att medvetenheten i verksamheterna är hög, att de "
        "funktioner som berörs särskilt har tillräcklig kunskap och att det finns stöd, så att den som känner "
        "oro eller råkar ut för en händelse med koppling till våldsbejakande extremism vet hur hen ska agera.",
        "In the City of Stockholm many different functions are affected in various ways by the work against "
        "violent extremism. By working in a structured way, Stockholm ensures that awareness in the city’s "
        "operations are high; that the functions that are particularly affected have sufficient knowledge and "
        "that there is support available so that those who experience concerns or an incident linked to "
        "violent extremism, know how to act.",
        "Abstrakt bild i blått med cirklar som möts.",
        "Abstract picture in blue with circles that meet.",
    ),
    (
        "enskede-arsta-vantor",
        "Utökade hembesök till nyblivna föräldrar",
        3,
        "Hembesök hos nyblivna föräldrar",
        "Home visits to new parents",
        "Barnavårdscentralen och socialtjänsten besöker tillsammans familjer med nyfödda barn sex gånger under "
        "det första året. Föräldrarna får stöd tidigt och en väg in till stadens verksamheter.",
        "Child health services and social services together visit families with a newborn six times during "
        "the first year. Parents get support early and a way into the city’s services.",
        "Abstrakt bild i grönt med mjuka former.",
        "Abstract picture in green with soft shapes.",
    ),
    (
        "norra-innerstaden",
        "Digitalt fältarbete",
        1,
        "Digitalt fältarbete",
        "Digital field work",
        "Fältassistenter finns där unga är på nätet, svarar på frågor och fångar upp hat och hot tidigt – "
        "med samma förtroende som i fältarbetet på gatan.",
        "Field workers are present where young people are online, answer questions and pick up hate and "
        "threats early – with the same trust as in street-based field work.",
        "Abstrakt bild i orange med linjer som korsar varandra.",
        "Abstract picture in orange with crossing lines.",
    ),
    (
        "bromma",
        "Källkritik i skolan",
        2,
        "Källkritik i skolan",
        "Source criticism at school",
        "Skolbiblioteken och lärarna övar elever i årskurs 7–9 på att granska källor, känna igen "
        "desinformation och samtala om det de ser i sina flöden.",
        "School libraries and teachers train pupils aged 13–15 to check sources, recognise disinformation "
        "and talk about what they see in their feeds.",
        "Abstrakt bild i lila med rutor i olika storlekar.",
        "Abstract picture in purple with squares of different sizes.",
    ),
]
COLOURS = [(11, 79, 108), (30, 107, 53), (179, 92, 20), (92, 45, 145)]

# (proposer, unit code, measure title, fields)
PRACTICES = [
    (
        "coord.jarva",
        "jarva",
        "Ungdomsråd som formar trygghetsarbetet",
        {
            "title": "Ungdomsråd som formar trygghetsarbetet",
            "title_en": "A youth council that shapes safety work",
            "what": "Tolv unga från Järvas skolor och fritidsgårdar träffas varannan vecka och ger råd om "
            "stadsdelens trygghetsarbete. Rådet har gått trygghetsvandringar och tagit fram en lista med "
            "förbättringar som stadsdelen följer upp varje termin.",
            "what_en": "Twelve young people from Järva’s schools and youth centres meet every other week and "
            "advise the district on its safety work.",
            "for_whom": "Unga 14–19 år i Järva, och de tjänstepersoner som planerar trygghetsarbetet.",
            "for_whom_en": "Young people aged 14–19 in Järva, and the staff who plan safety work.",
            "cost_time": "En fritidsledare 20 % av en tjänst; två timmar varannan vecka för rådet",
            "cost_money": "Cirka 60 000 kr om året för fika, resor och ersättning till de unga",
            "evaluation": "Enkät till rådets medlemmar varje vår och uppföljning av listan med förbättringar.",
            "result": "Åtta av elva förbättringar genomförda första året; belysningen vid två gångtunnlar byttes.",
            "advice": "Ge rådet verkligt inflytande och återkoppla alltid vad som hände med förslagen.",
        },
    ),
    (
        "coord.jarva",
        "jarva",
        "Trygga mötesplatser för unga på lov",
        {
            "title": "Öppna mötesplatser under loven",
            "title_en": "Open meeting places during school holidays",
            "what": "Fritidsgårdarna håller öppet på kvällar och helger under sommar- och jullov, med "
            "aktiviteter som de unga själva föreslår och vuxna som de känner igen.",
            "what_en": "Youth centres stay open in the evenings and at weekends during the summer and "
            "Christmas holidays, with activities the young people suggest.",
            "for_whom": "Unga 12–17 år som annars saknar sammanhang under loven.",
            "cost_time": "Schemaläggning av fritidsledare, planering två månader före lovet",
            "cost_money": "Cirka 150 000 kr per lov",
            "evaluation": "Antal besök per kväll och korta samtal med besökare och personal efter lovet.",
            "result": "Fler besökare än året innan, och färre larm till fältassistenterna under lovkvällarna.",
            "advice": "Börja planera tidigt tillsammans med de unga och samverka med idrottsföreningarna.",
        },
    ),
    (
        "coord.jarva",
        "jarva",
        "Konsultationsteam vid oro",
        {
            "title": "Konsultationsteam för medarbetare som känner oro",
            "title_en": "A consultation team for staff with concerns",
            "what": "Ett team med socialsekreterare, fältassistent och samordnare tar emot frågor från "
            "medarbetare som känner oro för en person och hjälper dem att bedöma och agera.",
            "for_whom": "Medarbetare i skola, förskola, socialtjänst och fritidsverksamhet.",
            "cost_time": "Tre personer en timme i veckan, plus ärenden vid behov",
            "cost_money": "Ingen extra kostnad utöver arbetstiden",
            "evaluation": "Korta enkäter till dem som konsulterat teamet.",
            "result": "Medarbetarna säger att de vet vart de ska vända sig och agerar tidigare.",
            "advice": "Gör teamet lätt att nå – ett telefonnummer och en fast tid i veckan räcker långt.",
        },
    ),
    (
        "coord.sodermalm",
        "sodermalm",
        "Dialogforum med trossamfund och föreningar",
        {
            "title": "Dialogforum med trossamfund och föreningar",
            "title_en": "Dialogue forum with faith communities and associations",
            "what": "Stadsdelen bjuder in trossamfund och föreningar fyra gånger om året för att dela "
            "lägesbild, ställa frågor och planera gemensamma insatser.",
            "what_en": "The district invites faith communities and associations four times a year to share "
            "the local picture and plan joint work.",
            "for_whom": "Trossamfund, föreningar och stadsdelens medarbetare.",
            "cost_time": "Två timmar per möte och en halv dags förberedelse",
            "cost_money": "Cirka 10 000 kr om året",
            "evaluation": "Deltagarnas synpunkter efter varje möte.",
            "result": "Snabbare kontakt vid händelser och två gemensamma föräldrakvällar.",
            "advice": "Låt forumet vara ett ställe att lyssna, inte bara att informera.",
        },
    ),
    (
        "coord.sodermalm",
        "sodermalm",
        "Föräldraträffar om nätets risker",
        {
            "title": "Föräldraträffar om nätets risker",
            "title_en": "Parent evenings on online risks",
            "what": "Skolorna och socialtjänsten bjuder in föräldrar till kvällsträffar om hat, hot och "
            "propaganda på nätet, med tolk på flera språk.",
            "for_whom": "Föräldrar till barn i årskurs 4–9.",
            "cost_time": "Två kvällar per termin och skola",
            "cost_money": "Cirka 5 000 kr per träff för tolk och fika",
            "evaluation": "Antal deltagare och en kort enkät efter varje träff.",
            "result": "Föräldrarna säger att de vågar prata med sina barn om vad de ser på nätet.",
            "advice": "Välj en tid som passar föräldrarna och ha tolk på plats.",
        },
    ),
]


def abstract_picture(seed: int, colour: tuple[int, int, int]) -> bytes:
    """A simple generated picture (no photo of anyone, nothing downloaded)."""
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    image = Image.new("RGB", (960, 540), (245, 247, 249))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y, r = rng.randint(0, 960), rng.randint(0, 540), rng.randint(30, 160)
        tint = tuple(min(255, c + rng.randint(0, 90)) for c in colour)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tint)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _measure(unit_code: str, title: str) -> Measure | None:
    return (
        Measure.objects.filter(plan__unit__code=unit_code, title=title, plan__status__in=FOLLOWED_UP)
        .select_related("plan", "plan__unit")
        .order_by("-plan__year__year")
        .first()
    )


def load_demo() -> ProfileVersion | None:
    """Fill, highlight, propose, approve and publish; nothing if a version is already published."""
    city = City.objects.filter(code="stockholm").first()
    users = get_user_model().objects.filter(is_demo=True)
    central = users.filter(username="central").first()
    if city is None or central is None:
        return None
    profile, _created = Profile.objects.get_or_create(city=city)
    if profile.versions.exists():
        return None
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        actions.do_save_profile(
            central,
            profile,
            portrait=PORTRAIT_SV,
            portrait_en=PORTRAIT_EN,
            challenges=CHALLENGES_SV,
            challenges_en=CHALLENGES_EN,
            strategy=STRATEGY_SV,
            strategy_en=STRATEGY_EN,
        )
        profile.initiatives.all().delete()
        for index, (unit, title, theme, t_sv, t_en, s_sv, s_en, a_sv, a_en) in enumerate(INITIATIVES):
            measure = _measure(unit, title)
            if measure is None:
                continue
            actions.do_add_initiative(
                central,
                profile,
                measure,
                photo=abstract_picture(index, COLOURS[index]),
                title=t_sv,
                title_en=t_en,
                summary=s_sv,
                summary_en=s_en,
                theme=Theme.objects.get(number=theme),
                focus_area=measure.focus_areas.order_by("position").first(),
                photo_alt=a_sv,
                photo_alt_en=a_en,
            )
        for username, unit, title, fields in PRACTICES:
            proposer = users.filter(username=username).first()
            measure = _measure(unit, title)
            if proposer is None or measure is None:
                continue
            links = {
                "themes": list(measure.themes.all()),
                "focus_areas": list(measure.focus_areas.all()),
                "target_groups": list(measure.target_groups.all()),
                "prevention_level": measure.prevention_level,
            }
            practice = actions.do_propose_good_practice(proposer, measure, **links, **fields)
            actions.do_approve_good_practice(central, practice)
        return actions.do_publish_profile(central, profile)
