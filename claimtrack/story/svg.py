"""The report's pictures, drawn as inline SVG by hand (no library, no script, no network).

- :func:`source_graph`: which sources corroborate (share a claim group) or
  contradict (an open contradiction between their claims) which;
- :func:`timeline`: claims by their source's publication date, stacked by source.

Every text that comes from the database passes through :func:`esc`: sources
are untrusted, and an SVG inlined in HTML is parsed as HTML.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from .data import Story

#: One colour per source, in the order the report lists them (cycled past ten).
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7",
           "#9c755f", "#bab0ac", "#e15759")
CORROBORATE = "#2e7d32"  # green: the sources share a claim group
CONTRADICT = "#c62828"  # red: an open contradiction between their claims
FONT = "font-family='system-ui, sans-serif'"


def esc(text: Any) -> str:
    """Text for an SVG or HTML text node or quoted attribute (:func:`claimtrack.web.html_text`:
    markup escaped, control characters shown as ``\\x1b``)."""
    from ..web import html_text

    return html_text(text)


def colours(story: Story) -> dict[str, str]:
    """Each source's colour (the same in both pictures and the tables)."""
    return {s["key"]: PALETTE[i % len(PALETTE)] for i, s in enumerate(story.sources)}


def label(source: dict[str, Any]) -> str:
    """A source's short name: its outlet and key, or its key."""
    outlet = source.get("outlet")
    return f"{outlet} ({source['key']})" if outlet else source["key"]


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _edges(story: Story) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """Counts per source pair: groups they share, open contradictions between them."""
    agree: dict[tuple[str, str], int] = defaultdict(int)
    for g in story.groups:
        keys = sorted({m["source"] for m in g["members"]} | set(g["sources"]))
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                agree[(a, b)] += 1
    clash: dict[tuple[str, str], int] = defaultdict(int)
    for item in story.open_contradictions:
        a, b = sorted((item["a_source"], item["b_source"]))
        clash[(a, b)] += 1
    return agree, clash


#: The graph draws at most this many sources (the most connected); the tables list them all.
MAX_NODES = 16


def _drawn(story: Story, agree: dict[tuple[str, str], int],
           clash: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    """The sources the graph draws: the most connected, then those with the most claims."""
    degree: dict[str, int] = defaultdict(int)
    for edges in (agree, clash):
        for (a, b), count in edges.items():
            degree[a] += count
            degree[b] += count
    order = {s["key"]: i for i, s in enumerate(story.sources)}
    ranked = sorted(story.sources, key=lambda s: (-degree[s["key"]], -(s.get("shown") or 0),
                                                  order[s["key"]]))
    return sorted(ranked[:MAX_NODES], key=lambda s: order[s["key"]])


def source_graph(story: Story, width: int = 720, height: int = 480) -> str:
    """Sources on a circle; green lines where they corroborate, red dashed where they clash.

    A line's width grows with its count, which is also written at its middle;
    contradictions inside one source are counted beside the source.  Past
    :data:`MAX_NODES` sources, only the most connected are drawn.
    """
    colour = colours(story)
    agree, clash = _edges(story)
    sources = _drawn(story, agree, clash)
    most = max([s.get("shown") or 0 for s in sources] + [1])
    cx, cy, r = width / 2, height / 2 + 10, min(width, height) / 2 - 80
    n = len(sources)
    pos: dict[str, tuple[float, float, float]] = {}
    for i, s in enumerate(sources):
        angle = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        reach = r if n > 1 else 0
        pos[s["key"]] = (cx + reach * math.cos(angle), cy + reach * math.sin(angle), angle)
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' "
           f"width='{width}' height='{height}' role='img' class='graph' {FONT}>",
           "<title>Which sources corroborate or contradict which</title>"]
    internal: dict[str, int] = defaultdict(int)
    for (a, b), count in sorted(clash.items()):
        if a == b:
            internal[a] += count
    for kind, edges, stroke, dash, bend in (("corroborate", agree, CORROBORATE, "", -0.12),
                                            ("contradict", clash, CONTRADICT, "6 4", 0.12)):
        for (a, b), count in sorted(edges.items()):
            if a == b or a not in pos or b not in pos:
                continue
            (x1, y1, _), (x2, y2, _) = pos[a], pos[b]
            both = (a, b) in agree and (a, b) in clash
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            qx = mx - (y2 - y1) * (bend if both else 0)
            qy = my + (x2 - x1) * (bend if both else 0)
            what = (f"{count} claim group(s) shared" if kind == "corroborate"
                    else f"{count} open contradiction(s)")
            out.append(
                f"<path class='edge {kind}' d='M{x1:.1f},{y1:.1f} Q{qx:.1f},{qy:.1f} "
                f"{x2:.1f},{y2:.1f}' fill='none' stroke='{stroke}' "
                f"stroke-width='{min(2 + 1.5 * count, 12):.1f}' stroke-opacity='0.75'"
                + (f" stroke-dasharray='{dash}'" if dash else "")
                + f"><title>{esc(a)} – {esc(b)}: {esc(what)}</title></path>")
            lx, ly = (mx + qx) / 2, (my + qy) / 2
            out.append(f"<text x='{lx:.1f}' y='{ly + 4:.1f}' text-anchor='middle' "
                       f"font-size='13' font-weight='bold' fill='{stroke}' "
                       f"stroke='white' stroke-width='3' paint-order='stroke'>{count}</text>")
    outlets = [s.get("outlet") for s in sources]
    for s in sources:
        x, y, angle = pos[s["key"]]
        name = s["outlet"] if s.get("outlet") and outlets.count(s["outlet"]) == 1 else label(s)
        radius = 6 + 14 * math.sqrt((s.get("shown") or 0) / most)
        out.append(f"<circle class='node' cx='{x:.1f}' cy='{y:.1f}' r='{radius:.1f}' "
                   f"fill='{colour[s['key']]}' stroke='white' stroke-width='2'>"
                   f"<title>{esc(label(s))}: {s.get('shown', 0)} claim(s)</title></circle>")
        cos, sin = (math.cos(angle), math.sin(angle)) if n > 1 else (0.0, 1.0)
        anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
        tx = x + cos * (radius + 6)
        ty = y + sin * (radius + 6) + (12 if sin > 0.3 else -16 if sin < -0.3 else 0)
        extra = f"{s.get('shown', 0)} claims"
        if internal.get(s["key"]):
            extra += f", {internal[s['key']]} contradiction(s) inside"
        out.append(f"<text x='{tx:.1f}' y='{ty:.1f}' text-anchor='{anchor}' font-size='13'>"
                   f"{esc(_short(name))}<tspan x='{tx:.1f}' dy='14' font-size='11' "
                   f"fill='#555'>{esc(extra)}</tspan></text>")
    if not sources:
        out.append(f"<text x='{cx}' y='{cy}' text-anchor='middle' font-size='14'>"
                   "No sources in this report.</text>")
    if len(story.sources) > len(sources):
        out.append(f"<text x='12' y='{height - 10}' font-size='11' fill='#555'>"
                   f"{len(story.sources) - len(sources)} less connected source(s) not drawn; "
                   "the tables list them all.</text>")
    out += _legend(((CORROBORATE, "", "corroborate: claims in the same group"),
                    (CONTRADICT, "6 4", "contradict: an open contradiction")), 12, 18)
    out.append("</svg>")
    return "\n".join(out)


def _legend(items: tuple[tuple[str, str, str], ...], x: int, y: int) -> list[str]:
    out = []
    for i, (stroke, dash, text) in enumerate(items):
        yy = y + 18 * i
        out.append(f"<line x1='{x}' y1='{yy}' x2='{x + 28}' y2='{yy}' stroke='{stroke}' "
                   f"stroke-width='4'" + (f" stroke-dasharray='{dash}'" if dash else "") + "/>")
        out.append(f"<text x='{x + 36}' y='{yy + 4}' font-size='12'>{esc(text)}</text>")
    return out


def _bucket(date: str, by_month: bool) -> str:
    return date[:7] if by_month else date[:10]


def timeline(story: Story, width: int = 720, height: int = 300) -> str:
    """Claims per publication date (per month when the dates span over 92 days), by source."""
    colour = colours(story)
    published = {s["key"]: (s.get("published") or "").strip() for s in story.sources}
    dated = [c for c in story.claims if published.get(c["source"])]
    undated = len(story.claims) - len(dated)
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' "
           f"width='{width}' height='{height}' role='img' class='timeline' {FONT}>",
           "<title>Claims over time, by the publication date of their source</title>"]
    if not dated:
        out.append(f"<text x='{width / 2}' y='{height / 2}' text-anchor='middle' "
                   "font-size='14'>No source in this report has a publication date "
                   "(claimtrack source add --published).</text></svg>")
        return "\n".join(out)
    dates = sorted(published[c["source"]] for c in dated)
    by_month = _days_between(dates[0], dates[-1]) > 92
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in dated:
        counts[_bucket(published[c["source"]], by_month)][c["source"]] += 1
    buckets = sorted(counts)
    top = max(sum(v.values()) for v in counts.values())
    left, right, top_pad, bottom = 44, 16, 44, 56
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / len(buckets)
    bar = min(step * 0.7, 60)
    base = top_pad + plot_h
    for tick in _ticks(top):
        y = base - plot_h * tick / top
        out.append(f"<line x1='{left}' y1='{y:.1f}' x2='{width - right}' y2='{y:.1f}' "
                   "stroke='#ddd'/>")
        out.append(f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end' "
                   f"font-size='11' fill='#555'>{tick}</text>")
    for i, b in enumerate(buckets):
        x = left + step * i + (step - bar) / 2
        y = base
        for key, n in sorted(counts[b].items()):
            h = plot_h * n / top
            y -= h
            out.append(f"<rect class='bar' x='{x:.1f}' y='{y:.1f}' width='{bar:.1f}' "
                       f"height='{h:.1f}' fill='{colour.get(key, '#888')}'>"
                       f"<title>{esc(b)}: {n} claim(s) from {esc(key)}</title></rect>")
        out.append(f"<text x='{x + bar / 2:.1f}' y='{y - 5:.1f}' text-anchor='middle' "
                   f"font-size='12'>{sum(counts[b].values())}</text>")
        out.append(f"<text x='{x + bar / 2:.1f}' y='{base + 16}' text-anchor='middle' "
                   f"font-size='11'>{esc(b)}</text>")
    out.append(f"<line x1='{left}' y1='{base}' x2='{width - right}' y2='{base}' stroke='#333'/>")
    out.append(f"<text x='{left}' y='18' font-size='12' fill='#555'>claims per "
               f"{'month' if by_month else 'day'} of publication, coloured by source</text>")
    if undated:
        out.append(f"<text x='{left}' y='{height - 12}' font-size='11' fill='#555'>"
                   f"{undated} claim(s) from undated sources are not shown.</text>")
    out.append("</svg>")
    return "\n".join(out)


def _days_between(a: str, b: str) -> int:
    from datetime import date

    def parse(d: str) -> date:
        parts = [int(p) for p in d[:10].split("-") if p.isdigit()] + [1, 1]
        return date(parts[0], max(1, min(parts[1], 12)), max(1, min(parts[2], 28)))

    try:
        return (parse(b) - parse(a)).days
    except (ValueError, IndexError):
        return 0


def _ticks(top: int) -> list[int]:
    """A few round gridline values from 0 to ``top``."""
    step = max(1, 10 ** int(math.log10(top)) if top >= 10 else 1)
    while top / step > 6:
        step *= 2
    return list(range(0, top + 1, step))
