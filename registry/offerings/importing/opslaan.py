"""Handing read records to the register of offerings, one by one: each is created, changed or
found unchanged (`importeer` is idempotent), or refused with its place. Shared by the command
line import and the catalog sync; the SQL stays in the register, the parsers stay pure (the
package's other modules never import this one).

Example::

    verslag = await sla_op(register, records_uit(pad, Formaat.CSV), bron="gent", uitgever=uitgever)
    print(len(verslag.nieuw), "nieuw;", len(verslag.fouten), "fouten")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from registry.errors import Forbidden, RegisterError, ValidationFailed
from registry.offerings.importing.records import Fout, Gelezen, Record, fouten_van
from registry.offerings.service import DienstenRegister, ImportUitkomst, Uitgever


@dataclass
class Verslag:
    """What an import did: the ids at the source per outcome, and every refusal."""

    nieuw: list[str] = field(default_factory=list)
    gewijzigd: list[str] = field(default_factory=list)
    ongewijzigd: list[str] = field(default_factory=list)
    fouten: list[Fout] = field(default_factory=list)

    @property
    def geweigerd(self) -> int:
        """How many records were refused (a record can have several problems)."""
        return len({fout.plaats for fout in self.fouten})

    def tel(self, bron_id: str, uitkomst: ImportUitkomst) -> None:
        {
            ImportUitkomst.NIEUW: self.nieuw,
            ImportUitkomst.GEWIJZIGD: self.gewijzigd,
            ImportUitkomst.ONGEWIJZIGD: self.ongewijzigd,
        }[uitkomst].append(bron_id)


async def sla_op(
    register: DienstenRegister,
    records: Iterable[Gelezen],
    *,
    bron: str,
    uitgever: Uitgever,
    publiceer: bool = True,
    verslag: Verslag | None = None,
    na_elk: Callable[[], None] | None = None,
) -> Verslag:
    """Store every record of `records` as `uitgever` (published unless `publiceer` is false);
    the refused ones, and those read with problems, end up in the report's `fouten`."""
    verslag = verslag if verslag is not None else Verslag()
    for gelezen in records:
        if isinstance(gelezen, Record):
            await _bewaar(register, gelezen, verslag, bron=bron, uitgever=uitgever, publiceer=publiceer)
        else:
            verslag.fouten.extend(gelezen)
        if na_elk is not None:
            na_elk()
    return verslag


async def _bewaar(
    register: DienstenRegister,
    record: Record,
    verslag: Verslag,
    *,
    bron: str,
    uitgever: Uitgever,
    publiceer: bool,
) -> None:
    try:
        _, uitkomst = await register.importeer(
            record.inhoud, bron=bron, bron_id=record.bron_id, uitgever=uitgever, publiceer=publiceer
        )
    except ValidationFailed as error:
        verslag.fouten.extend(fouten_van(record.plaats, error.fouten))
    except RegisterError as error:
        veld = "bestuur" if isinstance(error, Forbidden) else ""
        verslag.fouten.append(Fout(record.plaats, veld, error.message("nl")))
    else:
        verslag.tel(record.bron_id, uitkomst)
