"""The audit stamp of every JSON result: flexcalc version, data file SHA-256, as-of date, assumptions."""

from __future__ import annotations

from datetime import date


def stamp(loaded, as_of: date, assumptions=()) -> dict:
    """What it takes to reproduce a figure later: the program, the data, the date (and the
    facts the run assumed, when it assumed any)."""
    from flexcalc import __version__

    out = {"flexcalc_version": __version__, "data_sha256": loaded.sha256, "as_of": as_of.isoformat()}
    if assumptions:
        out["assumptions"] = [a.text for a in assumptions]
    return out
