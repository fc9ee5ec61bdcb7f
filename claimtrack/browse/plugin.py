"""A Datasette plugin, registered by ``claimtrack serve`` only: search by words, and pages
that show a source's control characters instead of passing them to the browser.

The claims' full-text index keeps no word positions (migration m004), so
FTS5 refuses a phrase, and Datasette quotes each search term as a phrase:
``Starlink's`` becomes ``"Starlink's"``, two words to the index, and the
search fails.  This plugin rewrites each ``_search`` parameter to the words
the index holds (``Starlink s``), as ``claimtrack claim list --search`` does
(:func:`claimtrack.store.claimstore.fts_words`).

Datasette escapes markup everywhere, but passes control characters through, in
cells, facet labels, row labels and titles alike: ANSI escapes, a bare carriage
return, a ``U+202E`` that reorders what an editor reads.  Every HTML page is
therefore written out with them shown the way the terminal and the HTML report
show them (:func:`claimtrack.terminal.visible`: ``\\x1b``); JSON and CSV are data
and stay as they are.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl


def words_only(query_string: bytes) -> bytes:
    """``query_string`` with every ``_search`` value reduced to its index words."""
    from ..store.claimstore import fts_words

    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    out = [(k, " ".join(fts_words(v)) if k == "_search" or k.startswith("_search_") else v)
           for k, v in pairs]
    return urlencode(out).encode("ascii")


def _html(headers: list[tuple[bytes, bytes]]) -> bool:
    """An HTML body as it is (a compressed one is left alone)."""
    names = {k.lower(): v.lower() for k, v in headers}
    return names.get(b"content-type", b"").startswith(b"text/html") \
        and b"content-encoding" not in names


def shown(body: bytes) -> bytes:
    """An HTML page with its control characters written visibly (bytes that are not
    UTF-8 kept as they are)."""
    from ..terminal import visible

    return visible(body.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")


def controls_shown(app: Any) -> Any:
    """ASGI middleware: every HTML response through :func:`shown` (its length fixed).

    A ``HEAD`` request is answered as its ``GET`` would be, without the body: the page is
    made and rewritten so that its ``content-length`` is the length a ``GET`` receives (the
    app's own ``HEAD`` answer has no body to measure)."""
    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        head = scope.get("method") == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        held: dict[str, Any] = {}
        parts: list[bytes] = []

        async def rewrite(message: Any) -> None:
            if message["type"] == "http.response.start" and _html(message.get("headers", [])):
                held["start"] = message
                return
            if message["type"] == "http.response.body" and "start" in held:
                parts.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = shown(b"".join(parts))
                start = held.pop("start")
                headers = [(k, v) for k, v in start.get("headers", [])
                           if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode("ascii")))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": b"" if head else body})
                return
            if head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await app(scope, receive, rewrite)

    return wrapped


@hookimpl  # type: ignore[untyped-decorator]  # pluggy's marker is untyped
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def search_words(scope: Any, receive: Any, send: Any) -> None:
            if scope.get("type") == "http" and b"_search" in scope.get("query_string", b""):
                scope = dict(scope, query_string=words_only(scope["query_string"]))
            await app(scope, receive, send)

        return controls_shown(search_words)

    return wrap
