"""Text for browsers: Markdown cells, JSON for a ``<script>`` block, and URLs.

Quotes, titles and URLs come from untrusted sources.  The Markdown report is
pasted into memos and rendered; JSON-LD (ClaimReview, Web Annotation) is
pasted into a ``<script type="application/ld+json">`` block.  So:

- :func:`markdown_cell` writes ``<``, ``>`` and ``&`` as entities (no raw
  HTML survives) and backslash-escapes Markdown's link and emphasis marks
  (no ``[text](javascript:...)`` link, no table cell broken by ``|``);
- :func:`html_text` escapes text for an HTML (or inline SVG) text node or quoted
  attribute, with control characters and bidirectional overrides written visibly
  (``\\x1b``), as a terminal shows them: a browser ignores an ANSI escape, but a
  page saved and ``cat``-ed, or a ``U+202E`` reordering a quote, would not be harmless;
- :func:`script_safe_json` escapes ``<``, ``>`` and ``&`` in JSON text as
  ``\\u003c`` and so on: the same JSON, and no ``</script>`` or ``<!--``;
- :func:`check_url` refuses a URL whose scheme a browser would run
  (``javascript:``, ``data:``, ``vbscript:``, anything but the web's own),
  and :func:`safe_url` drops one already stored, for the exports.
"""

from __future__ import annotations

import re

from .errors import InvalidInput
from .terminal import visible

#: Schemes a source's URL may have; a URL without a scheme (a relative one) is kept as text.
URL_SCHEMES = ("http", "https", "ftp", "ftps", "urn", "doi", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers drop ASCII tabs and newlines anywhere in a URL, and leading controls and spaces.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
_MARKDOWN_MARKS = re.compile(r"([\\`*_\[\]|~])")
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                  "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def url_problem(url: str) -> str | None:
    """Why ``url`` is unsafe as a link, or None when it is fine."""
    m = _SCHEME.match(_IGNORED_IN_URL.sub("", url))
    if m and m.group(1).lower() not in URL_SCHEMES:
        return (f"URL scheme {m.group(1).lower()!r} is not allowed "
                f"(use one of {', '.join(URL_SCHEMES)})")
    return None


def check_url(url: str | None) -> str | None:
    """``url`` if it is safe to publish as a link; raise InvalidInput otherwise."""
    if url is None:
        return None
    problem = url_problem(url)
    if problem:
        raise InvalidInput(f"--url: {problem}")
    return url


def safe_url(url: str | None) -> str | None:
    """``url``, or None when its scheme is not allowed (a URL stored before the check)."""
    return url if url and url_problem(url) is None else None


def markdown_cell(value: object) -> str:
    """One Markdown table cell: no raw HTML, no links or emphasis, no line break."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_MARKS.sub(r"\\\1", text)
    return visible(" ".join(text.splitlines()))


def html_text(value: object) -> str:
    """Text for an HTML text node or quoted attribute: no markup, no control characters."""
    from html import escape

    return escape(visible("" if value is None else str(value)), quote=True)


def script_safe_json(text: str) -> str:
    """JSON text made safe inside an HTML ``<script>`` block (the same JSON value)."""
    return _SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group()], text)
