"""The practical side of what a Flemish municipality offers its associations: permits for events,
material and rooms to borrow or rent, recognition and advice."""

from __future__ import annotations

from typing import Final

from demo.aanbod.sjabloon import (
    BURGER_OVERHEID,
    CULTUUR,
    CULTUUR_SPORT_VRIJE_TIJD,
    EVENEMENTEN,
    JEUGD,
    MET_ADRES,
    MILIEU,
    MILIEU_ENERGIE,
    MOBILITEIT_OPENBARE_WERKEN,
    SPORT,
    UITLEEN,
    Periode,
    Sjabloon,
)
from registry.associations.codes import Verenigingstype
from registry.offerings.model import Diensttype

FV, VZW = Verenigingstype.FV, Verenigingstype.VZW
ERKEND = "Uw vereniging is erkend door de gemeente {gemeente} en werkt zonder winstoogmerk."
ONLINE = "Vul het aanvraagformulier in op het e-loket van de gemeente. U krijgt binnen 30 dagen antwoord."

GEMEENTELIJK_PRAKTISCH: Final[tuple[Sjabloon, ...]] = (
    Sjabloon(
        titel="Sporthal of sportveld huren in {gemeente}",
        beschrijving=(
            "Huur een sporthal, een sportzaal of een voetbalveld van de gemeente voor trainingen, "
            "wedstrijden of een tornooi. Erkende clubs betalen het verlaagd tarief."
        ),
        type=Diensttype.INFRASTRUCTUUR_MATERIAAL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=SPORT,
        hoofdactiviteiten=("SPRT",),
        procedure="Kijk in de online kalender welke uren vrij zijn en reserveer meteen.",
        kosten="Volgens het tarievenreglement; erkende verenigingen betalen de helft.",
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Fuifzaal huren in {gemeente}",
        beschrijving=(
            "Organiseert uw vereniging een fuif? Huur de gemeentelijke fuifzaal, met geluidsinstallatie, "
            "bar en koelcel. Jeugdverenigingen krijgen voorrang."
        ),
        type=Diensttype.INFRASTRUCTUUR_MATERIAAL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=JEUGD,
        doelgroepen=((14, 30), (16, 35), None),
        voorwaarden="Eén verantwoordelijke van minstens 21 jaar is de hele avond aanwezig.",
        kosten="Huurprijs plus een waarborg; de waarborg krijgt u terug na de controle van de zaal.",
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Een speelstraat aanvragen",
        beschrijving=(
            "In een speelstraat kunnen kinderen in de schoolvakanties veilig buiten spelen: de straat "
            "is dan afgesloten voor doorgaand verkeer. Bewoners vragen ze samen aan."
        ),
        type=Diensttype.TOELATING,
        themas=(MOBILITEIT_OPENBARE_WERKEN, CULTUUR_SPORT_VRIJE_TIJD),
        afdeling=JEUGD,
        hoofdactiviteiten=("BWWC", "JGDW"),
        doelgroepen=((0, 14), None),
        voorwaarden="Twee derde van de bewoners van de straat gaat akkoord.",
        procedure="Dien de aanvraag met de handtekeningen van de bewoners online in.",
        kosten="Gratis; de gemeente plaatst de hekken.",
        bewijsstukken=("Lijst met handtekeningen van de bewoners",),
        gegevens=MET_ADRES,
        periode=Periode.OPROEP,
    ),
    Sjabloon(
        titel="Evenementenvergunning aanvragen in {gemeente}",
        beschrijving=(
            "Organiseert uw vereniging een evenement op straat, op een plein of in een tent? Vraag "
            "tijdig een toelating aan. De gemeente bekijkt samen met politie en brandweer of alles "
            "veilig kan verlopen."
        ),
        type=Diensttype.TOELATING,
        themas=(BURGER_OVERHEID,),
        afdeling=EVENEMENTEN,
        procedure=(
            "Vul het evenementenformulier in, minstens acht weken voor het evenement; voor grote "
            "evenementen minstens drie maanden."
        ),
        kosten="Gratis.",
        bewijsstukken=("Inplantingsplan", "Veiligheidsplan voor grote evenementen"),
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Tijdelijke vergunning om sterke drank te schenken",
        beschrijving=(
            "Wilt u op uw evenement sterke drank schenken, zoals jenever of cocktails? Dan hebt u een "
            "tijdelijke vergunning van de burgemeester van {gemeente} nodig. Voor bier en wijn hoeft "
            "dat niet."
        ),
        type=Diensttype.TOELATING,
        themas=(BURGER_OVERHEID,),
        afdeling=EVENEMENTEN,
        voorwaarden="De verantwoordelijke schenkers zijn meerderjarig en hebben een blanco strafregister.",
        procedure="Vraag de vergunning samen met de evenementenvergunning aan.",
        kosten="Gratis.",
        bewijsstukken=("Uittreksel uit het strafregister van de verantwoordelijke",),
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Melding van muziek boven 85 decibel",
        beschrijving=(
            "Speelt er op uw fuif of evenement versterkte muziek boven 85 decibel? Meld dat vooraf aan "
            "de gemeente {gemeente} en meet het geluid tijdens het evenement. Boven 95 decibel hebt u "
            "een toelating nodig en deelt u gratis oordopjes uit."
        ),
        type=Diensttype.TOELATING,
        themas=(MILIEU_ENERGIE,),
        afdeling=MILIEU,
        procedure="Doe de melding online, minstens vier weken voor het evenement.",
        kosten="Gratis; een geluidsmeter kunt u lenen bij de uitleendienst.",
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Tenten en partytenten lenen",
        beschrijving=(
            "De uitleendienst van {gemeente} leent tenten, partytenten, tafels en stoelen uit aan "
            "verenigingen voor hun activiteiten."
        ),
        type=Diensttype.INFRASTRUCTUUR_MATERIAAL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=UITLEEN,
        voorwaarden="U haalt het materiaal zelf op en brengt het proper en droog terug.",
        kosten="Huurprijs volgens het tarievenreglement; erkende verenigingen betalen het verlaagd tarief.",
        gegevens=MET_ADRES,
        balie=(
            "Reserveer aan de balie van de uitleendienst of telefonisch, ten vroegste zes maanden "
            "vooraf. U tekent het contract bij het ophalen."
        ),
    ),
    Sjabloon(
        titel="Podium en nadarhekken lenen",
        beschrijving=(
            "Hebt u een podium, nadarhekken, een geluidsinstallatie of verkeersborden nodig voor uw "
            "evenement? De uitleendienst van {gemeente} levert ze, en zet het podium mee op."
        ),
        type=Diensttype.INFRASTRUCTUUR_MATERIAAL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=UITLEEN,
        voorwaarden="Uw evenement heeft een evenementenvergunning.",
        kosten="Levering en opbouw volgens het tarievenreglement.",
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Herbruikbare bekers lenen",
        beschrijving=(
            "Op evenementen zijn wegwerpbekers niet meer toegelaten. De gemeente {gemeente} leent "
            "herbruikbare bekers uit en laat ze na afloop afwassen."
        ),
        type=Diensttype.INFRASTRUCTUUR_MATERIAAL,
        themas=(MILIEU_ENERGIE,),
        afdeling=MILIEU,
        kosten="Gratis; ontbrekende of beschadigde bekers worden aangerekend.",
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Een zaal reserveren in het gemeenschapscentrum",
        beschrijving=(
            "Vergaderen, repeteren of een eetfestijn houden? Reserveer een vergaderzaal of feestzaal "
            "in een gemeenschapscentrum of ontmoetingscentrum van {gemeente}."
        ),
        type=Diensttype.INFRASTRUCTUUR_MATERIAAL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=CULTUUR,
        procedure="Kijk in de online zalenkalender welke zalen vrij zijn en reserveer meteen.",
        kosten="Volgens het tarievenreglement; erkende verenigingen betalen minder.",
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Erkenning als vereniging in {gemeente}",
        beschrijving=(
            "Met een erkenning kan uw vereniging subsidies aanvragen, materiaal lenen tegen een "
            "verlaagd tarief en voorrang krijgen bij het reserveren van zalen in {gemeente}."
        ),
        type=Diensttype.BEWIJS,
        themas=(BURGER_OVERHEID,),
        voorwaarden=(
            "De vereniging is actief in {gemeente}, staat open voor iedereen en heeft een bestuur "
            "van minstens drie personen."
        ),
        procedure="Vraag de erkenning één keer aan; de gemeente vraagt elke drie jaar een update.",
        kosten="Gratis.",
        bewijsstukken=("Statuten of huishoudelijk reglement", "Samenstelling van het bestuur"),
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Affiches en wegwijzers plaatsen",
        beschrijving=(
            "Wilt u uw activiteit aankondigen met affiches op de gemeentelijke aanplakborden of met "
            "wegwijzers langs de weg? Vraag vooraf een toelating aan bij de gemeente {gemeente}."
        ),
        type=Diensttype.TOELATING,
        themas=(MOBILITEIT_OPENBARE_WERKEN,),
        afdeling=EVENEMENTEN,
        voorwaarden="Wegwijzers hangen hoogstens twee weken en worden na de activiteit weggehaald.",
        kosten="Gratis.",
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Begeleiding bij het organiseren van een evenement",
        beschrijving=(
            "Organiseert u voor het eerst een groot evenement in {gemeente}? De evenementencoördinator "
            "overloopt met u de vergunningen, de veiligheid, de mobiliteit en het afval."
        ),
        type=Diensttype.ADVIES_BEGELEIDING,
        themas=(BURGER_OVERHEID,),
        afdeling=EVENEMENTEN,
        kosten="Gratis.",
        balie="Maak een afspraak met de evenementencoördinator, telefonisch of aan het onthaal.",
    ),
)
