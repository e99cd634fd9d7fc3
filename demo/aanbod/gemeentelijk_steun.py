"""The subsidies a Flemish municipality typically gives its associations: for their running costs,
for projects, and for the training of their volunteers."""

from __future__ import annotations

from typing import Final

from demo.aanbod.sjabloon import (
    CULTUUR,
    CULTUUR_SPORT_VRIJE_TIJD,
    JEUGD,
    MILIEU,
    MILIEU_ENERGIE,
    NOORD_ZUID,
    ONDERWIJS_WETENSCHAP,
    SPORT,
    SUBSIDIE,
    VRIJE_TIJD,
    WELZIJN,
    WELZIJN_GEZONDHEID,
    Periode,
    Sjabloon,
)
from registry.associations.codes import Verenigingstype
from registry.offerings.model import Diensttype

FV, VZW = Verenigingstype.FV, Verenigingstype.VZW
ERKEND = "Uw vereniging is erkend door de gemeente {gemeente} en werkt zonder winstoogmerk."
ONLINE = "Vul het aanvraagformulier in op het e-loket van de gemeente. U krijgt binnen 30 dagen antwoord."

GEMEENTELIJKE_STEUN: Final[tuple[Sjabloon, ...]] = (
    Sjabloon(
        titel="Werkingssubsidie voor sportclubs in {gemeente}",
        beschrijving=(
            "Sportclubs uit {gemeente} krijgen elk jaar een werkingssubsidie. Het bedrag hangt af "
            "van het aantal leden, de jeugdwerking en de opleiding van de trainers."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=SPORT,
        hoofdactiviteiten=("SPRT",),
        typekeuzes=((), (FV, VZW)),
        voorwaarden=ERKEND + " De club is aangesloten bij een erkende sportfederatie.",
        procedure=ONLINE,
        kosten="Gratis.",
        bewijsstukken=("Ledenlijst met geboortejaren", "Diploma's van de trainers"),
        gegevens=SUBSIDIE,
        periode=Periode.JAARLIJKS,
    ),
    Sjabloon(
        titel="Subsidie voor G-sport in {gemeente}",
        beschrijving=(
            "Biedt uw club sport aan voor mensen met een beperking? De gemeente betaalt een extra "
            "bedrag per G-sporter en een deel van het aangepaste materiaal."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD, WELZIJN_GEZONDHEID),
        afdeling=SPORT,
        hoofdactiviteiten=("SPRT", "GEWE"),
        voorwaarden=ERKEND,
        procedure=ONLINE,
        bewijsstukken=("Overzicht van de G-sportactiviteiten", "Facturen van het aangepaste materiaal"),
        gegevens=SUBSIDIE,
        periode=Periode.JAARLIJKS,
    ),
    Sjabloon(
        titel="Werkingssubsidie voor jeugdwerk in {gemeente}",
        beschrijving=(
            "Jeugdbewegingen, jeugdhuizen en speelpleinen in {gemeente} krijgen een jaarlijkse "
            "werkingssubsidie voor hun activiteiten, kampen en vorming van de leiding."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=JEUGD,
        hoofdactiviteiten=("JGDW",),
        doelgroepen=((0, 25), (6, 30), (3, 21)),
        voorwaarden=ERKEND + " De werking wordt gedragen door jongeren.",
        procedure=ONLINE,
        bewijsstukken=("Ledenlijst met geboortejaren", "Activiteitenverslag van het voorbije werkjaar"),
        gegevens=SUBSIDIE,
        periode=Periode.JAARLIJKS,
    ),
    Sjabloon(
        titel="Tussenkomst in het kampvervoer",
        beschrijving=(
            "Gaat uw jeugdvereniging op kamp? De gemeente {gemeente} betaalt een deel van de huur "
            "van een vrachtwagen of bestelwagen om het kampmateriaal te vervoeren."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=JEUGD,
        hoofdactiviteiten=("JGDW",),
        doelgroepen=((6, 25), (0, 30)),
        procedure="Stuur na het kamp de factuur van het vervoer mee met het online formulier.",
        bewijsstukken=("Factuur van het vervoer",),
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
    ),
    Sjabloon(
        titel="Terugbetaling van de cursus animator of hoofdanimator",
        beschrijving=(
            "Volgt een jongere uit uw vereniging een cursus animator, hoofdanimator of instructeur? "
            "De gemeente {gemeente} betaalt het inschrijvingsgeld grotendeels terug."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD, ONDERWIJS_WETENSCHAP),
        afdeling=JEUGD,
        hoofdactiviteiten=("JGDW", "VORM"),
        doelgroepen=((16, 30), (15, 25)),
        voorwaarden="De cursist woont in {gemeente} of is actief in een jeugdvereniging uit {gemeente}.",
        procedure=ONLINE,
        bewijsstukken=("Bewijs van deelname aan de cursus", "Betalingsbewijs van het inschrijvingsgeld"),
        gegevens=SUBSIDIE,
    ),
    Sjabloon(
        titel="Werkingssubsidie voor sociaal-culturele verenigingen",
        beschrijving=(
            "Verenigingen die in {gemeente} mensen samenbrengen rond cultuur, vorming of "
            "ontmoeting krijgen een werkingssubsidie volgens het aantal leden en activiteiten."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=CULTUUR,
        hoofdactiviteiten=("SOVO", "KECU", "HOSP"),
        typekeuzes=((), (FV, VZW)),
        voorwaarden=ERKEND,
        procedure=ONLINE,
        bewijsstukken=("Jaarverslag met de activiteiten", "Financieel verslag"),
        gegevens=SUBSIDIE,
        periode=Periode.JAARLIJKS,
    ),
    Sjabloon(
        titel="Projectsubsidie voor cultuur in {gemeente}",
        beschrijving=(
            "Hebt u een idee voor een voorstelling, tentoonstelling, concert of erfgoedproject in "
            "{gemeente}? Vraag een projectsubsidie aan voor een deel van de kosten."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=CULTUUR,
        hoofdactiviteiten=("KECU",),
        voorwaarden="Het project vindt plaats in {gemeente} en is open voor iedereen.",
        procedure=ONLINE + " De cultuurraad geeft advies.",
        bewijsstukken=("Projectplan", "Begroting"),
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
    ),
    Sjabloon(
        titel="Werkingssubsidie voor hobbyverenigingen",
        beschrijving=(
            "Of u nu postzegels verzamelt, kaart, fotografeert of modeltreinen bouwt: hobbyclubs uit "
            "{gemeente} krijgen een kleine jaarlijkse werkingssubsidie."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=VRIJE_TIJD,
        hoofdactiviteiten=("HOSP",),
        voorwaarden=ERKEND,
        procedure=ONLINE,
        gegevens=SUBSIDIE,
        periode=Periode.JAARLIJKS,
    ),
    Sjabloon(
        titel="Subsidie voor seniorenverenigingen",
        beschrijving=(
            "Seniorenverenigingen in {gemeente} krijgen steun voor hun activiteiten, uitstappen en "
            "voordrachten, zodat ouderen elkaar blijven ontmoeten."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(WELZIJN_GEZONDHEID, CULTUUR_SPORT_VRIJE_TIJD),
        afdeling=WELZIJN,
        hoofdactiviteiten=("SOVO", "GEWE"),
        doelgroepen=((55, 150), (60, 150), (65, 150)),
        voorwaarden=ERKEND,
        procedure=ONLINE,
        gegevens=SUBSIDIE,
        periode=Periode.JAARLIJKS,
    ),
    Sjabloon(
        titel="Subsidie voor een buurtfeest",
        beschrijving=(
            "Organiseert u met uw buren een straatfeest, buurtbarbecue of nieuwjaarsdrink? De "
            "gemeente {gemeente} geeft een vast bedrag en leent gratis tafels en stoelen uit."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(WELZIJN_GEZONDHEID, CULTUUR_SPORT_VRIJE_TIJD),
        afdeling=WELZIJN,
        hoofdactiviteiten=("BWWC", "BIAG"),
        typekeuzes=((), (FV,)),
        voorwaarden="Het feest is open voor alle bewoners van de straat of wijk.",
        procedure="Vraag de subsidie minstens vier weken voor het feest aan.",
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
    ),
    Sjabloon(
        titel="Jubileumpremie voor verenigingen",
        beschrijving=(
            "Bestaat uw vereniging 25, 50, 75 of 100 jaar? De gemeente {gemeente} viert mee met een "
            "jubileumpremie en een felicitatie van het college."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        voorwaarden=ERKEND,
        procedure="Vraag de premie aan in het jaar van het jubileum.",
        bewijsstukken=("Bewijs van de oprichtingsdatum",),
        gegevens=SUBSIDIE,
    ),
    Sjabloon(
        titel="Subsidie voor vorming van vrijwilligers",
        beschrijving=(
            "Volgen vrijwilligers van uw vereniging een cursus EHBO, brandveiligheid, boekhouding of "
            "bestuur? De gemeente {gemeente} betaalt de helft van het inschrijvingsgeld terug."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(ONDERWIJS_WETENSCHAP,),
        typekeuzes=((), (FV, VZW)),
        voorwaarden=ERKEND,
        procedure=ONLINE,
        bewijsstukken=("Attest van deelname", "Betalingsbewijs"),
        gegevens=SUBSIDIE,
    ),
    Sjabloon(
        titel="Subsidie voor projecten in het Zuiden",
        beschrijving=(
            "Steunt uw vereniging een project in een ontwikkelingsland, of brengt u in {gemeente} "
            "mensen samen rond wereldburgerschap? Vraag een subsidie voor ontwikkelingssamenwerking aan."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(WELZIJN_GEZONDHEID,),
        afdeling=NOORD_ZUID,
        hoofdactiviteiten=("INOS",),
        voorwaarden="Minstens één bestuurslid woont in {gemeente}.",
        procedure=ONLINE + " De adviesraad voor ontwikkelingssamenwerking geeft advies.",
        bewijsstukken=("Projectbeschrijving", "Begroting", "Verslag van het vorige project"),
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
    ),
    Sjabloon(
        titel="Subsidie voor natuur- en klimaatprojecten",
        beschrijving=(
            "Plant uw vereniging een haag, legt u een poel aan of organiseert u een repaircafé? De "
            "gemeente {gemeente} steunt projecten voor natuur, milieu en klimaat."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(MILIEU_ENERGIE,),
        afdeling=MILIEU,
        hoofdactiviteiten=("NMDW", "KLDU"),
        procedure=ONLINE,
        bewijsstukken=("Projectplan", "Begroting"),
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
    ),
    Sjabloon(
        titel="Subsidie voor ontmoeting en integratie",
        beschrijving=(
            "Brengt uw vereniging mensen van verschillende afkomst samen, bijvoorbeeld met een "
            "taalcafé of een buurtmaaltijd? De gemeente {gemeente} steunt zulke initiatieven."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(WELZIJN_GEZONDHEID,),
        afdeling=WELZIJN,
        hoofdactiviteiten=("DINT", "BWWC", "SOVO"),
        procedure=ONLINE,
        bewijsstukken=("Projectplan",),
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
    ),
)
