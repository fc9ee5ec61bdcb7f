"""A small, fictional newsroom database for the browse and report tests.

Four dated sources from different outlets; a claim carried by three of them
(a group with two independent origins); a claim denied by a company whose
own statement contradicts it (a planted ``denial`` contradiction), a
figure two sources give differently, and a hostile source whose title, outlet,
URL and quote try HTML, script and spreadsheet-formula injection.
"""

from __future__ import annotations

from pathlib import Path

from claimtrack import ClaimStore
from claimtrack.attribution import Attribution

HOSTILE_TITLE = "<script>alert('title')</script> Harbour <b>leaks</b> & more"
HOSTILE_QUOTE = '=HYPERLINK("http://example.invalid","click")'

SOURCES = {
    "harbour-times": dict(
        title="Crane terminal to open in June", outlet="Harbour Times",
        url="https://harbour-times.example/terminal", published="2026-03-02",
        text="Port officials said the new crane terminal will open in June.\n\n"
             "The mayor, Ada Brennan, said: \"The terminal will create 400 jobs.\"\n\n"
             "Dockworkers welcomed the plan, though some feared longer shifts.\n"),
    "coast-gazette": dict(
        title="Freight firm weighs exit", outlet="Coast Gazette",
        url="https://coast-gazette.example/exit", published="2026-03-03",
        text="The terminal will create 400 jobs, Ada Brennan told reporters on Tuesday.\n\n"
             "Orbital Freight plans to leave the harbour by next spring, according to two "
             "people familiar with the matter. Orbital Freight denied the report.\n"),
    "river-post": dict(
        title="Orbital Freight: we are staying", outlet="River Post",
        url="https://river-post.example/staying", published="2026-04-15",
        text="In a statement, Orbital Freight said it \"has no plans to leave the harbour\" "
             "and called the reports false.\n\n"
             "The new terminal will create 400 jobs in its first year.\n"),
    "hostile": dict(
        title=HOSTILE_TITLE, outlet="Evil & Co <i>", url="javascript:alert('url')",
        published="2026-05-01",
        text=f"A reader wrote {HOSTILE_QUOTE} in the comments.\n"
             "Another wrote <img src=x onerror=alert('quote')> below it.\n"),
}


def build(path: Path) -> dict[str, str]:
    """Create the newsroom database at ``path``; returns the planted claims' ids by role."""
    folder = path.parent
    ids: dict[str, str] = {}
    with ClaimStore(path) as store:
        for key, s in SOURCES.items():
            f = folder / f"{key}.txt"
            f.write_text(s["text"], encoding="utf-8")
            from claimtrack.web import url_problem

            unsafe = url_problem(s["url"]) is not None  # refused by add_source since issue 16
            store.add_source(f, key=key, title=s["title"], outlet=s["outlet"],
                             url=None if unsafe else s["url"], published=s["published"])
            if unsafe:  # as a database written before URLs were checked holds it
                with store.transaction() as conn:
                    conn.execute("UPDATE sources SET url = ? WHERE key = ?", [s["url"], key])

        def add(role: str, source: str, quote: str, **kw: object) -> None:
            ids[role] = store.add_claim(source, quote, **kw)["id"]  # type: ignore[arg-type]

        add("open_june", "harbour-times", "the new crane terminal will open in June",
            attribution=Attribution("reported", "Port officials"))
        add("jobs_times", "harbour-times", "The terminal will create 400 jobs.",
            attribution=Attribution("named", "Ada Brennan"), about=["terminal"])
        add("jobs_gazette", "coast-gazette", "The terminal will create 400 jobs",
            attribution=Attribution("named", "Ada Brennan"), about=["terminal"])
        add("leave", "coast-gazette", "Orbital Freight plans to leave the harbour by next spring",
            attribution=Attribution("anonymous", "two people familiar with the matter",
                                    denied_by=("Orbital Freight",)),
            about=["Orbital Freight"])
        add("stay", "river-post", "has no plans to leave the harbour",
            attribution=Attribution("named", "Orbital Freight"), about=["Orbital Freight"])
        add("jobs_post", "river-post", "The new terminal will create 400 jobs in its first year.",
            about=["terminal"])
        add("formula", "hostile", HOSTILE_QUOTE)
        add("markup", "hostile", "<img src=x onerror=alert('quote')>")
    from claimtrack.matching.links import link

    with ClaimStore(path) as store:
        link(store, ids["jobs_times"], ids["jobs_gazette"])
        link(store, ids["jobs_gazette"], ids["jobs_post"])
    return ids
