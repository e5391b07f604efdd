"""One outreach run: the batch runner over the registry, then every file of DIR written whole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flexcalc.batch import runner
from flexcalc.outreach import budget, files, report
from flexcalc.outreach.collect import Collector
from flexcalc.outreach.worker import OutreachSettings


@dataclass
class Done:
    """What the run did: the batch outcome, the summary document, the terminal table."""

    outcome: runner.Outcome
    summary: dict | None
    table: Any
    worklists: int = 0

    @property
    def interrupted(self) -> bool:
        return self.outcome.interrupted


def run(
    src, settings: OutreachSettings, input_format: str, jobs: int, fmt: str, excel: bool, after, loaded, progress=None
) -> Done:
    """Evaluate the registry (and under the reform's data, in the same pass), then write DIR."""
    out = Path(settings.out_dir)
    collector = Collector(out, settings.keep)
    try:
        outcome = runner.run(src, collector, settings, input_format, jobs, False, progress)
        if outcome.interrupted:
            return Done(outcome, None, None)
        t = outcome.tally
        lists = collector.write_worklists(fmt, excel)
        collector.write_errors()
        doc = budget.summary(collector, settings.stamp, t.records, t.invalid, list(settings.data.cities))
        files.write_atomic(out / "summary.json", (budget.dumps(doc) + "\n").encode())
        head = None
        if after is not None:
            from flexcalc.outreach import reform

            changed = reform.figures_changed(loaded.path, after.path)
            head = reform.write(collector, out, settings.stamp, after.sha256, changed, t.records, t.invalid, after.path)
        page = report.render(collector, doc, settings.lang, settings.data, head)
        files.write_atomic(out / "report.html", page.encode())
        return Done(outcome, doc, budget.table(collector, doc, settings.lang, settings.data), len(lists))
    finally:
        collector.close()


def summary_line(done: Done, lang: str, out: Path) -> str:
    t = done.outcome.tally
    valid = t.records - t.invalid
    if lang == "zh":
        return (
            f"flexcalc outreach：共 {t.records:,} 条记录（有效 {valid:,}，有误 {t.invalid:,}，见 errors.jsonl），"
            f"名单 {done.worklists:,} 份，用时 {done.outcome.elapsed:.2f} 秒；输出在 {out}"
        )
    return (
        f"flexcalc outreach: {t.records:,} records ({valid:,} valid, {t.invalid:,} in error, see errors.jsonl), "
        f"{done.worklists:,} worklists, in {done.outcome.elapsed:.2f} s; written to {out}"
    )


def interrupted_line(done: Done, lang: str) -> str:
    o = done.outcome
    if lang == "zh":
        why = f"已停止：{o.failure}" if o.failure else "已中断"
        return (
            f"flexcalc outreach：{why}，读至输入第 {o.last_line} 行；已写出的告知单均完整，"
            "名单、汇总与报告未写出（请重新运行全部输入）。"
        )
    why = f"stopped: {o.failure}" if o.failure else "interrupted"
    return (
        f"flexcalc outreach: {why} at input line {o.last_line}; the notices written are whole, "
        "the worklists, summary and report were not written (rerun the whole registry)."
    )
