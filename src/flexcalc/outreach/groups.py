"""Which outreach group a measure's result falls in: ready, floor, one_step (or none)."""

from __future__ import annotations

from flexcalc.models.result import MeasureResult

READY = "ready"  # eligible, nothing missing, the amount exact (or no figure): 免申即享
FLOOR = "floor"  # eligible, the amount a certain floor that missing facts could raise
ONE_STEP = "one_step"  # needs_info on one or two facts about the person: 快申快享
GROUPS = (READY, FLOOR, ONE_STEP)
ONE_STEP_MAX = 2  # missing facts at most


def group(m: MeasureResult) -> str | None:
    """The group of one measure's result; None for every other result (ineligible, needs_info on
    more facts or on a figure the data lacks, not in force, not offered, excluded)."""
    if m.status == "eligible":
        return FLOOR if m.amount_is_floor else READY
    if m.status == "needs_info" and 0 < len(m.missing) <= ONE_STEP_MAX:
        if not any(f.startswith("data:") for f in m.missing):
            return ONE_STEP
    return None


def deadline(m: MeasureResult):
    """The last day the measure stays eligible or reachable (MeasureResult.deadline), if the rule has one."""
    return m.deadline


_ASKS: dict[tuple[str, str], str] = {}


def ask(path: str, lang: str) -> str:
    """The question for a missing fact, in words (memoised: the same few fields over a registry)."""
    hit = _ASKS.get((path, lang))
    if hit is None:
        from flexcalc.questions import question

        hit = _ASKS[(path, lang)] = question(path, lang).text
    return hit
