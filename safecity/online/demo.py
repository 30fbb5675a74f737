"""Demo data: about 300 invented posts and comments on two fictional district pages, imported through
the real import code, classified and partly reviewed.

Everything is made up: the pages, the addresses (social.example), the authors and the comments. Most
comments are ordinary talk about local matters in Swedish and English; a few are offensive, hateful
or threatening, with a burst around a fictional local controversy about six weeks ago.
Deterministic (seeded) and safe to run twice: a second run finds only duplicates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from safecity.organisation.models import Unit

from . import actions, importing, similarity, tasks
from .demo_narratives import load_narratives
from .models import ClassifierModel, ContentImport, OnlineItem

SEED = 2025
PLATFORMS = ["facebook", "facebook", "facebook", "instagram", "x", "forum"]

PLACES = ["parken", "torget", "biblioteket", "simhallen", "fritidsgården", "tunnelbanan", "skolan", "centrum"]
PLACES_EN = [
    "the park",
    "the square",
    "the library",
    "the pool",
    "the youth centre",
    "the metro",
    "the school",
]

NORMAL_SV = [
    "Tack för en fin dag i {place}, barnen älskade det!",
    "När öppnar {place} igen efter renoveringen?",
    "Någon som vet varför bussarna inte går förbi {place} i dag?",
    "Bra initiativ med läxhjälpen på {place}. Fler sådana!",
    "Det behövs mer belysning vid {place}, det är mörkt på kvällarna.",
    "Snöröjningen vid {place} var snabb i år, tack!",
    "Hur anmäler man sig till sommarlovsaktiviteterna?",
    "Vi var på loppisen vid {place} i lördags, jättetrevligt.",
    "Kan ni lägga upp öppettiderna för {place} i julhelgen?",
    "Fint att ni lyssnar på oss boende. Mötet i går var bra.",
    "Papperskorgarna vid {place} är fulla igen, kan någon tömma dem?",
    "Grattis till fotbollslaget som vann i helgen!",
    "Jag håller inte med om beslutet om parkeringen, men bra att ni förklarar det.",
    "Var det någon som hittade en blå cykel vid {place}?",
    "Så skönt med de nya bänkarna vid {place}.",
    "Hatar när det regnar på marknadsdagen :(",
    "Det här var en idiotiskt dålig dag för mig, men festivalen räddade den!",
    "Att kalla någon 'parasit' är hets, det ska vi inte acceptera här i området.",
]
NORMAL_EN = [
    "Thanks for organising the clean-up day at {place}!",
    "Is {place} open on Sunday?",
    "Great to see the new playground finally finished.",
    "Could you post the bus replacement schedule here?",
    "The concert at {place} was brilliant, well done everyone.",
    "Lovely community, we just moved here and everyone is so kind.",
    "Any volunteers needed for the homework club?",
    "I killed it at the quiz night yesterday, thanks for hosting!",
]
OFFENSIVE = [
    ("Ni på förvaltningen är ena riktiga idioter.", "sv"),
    ("Vilka clowner som bestämmer här, helt jävla värdelöst.", "sv"),
    ("Håll käften och gör ert jobb istället för att posta skit.", "sv"),
    ("What a bunch of useless morons running this district.", "en"),
    ("Shut up, nobody cares about your stupid survey.", "en"),
    ("Fy fan vad dumma i huvudet ni är som stängde simhallen.", "sv"),
]
HATEFUL = [
    ("Invandrarna förstör hela området, skicka hem allihop.", "sv", "xenophobic"),
    ("De där jävla zigenarna vid centrum borde köras bort.", "sv", "antiziganist"),
    ("Muslimerna ska inte få bygga något mer här, de hör inte hemma i Sverige.", "sv", "islamophobic"),
    ("Bögar ska hålla sig borta från våra barn och vår fritidsgård.", "sv", "homophobic"),
    ("Judarna styr kommunen bakom kulisserna, som vanligt.", "sv", "antisemitic"),
    ("Those immigrants are vermin, they are ruining our neighbourhood.", "en", "xenophobic"),
    ("Transpersoner är psykiskt sjuka och ska inte jobba med ungdomar.", "sv", "transphobic"),
    ("Kvinnor borde inte få sitta i stadsdelsnämnden, de fattar ingenting.", "sv", "gender"),
]
THREATS = [
    ("Den som hängde upp flaggan på fritidsgården ska få det hett, vi vet var du bor.", "sv"),
    ("Jag kommer att slå ihjäl nästa politiker som visar sig på torget.", "sv"),
    ("Someone should burn that centre down with them inside.", "en"),
]
OPENERS_SV = ["", "", "", "Ärligt talat, ", "Alltså, ", "Hmm. ", "Kort sagt: ", "Som boende här: "]
OPENERS_EN = ["", "", "", "Honestly, ", "Just saying: ", "Hi all! "]
CLOSERS = ["", "", "", " :)", "!", " Tack.", " /boende sedan 20 år", " #stadsdelen", " Mvh"]
MORE_SV = [
    "Parkeringen vid {place} är ett kaos varje morgon, kan ni se över skyltningen?",
    "Min dotter gick på dansen på {place} och var jätteglad efteråt.",
    "Varför stänger {place} redan klockan sex på fredagar?",
    "Det saknas ett övergångsställe nära {place}, det är farligt för barnen.",
    "Tack till personalen på {place} som hjälpte min pappa i går.",
    "Blir det något midsommarfirande vid {place} i år?",
    "Klotterskyddet på {place} fungerar inte, det är nedklottrat igen.",
    "Hoppas att det blir fler platser i kulturskolan till hösten.",
]
BURST = [
    ("Flaggan på fritidsgården är en provokation, riv den!", "not", ""),
    ("Varför ska skattepengar gå till sånt här trams?", "not", ""),
    ("Bra att fritidsgården visar att alla är välkomna!", "not", ""),
    ("Bögpropaganda för barn, äckligt.", "hateful", "homophobic"),
    ("Stå upp för alla ungdomar, heja fritidsgården!", "not", ""),
]


def _rows(rng: random.Random, page: str, count: int, burst: int, now: dt.datetime) -> list[dict]:
    rows = []
    burst_day = now - dt.timedelta(days=42)
    for n in range(count):
        in_burst = n < burst
        if in_burst:
            when = burst_day + dt.timedelta(hours=rng.uniform(0, 72))
        else:
            when = now - dt.timedelta(days=rng.uniform(1, 182))
        roll = rng.random()
        label, target = "not", ""
        if in_burst and roll < 0.5:
            text, label, target = rng.choice(BURST)
        elif roll < (0.10 if not in_burst else 0.62):
            text, _lang = rng.choice(OFFENSIVE)
            label = "offensive"
        elif roll < (0.16 if not in_burst else 0.8):
            text, _lang, target = rng.choice(HATEFUL)
            label = "hateful"
        elif roll < (0.18 if not in_burst else 0.85):
            text, _lang = rng.choice(THREATS)
            label = "threat"
        elif roll < 0.78:
            text = rng.choice(NORMAL_SV + MORE_SV).format(place=rng.choice(PLACES))
        else:
            text = rng.choice(NORMAL_EN).format(place=rng.choice(PLACES_EN))
        english = (
            text.isascii()
            and " the " in f" {text.lower()} "
            or text.startswith(
                ("Thanks", "Is ", "Any", "Great", "Could", "Lovely", "I ", "What", "Shut", "Those", "Someone")
            )
        )
        opener = rng.choice(OPENERS_EN if english else OPENERS_SV)
        if opener.endswith(", ") and not text.startswith("I "):
            text = text[0].lower() + text[1:]
        text = opener + text + rng.choice(CLOSERS)
        platform = rng.choice(PLATFORMS)
        rows.append(
            {
                "platform": platform,
                "url": f"https://social.example/{page}/{platform}/{n + 1}" if platform != "forum" else "",
                "time": when.replace(microsecond=0).isoformat(),
                "text": text,
                "thread": f"{page}-post-{rng.randint(1, 40)}",
                "author": f"demo_user_{rng.randint(1, 120)}",
                "_truth": (label, target),
            }
        )
    return rows


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=["platform", "url", "time", "text", "thread", "author"], extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def ensure_classifier(log=print) -> ClassifierModel:
    """The active version; trains a quick one when there is none (the first version becomes active)."""
    active = ClassifierModel.objects.filter(is_active=True).defer("weights").first()
    if active:
        return active
    latest = ClassifierModel.objects.defer("weights").order_by("-version").first()
    if latest:
        latest.is_active, latest.activated_at = True, timezone.now()
        latest.save(update_fields=["is_active", "activated_at"])
        return latest
    from .classifier.training import train_model

    log("Training a quick classifier version for the demo (a minute or two)…")
    return train_model(quick=True, include_reviews=False, notes="quick model for the demo")


def load_demo(log=print) -> dict:
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    ensure_classifier(log)
    User = get_user_model()
    central = User.objects.filter(username="central").first()
    reviewer = User.objects.filter(username="coord.jarva").first() or central
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    city = Unit.objects.get(code="jarva").city
    narratives = load_narratives(city)
    summary = {}
    truth: dict[str, tuple[str, str]] = {}
    for unit_code, page, count, burst in [
        ("jarva", "jarva-stadsdel", 240, 60),
        ("sodermalm", "sodermalm-stadsdel", 60, 0),
    ]:
        unit = Unit.objects.get(code=unit_code)
        rows = _rows(rng, page, count, burst, now)
        for row in rows:
            posted = importing.parse_time(row["time"])
            truth[importing.fingerprint(row["platform"], row["url"], posted, row["text"])] = row["_truth"]
        run = ContentImport.objects.create(
            unit=unit,
            uploaded_by=central,
            source=f"{page} (påhittad demosida)",
            filename=f"{page}-demo.csv",
            file=_csv(rows),
        )
        run = tasks.run_import(run.pk)
        summary[unit_code] = (run.created, run.duplicates)
    if reviewer is not None:
        _review_some(reviewer, truth)
    for narrative in narratives:
        similarity.suggest_for_narrative(narrative)
    return summary


def _review_some(reviewer, truth: dict[str, tuple[str, str]]) -> None:
    """Reviews of about one in six of Järva's items, in queue order, with the label the demo meant:
    most confirm the classifier, some correct it (as a person would)."""
    items = list(
        OnlineItem.objects.filter(
            unit__code="jarva", reviewed_at__isnull=True, classified_at__isnull=False
        ).order_by("-score", "pk")[:200]
    )
    for item in items[::6]:
        label, target = truth.get(item.fingerprint, (item.label, item.target))
        actions.do_review_item(reviewer, item, label=label, target=target)
