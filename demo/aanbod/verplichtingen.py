"""What the law asks of associations, as the Verenigingsloket explains it. Most obligations of a
vzw or stichting are fulfilled at a federal service; the offering names it and links there."""

from __future__ import annotations

from typing import Final

from demo.aanbod import agentschappen as a
from demo.aanbod.sjabloon import (
    ALGEMEEN,
    BURGER_OVERHEID,
    ECONOMIE_WERK,
    VZW,
    Periode,
    Sjabloon,
)
from registry.associations.codes import KBO_TYPES, Verenigingstype
from registry.offerings.model import Diensttype

MET_RECHTSPERSOONLIJKHEID = tuple(sorted(KBO_TYPES))

VERPLICHTINGEN: Final[tuple[Sjabloon, ...]] = (
    Sjabloon(
        titel="Uw feitelijke vereniging registreren in het Verenigingsregister",
        beschrijving=(
            "Registreer uw feitelijke vereniging in het Verenigingsregister. Ze krijgt een vCode, en "
            "overheden vinden haar gegevens zonder dat u ze telkens opnieuw moet doorgeven."
        ),
        type=Diensttype.BEWIJS,
        themas=(BURGER_OVERHEID,),
        typekeuzes=((Verenigingstype.FV,),),
        procedure="Registreer online in het Verenigingsloket; u meldt aan met uw eID of itsme.",
        kosten="Gratis.",
        agentschap=a.DIGITAAL,
    ),
    Sjabloon(
        titel="Uw uiteindelijke begunstigden inschrijven in het UBO-register",
        beschrijving=(
            "Elke vzw en stichting schrijft haar uiteindelijke begunstigden in het UBO-register in: "
            "de bestuurders, de mensen die de vereniging vertegenwoordigen en wie het dagelijks "
            "bestuur voert. Een wijziging geeft u binnen een maand door, en elk jaar bevestigt u de "
            "gegevens."
        ),
        type=Diensttype.BEWIJS,
        themas=(BURGER_OVERHEID,),
        typekeuzes=(MET_RECHTSPERSOONLIJKHEID,),
        procedure="Schrijf in via MyMinfin, het online platform van de FOD Financiën.",
        kosten="Gratis. Wie niet of te laat inschrijft, riskeert een administratieve boete.",
        gegevens=VZW,
        agentschap=a.DIGITAAL,
        uitvoerder=a.FOD_FINANCIEN,
    ),
    Sjabloon(
        titel="De jaarrekening van uw vzw neerleggen",
        beschrijving=(
            "Een vzw of stichting maakt elk jaar een jaarrekening op en legt die neer binnen dertig "
            "dagen nadat de algemene vergadering ze heeft goedgekeurd. Kleine verenigingen gebruiken "
            "een vereenvoudigd model."
        ),
        type=Diensttype.FINANCIELE_VERPLICHTING,
        themas=(ECONOMIE_WERK,),
        typekeuzes=(MET_RECHTSPERSOONLIJKHEID,),
        procedure="Leg de jaarrekening online neer bij de Balanscentrale van de Nationale Bank.",
        kosten="De Nationale Bank rekent een vergoeding aan per neergelegde jaarrekening.",
        gegevens=VZW,
        periode=Periode.JAARLIJKS,
        agentschap=a.DIGITAAL,
        uitvoerder=a.NATIONALE_BANK,
    ),
    Sjabloon(
        titel="Aangifte in de rechtspersonenbelasting",
        beschrijving=(
            "Elke vzw en stichting dient elk jaar een aangifte in de rechtspersonenbelasting in, ook "
            "als ze geen belasting verschuldigd is."
        ),
        type=Diensttype.FINANCIELE_VERPLICHTING,
        themas=(ECONOMIE_WERK,),
        typekeuzes=(MET_RECHTSPERSOONLIJKHEID,),
        procedure="Dien de aangifte online in via Biztax.",
        gegevens=VZW,
        periode=Periode.JAARLIJKS,
        agentschap=a.DIGITAAL,
        uitvoerder=a.FOD_FINANCIEN,
    ),
    Sjabloon(
        titel="Jaarlijkse taks op het vermogen van uw vzw",
        beschrijving=(
            "Heeft uw vzw of stichting een vermogen van meer dan 25.000 euro? Dan dient ze elk jaar "
            "voor 31 maart een aangifte in voor de taks tot vergoeding der successierechten, en betaalt "
            "ze die taks."
        ),
        type=Diensttype.FINANCIELE_VERPLICHTING,
        themas=(ECONOMIE_WERK,),
        typekeuzes=(MET_RECHTSPERSOONLIJKHEID,),
        gegevens=VZW,
        periode=Periode.JAARLIJKS,
        agentschap=a.DIGITAAL,
        uitvoerder=a.FOD_FINANCIEN,
    ),
    Sjabloon(
        titel="Wijzigingen van uw vzw publiceren in het Belgisch Staatsblad",
        beschrijving=(
            "Wijzigt uw vzw haar statuten, haar bestuurders of haar zetel? Dan laat u de wijziging "
            "publiceren in de bijlagen bij het Belgisch Staatsblad."
        ),
        type=Diensttype.FINANCIELE_VERPLICHTING,
        themas=(BURGER_OVERHEID,),
        typekeuzes=((Verenigingstype.VZW, Verenigingstype.IVZW),),
        procedure=(
            "Dien de wijziging in bij de griffie van de ondernemingsrechtbank, of online via e-griffie."
        ),
        kosten="Een vast bedrag per publicatie.",
        gegevens=VZW,
        agentschap=a.DIGITAAL,
        uitvoerder=a.FOD_JUSTITIE,
    ),
    Sjabloon(
        titel="Uw vrijwilligers verzekeren",
        beschrijving=(
            "Een vzw of stichting moet haar vrijwilligers verzekeren voor burgerlijke "
            "aansprakelijkheid; een feitelijke vereniging ook, als ze iemand in dienst heeft. Lees wat "
            "de polis moet dekken en hoe u vrijwilligers informeert."
        ),
        type=Diensttype.ADVIES_BEGELEIDING,
        themas=(BURGER_OVERHEID,),
        kosten="Gratis.",
        gegevens=ALGEMEEN,
        agentschap=a.DIGITAAL,
    ),
    Sjabloon(
        titel="Vrijwilligers een onkostenvergoeding geven",
        beschrijving=(
            "Vrijwilligers mogen een forfaitaire onkostenvergoeding krijgen zonder belastingen of "
            "sociale bijdragen, tot een maximumbedrag per dag en per jaar dat elk jaar wordt "
            "aangepast. Lees de regels en de bedragen van dit jaar."
        ),
        type=Diensttype.ADVIES_BEGELEIDING,
        themas=(ECONOMIE_WERK,),
        kosten="Gratis.",
        agentschap=a.DIGITAAL,
    ),
    Sjabloon(
        titel="Privacy in uw vereniging: de AVG toepassen",
        beschrijving=(
            "Houdt uw vereniging een ledenlijst bij of publiceert u foto's van activiteiten? Dan geldt "
            "de Algemene Verordening Gegevensbescherming. Lees wat u moet doen, met voorbeelden voor "
            "kleine verenigingen."
        ),
        type=Diensttype.ADVIES_BEGELEIDING,
        themas=(BURGER_OVERHEID,),
        kosten="Gratis.",
        agentschap=a.DIGITAAL,
    ),
)
