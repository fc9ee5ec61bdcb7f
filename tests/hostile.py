"""A database whose sources try to take over a terminal or a browser (issue 16).

Every text a source brings (title, outlet, URL, quote, the speaker's name) holds
ANSI colours, a screen clear, OSC window titles and OSC 8 hyperlinks, a bare carriage
return, an 8-bit CSI, a bidirectional override, ``</script>`` and an ``<img onerror>``;
the URLs are ``javascript:`` ones (stored as a database written before URLs were
checked holds them) or an https URL that tries to break out of its attribute.  Two
claims are linked as contradicting and two as the same, so
the contradictions and claim groups of every report carry the hostile texts too.
"""

from __future__ import annotations

from pathlib import Path

from claimtrack import ClaimStore
from claimtrack.attribution import Attribution

ESC = "\x1b"
ANSI = "\x1b[31;1mALERT\x1b[0m"
CLEAR = "\x1b[2J\x1b[H"
OSC_TITLE = "\x1b]0;pwned\x07"
OSC8 = "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"
CSI8 = "\x9b31m"
BIDI = "\u202egnp.exe"
MARKUP = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
TERMINAL_HOSTILE = (ANSI, CLEAR, OSC_TITLE, OSC8, CSI8, BIDI)
#: Characters no output for a terminal or a browser may carry raw.
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\r", "\u202e")

HOSTILE = f"{ANSI}{CLEAR}{OSC_TITLE}{OSC8}{CSI8}{BIDI}\r{MARKUP}"
SPEAKER = f"Mayor {ANSI} <b>Brennan</b>{OSC_TITLE}"
URLS = {"evil-a": "javascript:alert(document.cookie)",
        "evil-b": "https://ok.example/'><script>alert(3)</script>",
        "evil-c": " \tJaVaScRiPt:alert(4)"}


def build(path: Path) -> dict[str, str]:
    """The hostile database at ``path``; returns the claims' ids by role."""
    folder = path.parent
    ids: dict[str, str] = {}
    texts = {
        "evil-a": f"Report. The port will hire 400 workers next year {HOSTILE} said the mayor.\r\n",
        "evil-b": f"Report. The port will hire 900 workers next year {HOSTILE} said the mayor.\n",
        "evil-c": f"Report. The port will hire 400 workers next year {HOSTILE} said the mayor.\n",
    }
    with ClaimStore(path) as store:
        for key, text in texts.items():
            f = folder / f"{key}.txt"
            f.write_bytes(text.encode("utf-8"))
            store.add_source(f, key=key, title=f"Title {HOSTILE}", outlet=f"Outlet {HOSTILE}",
                             published="2026-05-01")
            with store.transaction() as conn:  # as stored before URLs were checked
                conn.execute("UPDATE sources SET url = ? WHERE key = ?", [URLS[key], key])
        quote = f"The port will hire {{}} workers next year {HOSTILE}"
        for role, key, n in (("a", "evil-a", 400), ("b", "evil-b", 900), ("c", "evil-c", 400)):
            ids[role] = store.add_claim(key, quote.format(n), about=[f"port {ANSI}"],
                                        attribution=Attribution("named", SPEAKER))["id"]
    from claimtrack.matching.links import link

    with ClaimStore(path) as store:
        link(store, ids["a"], ids["c"])
        link(store, ids["a"], ids["b"], "contradicts")
    return ids
