"""Migration harness (issue 18): freeze the engine's outputs as an oracle, diff another run per field.

    python bench/harness.py run /work/oracle/main --root /work/main  # freeze: main's code
    python bench/harness.py run /tmp/new                # the same outputs from this checkout
    python bench/harness.py diff /work/oracle /tmp/new  # differences by kind, with examples

`run` writes, for every as-of date (both sides of every date in data/cities.toml: the day before,
the day, the day after) and every (lang, detail) in zh/en × full/codes, the `flexcalc batch`
output of the same generated profiles, each evaluated in all five cities. `diff` compares two such
directories record by record and field by field (the `audit` stamp aside) and counts differences
by (measure, field); a `--detail codes` reason whose code differs but whose words, rendered from
each run's template table, are equal is counted apart as "code only". Frozen outputs stay out of
git (they are big and are remade from any commit).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

CITIES = ("urumqi", "xining", "lianyungang", "dalian", "weihai")
VARIANTS = (("zh", "full"), ("en", "full"), ("zh", "codes"), ("en", "codes"))
FIRST, LAST = date(2018, 1, 1), date(2031, 12, 31)


def as_of_dates() -> list[date]:
    """The day before, of and after every date the data names (in the years rules look at)."""
    text = (ROOT / "data" / "cities.toml").read_text(encoding="utf-8")
    days = {date.fromisoformat(d) for d in re.findall(r"\b(\d{4}-\d{2}-\d{2})\b", text)}
    out = {d + timedelta(days=k) for d in days for k in (-1, 0, 1)}
    return sorted(d for d in out if FIRST <= d <= LAST)


def profiles(n: int, seed: int, drop: float = 0.0) -> list[str]:
    """n generated profiles, each once per city (id suffixed with the city), as JSONL lines;
    `drop`: the share of fields left out (sparse profiles: many absent facts at once)."""
    from generate import drop_fields, generate

    rng = random.Random(seed)
    lines = []
    for p in generate(n, seed=seed):
        if drop:
            p = drop_fields(p, rng, drop)
        for city in CITIES:
            q = dict(p, city=city, id=f"{p['id']}-{city}")
            lines.append(json.dumps(q, ensure_ascii=False))
    return lines


def run(
    out: Path, n: int, seed: int, only: list[str] | None, drop: float, root: Path, variants: list[tuple[str, str]]
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    src = out / "profiles.jsonl"
    src.write_text("\n".join(profiles(n, seed, drop)) + "\n", encoding="utf-8")
    exe = [sys.executable, "-m", "flexcalc"]
    env = dict(os.environ, PYTHONPATH=str(root / "src"))
    # dates given are run as given (a date the data does not name is still a date to compare on)
    days = sorted({date.fromisoformat(d) for d in only}) if only else as_of_dates()
    for i, day in enumerate(days):
        for lang, detail in variants:
            name = out / f"{day}.{lang}.{detail}.jsonl"
            cmd = [*exe, "batch", str(src), "--as-of", str(day), "--lang", lang, "--detail", detail]
            subprocess.run([*cmd, "-j", "1", "-o", str(name)], check=True, env=env, stderr=subprocess.DEVNULL)
        print(f"{i + 1}/{len(days)} {day}", file=sys.stderr)
    meta = {
        "n": n,
        "seed": seed,
        "drop": drop,
        "root": str(root),
        "dates": [str(d) for d in days],
        "variants": variants,
    }
    (out / "meta.json").write_text(json.dumps(meta))


def _render(templates: dict, key: str, args: list, lang: str) -> list[str] | None:
    from flexcalc.batch.codes import render

    tpl = templates.get(key)
    return None if tpl is None else render(tpl, args, lang)


def _measures(record: dict) -> dict:
    return {m["id"]: m for m in record.get("measures", [])}


def diff(old: Path, new: Path, show: int) -> int:
    """Print the differences by kind; the number of differing fields is the exit status's cause."""
    counts: Counter = Counter()
    examples: dict[tuple, list] = defaultdict(list)
    compared = 0
    for a in sorted(old.glob("*.jsonl")):
        if a.name == "profiles.jsonl":
            continue
        b = new / a.name
        if not b.is_file():
            counts[("(file)", "missing in new run")] += 1
            continue
        day, lang, detail, _ = a.name.split(".")
        tables = []
        if detail == "codes":
            tables = [json.loads(Path(f"{p}.templates.json").read_text())["templates"] for p in (a, b)]
        with a.open(encoding="utf-8") as fa, b.open(encoding="utf-8") as fb:
            for la, lb in zip(fa, fb, strict=True):
                ra, rb = json.loads(la), json.loads(lb)
                compared += 1
                city = ra.get("city")
                for k in set(ra) | set(rb):
                    if k in ("audit", "measures") or ra.get(k) == rb.get(k):
                        continue
                    kind = ("(record)", k)
                    counts[kind] += 1
                    examples[kind].append((a.name, ra.get("profile_id"), ra.get(k), rb.get(k)))
                ma, mb = _measures(ra), _measures(rb)
                for mid in ma.keys() | mb.keys():
                    x, y = ma.get(mid, {}), mb.get(mid, {})
                    for k in x.keys() | y.keys():
                        if x.get(k) == y.get(k):
                            continue
                        field = k
                        if k == "reason" and tables:
                            same = _render(tables[0], f"{city}/{mid}/{x.get(k)}", x.get("args", []), lang) == _render(
                                tables[1], f"{city}/{mid}/{y.get(k)}", y.get("args", []), lang
                            )
                            field = "reason (code only)" if same else "reason"
                        kind = (mid, f"{detail}.{field}")
                        counts[kind] += 1
                        examples[kind].append((a.name, ra.get("profile_id"), x.get(k), y.get(k)))
    print(f"{compared} records compared")
    for kind, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{c:8d}  {kind[0]} {kind[1]}")
        for ex in examples[kind][:show]:
            print("          ", json.dumps(ex, ensure_ascii=False)[:400])
    return 1 if counts else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="write this checkout's outputs to a directory")
    r.add_argument("out", type=Path)
    r.add_argument("-n", type=int, default=300, help="generated profiles (each in all five cities)")
    r.add_argument("--seed", type=int, default=2026)
    r.add_argument("--dates", nargs="*", help="only these as-of dates (YYYY-MM-DD)")
    r.add_argument("--drop", type=float, default=0.0, help="share of fields left out of each profile")
    r.add_argument("--root", type=Path, default=ROOT, help="the checkout whose src/ runs (default: this one)")
    r.add_argument(
        "--variants",
        default=",".join(f"{lang}.{detail}" for lang, detail in VARIANTS),
        help="lang.detail pairs, comma-separated (a large run may take zh.codes alone: the same evaluation)",
    )
    d = sub.add_parser("diff", help="compare two runs field by field")
    d.add_argument("old", type=Path)
    d.add_argument("new", type=Path)
    d.add_argument("--show", type=int, default=3, help="examples per kind")
    args = ap.parse_args()
    if args.cmd == "run":
        variants = [tuple(v.split(".")) for v in args.variants.split(",")]
        if any(v not in VARIANTS for v in variants):
            ap.error(f"--variants: each of {', '.join(f'{a}.{b}' for a, b in VARIANTS)}")
        run(args.out, args.n, args.seed, args.dates, args.drop, args.root, variants)  # type: ignore[arg-type]
    else:
        sys.exit(diff(args.old, args.new, args.show))


if __name__ == "__main__":
    main()
