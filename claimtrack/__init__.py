"""claimtrack: track quoted claims across sources.

The library works without the CLI::

    from claimtrack import ClaimStore
    store = ClaimStore("claims.db")
    store.add_source("article.txt", key="vox")
    store.add_claim("vox", "has nothing to do with Russia or China")
"""

from __future__ import annotations

TYPE_CHECKING = False  # importing typing would cost the commit hook ~10 ms

__version__ = "0.1.0"
__all__ = ["ClaimStore", "Attribution", "ClaimtrackError", "__version__"]

if TYPE_CHECKING:
    from .attribution import Attribution
    from .errors import ClaimtrackError
    from .store import ClaimStore


def __getattr__(name: str) -> object:
    # Lazy, so that ``claimtrack check`` and ``--help`` import only what they use.
    if name == "ClaimStore":
        from .store import ClaimStore

        return ClaimStore
    if name == "Attribution":
        from .attribution import Attribution

        return Attribution
    if name == "ClaimtrackError":
        from .errors import ClaimtrackError

        return ClaimtrackError
    raise AttributeError(name)
