"""The audit stamp of every JSON result: flexcalc version, data file SHA-256, as-of date."""

from __future__ import annotations

from datetime import date


def stamp(loaded, as_of: date) -> dict:
    """What it takes to reproduce a figure later: the program, the data, the date."""
    from flexcalc import __version__

    return {"flexcalc_version": __version__, "data_sha256": loaded.sha256, "as_of": as_of.isoformat()}
