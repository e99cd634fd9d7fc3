"""What the Flemish government offers associations in sport, youth work, culture, childcare and
tourism. Sport Vlaanderen's subsidies are asked for in KIOSK, started from the hub."""

from __future__ import annotations

from typing import Final

from demo.aanbod import agentschappen as a
from demo.aanbod.sjabloon import (
    CULTUUR_SPORT_VRIJE_TIJD,
    KIOSK,
    MET_ADRES,
    SUBSIDIE,
    WELZIJN_GEZONDHEID,
    Periode,
    Sjabloon,
)
from registry.associations.codes import Verenigingstype
from registry.offerings.model import Diensttype

FV, VZW = Verenigingstype.FV, Verenigingstype.VZW
PROJECT = ("Projectplan", "Begroting")

VLAAMS_VRIJE_TIJD: Final[tuple[Sjabloon, ...]] = (
    Sjabloon(
        titel="Subsidie sportkampen",
        beschrijving=(
            "Organiseert uw club in de schoolvakanties een sportkamp voor kinderen en jongeren? "
            "Sport Vlaanderen betaalt een deel van de kosten per deelnemer."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("SPRT",),
        doelgroepen=((3, 18), (6, 18)),
        voorwaarden="Het kamp duurt minstens vier dagen en wordt begeleid door gediplomeerde lesgevers.",
        procedure="Start de aanvraag hier; u vult ze verder aan in KIOSK, zonder opnieuw aan te melden.",
        bewijsstukken=("Kampprogramma", "Lijst van de lesgevers met hun diploma"),
        gegevens=KIOSK,
        periode=Periode.OPROEP,
        kiosk_regeling="sportkampen",
        agentschap=a.SPORT,
    ),
    Sjabloon(
        titel="Werkingssubsidie jeugdsport",
        beschrijving=(
            "Sportclubs die werken aan een goede jeugdwerking, met gediplomeerde jeugdtrainers en "
            "aandacht voor plezier en gezondheid, krijgen elk jaar een werkingssubsidie."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("SPRT",),
        typekeuzes=((FV, VZW),),
        doelgroepen=((0, 18), (6, 21)),
        voorwaarden="De club is aangesloten bij een erkende sportfederatie.",
        procedure="Start de aanvraag hier; u vult ze verder aan in KIOSK.",
        bewijsstukken=("Ledenlijst van de jeugdleden", "Diploma's van de jeugdtrainers"),
        gegevens=KIOSK,
        periode=Periode.JAARLIJKS,
        kiosk_regeling="jeugdsport",
        agentschap=a.SPORT,
    ),
    Sjabloon(
        titel="Impulssubsidie sportinfrastructuur",
        beschrijving=(
            "Bouwt of vernieuwt uw club een kleedkamer, sportvloer, verlichting of een "
            "toegankelijke ingang? Sport Vlaanderen betaalt een deel van de investering."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("SPRT",),
        typekeuzes=((VZW,), (FV, VZW)),
        voorwaarden="De club is eigenaar of heeft een gebruiksrecht van minstens negen jaar.",
        procedure="Start de aanvraag hier; u vult ze verder aan in KIOSK.",
        bewijsstukken=("Offertes", "Bouwplannen", "Bewijs van eigendom of gebruiksrecht"),
        gegevens=KIOSK,
        periode=Periode.OPROEP,
        kiosk_regeling="sportinfrastructuur",
        agentschap=a.SPORT,
    ),
    Sjabloon(
        titel="Subsidie sportevenementen",
        beschrijving=(
            "Organiseert uw vereniging een sportevenement dat mensen van buiten de gemeente aantrekt, "
            "zoals een kampioenschap of een recreatieve tocht? Vraag een subsidie aan."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("SPRT",),
        procedure="Start de aanvraag hier, minstens drie maanden voor het evenement.",
        bewijsstukken=("Beschrijving van het evenement", "Begroting"),
        gegevens=KIOSK,
        periode=Periode.OPROEP,
        kiosk_regeling="sportevenementen",
        agentschap=a.SPORT,
    ),
    Sjabloon(
        titel="Sportmateriaal lenen bij Sport Vlaanderen",
        beschrijving=(
            "De uitleendienst van Sport Vlaanderen leent sportmateriaal uit aan clubs, scholen en "
            "jeugdverenigingen: van kano's en mountainbikes tot klimwanden en materiaal voor G-sport."
        ),
        type=Diensttype.INFRASTRUCTUUR_MATERIAAL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("SPRT", "JGDW", "VORM"),
        kosten="Een kleine huurprijs per dag; transport kunt u bijboeken.",
        gegevens=MET_ADRES,
        agentschap=a.SPORT,
    ),
    Sjabloon(
        titel="Een sportcentrum van Sport Vlaanderen huren",
        beschrijving=(
            "Voor een sportkamp, stage of trainingsweekend met overnachting huurt uw club een "
            "sportcentrum van Sport Vlaanderen, met sportzalen, velden en maaltijden."
        ),
        type=Diensttype.INFRASTRUCTUUR_MATERIAAL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("SPRT", "JGDW"),
        kosten="Volgens de prijslijst van het centrum; jeugdclubs krijgen korting.",
        gegevens=MET_ADRES,
        agentschap=a.SPORT,
    ),
    Sjabloon(
        titel="Trainersopleidingen van de Vlaamse Trainersschool",
        beschrijving=(
            "Laat uw trainers een erkende opleiding volgen, van initiator tot trainer A. Zo krijgen "
            "uw leden goede begeleiding, en tellen de diploma's mee voor veel subsidies."
        ),
        type=Diensttype.ADVIES_BEGELEIDING,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("SPRT",),
        kosten="Inschrijvingsgeld per opleiding; veel gemeenten betalen het terug.",
        agentschap=a.SPORT,
    ),
    Sjabloon(
        titel="Projectsubsidie amateurkunsten",
        beschrijving=(
            "Maakt uw vereniging een bijzondere voorstelling, tentoonstelling of kunstproject met "
            "amateurkunstenaars? Het Departement Cultuur, Jeugd en Media steunt projecten die "
            "vernieuwen en een breed publiek bereiken."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("KECU",),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.CJM,
    ),
    Sjabloon(
        titel="Projectsubsidie jeugdwerk",
        beschrijving=(
            "Hebt u een vernieuwend jeugdwerkproject dat verder reikt dan uw eigen gemeente? Vraag "
            "een projectsubsidie aan bij de Vlaamse overheid."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("JGDW",),
        doelgroepen=((0, 30), (3, 25)),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.CJM,
    ),
    Sjabloon(
        titel="Investeringssubsidie voor jeugdverblijven",
        beschrijving=(
            "Verbouwt uw vereniging een kampplaats of jeugdverblijf, of maakt u het toegankelijker "
            "of brandveiliger? De Vlaamse overheid betaalt een deel van de werken."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("JGDW",),
        typekeuzes=((VZW,),),
        bewijsstukken=("Bouwplannen", "Offertes", "Brandweerverslag"),
        gegevens=(*SUBSIDIE, "kboNummer"),
        periode=Periode.OPROEP,
        agentschap=a.CJM,
    ),
    Sjabloon(
        titel="Attest animator, hoofdanimator of instructeur",
        beschrijving=(
            "Wie een erkende cursus in het jeugdwerk afrondt, krijgt een attest van de Vlaamse "
            "overheid. Het attest bewijst dat iemand kinderen en jongeren goed kan begeleiden."
        ),
        type=Diensttype.BEWIJS,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("JGDW",),
        doelgroepen=((16, 30),),
        procedure="De organisator van de cursus vraagt het attest voor de cursist aan.",
        kosten="Gratis.",
        agentschap=a.CJM,
    ),
    Sjabloon(
        titel="Projectsubsidie cultureel erfgoed",
        beschrijving=(
            "Brengt uw vereniging lokaal erfgoed in kaart, zoals oude foto's, verhalen, liederen of "
            "ambachten, en maakt u het zichtbaar voor iedereen? Vraag een projectsubsidie aan."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("KECU",),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.CJM,
    ),
    Sjabloon(
        titel="Projectsubsidie sociaal-cultureel volwassenenwerk",
        beschrijving=(
            "Zet uw vereniging een project op waarin volwassenen samen leren, elkaar ontmoeten of "
            "zich inzetten voor de samenleving? De Vlaamse overheid steunt zulke projecten."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("SOVO",),
        doelgroepen=((18, 150), None),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.CJM,
    ),
    Sjabloon(
        titel="Projectsubsidie mediawijsheid",
        beschrijving=(
            "Helpt uw vereniging mensen om bewust en kritisch met media en het internet om te gaan, "
            "bijvoorbeeld met workshops over nepnieuws of veilig online gamen? Vraag steun aan."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("MEDG", "VORM"),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.CJM,
    ),
    Sjabloon(
        titel="Projectsubsidie voor Nederlandstalige verenigingen in Brussel",
        beschrijving=(
            "Organiseert uw vereniging in Brussel activiteiten in het Nederlands, voor cultuur, jeugd "
            "of ontmoeting? De Vlaamse overheid steunt projecten die Brusselaars samenbrengen."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        gebieden=("BE10",),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.CJM,
    ),
    Sjabloon(
        titel="Subsidie voor vakantieaanbod voor kinderen in armoede",
        beschrijving=(
            "Neemt uw vereniging in de zomer kinderen en jongeren uit gezinnen met weinig geld mee op "
            "kamp of uitstap? De Vlaamse overheid betaalt een deel van de kosten."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD, WELZIJN_GEZONDHEID),
        hoofdactiviteiten=("JGDW", "SPRT", "GEWE", "MADP"),
        doelgroepen=((3, 18), (6, 18)),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.CJM,
    ),
    Sjabloon(
        titel="Meldpunt en advies bij grensoverschrijdend gedrag",
        beschrijving=(
            "Vermoedt u grensoverschrijdend gedrag in uw club, jeugdbeweging of vereniging, of wilt u "
            "het voorkomen? U krijgt vertrouwelijk advies en hulp bij de volgende stappen."
        ),
        type=Diensttype.ADVIES_BEGELEIDING,
        themas=(WELZIJN_GEZONDHEID,),
        kosten="Gratis.",
        balie="Bel of mail het meldpunt. Uw vraag wordt vertrouwelijk behandeld.",
        agentschap=a.CJM,
    ),
    Sjabloon(
        titel="Vergunning voor groepsopvang van baby's en peuters",
        beschrijving=(
            "Wil uw vereniging kinderopvang organiseren voor baby's en peuters? Daarvoor hebt u een "
            "vergunning van Opgroeien nodig. Opgroeien controleert de veiligheid en de kwaliteit."
        ),
        type=Diensttype.TOELATING,
        themas=(WELZIJN_GEZONDHEID,),
        typekeuzes=((VZW,), (VZW, Verenigingstype.IVZW)),
        doelgroepen=((0, 3),),
        voorwaarden=(
            "De opvang gebeurt door een rechtspersoon, met een verantwoordelijke die het juiste "
            "diploma heeft."
        ),
        bewijsstukken=("Attest brandveiligheid", "Kwaliteitshandboek"),
        gegevens=(*MET_ADRES, "kboNummer"),
        agentschap=a.OPGROEIEN,
    ),
    Sjabloon(
        titel="Vergunning voor opvang van schoolkinderen",
        beschrijving=(
            "Organiseert uw vereniging buitenschoolse opvang voor kleuters en lagereschoolkinderen, "
            "voor en na school of in de vakanties? Vraag een vergunning aan bij Opgroeien."
        ),
        type=Diensttype.TOELATING,
        themas=(WELZIJN_GEZONDHEID,),
        typekeuzes=((VZW,),),
        doelgroepen=((2, 12), (3, 12)),
        bewijsstukken=("Attest brandveiligheid",),
        gegevens=(*MET_ADRES, "kboNummer"),
        agentschap=a.OPGROEIEN,
    ),
    Sjabloon(
        titel="Uw jeugdverblijf of kampplaats aanmelden als logies",
        beschrijving=(
            "Verhuurt uw vereniging haar lokaal als kampplaats of jeugdverblijf? Meld het aan bij "
            "Toerisme Vlaanderen. Zo weten groepen dat uw verblijf aan de regels voldoet."
        ),
        type=Diensttype.TOELATING,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("JGDW", "TOER"),
        voorwaarden="Het verblijf heeft een brandverzekering en een positief brandweeradvies.",
        kosten="Gratis.",
        bewijsstukken=("Brandweerattest", "Bewijs van brandverzekering"),
        gegevens=MET_ADRES,
        agentschap=a.TOERISME,
    ),
    Sjabloon(
        titel="Partner worden van Vakantieparticipatie",
        beschrijving=(
            "Werkt uw vereniging met mensen die weinig geld hebben? Als partner van "
            "Vakantieparticipatie boekt u voor hen daguitstappen, groepsreizen en vakanties tegen "
            "een sterk verminderde prijs."
        ),
        type=Diensttype.ADVIES_BEGELEIDING,
        themas=(WELZIJN_GEZONDHEID, CULTUUR_SPORT_VRIJE_TIJD),
        hoofdactiviteiten=("GEWE", "MADP", "DINT", "SOVO"),
        kosten="Gratis.",
        agentschap=a.TOERISME,
    ),
)
