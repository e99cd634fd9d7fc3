"""What the five Flemish provinces offer associations. Since 2018 provinces no longer handle
culture, sport or youth, so their offer is about land, nature, tourism, the countryside, their
domains, and the free insurance for volunteers."""

from __future__ import annotations

from typing import Final

from demo.aanbod.sjabloon import (
    CULTUUR_SPORT_VRIJE_TIJD,
    ECONOMIE_WERK,
    MET_ADRES,
    MILIEU,
    MILIEU_ENERGIE,
    NOORD_ZUID,
    SUBSIDIE,
    UITLEEN,
    VRIJE_TIJD,
    WELZIJN,
    WELZIJN_GEZONDHEID,
    Periode,
    Sjabloon,
)
from registry.associations.codes import Verenigingstype
from registry.offerings.model import Diensttype

DOMEINEN: Final[dict[str, str]] = {
    "BE21": "provincieantwerpen.be",
    "BE22": "limburg.be",
    "BE23": "oost-vlaanderen.be",
    "BE24": "vlaamsbrabant.be",
    "BE25": "west-vlaanderen.be",
}
"""The Flemish provinces (NUTS2) and the web domain each publishes under."""

PROVINCIAAL: Final[tuple[Sjabloon, ...]] = (
    Sjabloon(
        titel="Gratis verzekering voor vrijwilligers",
        beschrijving=(
            "Werkt uw vereniging met vrijwilligers en heeft ze zelf geen verzekering? {Provincie} "
            "verzekert uw vrijwilligers gratis voor burgerlijke aansprakelijkheid, rechtsbijstand en "
            "lichamelijke ongevallen, voor een beperkt aantal dagen per jaar."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(WELZIJN_GEZONDHEID,),
        afdeling=WELZIJN,
        typekeuzes=((Verenigingstype.FV, Verenigingstype.VZW), (Verenigingstype.FV,)),
        voorwaarden="Uw vereniging werkt zonder winstoogmerk en heeft geen eigen vrijwilligersverzekering.",
        procedure="Registreer de activiteit online, uiterlijk de werkdag ervoor.",
        kosten="Gratis.",
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Provinciale uitleendienst: podium, tribunes en geluid",
        beschrijving=(
            "De provinciale uitleendienst leent grote materialen uit die een gemeente zelden heeft: "
            "mobiele podia, tribunes, geluids- en lichtinstallaties en een mobiele toiletwagen."
        ),
        type=Diensttype.INFRASTRUCTUUR_MATERIAAL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=UITLEEN,
        voorwaarden="Het evenement vindt plaats in {provincie} en is open voor het publiek.",
        kosten="Een kleine huurprijs en een waarborg; transport op aanvraag.",
        gegevens=MET_ADRES,
        balie=(
            "Reserveer telefonisch of per e-mail bij de uitleendienst en haal het materiaal af in het depot."
        ),
    ),
    Sjabloon(
        titel="Een groepslokaal of kampeerweide reserveren in een provinciedomein",
        beschrijving=(
            "In de provinciedomeinen van {provincie} kunnen verenigingen een lokaal, een "
            "kampeerweide of een barbecueplaats huren voor een dag of een weekend."
        ),
        type=Diensttype.INFRASTRUCTUUR_MATERIAAL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        afdeling=VRIJE_TIJD,
        kosten="Volgens het tarief van het domein; jeugdverenigingen betalen minder.",
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Toelating voor een activiteit in een provinciedomein",
        beschrijving=(
            "Wilt u een tocht, zoektocht, sportwedstrijd of spel organiseren in een provinciedomein "
            "van {provincie}? Vraag vooraf toelating aan de domeinbeheerder."
        ),
        type=Diensttype.TOELATING,
        themas=(CULTUUR_SPORT_VRIJE_TIJD, MILIEU_ENERGIE),
        afdeling=VRIJE_TIJD,
        voorwaarden="U laat het domein achter zoals u het vond en respecteert de rustzones.",
        kosten="Gratis.",
        gegevens=MET_ADRES,
    ),
    Sjabloon(
        titel="Subsidie voor natuur- en milieueducatie",
        beschrijving=(
            "{Provincie} steunt verenigingen die kinderen en volwassenen de natuur leren kennen: "
            "natuurwandelingen, nestkastacties, zwerfvuilacties en educatieve projecten."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(MILIEU_ENERGIE,),
        afdeling=MILIEU,
        hoofdactiviteiten=("NMDW", "KLDU", "VORM"),
        procedure="Dien uw projectvoorstel online in; de provincie beslist binnen twee maanden.",
        bewijsstukken=("Projectplan", "Begroting"),
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
    ),
    Sjabloon(
        titel="Subsidie voor projecten van ontwikkelingssamenwerking",
        beschrijving=(
            "{Provincie} geeft een projectsubsidie aan verenigingen die een concreet project in het "
            "Zuiden steunen, samen met een lokale partner daar."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(WELZIJN_GEZONDHEID,),
        afdeling=NOORD_ZUID,
        hoofdactiviteiten=("INOS",),
        typekeuzes=((), (Verenigingstype.VZW,)),
        voorwaarden="De vereniging heeft haar zetel in {provincie} en werkt met een partner ter plaatse.",
        procedure="Dien uw project in met het aanvraagformulier; een jury beoordeelt alle projecten.",
        bewijsstukken=("Projectplan", "Begroting", "Samenwerkingsakkoord met de partner"),
        gegevens=(*SUBSIDIE, "kboNummer"),
        periode=Periode.OPROEP,
    ),
    Sjabloon(
        titel="Subsidie voor toeristische evenementen",
        beschrijving=(
            "Brengt uw evenement bezoekers van buiten de gemeente naar {provincie}? Denk aan een "
            "fietstocht, een streekmarkt of een historische stoet. De provincie draagt bij in de "
            "promotie en de organisatie."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(ECONOMIE_WERK, CULTUUR_SPORT_VRIJE_TIJD),
        afdeling=VRIJE_TIJD,
        hoofdactiviteiten=("TOER", "KECU", "SPRT"),
        procedure="Vraag de subsidie minstens drie maanden voor het evenement aan.",
        bewijsstukken=("Beschrijving van het evenement", "Communicatieplan", "Begroting"),
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
    ),
    Sjabloon(
        titel="Subsidie voor leefbare dorpen",
        beschrijving=(
            "Wilt u het dorpsleven versterken, met een dorpsfeest, een gedeelde moestuin of een "
            "ontmoetingsplek? {Provincie} steunt projecten in landelijke gemeenten."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(WELZIJN_GEZONDHEID, ECONOMIE_WERK),
        afdeling=WELZIJN,
        hoofdactiviteiten=("BWWC", "LAVI", "BIAG"),
        procedure="Dien uw projectidee in; de plattelandscoördinator helpt u het uit te werken.",
        bewijsstukken=("Projectplan", "Begroting"),
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
    ),
    Sjabloon(
        titel="Subsidie voor klimaatprojecten van verenigingen",
        beschrijving=(
            "Verlaagt uw vereniging haar energieverbruik, of sensibiliseert ze rond het klimaat? "
            "{Provincie} betaalt een deel van de investering of van de campagne."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(MILIEU_ENERGIE,),
        afdeling=MILIEU,
        hoofdactiviteiten=("KLDU", "NMDW"),
        procedure="Dien uw projectvoorstel online in.",
        bewijsstukken=("Projectplan", "Offertes"),
        gegevens=SUBSIDIE,
        periode=Periode.JAARLIJKS,
    ),
)
