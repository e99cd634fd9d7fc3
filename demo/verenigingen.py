"""Demo data: the two fixture associations first (so they get V0001001 and V0001002), then
twenty varied ones across several gemeenten. Seeding is idempotent: it does nothing when the
register already holds V0001001."""

from __future__ import annotations

from datetime import date

from demo.personas import AN, LOTTE, PIETER, Persona
from registry.associations.commands import (
    Actor,
    AdresInvoer,
    ContactgegevenInvoer,
    DoelgroepInvoer,
    LocatieInvoer,
    RegistratieInvoer,
    VertegenwoordigerInvoer,
)
from registry.associations.kbo_import import import_kbo
from registry.associations.service import VerenigingenRegister
from registry.errors import NotFound
from registry.text import fold

SEEDER = Actor(door="demo")


VISSEN_ACHTER_HET_NET = {
    "kboNummer": "0123456749",
    "rechtsvorm": "017",
    "naam": "Vissen achter het net",
    "korteNaam": "VAHN",
    "startdatum": "1998-04-01",
    "maatschappelijkeZetel": {
        "straatnaam": "Visserskaai",
        "huisnummer": "12",
        "postcode": "8400",
        "gemeente": "Oostende",
        "land": "België",
    },
    "contactgegevens": [{"contactgegeventype": "E-mail", "waarde": "info@vissenachterhetnet.be"}],
    "vertegenwoordigers": [
        {
            "insz": PIETER.insz,
            "voornaam": PIETER.voornaam,
            "achternaam": PIETER.achternaam,
            "isPrimair": True,
        },
        {"insz": LOTTE.insz, "voornaam": LOTTE.voornaam, "achternaam": LOTTE.achternaam},
    ],
}

# naam, gemeente, postcode, straat, NUTS+NIS werkingsgebied, hoofdactiviteiten, (min, max) leeftijd, people
VARIED: tuple[tuple[str, str, str, str, str, tuple[str, ...], tuple[int, int], tuple[Persona, ...]], ...] = (
    (
        "Jeugdhuis De Kelder",
        "Gent",
        "9000",
        "Sint-Pietersnieuwstraat",
        "BE23444021",
        ("JGDW",),
        (12, 25),
        (LOTTE,),
    ),
    (
        "Voetbalclub Sterrebeek United",
        "Leuven",
        "3000",
        "Naamsestraat",
        "BE24224062",
        ("SPRT",),
        (6, 60),
        (AN,),
    ),
    (
        "Buurtcomité Rabot Leeft",
        "Gent",
        "9000",
        "Wondelgemstraat",
        "BE23444021",
        ("BWWC", "BIAG"),
        (0, 150),
        (PIETER,),
    ),
    (
        "Koor Cantate Brugge",
        "Brugge",
        "8000",
        "Langestraat",
        "BE25131005",
        ("KECU",),
        (16, 99),
        (AN, LOTTE),
    ),
    (
        "Schaakclub Het Paard",
        "Antwerpen",
        "2000",
        "Meir",
        "BE21111002",
        ("HOSP",),
        (8, 99),
        (PIETER,),
    ),
    (
        "Natuurpunt Kern Mechelen",
        "Mechelen",
        "2800",
        "Bruul",
        "BE21212025",
        ("NMDW", "KLDU"),
        (0, 150),
        (LOTTE,),
    ),
    (
        "Repair Café Hasselt",
        "Hasselt",
        "3500",
        "Kapelstraat",
        "BE22171022",
        ("KLDU", "WESE"),
        (0, 150),
        (AN,),
    ),
    (
        "Toneelgroep Het Masker",
        "Kortrijk",
        "8500",
        "Doorniksestraat",
        "BE25434022",
        ("KECU",),
        (12, 99),
        (PIETER,),
    ),
    (
        "Wielertoeristen De Kuitenbijters",
        "Aalst",
        "9300",
        "Molenstraat",
        "BE23141002",
        ("SPRT", "TOER"),
        (18, 80),
        (LOTTE,),
    ),
    (
        "Ouderraad Basisschool De Regenboog",
        "Genk",
        "3600",
        "Stalenstraat",
        "BE22171016",
        ("VORM",),
        (0, 12),
        (AN,),
    ),
    (
        "Samen Thuis in Turnhout",
        "Turnhout",
        "2300",
        "Gasthuisstraat",
        "BE21313040",
        ("DINT", "SOVO"),
        (18, 150),
        (PIETER,),
    ),
    (
        "Imkersbond Pajottenland",
        "Liedekerke",
        "1770",
        "Opperstraat",
        "BE24123044",
        ("LAVI", "NMDW"),
        (16, 99),
        (AN,),
    ),
    (
        "Fanfare Sint-Cecilia",
        "Liedekerke",
        "1770",
        "Kerkstraat",
        "BE24123044",
        ("KECU",),
        (8, 99),
        (LOTTE,),
    ),
    (
        "Zeilclub Noordzeewind",
        "Oostende",
        "8400",
        "Zeedijk",
        "BE25535013",
        ("SPRT", "TOER"),
        (10, 80),
        (PIETER,),
    ),
    (
        "Gentse Fietsersbond",
        "Gent",
        "9000",
        "Vrijdagmarkt",
        "BE23444021",
        ("MROW",),
        (0, 150),
        (AN,),
    ),
    (
        "Seniorenclub Zonnebloem",
        "Antwerpen",
        "2018",
        "Van Eycklei",
        "BE21111002",
        ("GEWE", "SOVO"),
        (55, 150),
        (LOTTE,),
    ),
    (
        "Codeklas Leuven",
        "Leuven",
        "3000",
        "Bondgenotenlaan",
        "BE24224062",
        ("MEDG", "ONWE"),
        (10, 18),
        (PIETER,),
    ),
    (
        "Moskeevereniging Ensaar",
        "Mechelen",
        "2800",
        "Leopoldstraat",
        "BE21212025",
        ("LEBE",),
        (0, 150),
        (AN,),
    ),
    (
        "Solidariteit Noord-Zuid Brugge",
        "Brugge",
        "8000",
        "Ezelstraat",
        "BE25131005",
        ("INOS",),
        (16, 150),
        (LOTTE,),
    ),
    (
        "Petanqueclub De Boule",
        "Hasselt",
        "3500",
        "Kuringersteenweg",
        "BE22171022",
        ("HOSP", "SPRT"),
        (12, 99),
        (PIETER,),
    ),
)


def _vertegenwoordiger(persona: Persona, *, primair: bool) -> VertegenwoordigerInvoer:
    email = f"{persona.voornaam.lower()}.{persona.achternaam.lower().replace(' ', '')}@example.be"
    return VertegenwoordigerInvoer(
        insz=persona.insz,
        voornaam=persona.voornaam,
        achternaam=persona.achternaam,
        is_primair=primair,
        email=email,
    )


def _slug(naam: str) -> str:
    return "".join(ch for ch in fold(naam) if ch.isascii() and ch.isalnum())[:30]


def vrolijke_bas() -> RegistratieInvoer:
    return RegistratieInvoer(
        naam="FWA De vrolijke BA's",
        korte_naam="Vrolijke BA's",
        korte_beschrijving="Feestcomité dat elk jaar de kermis van Liedekerke mee organiseert.",
        startdatum=date(2015, 9, 1),
        doelgroep=DoelgroepInvoer(minimumleeftijd=16, maximumleeftijd=99),
        hoofdactiviteiten=["HOSP", "KECU"],
        werkingsgebieden=["BE24123044"],
        contactgegevens=[
            ContactgegevenInvoer(
                contactgegeventype="E-mail", waarde="bestuur@vrolijkebas.be", is_primair=True
            ),
            ContactgegevenInvoer(contactgegeventype="Telefoon", waarde="053 12 34 56"),
            ContactgegevenInvoer(contactgegeventype="Website", waarde="https://www.vrolijkebas.be"),
        ],
        locaties=[
            LocatieInvoer(
                locatietype="Correspondentie",
                is_primair=True,
                adres=AdresInvoer(
                    straatnaam="Stationsstraat",
                    huisnummer="1",
                    postcode="1770",
                    gemeente="Liedekerke",
                ),
            )
        ],
        vertegenwoordigers=[
            _vertegenwoordiger(AN, primair=True),
            _vertegenwoordiger(LOTTE, primair=False),
        ],
    )


def varied() -> list[RegistratieInvoer]:
    registraties = []
    for number, (
        naam,
        gemeente,
        postcode,
        straat,
        gebied,
        activiteiten,
        (lo, hi),
        people,
    ) in enumerate(VARIED, start=1):
        registraties.append(
            RegistratieInvoer(
                naam=naam,
                korte_beschrijving=f"{naam} is een vereniging uit {gemeente}.",
                startdatum=date(1990 + number, 1 + number % 12, 1 + number),
                doelgroep=DoelgroepInvoer(minimumleeftijd=lo, maximumleeftijd=hi),
                hoofdactiviteiten=list(activiteiten),
                werkingsgebieden=[gebied],
                contactgegevens=[
                    ContactgegevenInvoer(
                        contactgegeventype="E-mail",
                        waarde=f"info@{_slug(naam)}.be",
                        is_primair=True,
                    ),
                    ContactgegevenInvoer(contactgegeventype="Website", waarde=f"https://{_slug(naam)}.be"),
                ],
                locaties=[
                    LocatieInvoer(
                        locatietype="Activiteiten",
                        is_primair=True,
                        adres=AdresInvoer(
                            straatnaam=straat,
                            huisnummer=str(number * 3),
                            postcode=postcode,
                            gemeente=gemeente,
                        ),
                    )
                ],
                vertegenwoordigers=[_vertegenwoordiger(p, primair=i == 0) for i, p in enumerate(people)],
            )
        )
    return registraties


async def seed(register: VerenigingenRegister, *, varied_too: bool = True) -> int:
    """Seed the demo associations into an empty register; returns how many were added.
    `varied_too=False` seeds only the two fixture associations."""
    try:
        await register.get("V0001001")
    except NotFound:
        pass
    else:
        return 0
    await register.registreer_feitelijke_vereniging(invoer=vrolijke_bas(), actor=SEEDER)
    report = await import_kbo(register, [VISSEN_ACHTER_HET_NET])
    if report.fouten:
        raise RuntimeError(f"demo KBO record refused: {report.fouten}")
    if not varied_too:
        return 2
    for invoer in varied():
        await register.registreer_feitelijke_vereniging(invoer=invoer, actor=SEEDER)
    return 2 + len(VARIED)
