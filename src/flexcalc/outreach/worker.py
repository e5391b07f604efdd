"""Per-chunk outreach work in a batch worker process: results → worklist rows, notices, budget, reform."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from flexcalc import changes
from flexcalc.batch.worker import RecordError, Settings, Tally, Worker
from flexcalc.outreach import ceiling as ceil
from flexcalc.outreach.files import cell
from flexcalc.outreach.groups import FLOOR, ONE_STEP, READY, ask, deadline, group

NO_DEADLINE = "9999-12-31"  # sorts a row without a deadline after every dated one
BUDGET_KEYS = ("ready", "floor", "one_step", "needs_info", "eligible", "amount", "ceiling", "uncapped")


@dataclass
class OutreachSettings(Settings):
    """What every record of an outreach run shares, besides batch's settings."""

    out_dir: str = ""
    notices: tuple[str, ...] = ()  # "md", "html"
    keep: tuple[str, ...] = ()  # registry columns carried into the worklists (`extra` keys, or `name`)
    reform: Any = None  # the CitiesData of --reform
    stamp: dict = field(default_factory=dict)  # the audit stamp the notices print


@dataclass
class Part:
    """What one chunk adds to the run, sent to the parent (plain values: it pickles)."""

    rows: list = field(default_factory=list)  # (city, measure, sort key, cells)
    budget: dict = field(default_factory=dict)  # (city, measure) → counts and sums, BUDGET_KEYS
    people: dict = field(default_factory=dict)  # city → [records, cash, tax relief, loan limit, noticed]
    errors: list = field(default_factory=list)  # batch's error records, one JSON line each (bytes)
    missing: dict = field(default_factory=dict)  # field → [people it leaves needs_info, people it alone would settle]
    reform: dict = field(
        default_factory=dict
    )  # (city, measure) → [before, after, eligible before/after, gainers, losers]
    changes: list = field(default_factory=list)  # (line, id, city, measure, status/amount before and after)
    reform_errors: int = 0  # records whose reform evaluation failed where the current one did not


class OutreachWorker(Worker):
    """A batch Worker whose chunk gives a Part instead of output bytes."""

    def __init__(self, s: OutreachSettings):
        super().__init__(s)
        self.o = s
        self._where: dict[tuple, tuple[str, str]] = {}  # a measure's department and clause cells, by city
        self.reform = Worker(dataclasses.replace(s, data=s.reform, worker=None)) if s.reform is not None else None
        self.notices = None
        if s.notices:
            from flexcalc.outreach.notices import Writer

            self.notices = Writer(Path(s.out_dir) / "notices", s.notices, s.lang, s.stamp)

    def chunk(self, header, records: list) -> tuple[Part, Tally, list[int]]:  # type: ignore[override]
        tally = Tally()
        part = Part()
        items = self.evaluated(header, records, tally)
        tally.records = len(items)
        valid = []
        for line, profile, result in items:
            if isinstance(result, RecordError):
                tally.invalid += 1
                self._emit_json(part.errors, line, None, result)
            else:
                valid.append((line, profile, result))
        found = self._ceilings(valid)
        for (line, profile, result), ceilings in zip(valid, found, strict=True):
            if any(group(m) for m in result.measures):  # the deadlines of the measures worked on
                changes.stamp(result, profile, self._city_of(profile)[1][1], self.s.data, only=group)
            self._person(part, line, profile, result, ceilings)
        if self.reform is not None:
            self._reform(part, items, self.reform.evaluated(header, records, Tally()))
        return part, tally, []

    def _ceilings(self, valid: list) -> list[dict[int, ceil.Ceiling]]:
        """The ceiling of each floor and one-step measure, by its position in the result."""
        people = []
        out: list[dict[int, ceil.Ceiling]] = []
        for _, profile, result in valid:
            wanted = {}
            known: dict[int, ceil.Ceiling] = {}
            city = self._city_of(profile)[1]
            for i, m in enumerate(result.measures):
                g = group(m)
                if g == FLOOR or g == ONE_STEP:
                    if _no_figure(city[1], m.id):  # the document sets no amount: nothing to search
                        known[i] = ceil.Ceiling(None, ceil.NO_FIGURE)
                        continue
                    facts = tuple(f for f in m.missing if not f.startswith("data:"))
                    wanted[i] = (facts, m.amount if g == FLOOR else None)
            out.append(known)
            if wanted:
                people.append((len(out) - 1, profile, city, wanted))
        found = ceil.ceilings([p[1:] for p in people], self.s.as_of, self.evaluate_many)
        for (at, *_), got in zip(people, found, strict=True):
            out[at].update(got)
        return out

    def _person(self, part: Part, line: int, profile, r, ceilings: dict[int, ceil.Ceiling]) -> None:
        city = r.city
        people = part.people.get(city)
        if people is None:
            people = part.people[city] = [0, Decimal(0), Decimal(0), Decimal(0), 0]
        people[0] += 1
        people[1] += r.totals["cash_yuan"]
        people[2] += r.totals["tax_relief_yuan"]
        people[3] += r.totals["loan_limit_yuan"]
        kept = self._kept(profile)
        reached = []
        waiting: set[str] = set()
        settled: set[str] = set()
        for i, m in enumerate(r.measures):
            if m.status == "not_offered":
                continue
            b = part.budget.get((city, m.id))
            if b is None:
                b = part.budget[(city, m.id)] = [0, 0, 0, 0, 0, Decimal(0), Decimal(0), 0]
            if m.status == "needs_info":
                b[3] += 1
                asked = [f for f in m.missing if not f.startswith("data:")]  # a figure, not a column
                waiting.update(asked)
                if len(m.missing) == 1 and asked:
                    settled.add(asked[0])
            elif m.status == "eligible":
                b[4] += 1
                if m.amount is not None:
                    b[5] += m.amount
            g = group(m)
            if g is None:
                continue
            top = ceilings.get(i) if g != READY else ceil.Ceiling(m.amount, "" if m.amount is not None else "no_figure")
            assert top is not None
            b[(READY, FLOOR, ONE_STEP).index(g)] += 1
            if top.note in (ceil.NO_CAP, ceil.UNKNOWN):
                b[7] += 1
            elif top.value is not None:
                b[6] += top.value
            part.rows.append((city, m.id, *self._row(line, r, m, g, top, kept)))
            if not (g == ONE_STEP and top.value == 0):  # nothing to gain (another measure excludes it): no notice line
                reached.append((g, m, top))
        for f in waiting:
            counts = part.missing.setdefault(f, [0, 0])
            counts[0] += 1
            counts[1] += f in settled
        if reached and self.notices is not None:
            self.notices.write(line, profile, r, reached)
            people[4] += 1

    def _row(self, line: int, r, m, g: str, top: ceil.Ceiling, kept: list[str]) -> tuple[list, list]:
        """(sort key, cells) of one worklist row: by deadline, then by value (the largest first)."""
        lang = self.s.lang
        due = deadline(m)
        value = m.amount if m.amount is not None else top.value if top.value is not None else Decimal(0)
        asks = [] if g == READY else [ask(f, lang) for f in m.missing if not f.startswith("data:")]
        where = self._where.get((r.city, m.id, m.department, m.clause))
        if where is None:
            where = self._where[(r.city, m.id, m.department, m.clause)] = (
                cell(m.words("department", lang)),
                cell(m.clause),
            )
        cells = [
            g,
            cell(r.profile_id),
            line,
            m.status,
            _money(m.amount),
            _money(m.amount_min),
            _money(top.value),
            top.note,
            due.isoformat() if due is not None else "",
            "; ".join(m.missing) if g != READY else "",
            (" " if lang == "en" else "").join(asks),
            *where,
            *kept,
        ]
        return [due.isoformat() if due is not None else NO_DEADLINE, -int(value * 100), line], cells

    def _kept(self, profile) -> list[str]:
        """The --keep columns of a record (the profile's `extra`, or its name), as safe cells."""
        if not self.o.keep:
            return []
        extra = profile.extra or {}
        out = []
        for key in self.o.keep:
            value = profile.name if key == "name" else extra.get(key)
            if value is None:
                out.append("")
            elif isinstance(value, str):
                out.append(cell(value))
            else:
                out.append(cell(json.dumps(value, ensure_ascii=False)))
        return out

    def _reform(self, part: Part, before: list, after: list) -> None:
        for (line, _, r0), (_, _, r1) in zip(before, after, strict=True):
            if isinstance(r0, RecordError):
                continue
            if isinstance(r1, RecordError):
                part.reform_errors += 1
                continue
            for m0, m1 in zip(r0.measures, r1.measures, strict=True):
                if m0.status == m1.status == "not_offered":
                    continue
                e0, e1 = m0.status == "eligible", m1.status == "eligible"
                a0 = m0.amount if e0 and m0.amount is not None else Decimal(0)
                a1 = m1.amount if e1 and m1.amount is not None else Decimal(0)
                agg = part.reform.get((r0.city, m0.id))
                if agg is None:
                    agg = part.reform[(r0.city, m0.id)] = [Decimal(0), Decimal(0), 0, 0, 0, 0]
                agg[0] += a0
                agg[1] += a1
                agg[2] += e0
                agg[3] += e1
                if m0.status == m1.status and m0.amount == m1.amount and m0.amount_min == m1.amount_min:
                    continue
                agg[4] += (e1 and not e0) or a1 > a0
                agg[5] += (e0 and not e1) or a1 < a0
                part.changes.append(
                    (line, r0.profile_id, r0.city, m0.id, m0.status, m1.status, _money(m0.amount), _money(m1.amount))
                )


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _no_figure(city, mid: str) -> bool:
    """Whether the city's rule for the measure is `no_figure` in the data (按规定: no amount to bound)."""
    return getattr(getattr(city.measures, mid, None), "rule", None) == "no_figure"
