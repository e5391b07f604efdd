"""report.html: the budget, the missing facts and a reform's impact as tables and inline SVG bar
charts in one self-contained file (no script, no font, no image, nothing fetched: works offline)."""

from __future__ import annotations

import html
from decimal import Decimal

from flexcalc.catalogue import MEASURE_SHORT, TOTAL_SHORT, name
from flexcalc.outreach.budget import top_missing
from flexcalc.text import shown

COLORS = ("#2b6cb0", "#68a063", "#d69e2e", "#a0aec0")

W: dict[str, tuple[str, str]] = {
    "title": ("政策找人：名单、告知与预算", "Outreach: worklists, notices and budget"),
    "as_of": ("核算日期", "as of"),
    "data": ("数据文件 SHA-256", "data file SHA-256"),
    "records": ("读取记录", "records read"),
    "errors": ("有误记录（见 errors.jsonl）", "records in error (see errors.jsonl)"),
    "people": ("人数", "people"),
    "noticed": ("有告知单", "with a notice"),
    "measure": ("措施", "measure"),
    "ready": ("可直接兑现", "ready"),
    "floor": ("金额可增", "floor"),
    "one_step": ("差一步", "one step"),
    "needs_info": ("待补充", "needs info"),
    "eligible": ("符合", "eligible"),
    "amount": ("金额合计（元）", "amount (yuan)"),
    "ceiling": ("最高（元）", "ceiling (yuan)"),
    "no_cap": ("无上限", "no cap"),
    "chart_people": ("各措施人数：可直接兑现、金额可增、差一步", "People per measure: ready, floor, one step"),
    "chart_money": ("各措施金额：合计与最高（元）", "Money per measure: amount and ceiling (yuan)"),
    "totals": ("合计（分列，不相加）", "Totals (kept apart, never added)"),
    "cities": ("各城市", "By city"),
    "city": ("城市", "city"),
    "missing": ("建议优先补充的登记字段", "Registry columns to add first"),
    "field": ("字段", "field"),
    "waiting": ("待补充人数", "people waiting on it"),
    "settles": ("补此一项即可确定", "people it alone settles"),
    "reform": ("改革影响", "Reform impact"),
    "before": ("改革前（元）", "before (yuan)"),
    "after": ("改革后（元）", "after (yuan)"),
    "delta": ("变化（元）", "change (yuan)"),
    "eligible_before": ("改革前符合", "eligible before"),
    "eligible_after": ("改革后符合", "eligible after"),
    "gainers": ("受益人数", "gainers"),
    "losers": ("受损人数", "losers"),
    "figures_changed": ("变化的数字", "Figures changed"),
    "path": ("位置", "where"),
    "chart_reform": ("改革前后金额（元）", "Amount before and after (yuan)"),
    "none": ("（无）", "(none)"),
}

CSS = """body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 16px 24px;
  color: #111; font-size: 14px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #999; }
h3 { font-size: 15px; margin-top: 18px; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid #bbb; padding: 3px 8px; } th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.meta td:first-child { background: #f6f6f6; } svg { display: block; margin: 6px 0 14px; }
code { font-size: 12px; word-break: break-all; }
"""


def word(key: str, lang: str) -> str:
    zh, en = W[key]
    return en if lang == "en" else zh


def h(value) -> str:
    return html.escape(shown(str(value)), quote=True)


def _n(v) -> str:
    return f"{v:,}"


def _y(v) -> str:
    return "—" if v is None else f"{v:,.2f}"


def bars(rows: list[tuple[str, list]], series: list[str], title: str) -> str:
    """A horizontal bar chart: one group of bars a row (one bar per series), labelled values."""
    if not rows:
        return ""
    top = max((float(v) for _, vals in rows for v in vals if v is not None), default=0.0) or 1.0
    label_w, bar_w, bh = 170, 420, 12
    group_h = bh * len(series) + 8
    height = 28 + group_h * len(rows) + 18
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 150}" height="{height}" role="img">',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{h(title)}</text>',
    ]
    x = label_w
    for i, s in enumerate(series):  # the legend
        out.append(f'<rect x="{x}" y="{height - 12}" width="10" height="10" fill="{COLORS[i]}"/>')
        out.append(f'<text x="{x + 14}" y="{height - 3}" font-size="11">{h(s)}</text>')
        x += 14 + 8 * len(s) + 24
    y = 26
    for label, vals in rows:
        out.append(f'<text x="{label_w - 6}" y="{y + group_h / 2}" font-size="12" text-anchor="end">{h(label)}</text>')
        for i, v in enumerate(vals):
            w = 0 if v is None else max(float(v) / top * bar_w, 0.5 if v else 0)
            out.append(f'<rect x="{label_w}" y="{y + i * bh}" width="{w:.1f}" height="{bh - 2}" fill="{COLORS[i]}"/>')
            text = "—" if v is None else (f"{v:,.2f}" if isinstance(v, Decimal) else f"{v:,}")
            out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + i * bh + bh - 3}" font-size="10">{h(text)}</text>')
        y += group_h
    out.append("</svg>")
    return "\n".join(out)


def _table(head: list[str], rows: list[list], numeric_from: int = 1) -> str:
    out = ["<table>", "<tr>" + "".join(f"<th>{h(x)}</th>" for x in head) + "</tr>"]
    for r in rows:
        cells = [f'<td class="n">{h(v)}</td>' if i >= numeric_from else f"<td>{h(v)}</td>" for i, v in enumerate(r)]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render(c, doc: dict, lang: str, data, reform_head: dict | None = None) -> str:
    """The whole report as one HTML document."""
    en = lang == "en"
    w = lambda k: word(k, lang)  # noqa: E731
    out = [f"<h1>{h(w('title'))}</h1>", '<table class="meta">']
    for k, v in (
        ("as_of", doc["as_of"]),
        ("data", doc["data_sha256"]),
        ("records", _n(doc["records"])),
        ("errors", _n(doc["errors"])),
    ):
        out.append(f"<tr><td>{h(w(k))}</td><td><code>{h(v)}</code></td></tr>")
    out.append("</table>")

    city_rows, city_money = [], []
    for cid, city in doc["cities"].items():
        known = data.cities.get(cid)
        cname = (known.name_en if en else known.name) if known else cid
        p = c.people[cid]
        city_rows.append([cname, _n(city["people"]), _n(p[4]), *(_y(v) for v in p[1:4])])
        city_money.append((cname, list(p[1:4])))
    out.append(f"<h2>{h(w('cities'))}</h2>")
    heads = [w("city"), w("people"), w("noticed"), *(name(TOTAL_SHORT, k, lang) for k in TOTAL_SHORT)]
    out.append(_table(heads, city_rows))
    out.append(bars(city_money, [name(TOTAL_SHORT, k, lang) for k in TOTAL_SHORT], w("totals")))

    for cid, city in doc["cities"].items():
        known = data.cities.get(cid)
        cname = (known.name_en if en else known.name) if known else cid
        out.append(f"<h2>{h(cname)} ({h(cid)})</h2>")
        rows, people, money = [], [], []
        for mid, m in city["measures"].items():
            label = name(MEASURE_SHORT, mid, lang)
            ceiling = w("no_cap") if m["ceiling_yuan"] is None else _y(m["ceiling_yuan"])
            rows.append(
                [
                    label,
                    *(_n(m[k]) for k in ("ready", "floor", "one_step", "needs_info", "eligible")),
                    _y(m["amount_yuan"]),
                    ceiling,
                ]
            )
            if m["ready"] or m["floor"] or m["one_step"]:
                people.append((label, [m["ready"], m["floor"], m["one_step"]]))
                money.append((label, [m["amount_yuan"], m["ceiling_yuan"]]))
        keys = ("measure", "ready", "floor", "one_step", "needs_info", "eligible", "amount", "ceiling")
        out.append(_table([w(k) for k in keys], rows))
        out.append(bars(people, [w("ready"), w("floor"), w("one_step")], w("chart_people")))
        out.append(bars(money, [w("amount"), w("ceiling")], w("chart_money")))

    out.append(f"<h2>{h(w('missing'))}</h2>")
    top = top_missing(c, 15)
    if top:
        out.append(_table([w("field"), w("waiting"), w("settles")], [[f, _n(a), _n(b)] for f, (a, b) in top]))
        out.append(bars([(f, [b, a]) for f, (a, b) in top], [w("settles"), w("waiting")], w("missing")))
    else:
        out.append(f"<p>{h(w('none'))}</p>")

    if reform_head is not None:
        out += _reform(reform_head, lang, data)
    title = w("title")
    return (
        f'<!DOCTYPE html>\n<html lang="{"en" if en else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{h(title)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(out)
        + "\n</body>\n</html>\n"
    )


def _reform(head: dict, lang: str, data) -> list[str]:
    en = lang == "en"
    w = lambda k: word(k, lang)  # noqa: E731
    out = [f"<h2>{h(w('reform'))}</h2>"]
    out.append(
        f"<p>{h(w('data'))}: <code>{h(head['data_sha256_before'])}</code> → <code>{h(head['data_sha256_after'])}</code></p>"
    )
    out.append(f"<h3>{h(w('figures_changed'))}</h3>")
    if head["figures_changed"]:
        rows = [[f["path"], _plain(f["before"]), _plain(f["after"])] for f in head["figures_changed"]]
        out.append(
            _table(
                [w("path"), w("before").split("（")[0].split(" (")[0], w("after").split("（")[0].split(" (")[0]],
                rows,
                3,
            )
        )
    else:
        out.append(f"<p>{h(w('none'))}</p>")
    for cid, city in head["cities"].items():
        known = data.cities.get(cid)
        cname = (known.name_en if en else known.name) if known else cid
        rows, chart = [], []
        for mid, m in city["measures"].items():
            delta = m["amount_yuan_after"] - m["amount_yuan_before"]
            if not (delta or m["eligible_before"] or m["eligible_after"] or m["gainers"] or m["losers"]):
                continue
            label = name(MEASURE_SHORT, mid, lang)
            rows.append(
                [
                    label,
                    _y(m["amount_yuan_before"]),
                    _y(m["amount_yuan_after"]),
                    f"{delta:+,.2f}",
                    _n(m["eligible_before"]),
                    _n(m["eligible_after"]),
                    _n(m["gainers"]),
                    _n(m["losers"]),
                ]
            )
            if delta or m["gainers"] or m["losers"]:
                chart.append((label, [m["amount_yuan_before"], m["amount_yuan_after"]]))
        if not rows:
            continue
        out.append(f"<h3>{h(cname)} ({h(cid)})</h3>")
        keys = ("measure", "before", "after", "delta", "eligible_before", "eligible_after", "gainers", "losers")
        out.append(_table([w(k) for k in keys], rows))
        out.append(bars(chart, [w("before"), w("after")], w("chart_reform")))
    return out


def _plain(v) -> str:
    import json

    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, default=str)
