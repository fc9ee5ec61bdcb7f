"""``claimtrack report``: one self-contained HTML file for an editor.

The file needs nothing else to open from disk: the style sheet is inline, the
pictures are inline SVG (:mod:`claimtrack.story.svg`), and there is no script
and no link to anything but the sources' own URLs.  Every text from the
database is escaped (:func:`claimtrack.story.svg.esc`), and only ``http`` and
``https`` URLs become links.

Usage::

    from claimtrack.story import gather
    from claimtrack.story.html import render
    Path("story.html").write_text(render(gather(store)), encoding="utf-8")
"""

from __future__ import annotations

from typing import Any

from .data import Story, one_line
from .svg import colours, esc, label, source_graph, timeline

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #222; max-width: 1000px;
       margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
.meta, .note { color: #666; font-size: .9em; }
.counts { display: flex; gap: 1em; flex-wrap: wrap; margin: 1em 0; }
.counts div { background: #f4f6f8; border-radius: 6px; padding: .5em 1em; }
.counts b { font-size: 1.4em; display: block; }
.pictures figure { margin: 1em 0; } figcaption { color: #555; font-size: .9em; }
svg { max-width: 100%; height: auto; background: #fcfcfc; border: 1px solid #eee; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { text-align: left; vertical-align: top; padding: .35em .5em; border-bottom: 1px solid #eee; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 50%;
          margin-right: .4em; vertical-align: middle; }
.group, .contradiction { border: 1px solid #e3e3e3; border-radius: 6px; padding: .6em 1em;
                         margin: .8em 0; }
.independent { font-weight: bold; color: #2e7d32; }
.contradiction { border-left: 5px solid #c62828; } .contradiction.dismissed { border-left-color: #aaa; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
blockquote { margin: .3em 0; padding-left: .7em; border-left: 3px solid #ccc; font-style: italic; }
.who { font-weight: 600; } .id { font-family: ui-monospace, monospace; color: #555; }
"""


def _link(url: Any, text: Any) -> str:
    """A link for an http(s) URL; anything else (javascript:, data:, ...) is shown as text."""
    u = str(url or "").strip()
    if u.lower().startswith(("http://", "https://")):
        return f"<a href='{esc(u)}' rel='noopener noreferrer'>{esc(text)}</a>"
    return esc(text)


def _claim(c: dict[str, Any], colour: dict[str, str]) -> str:
    extras = []
    if c.get("denied_by"):
        extras.append("denied by " + ", ".join(c["denied_by"]))
    if c.get("declined"):
        extras.append(", ".join(c["declined"]) + " declined to comment")
    if c.get("stance"):
        extras.append(f"stance: {c['stance']}")
    return (f"<div class='claim' data-claim='{esc(c['id'])}'>"
            f"<span class='swatch' style='background:{colour.get(c['source'], '#888')}'></span>"
            f"<span class='who'>{esc(c['said_by'])}</span> in {esc(c.get('outlet') or c['source'])}"
            f" <span class='id'>{esc(c['id'])}</span>"
            f"<blockquote>{esc(one_line(c['quote']))}</blockquote>"
            + (f"<div class='note'>{esc('; '.join(extras))}</div>" if extras else "")
            + "</div>")


def _sources(story: Story, colour: dict[str, str]) -> list[str]:
    rows = ["<table class='sources'><thead><tr><th>source</th><th>title</th><th>published</th>"
            "<th>claims</th></tr></thead><tbody>"]
    for s in story.sources:
        rows.append(
            f"<tr data-source='{esc(s['key'])}'><td><span class='swatch' "
            f"style='background:{colour[s['key']]}'></span>{esc(label(s))}</td>"
            f"<td>{_link(s.get('url'), one_line(s.get('title')) or s.get('url') or '')}</td>"
            f"<td>{esc(s.get('published') or '')}</td><td>{s.get('shown', 0)}</td></tr>")
    rows.append("</tbody></table>")
    return rows


def _groups(story: Story, colour: dict[str, str]) -> list[str]:
    if not story.groups:
        return ["<p class='note'>No claim groups: no claims are linked as the same "
                "(claimtrack match, claimtrack claim link).</p>"]
    out = []
    for g in sorted(story.groups, key=lambda g: (-g["independent_sources"], g["group"])):
        out.append(
            f"<div class='group' id='{esc(g['group'])}'><div><b>{esc(g['group'])}</b>: "
            f"{esc(one_line(g['statement']))}</div><div><span class='independent'>"
            f"{g['independent_sources']} independent source(s)</span> "
            f"<span class='note'>({esc(', '.join(g['origins']))}); {len(g['claims'])} "
            f"claim(s) in {len(g['sources'])} source(s)</span></div>")
        out += [_claim(m, colour) for m in g["members"]]
        hidden = len(g["claims"]) - len(g["members"])
        if hidden:
            out.append(f"<div class='note'>and {hidden} claim(s) outside this report's filter</div>")
        out.append("</div>")
    return out


def _contradictions(story: Story) -> list[str]:
    if not story.contradictions:
        return ["<p class='note'>No contradictions found.</p>"]
    out = []
    items = sorted(story.contradictions, key=lambda i: i["status"] != "open")
    for i in items:
        sides = []
        for side in ("a", "b"):
            cid = i["claims"][0 if side == "a" else 1]
            sides.append(
                f"<div class='side'><span class='who'>{esc(i[f'{side}_said_by'])}</span> in "
                f"{esc(i[f'{side}_source'])} <span class='id'>{esc(cid)}</span>"
                f"<blockquote>{esc(one_line(i[f'{side}_quote']))}</blockquote></div>")
        status = esc(i["status"]) + (f": {esc(i['dismissed_reason'])}"
                                     if i.get("dismissed_reason") else "")
        out.append(
            f"<div class='contradiction {esc(i['status'])}' id='{esc(i['item'])}'>"
            f"<div><b class='id'>{esc(i['item'])}</b> {esc(i['kind'])} ({status}): "
            f"{esc(i['reason'])}</div><div class='sides'>{''.join(sides)}</div></div>")
    return out


def render(story: Story, title: str = "Claims report") -> str:
    """The whole report as one HTML document."""
    colour = colours(story)
    filters = "; ".join(f"{k}: {', '.join(v)}" for k, v in story.filters.items())
    counts = (("sources", len(story.sources)), ("claims", len(story.claims)),
              ("claim groups", len(story.groups)),
              ("open contradictions", len(story.open_contradictions)))
    parts = [
        "<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p class='meta'>From {esc(story.db)}, {esc(story.generated)}"
        + (f"; only {esc(filters)}" if filters else "")
        + (f"; {story.retracted} retracted claim(s) left out" if story.retracted else "")
        + ".</p>",
        "<div class='counts'>" + "".join(f"<div><b>{n}</b>{esc(what)}</div>" for what, n in counts)
        + "</div>",
        "<section class='pictures'><h2>Pictures</h2>",
        "<figure>" + source_graph(story) + "<figcaption>Which sources corroborate (green: "
        "they carry claims of the same group) or contradict (red, dashed: an open "
        "contradiction between their claims) which; the number is how many.</figcaption></figure>",
        "<figure>" + timeline(story) + "<figcaption>Claims over time, by the publication date "
        "of their source.</figcaption></figure></section>",
        "<section id='sources'><h2>Sources</h2>", *_sources(story, colour), "</section>",
        "<section id='groups'><h2>Claim groups</h2><p class='note'>Claims linked as the same "
        "claim; independent sources count each origin (an outlet's own reporting, a named "
        "speaker, an outlet relayed by others) once.</p>", *_groups(story, colour), "</section>",
        "<section id='contradictions'><h2>Contradictions</h2>", *_contradictions(story),
        "</section>", "</body></html>",
    ]
    return "\n".join(parts) + "\n"
