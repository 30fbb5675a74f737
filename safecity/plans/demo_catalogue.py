"""What the demo plans are made of: measures from Stockholm's practice, texts per section, comments.

Drawn from the city portrait (early prevention in schools and social services, home visits to new
parents, preschool awareness, exit programme, community teams) and the structure of Stockholm's
plans (DOMAIN.md). Used only by safecity/plans/demo.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ind:
    name: str
    unit: str
    baseline: int
    target: int
    direction: str = "increase"


@dataclass(frozen=True)
class Spec:
    title: str
    description: str
    level: str  # general, specific, individual
    themes: tuple[int, ...]
    focus: tuple[str, ...]
    groups: tuple[str, ...]
    function: str = ""
    partners: str = ""
    indicator: Ind | None = None
    parts: tuple[tuple[str, int], ...] = ()  # sub-measures: (title, weight)
    milestone: str = ""
    shared: bool = False
    areas: int = 0  # how many of the district's areas the measure names
    continuous: bool = False  # a standing activity: never "done"


DISTRICT = [
    Spec(
        "Föräldraträffar om nätets risker",
        "Träffar för föräldrar på fritidsgårdar och i skolor om hur propaganda, hat och "
        "rekrytering sprids i sociala medier och spel, och vart man vänder sig vid oro.",
        "general",
        (1, 2),
        ("a",),
        ("parents",),
        "youth-leisure",
        "Skolorna i området, föräldranätverk",
        Ind("Deltagande föräldrar", "st", 40, 120),
        milestone="Första träffen på höstterminen",
    ),
    Spec(
        "Utbildning i stadens vägledning för förskolepersonal",
        "Halvdag om hur oro hanteras, när en orosanmälan görs och vem man kontaktar, för all "
        "personal i förskolan. Stadens e-utbildning som förberedelse.",
        "general",
        (4,),
        ("b",),
        ("staff",),
        "preschool",
        "",
        Ind("Andel förskolepersonal som genomgått utbildningen", "%", 35, 90),
        parts=(("E-utbildning för all personal", 2), ("Seminarium för förskolechefer", 1)),
    ),
    Spec(
        "Samverkan i SSPF",
        "Skola, socialtjänst, polis och fritid möts varannan vecka i den lokala SSPF-gruppen och "
        "följer upp unga i riskzon utifrån varje ungdoms situation.",
        "specific",
        (4,),
        ("c",),
        ("youth",),
        "social-services",
        "Polisen (lokalpolisområdet), skolorna i området",
        Ind("Genomförda SSPF-möten", "st", 12, 20),
        shared=True,
        continuous=True,
    ),
    Spec(
        "Källkritik i skolan",
        "Workshoppar om källkritik och desinformation för årskurs 7–9, tillsammans med "
        "skolbiblioteken och fältassistenterna.",
        "general",
        (2,),
        ("a",),
        ("youth",),
        "library",
        "Skolbiblioteken",
        Ind("Klasser som genomfört workshoppen", "st", 8, 30),
    ),
    Spec(
        "Trygga mötesplatser för unga på lov",
        "Förlängda öppettider på fritidsgårdarna och aktiviteter under sommar-, höst- och "
        "sportlov, med fältassistenter på plats.",
        "general",
        (3,),
        ("a",),
        ("youth", "children"),
        "youth-leisure",
        "Idrottsföreningar, bostadsbolagen",
        Ind("Besök under loven", "st", 1500, 2600),
        parts=(("Sommarlov", 3), ("Höstlov", 1), ("Sportlov", 1)),
        continuous=True,
    ),
    Spec(
        "Rutin för upplåtelse av lokaler",
        "En rutin som säkerställer att förvaltningens lokaler inte upplåts till organisationer "
        "som bryter mot demokratins principer, med kontroll före bokning och dokumentation.",
        "general",
        (4,),
        ("a",),
        ("associations",),
        "parks-premises",
        "",
        milestone="Rutinen beslutad i ledningsgruppen",
    ),
    Spec(
        "Avhopparverksamhet – stöd till anhöriga",
        "Samtalsstöd till anhöriga till personer i våldsbejakande miljöer, i samarbete med "
        "stadens avhopparverksamhet. Kontakten förmedlas av socialtjänsten.",
        "individual",
        (4,),
        ("a", "c"),
        ("parents",),
        "social-services",
        "Stadens avhopparverksamhet",
        Ind("Anhöriga som fått stöd", "st", 3, 8),
        continuous=True,
    ),
    Spec(
        "Kartläggning av propaganda i offentlig miljö",
        "Fältassistenter och trygghetsvandringar dokumenterar klistermärken, affischer och "
        "klotter med extremistiskt budskap. Fynden rapporteras till samordnaren och saneras "
        "inom 48 timmar.",
        "specific",
        (1,),
        ("c",),
        ("residents",),
        "youth-leisure",
        "Bostadsbolagen, trafikförvaltningen, polisen",
        Ind("Andel fynd sanerade inom 48 timmar", "%", 55, 95),
        areas=2,
        shared=True,
    ),
    Spec(
        "Utökade hembesök till nyblivna föräldrar",
        "Hembesök tillsammans med BVC där föräldrastöd och information om stadens stöd ingår, "
        "så att familjer tidigt får kontakt med socialtjänst och öppen förskola.",
        "general",
        (3,),
        ("a",),
        ("parents", "children"),
        "social-services",
        "BVC, Region Stockholm",
        Ind("Familjer som fått hembesök", "st", 60, 140),
    ),
    Spec(
        "Trygghetsvandringar med boende",
        "Vandringar med boende, bostadsbolag och polis där otrygga platser och propaganda "
        "noteras och följs upp.",
        "specific",
        (4,),
        ("c",),
        ("residents",),
        "youth-leisure",
        "Polisen, bostadsbolagen, föreningar",
        Ind("Genomförda vandringar", "st", 4, 10),
        areas=2,
    ),
    Spec(
        "Digitalt fältarbete",
        "Fältassistenter finns där unga finns på nätet, fångar upp hat och hot och hänvisar "
        "vidare till stöd.",
        "specific",
        (1, 3),
        ("a", "c"),
        ("youth",),
        "youth-leisure",
        "",
        Ind("Digitala kontakter med unga", "st", 150, 400),
    ),
    Spec(
        "Grundutbildning om våldsbejakande extremism för medarbetare",
        "Alla nyanställda gör stadens e-utbildning; chefer går ett lokalt seminarium om "
        "vägledningen och hur oro hanteras.",
        "general",
        (4,),
        ("b",),
        ("staff",),
        "management",
        "",
        Ind("Andel medarbetare som gjort e-utbildningen", "%", 40, 85),
        parts=(("E-utbildning för nyanställda", 2), ("Seminarium för chefer", 1)),
    ),
    Spec(
        "Ungdomsråd som formar trygghetsarbetet",
        "Ungdomsrådet tar fram förslag till trygghetsåtgärder och presenterar dem för stadsdelsnämnden.",
        "general",
        (3,),
        ("a",),
        ("youth",),
        "youth-leisure",
        "",
        Ind("Förslag från ungdomsrådet som genomförts", "st", 1, 4),
        continuous=True,
    ),
    Spec(
        "Dialogforum med trossamfund och föreningar",
        "Tre forum per år med trossamfund och föreningar om polarisering, hot och hur vi agerar tillsammans.",
        "general",
        (4,),
        ("c",),
        ("associations",),
        "management",
        "Trossamfund, föreningar i stadsdelen",
        Ind("Deltagande organisationer", "st", 8, 15),
        shared=True,
    ),
    Spec(
        "Lokal lägesbild i brottsförebyggande rådet",
        "Lägesbilden om våldsbejakande extremism tas fram två gånger per år och diskuteras i "
        "det brottsförebyggande rådet med polis och bostadsbolag.",
        "general",
        (4,),
        ("c",),
        ("staff",),
        "management",
        "Polisen, bostadsbolagen",
        milestone="Lägesbilden presenterad i rådet",
        shared=True,
        continuous=True,
    ),
    Spec(
        "Stöd vid hat och hot mot medarbetare",
        "En rutin för stöd till medarbetare som utsätts för hat och hot i tjänsten, också på "
        "nätet, med polisanmälan och uppföljning.",
        "general",
        (1,),
        ("b",),
        ("staff",),
        "management",
        "",
        milestone="Rutinen kommunicerad till alla chefer",
    ),
    Spec(
        "Mentorskap för unga i riskzon",
        "Vuxna mentorer från föreningslivet för unga som socialtjänsten och skolan ser en risk "
        "för, med fokus på fritid, skola och jobb.",
        "specific",
        (3,),
        ("a", "c"),
        ("youth",),
        "social-services",
        "Idrottsföreningar",
        Ind("Unga med mentor", "st", 10, 25),
    ),
    Spec(
        "Konsultationsteam vid oro",
        "Ett lokalt team med socialtjänst, skola och fritid som medarbetare kan rådfråga "
        "avidentifierat vid oro för radikalisering.",
        "specific",
        (4,),
        ("b", "c"),
        ("staff",),
        "social-services",
        "",
        Ind("Konsultationer", "st", 6, 15),
        continuous=True,
    ),
    Spec(
        "Nattvandring och vuxennärvaro",
        "Vuxennärvaro fredag och lördag kväll och vid skolavslutningar, samordnat med "
        "föräldraföreningar och nattvandrare.",
        "general",
        (3, 4),
        ("c",),
        ("youth", "residents"),
        "youth-leisure",
        "Nattvandrarna, föräldraföreningar",
        Ind("Kvällar med vuxennärvaro", "st", 30, 60),
        areas=1,
    ),
    Spec(
        "Granskning av föreningsbidrag",
        "Ansökningar om föreningsbidrag granskas mot stadens demokrativillkor; tveksamma fall "
        "stäms av med samordnaren före beslut.",
        "general",
        (4,),
        ("a",),
        ("associations",),
        "management",
        "",
        milestone="Checklista för handläggare klar",
    ),
    Spec(
        "Biblioteket som arena för samtal",
        "Samtalskvällar på biblioteket om demokrati, polarisering och hur man bemöter hat på nätet.",
        "general",
        (2, 3),
        ("a",),
        ("residents", "youth"),
        "library",
        "Studieförbund",
        Ind("Deltagare", "st", 80, 200),
    ),
]

ELECTION_2026 = Spec(
    "Information om desinformation inför valet 2026",
    "Information på flera språk om hur man känner igen desinformation och påverkansförsök inför "
    "valet, på biblioteken, öppna förskolan och i samhällsvägledningen.",
    "general",
    (2,),
    ("a",),
    ("residents",),
    "library",
    "Valmyndigheten, studieförbund",
    Ind("Informationstillfällen", "st", 0, 25),
    milestone="Material på fem språk klart",
)

SPECIALIST = {
    "utbildningsforvaltningen": [
        Spec(
            "Källkritik i skolan",
            "Lärarhandledning och lektionsmaterial om källkritik, desinformation och "
            "konspirationsteorier för grundskola och gymnasium.",
            "general",
            (2,),
            ("a",),
            ("youth",),
            "school",
            "Skolbiblioteken, Statens medieråd",
            Ind("Skolor som använder materialet", "st", 40, 120),
        ),
        Spec(
            "Utbildning i stadens vägledning för rektorer",
            "Alla rektorer går igenom stadens vägledning: hur oro hanteras, orosanmälan och "
            "samverkan med socialtjänsten.",
            "general",
            (4,),
            ("b",),
            ("staff",),
            "school",
            "",
            Ind("Andel rektorer som genomgått utbildningen", "%", 30, 95),
        ),
        Spec(
            "Elevhälsans rutin vid oro för radikalisering",
            "En gemensam rutin för elevhälsan: bedömning, orosanmälan, kontakt med vårdnadshavare "
            "och samverkan i SSPF.",
            "specific",
            (4,),
            ("a", "b"),
            ("staff", "youth"),
            "school",
            "",
            milestone="Rutinen publicerad på intranätet",
        ),
        Spec(
            "Demokrativeckor på gymnasiet",
            "En vecka per läsår där elever möter förtroendevalda, journalister och föreningar "
            "om demokrati och inkludering.",
            "general",
            (3,),
            ("a",),
            ("youth",),
            "school",
            "Föreningar, lokala medier",
            Ind("Deltagande gymnasieskolor", "st", 6, 20),
            parts=(("Planering med elevråden", 1), ("Genomförande", 3)),
        ),
        Spec(
            "Frågor om hat på nätet i skolenkäten",
            "Skolenkäten får frågor om utsatthet för hat och hot på nätet, så att skolorna kan "
            "följa läget över tid.",
            "general",
            (1,),
            ("c",),
            ("youth",),
            "school",
            "",
            milestone="Frågorna med i vårens enkät",
        ),
        Spec(
            "Fortbildning för lärare om konspirationsteorier",
            "Fortbildning för SO-lärare om konspirationsteorier och hur de bemöts i klassrummet.",
            "general",
            (2,),
            ("b",),
            ("staff",),
            "school",
            "Forskare vid Stockholms universitet",
            Ind("Lärare som gått fortbildningen", "st", 50, 200),
        ),
        Spec(
            "Samverkan med socialtjänsten kring elever i riskzon",
            "Skolorna deltar i SSPF och i stadsdelarnas konsultationsteam; kontaktvägar "
            "uppdateras varje termin.",
            "specific",
            (4,),
            ("c",),
            ("youth",),
            "school",
            "Stadsdelsförvaltningarna, polisen",
            continuous=True,
            shared=True,
        ),
        Spec(
            "Skolbiblioteken och MIK",
            "Medie- och informationskunnighet i skolbiblioteken för årskurs 4–6.",
            "general",
            (2,),
            ("a",),
            ("children",),
            "library",
            "",
            Ind("Klasser", "st", 20, 60),
        ),
    ],
    "socialforvaltningen": [
        Spec(
            "Avhopparverksamhet – stöd till den som vill lämna",
            "Stadens avhopparverksamhet ger stöd till personer som vill lämna en våldsbejakande "
            "miljö: samtal, boende, sysselsättning.",
            "individual",
            (4,),
            ("a", "c"),
            ("youth",),
            "social-services",
            "Polisen, Kriminalvården",
            Ind("Personer i avhopparverksamheten", "st", 5, 10),
            continuous=True,
        ),
        Spec(
            "Avhopparverksamhet – stöd till anhöriga",
            "Samtalsstöd och anhöriggrupp för föräldrar och syskon till personer i våldsbejakande miljöer.",
            "individual",
            (4,),
            ("a",),
            ("parents",),
            "social-services",
            "",
            Ind("Anhöriga som fått stöd", "st", 8, 15),
            continuous=True,
        ),
        Spec(
            "Konsultationsstöd till stadsdelarnas socialtjänst",
            "Förvaltningens specialister ger stadsdelarnas socialsekreterare råd i ärenden med "
            "oro för radikalisering.",
            "specific",
            (4,),
            ("b", "c"),
            ("staff",),
            "social-services",
            "",
            Ind("Konsultationer", "st", 20, 40),
            continuous=True,
        ),
        Spec(
            "Utbildning för socialsekreterare i bedömning vid oro",
            "Utbildning i riskbedömning och i hur socialtjänstens egna regler och sekretess "
            "gäller vid oro för våldsbejakande extremism.",
            "general",
            (4,),
            ("b",),
            ("staff",),
            "social-services",
            "Center mot våldsbejakande extremism (CVE)",
            Ind("Utbildade socialsekreterare", "st", 60, 200),
            parts=(("Grundkurs", 2), ("Fördjupning för utredare", 1)),
        ),
        Spec(
            "Rutin för avidentifierade underrättelser till samordnarna",
            "Mottagningen underrättar den lokala samordnaren avidentifierat om att en "
            "orosanmälan kommit in och vad som beslutats.",
            "specific",
            (4,),
            ("c",),
            ("staff",),
            "social-services",
            "",
            milestone="Rutinen införd i alla mottagningar",
        ),
        Spec(
            "Socialjouren – beredskap vid händelser",
            "Socialjouren har en plan för krisstöd och samordning efter en händelse med "
            "koppling till våldsbejakande extremism.",
            "specific",
            (4,),
            ("c",),
            ("residents",),
            "social-services",
            "Polisen, krisledningen",
            milestone="Övning genomförd",
        ),
        Spec(
            "Föräldrastöd om nätets risker",
            "Föräldrastödsprogram med ett pass om hat, propaganda och rekrytering på nätet.",
            "general",
            (1, 2),
            ("a",),
            ("parents",),
            "social-services",
            "",
            Ind("Föräldrar i programmet", "st", 100, 250),
        ),
    ],
    "arbetsmarknadsforvaltningen": [
        Spec(
            "Medarbetarutbildning på Jobbtorg",
            "Alla medarbetare på Jobbtorg går stadens e-utbildning och ett pass om hur oro hos "
            "deltagare hanteras.",
            "general",
            (4,),
            ("b",),
            ("staff",),
            "labour-market",
            "",
            Ind("Andel medarbetare utbildade", "%", 45, 90),
        ),
        Spec(
            "Rutin vid oro hos deltagare",
            "En rutin för hur handledare agerar vid oro för radikalisering hos en deltagare, "
            "med kontaktvägar till socialtjänsten.",
            "specific",
            (4,),
            ("a",),
            ("staff",),
            "labour-market",
            "",
            milestone="Rutinen införd på alla Jobbtorg",
        ),
        Spec(
            "Feriejobb med demokratitema",
            "Feriejobb för unga där en introduktionsdag handlar om demokrati, inkludering och "
            "att säga ifrån mot hat.",
            "general",
            (3,),
            ("a",),
            ("youth",),
            "labour-market",
            "Föreningar, stadens förvaltningar",
            Ind("Unga med feriejobb", "st", 5000, 6000),
            continuous=True,
        ),
        Spec(
            "Samhällsorientering: källkritik och demokrati",
            "Samhällsorienteringen för nyanlända får ett pass om källkritik, desinformation och "
            "demokratins spelregler.",
            "general",
            (2,),
            ("a",),
            ("residents",),
            "labour-market",
            "",
            Ind("Deltagare", "st", 400, 900),
        ),
        Spec(
            "Kontroll av anordnare",
            "Anordnare av arbetsmarknadsinsatser granskas mot stadens demokrativillkor före avtal.",
            "general",
            (4,),
            ("a",),
            ("associations",),
            "labour-market",
            "",
            milestone="Villkoren i alla nya avtal",
        ),
        Spec(
            "Samverkan med Arbetsförmedlingen",
            "Gemensamma kontaktvägar vid oro för deltagare som har insatser från båda.",
            "specific",
            (4,),
            ("c",),
            ("staff",),
            "labour-market",
            "Arbetsförmedlingen",
            continuous=True,
        ),
        Spec(
            "Jobbspår för unga som lämnat en kriminell eller våldsbejakande miljö",
            "Individuellt stöd till arbete eller studier i samarbete med avhopparverksamheten.",
            "individual",
            (3,),
            ("a", "c"),
            ("youth",),
            "labour-market",
            "Socialförvaltningen",
            Ind("Unga i jobbspåret", "st", 3, 8),
        ),
    ],
    "kulturforvaltningen": [
        Spec(
            "Biblioteket som arena för samtal",
            "Samtalskvällar om demokrati, polarisering och yttrandefrihet på stadsbiblioteken.",
            "general",
            (2, 3),
            ("a",),
            ("residents",),
            "library",
            "Studieförbund",
            Ind("Deltagare", "st", 300, 700),
        ),
        Spec(
            "Medie- och informationskunnighet på biblioteken",
            "Kurser i källkritik och digital säkerhet för vuxna och unga.",
            "general",
            (2,),
            ("a",),
            ("residents", "youth"),
            "library",
            "",
            Ind("Kurstillfällen", "st", 40, 100),
        ),
        Spec(
            "Kulturskolan: ungas röster mot hat",
            "Unga i Kulturskolan gör musik, film och teater om inkludering och hat på nätet.",
            "general",
            (1, 3),
            ("a",),
            ("youth", "children"),
            "culture",
            "",
            Ind("Deltagande unga", "st", 120, 300),
        ),
        Spec(
            "Rutin för upplåtelse av lokaler",
            "Bibliotekens och kulturhusens lokaler upplåts enligt stadens demokrativillkor; "
            "personalen har stöd vid tveksamma bokningar.",
            "general",
            (4,),
            ("a",),
            ("associations",),
            "culture",
            "",
            milestone="Rutinen införd på alla bibliotek",
        ),
        Spec(
            "Stöd till bibliotekspersonal vid hot och hat",
            "Utbildning och rutin för personal som möter hot, hat och propaganda i verksamheten.",
            "general",
            (1,),
            ("b",),
            ("staff",),
            "library",
            "",
            Ind("Utbildad personal", "st", 80, 250),
        ),
        Spec(
            "Kulturstöd med demokrativillkor",
            "Ansökningar om kulturstöd prövas mot stadens demokrativillkor.",
            "general",
            (4,),
            ("a",),
            ("associations",),
            "culture",
            "",
            continuous=True,
        ),
    ],
    "idrottsforvaltningen": [
        Spec(
            "Föreningsbidrag med demokrativillkor",
            "Bidrag till idrottsföreningar prövas mot stadens demokrativillkor; föreningarna "
            "intygar att de följer dem.",
            "general",
            (4,),
            ("a",),
            ("associations",),
            "sports",
            "RF-SISU Stockholm",
            continuous=True,
        ),
        Spec(
            "Utbildning för föreningsledare",
            "Ledare i idrottsföreningar utbildas i att upptäcka och agera vid oro och hat.",
            "general",
            (4,),
            ("b", "c"),
            ("associations",),
            "sports",
            "RF-SISU Stockholm",
            Ind("Utbildade ledare", "st", 100, 400),
        ),
        Spec(
            "Rutin för upplåtelse av idrottsanläggningar",
            "Bokningar av anläggningar kontrolleras mot stadens demokrativillkor.",
            "general",
            (4,),
            ("a",),
            ("associations",),
            "sports",
            "",
            milestone="Rutinen i bokningssystemet",
        ),
        Spec(
            "Lovaktiviteter i idrottshallarna",
            "Gratis aktiviteter i idrottshallarna under loven, med unga ledare.",
            "general",
            (3,),
            ("a",),
            ("youth", "children"),
            "sports",
            "Idrottsföreningar",
            Ind("Deltagare under loven", "st", 3000, 5000),
            parts=(("Sommarlov", 3), ("Sport- och höstlov", 2)),
            continuous=True,
        ),
        Spec(
            "Trygga idrottsmiljöer",
            "Stöd till föreningar som utsätts för hot eller infiltrationsförsök, i samverkan "
            "med RF-SISU och polisen.",
            "specific",
            (4,),
            ("c",),
            ("associations",),
            "sports",
            "RF-SISU Stockholm, polisen",
            shared=True,
        ),
        Spec(
            "Unga ledare som förebilder",
            "Utbildning av unga ledare i inkludering och att säga ifrån mot hat i laget och på nätet.",
            "general",
            (1, 3),
            ("a",),
            ("youth",),
            "sports",
            "",
            Ind("Unga ledare", "st", 40, 120),
        ),
    ],
}

# --- texts ---------------------------------------------------------------------------------------------

MILIEUS = [
    "våldsbejakande högerextrem propaganda, främst klistermärken och flygblad",
    "hat och hot på nätet riktat mot unga och mot förtroendevalda",
    "enstaka signaler om rekrytering till våldsbejakande islamistiska miljöer",
    "våldsbejakande vänsterextrem aktivism i samband med demonstrationer",
    "konspirationsteorier och desinformation som sprids i föräldragrupper",
    "unga som söker sig till digitala miljöer där våld hyllas",
]


def section_texts(unit_name: str, kind: str, year: int, areas: list[str], milieus: list[str]) -> dict:
    """The text of every section of a plan, in Swedish; a few sentences each."""
    where = ", ".join(areas[:3]) if areas else unit_name
    district = kind == "district"
    board = "stadsdelsnämnden" if district else "nämnden"
    return {
        "definitions": (
            "Med våldsbejakande extremism avses rörelser och ideologier som inte accepterar den "
            "demokratiska samhällsordningen och som använder eller förespråkar våld för att nå sina "
            "mål. Planen utgår från stadens riktlinjer och de tre miljöerna: den våldsbejakande "
            "högerextremismen, vänsterextremismen och islamismen.\n\n"
            "Se stadens riktlinjer för definitioner och ansvar."
        ),
        "situation": (
            f"## Läget {year}\n\n"
            f"Lägesbilden för {unit_name} bygger på polisens lokala lägesbild, stadens "
            f"trygghetsmätning och de signaler och avidentifierade underrättelser som kommit in "
            f"under {year - 1}.\n\n"
            f"- Det som märks mest är {milieus[0]}"
            + (f", särskilt i {where}.\n" if district else ".\n")
            + f"- Därutöver {milieus[1]}.\n"
            "- Inga uppgifter om enskilda personer redovisas här.\n\n"
            f"*Källor: Polisen, lokal lägesbild {year - 1}; Stockholms stad, trygghetsmätningen; "
            f"Safe City, signaler {year - 1}.*"
        ),
        "measures": (
            "Åtgärderna är ordnade efter förebyggande nivå: generella insatser för alla, specifika "
            "för grupper och områden med förhöjd risk och individuella insatser som socialtjänsten "
            "ansvarar för. Varje åtgärd är kopplad till Capital Code och stadens fokusområden."
        ),
        "exit": (
            "Personer som vill lämna en våldsbejakande miljö och deras anhöriga hänvisas till "
            "stadens avhopparverksamhet via socialtjänsten. Medarbetare kontaktar samordnaren, som "
            "hjälper till med kontaktvägarna."
        ),
        "cooperation": (
            (
                f"{unit_name} deltar i det brottsförebyggande rådet och i SSPF tillsammans med "
                "skolorna och polisen. Samordnaren träffar lokalpolisområdet en gång i månaden "
                "och har kontakt med föreningar och trossamfund i stadsdelen."
            )
            if district
            else (
                f"{unit_name} samverkar med stadsdelsförvaltningarna, Stadsledningskontoret och "
                "berörda myndigheter. Samordnaren deltar i stadens samordnarnätverk fyra gånger "
                "per år."
            )
        ),
        "training": (
            "Alla nyanställda gör stadens e-utbildning om våldsbejakande extremism. Chefer och "
            "medarbetare i särskilt berörda verksamheter får fördjupning i vägledningen: hur oro "
            "hanteras, när en orosanmälan görs och vem man kontaktar."
        ),
        "grants": (
            "Föreningsbidrag och upplåtelse av lokaler prövas mot stadens demokrativillkor. "
            "Handläggare stämmer av tveksamma fall med samordnaren, och beslut dokumenteras."
        ),
        "follow-up": (
            f"Planen följs upp i tertialrapport 1 och 2 och i verksamhetsberättelsen för {year}. "
            f"Samordnaren ansvarar för uppföljningen och rapporterar till {board}."
        ),
    }


REPORT_COMMENTS = {
    "planned": ["Planeras till hösten.", "Inte påbörjad ännu; planering pågår.", "Startar nästa tertial."],
    "started": ["Första aktiviteterna genomförda.", "Påbörjad enligt plan.", "Kontakter tagna med partner."],
    "ongoing": [
        "Pågår enligt plan.",
        "Pågår; god uppslutning.",
        "Pågår, något försenad på grund av vakanser.",
    ],
    "largely-done": ["Det mesta genomfört; avslutas under året.", "Nästan klar, uppföljning återstår."],
    "done": ["Genomförd enligt plan.", "Genomförd; erfarenheterna tas med i nästa års plan."],
    "cancelled": ["Avbruten; ersätts av en annan insats.", "Avbruten då partnern drog sig ur."],
}
REPORT_CHANGES = ["", "", "", "Ny kontaktperson hos polisen.", "Fler skolor anslöt.", "Budgeten minskade."]

REVIEW_COMMENTS = [
    ("situation", "Lägesbilden behöver källor och datum för statistiken.", "Källor och datum är tillagda."),
    (
        "cooperation",
        "Beskriv tydligare hur samverkan med polisen ser ut i SSPF.",
        "Kompletterat under Samverkan med mötesrytm och deltagare.",
    ),
    (
        "measures",
        "Ange hur ni följer upp utbildningsinsatserna, gärna med en indikator.",
        "Indikator för andel utbildade är tillagd.",
    ),
    (
        "grants",
        "Avsnittet om lokaler bör hänvisa till stadens rutin för upplåtelse.",
        "Hänvisningen är tillagd.",
    ),
    (
        "exit",
        "Vart hänvisar medarbetarna anhöriga? Skriv ut kontaktvägen.",
        "Kontaktvägen via socialtjänstens mottagning är tillagd.",
    ),
]
APPROVAL_COMMENTS = [
    "Planen är tydlig och följer mallen.",
    "Bra koppling mellan lägesbild och åtgärder.",
    "Godkänns; utveckla gärna indikatorerna till nästa år.",
]

BOARD_PREFIX = {
    "socialforvaltningen": "SON",
    "utbildningsforvaltningen": "UN",
    "arbetsmarknadsforvaltningen": "AMN",
    "kulturforvaltningen": "KUN",
    "idrottsforvaltningen": "IDN",
}

GUIDELINE_V2_BODY = """## Syfte

Stadens arbete mot våldsbejakande extremism ska vara förebyggande och utgå från ett helhetsperspektiv. Åtgärderna genomförs i stadens ordinarie verksamheter, tidigt och utifrån individens situation.

## Ansvar

- Varje stadsdelsnämnd och berörd fackförvaltning har en lokal handlingsplan med lägesbild och åtgärder, som revideras årligen.
- Varje förvaltning har en samordnare.
- Stadsledningskontoret samordnar arbetet, granskar planerna och följer upp dem årligen till kommunstyrelsen.

## Fokusområden

1. Förebyggande arbete i stadens ordinarie verksamhet, utifrån individens situation.
2. Medarbetarnas kunskap och kompetens.
3. Nya och anpassade metoder genom samverkan med andra aktörer, lokalt och nationellt.

## Hat och desinformation på nätet

Planerna ska från 2025 beskriva hur förvaltningen möter hat, hot och desinformation på nätet, med stöd i Capital Code från Nordic Safe Cities.

*Demotext skriven för Safe City, inte stadens antagna riktlinjer.*"""

GUIDELINE_V2_BODY_EN = """## Purpose

The city's work against violent extremism is preventive and holistic. Measures are carried out in the city's general operations, early and from the individual's situation.

## Responsibilities

- Every district board and affected specialist administration has a local action plan with a situational picture and measures, revised yearly.
- Every administration has a coordinator.
- The City Executive Office coordinates the work, reviews the plans and follows them up yearly for the City Executive Board.

## Focus areas

1. Prevention in the city's general operations, from the individual's situation.
2. Awareness and competence of the city's employees.
3. New and adapted methods through cooperation with other agencies, locally and nationally.

## Online hate and disinformation

From 2025 the plans describe how the administration meets online hate, threats and disinformation, based on the Nordic Safe Cities Capital Code.

*Demo text written for Safe City, not the city's adopted guidelines.*"""
