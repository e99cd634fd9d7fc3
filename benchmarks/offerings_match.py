"""Aanbod op maat: matching associations against a large catalog of published offerings.

    .venv/bin/python benchmarks/offerings_match.py [--aanbod 10000] [--runs 300]

Builds the matching index over N synthetic published offerings (the demo catalog's generator),
then matches a few varied associations against it, each many times, and prints the index's
build time and memory (tracemalloc peak while building, and the process's RSS growth) and per
association the number of matches with p50/p95/max latency of one match: once with the default
garbage collector, once after `gc.freeze()`.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo.aanbod.stroom import synthetisch_aanbod  # noqa: E402
from registry.associations.model import Doelgroep, Vereniging  # noqa: E402
from registry.offerings.matching import Aanbodindex  # noqa: E402

VERENIGINGEN = {
    "Gent, sport + jeugd, FV, 6-18": Vereniging(
        v_code="V0001001",
        verenigingstype="FV",
        naam="Jeugdvoetbal Gent",
        hoofdactiviteiten=("SPRT", "JGDW"),
        werkingsgebieden=("BE23444021",),
        doelgroep=Doelgroep(minimumleeftijd=6, maximumleeftijd=18),
    ),
    "Liedekerke, hobby, FV": Vereniging(
        v_code="V0001002",
        verenigingstype="FV",
        naam="FWA De vrolijke BA's",
        hoofdactiviteiten=("HOSP",),
        werkingsgebieden=("BE24123044",),
    ),
    "West-Vlaanderen, cultuur, VZW": Vereniging(
        v_code="V0001003",
        verenigingstype="VZW",
        naam="Erfgoedkring West",
        hoofdactiviteiten=("KECU", "SOVO"),
        werkingsgebieden=("BE25",),
        doelgroep=Doelgroep(minimumleeftijd=18),
    ),
    "NVT, welzijn, VZW": Vereniging(
        v_code="V0001004",
        verenigingstype="VZW",
        naam="Samen Sterk",
        hoofdactiviteiten=("GEWE",),
        werkingsgebieden=("NVT",),
    ),
    "4 gemeenten + provincie, 6 activiteiten": Vereniging(
        v_code="V0001005",
        verenigingstype="VZW",
        naam="Regionale vrijetijdskoepel",
        hoofdactiviteiten=("SPRT", "JGDW", "KECU", "NMDW", "SOVO", "BWWC"),
        werkingsgebieden=("BE23444021", "BE23141002", "BE21111002", "BE24224062", "BE25"),
    ),
}


def rss_bytes() -> int:
    """The resident set size now (Linux); 0 where /proc is not available."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aanbod", type=int, default=10_000, help="published offerings in the catalog")
    parser.add_argument("--runs", type=int, default=300, help="matches per association (at least 200)")
    args = parser.parse_args()
    runs = max(args.runs, 200)
    vandaag = date.today()

    started = time.perf_counter()
    diensten = synthetisch_aanbod(args.aanbod, vandaag=vandaag)
    generated = time.perf_counter() - started

    gc.collect()
    rss_before = rss_bytes()
    started = time.perf_counter()
    index = Aanbodindex(diensten)
    build = time.perf_counter() - started
    gc.collect()
    rss_growth = rss_bytes() - rss_before

    tracemalloc.start()
    traced = Aanbodindex(diensten)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced

    print(f"catalog: {len(diensten)} published offerings, generated in {generated:.2f} s")
    print(
        f"index: built in {build * 1000:.0f} ms; tracemalloc peak {peak / 2**20:.1f} MiB; "
        f"RSS growth {rss_growth / 2**20:.1f} MiB; {runs} matches per association\n"
    )
    print("default garbage collector:")
    drive(index, runs, vandaag)
    # A full collection walks every tracked object, the catalog's too: freezing what was
    # loaded at start-up keeps those walks short, as a long-running hub process would.
    gc.freeze()
    print("\nafter gc.freeze() (catalog moved out of the collector's generations):")
    drive(index, runs, vandaag)


def drive(index: Aanbodindex, runs: int, vandaag: date) -> None:
    print(f"{'association':42} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for naam, vereniging in VERENIGINGEN.items():
        index.match(vereniging, vandaag=vandaag)  # warm-up
        latencies = []
        for _ in range(runs):
            started = time.perf_counter()
            matches = index.match(vereniging, vandaag=vandaag)
            latencies.append(time.perf_counter() - started)
        print(
            f"{naam:42} {len(matches):8d} {percentile(latencies, 50):8.2f} "
            f"{percentile(latencies, 95):8.2f} {max(latencies) * 1000:8.2f}"
        )


if __name__ == "__main__":
    main()
