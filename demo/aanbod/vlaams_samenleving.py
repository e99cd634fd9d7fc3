"""What the Flemish government offers associations for nature, climate, welfare, learning, the
countryside, science, worship, heritage and events on regional roads. The LEADER subsidies hold
in their rural areas only."""

from __future__ import annotations

from typing import Final

from demo.aanbod import agentschappen as a
from demo.aanbod.sjabloon import (
    BURGER_OVERHEID,
    CULTUUR_SPORT_VRIJE_TIJD,
    ECONOMIE_WERK,
    MET_ADRES,
    MILIEU_ENERGIE,
    MOBILITEIT_OPENBARE_WERKEN,
    ONDERWIJS_WETENSCHAP,
    SUBSIDIE,
    WELZIJN_GEZONDHEID,
    Periode,
    Sjabloon,
)
from registry.associations.codes import Verenigingstype
from registry.offerings.model import Diensttype

VZW = Verenigingstype.VZW
PROJECT = ("Projectplan", "Begroting")
WESTHOEK = ("BE25232003", "BE25333011", "BE25333021", "BE25838025", "BE25838014")
HASPENGOUW = ("BE22171053", "BE22373083")
LEADER = (
    "Wilt u het platteland versterken, met een hoevewandeling, een dorpsmarkt met streekproducten "
    "of een ontmoetingsplek? LEADER steunt projecten van verenigingen in {streek}."
)

VLAAMS_SAMENLEVING: Final[tuple[Sjabloon, ...]] = (
    Sjabloon(
        titel="Toelating voor een georganiseerde activiteit in bos of natuurgebied",
        beschrijving=(
            "Organiseert u een wandeling, zoektocht, sportwedstrijd of jeugdspel in een bos of "
            "natuurgebied? Vraag vooraf toestemming aan het Agentschap voor Natuur en Bos."
        ),
        type=Diensttype.TOELATING,
        themas=(MILIEU_ENERGIE, CULTUUR_SPORT_VRIJE_TIJD),
        voorwaarden="U blijft op de paden en houdt rekening met het broedseizoen.",
        procedure="Vraag de toestemming minstens een maand vooraf aan.",
        kosten="Gratis.",
        gegevens=MET_ADRES,
        agentschap=a.ANB,
    ),
    Sjabloon(
        titel="Subsidie voor natuurprojecten van verenigingen",
        beschrijving=(
            "Beheert uw vereniging een stuk natuur, of plant u met vrijwilligers bomen en hagen? Het "
            "Agentschap voor Natuur en Bos betaalt een deel van de kosten."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(MILIEU_ENERGIE,),
        hoofdactiviteiten=("NMDW",),
        typekeuzes=((VZW,), ()),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.ANB,
    ),
    Sjabloon(
        titel="Projectsubsidie voor lokale klimaatinitiatieven",
        beschrijving=(
            "Starten de bewoners van uw wijk een deelsysteem, een repaircafé of een groepsaankoop "
            "van zonnepanelen? Het Departement Omgeving steunt klimaatprojecten van onderuit."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(MILIEU_ENERGIE,),
        hoofdactiviteiten=("KLDU", "BWWC", "NMDW"),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.OMGEVING,
    ),
    Sjabloon(
        titel="Subsidie voor projecten tegen eenzaamheid",
        beschrijving=(
            "Brengt uw vereniging mensen samen die vaak alleen zijn, met huisbezoeken, een "
            "buurtrestaurant of een telefoonketen? De Vlaamse overheid steunt zulke projecten."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(WELZIJN_GEZONDHEID,),
        hoofdactiviteiten=("GEWE", "SOVO", "BWWC"),
        doelgroepen=((55, 150), (65, 150), None),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.WVG,
    ),
    Sjabloon(
        titel="Erkenning als vereniging waar armen het woord nemen",
        beschrijving=(
            "Verenigingen waar mensen in armoede zelf het woord nemen, samen met anderen, kunnen erkend "
            "worden. Met de erkenning krijgt uw vereniging een jaarlijkse subsidie."
        ),
        type=Diensttype.BEWIJS,
        themas=(WELZIJN_GEZONDHEID,),
        hoofdactiviteiten=("MADP", "GEWE"),
        typekeuzes=((VZW,),),
        voorwaarden="De vereniging werkt al minstens twee jaar met mensen in armoede.",
        bewijsstukken=("Werkingsverslag van de voorbije twee jaar", "Statuten"),
        gegevens=(*SUBSIDIE, "kboNummer"),
        agentschap=a.WVG,
    ),
    Sjabloon(
        titel="Advies over diversiteit in uw vereniging",
        beschrijving=(
            "Wilt u dat uw vereniging meer mensen met een migratieachtergrond bereikt, of dat "
            "nieuwkomers zich er welkom voelen? U krijgt gratis advies en begeleiding."
        ),
        type=Diensttype.ADVIES_BEGELEIDING,
        themas=(WELZIJN_GEZONDHEID,),
        kosten="Gratis.",
        agentschap=a.INTEGRATIE,
    ),
    Sjabloon(
        titel="Subsidie voor projecten rond geletterdheid",
        beschrijving=(
            "Helpt uw vereniging volwassenen die moeilijk lezen, schrijven of met een computer werken? "
            "Het Departement Onderwijs en Vorming steunt projecten die hen vooruithelpen."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(ONDERWIJS_WETENSCHAP,),
        hoofdactiviteiten=("VORM", "MEDG", "SOVO"),
        doelgroepen=((18, 150),),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.ONDERWIJS,
    ),
    Sjabloon(
        titel="LEADER-subsidie voor plattelandsprojecten in de Westhoek",
        beschrijving=LEADER.format(streek="de Westhoek"),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(ECONOMIE_WERK,),
        hoofdactiviteiten=("LAVI", "BWWC", "TOER"),
        gebieden=WESTHOEK,
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.LANDBOUW,
    ),
    Sjabloon(
        titel="LEADER-subsidie voor plattelandsprojecten in Haspengouw",
        beschrijving=LEADER.format(streek="Haspengouw"),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(ECONOMIE_WERK,),
        hoofdactiviteiten=("LAVI", "TOER", "KECU"),
        gebieden=HASPENGOUW,
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.LANDBOUW,
    ),
    Sjabloon(
        titel="Subsidie voor educatie over landbouw en voeding",
        beschrijving=(
            "Organiseert uw vereniging boerderijbezoeken, kookworkshops met seizoensgroenten of "
            "lessen over waar ons eten vandaan komt? Vraag een subsidie aan."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(ONDERWIJS_WETENSCHAP, ECONOMIE_WERK),
        hoofdactiviteiten=("LAVI", "VORM"),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.JAARLIJKS,
        agentschap=a.LANDBOUW,
    ),
    Sjabloon(
        titel="Projectoproep wetenschapscommunicatie",
        beschrijving=(
            "Laat uw vereniging jongeren of volwassenen kennismaken met wetenschap en techniek, met "
            "een sterrenkijkavond, een programmeerclub of een doe-dag? Dien een project in."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(ONDERWIJS_WETENSCHAP,),
        hoofdactiviteiten=("ONWE", "VORM", "MEDG"),
        bewijsstukken=PROJECT,
        gegevens=SUBSIDIE,
        periode=Periode.OPROEP,
        agentschap=a.EWI,
    ),
    Sjabloon(
        titel="Erkenning van een lokale geloofsgemeenschap",
        beschrijving=(
            "Een lokale geloofsgemeenschap van een erkende eredienst kan door de Vlaamse Regering "
            "erkend worden. Het Agentschap Binnenlands Bestuur begeleidt de aanvraag."
        ),
        type=Diensttype.BEWIJS,
        themas=(BURGER_OVERHEID,),
        hoofdactiviteiten=("LEBE",),
        voorwaarden="De gemeenschap bestaat minstens vier jaar en heeft een vaste plaats van samenkomst.",
        procedure="Dien het aanvraagdossier in; de gemeente en de provincie geven advies.",
        kosten="Gratis.",
        bewijsstukken=("Ledenlijst", "Financieel plan", "Bewijs van de plaats van samenkomst"),
        gegevens=MET_ADRES,
        agentschap=a.BINNENLANDS_BESTUUR,
    ),
    Sjabloon(
        titel="Erfgoedpremie voor de restauratie van een beschermd gebouw",
        beschrijving=(
            "Is het lokaal van uw vereniging een beschermd monument, zoals een oude kapel, molen of "
            "schuur? Voor de restauratie kunt u een erfgoedpremie krijgen."
        ),
        type=Diensttype.FINANCIEEL_VOORDEEL,
        themas=(CULTUUR_SPORT_VRIJE_TIJD,),
        hoofdactiviteiten=("KECU",),
        voorwaarden="Het gebouw is beschermd en er is een goedgekeurd beheersplan.",
        bewijsstukken=("Beheersplan", "Offertes"),
        gegevens=SUBSIDIE,
        agentschap=a.ERFGOED,
    ),
    Sjabloon(
        titel="Toelating voor een wedstrijd of stoet op een gewestweg",
        beschrijving=(
            "Loopt uw wielerwedstrijd, loopwedstrijd of stoet over een gewestweg? Vraag naast de "
            "toelating van de gemeente ook toelating aan het Agentschap Wegen en Verkeer."
        ),
        type=Diensttype.TOELATING,
        themas=(MOBILITEIT_OPENBARE_WERKEN,),
        procedure="Vraag de toelating minstens twee maanden voor de wedstrijd aan.",
        kosten="Gratis.",
        bewijsstukken=("Parcours op kaart", "Signalisatieplan"),
        gegevens=MET_ADRES,
        agentschap=a.WEGEN,
    ),
)
