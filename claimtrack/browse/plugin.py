"""A Datasette plugin, registered by ``claimtrack serve`` only: search by words.

The claims' full-text index keeps no word positions (migration m004), so
FTS5 refuses a phrase, and Datasette quotes each search term as a phrase:
``Starlink's`` becomes ``"Starlink's"``, two words to the index, and the
search fails.  This plugin rewrites each ``_search`` parameter to the words
the index holds (``Starlink s``), as ``claimtrack claim list --search`` does
(:func:`claimtrack.store.claimstore.fts_words`).
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


@hookimpl  # type: ignore[untyped-decorator]  # pluggy's marker is untyped
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def search_words(scope: Any, receive: Any, send: Any) -> None:
            if scope.get("type") == "http" and b"_search" in scope.get("query_string", b""):
                scope = dict(scope, query_string=words_only(scope["query_string"]))
            await app(scope, receive, send)

        return search_words

    return wrap
