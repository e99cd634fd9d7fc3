"""The Flemish agencies and departments in the demo catalog, and the federal services some
legal obligations are fulfilled at. Organisation codes follow the OVO pattern; the federal
services have none here because they publish nothing in this catalog themselves."""

from __future__ import annotations

from demo.aanbod.sjabloon import Agentschap

SPORT = Agentschap("OVO002949", "Sport Vlaanderen", "https://www.sport.vlaanderen")
CJM = Agentschap("OVO001833", "Departement Cultuur, Jeugd en Media", "https://www.vlaanderen.be/cjm")
OPGROEIEN = Agentschap("OVO003896", "Agentschap Opgroeien", "https://www.opgroeien.be")
ANB = Agentschap("OVO001920", "Agentschap voor Natuur en Bos", "https://www.natuurenbos.be")
OMGEVING = Agentschap("OVO001876", "Departement Omgeving", "https://omgeving.vlaanderen.be")
TOERISME = Agentschap("OVO002040", "Toerisme Vlaanderen", "https://www.toerismevlaanderen.be")
WVG = Agentschap(
    "OVO001829", "Departement Welzijn, Volksgezondheid en Gezin", "https://www.departementwvg.be"
)
INTEGRATIE = Agentschap(
    "OVO001905", "Agentschap Integratie en Inburgering", "https://www.vlaanderen.be/integratie"
)
ONDERWIJS = Agentschap("OVO001825", "Departement Onderwijs en Vorming", "https://www.onderwijs.vlaanderen.be")
LANDBOUW = Agentschap("OVO001838", "Departement Landbouw en Visserij", "https://lv.vlaanderen.be")
EWI = Agentschap(
    "OVO001831", "Departement Economie, Wetenschap en Innovatie", "https://www.ewi-vlaanderen.be"
)
DIGITAAL = Agentschap(
    "OVO002955", "Agentschap Digitaal Vlaanderen", "https://www.vlaanderen.be/digitaal-vlaanderen"
)
BINNENLANDS_BESTUUR = Agentschap(
    "OVO001900", "Agentschap Binnenlands Bestuur", "https://www.vlaanderen.be/binnenland"
)
ERFGOED = Agentschap("OVO001913", "Agentschap Onroerend Erfgoed", "https://www.onroerenderfgoed.be")
WEGEN = Agentschap("OVO001961", "Agentschap Wegen en Verkeer", "https://wegenenverkeer.be")


FOD_FINANCIEN = Agentschap("", "FOD Financiën", "https://financien.belgium.be")
NATIONALE_BANK = Agentschap("", "Nationale Bank van België", "https://www.nbb.be")
FOD_JUSTITIE = Agentschap("", "FOD Justitie", "https://justitie.belgium.be")
