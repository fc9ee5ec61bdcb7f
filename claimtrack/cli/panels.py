"""Human-readable views of claims: the quote in its paragraph, the summary."""

from __future__ import annotations

from typing import Any

from ..attribution import describe
from ..terminal import visible


def paragraph_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The paragraph (line block) holding ``[start, end)``, and the span inside it."""
    p_start = text.rfind("\n", 0, start) + 1
    p_end = text.find("\n", end)
    p_end = len(text) if p_end == -1 else p_end
    return text[p_start:p_end], start - p_start, end - p_start


def claim_panel(store: Any, claim: dict[str, Any], group: dict[str, Any] | None = None) -> None:
    """Print a claim for a person: metadata, then the quote highlighted in its paragraph."""
    from rich.console import Console
    from rich.text import Text

    console = Console()
    text = store.source_text(claim["source"])
    para, s, e = paragraph_around(text, claim["span_start"], claim["span_end"])
    def at(x: int) -> int:  # an offset in para, in the text with control characters escaped
        return len(visible(para[:x]))

    body = Text(visible(para))
    body.stylize("bold reverse", at(s), at(e))
    for a, b in claim.get("elisions") or ():  # left out of the quote as typed: not highlighted
        body.stylize("not bold not reverse dim", at(s + a), at(s + b))
    console.print(Text(f"{claim['id']}  ", style="bold") + Text(visible(claim["statement"])))
    rows = [
        ("source", f"{claim['source']} [{claim['span_start']}:{claim['span_end']}]"),
        ("attribution", describe(claim)),
        *([("stance", claim["stance"])] if claim.get("stance") else []),
        ("about", ", ".join(claim["about"]) or "-"),
        ("status", claim["status"] + (f" ({claim['status_reason']})" if claim.get("status_reason") else "")),
        ("anchor", claim["anchor_status"]),
    ]
    for a, b in claim.get("elisions") or ():
        rows.append(("elided", f"'{claim['quote'][a:b]}' (characters {a}-{b} of the quote)"))
    if claim.get("anchor_diff"):
        rows.append(("changed", claim["anchor_diff"]))
    if claim["anchor_status"] == "orphaned":
        from ..text.anchoring import suggest_passage

        suggested = suggest_passage(text, claim["quote"])
        if suggested:
            rows.append(("suggested", f"{suggested}; take it with: claimtrack claim edit "
                                      f"{claim['id']} --quote \"...\""))
    if group:
        others = [c for c in group["claims"] if c != claim["id"]]
        rows.append(("group", f"{group['group']}: also {', '.join(others)} "
                              f"({group['independent_sources']} independent source(s))"))
    for label, value in rows:
        console.print(Text(f"{label:>12}: ", style="dim") + Text(visible(value)))
    console.print()
    console.print(body)
