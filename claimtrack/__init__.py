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


#: Modules that moved into packages (issue 15), so that ``import claimtrack.text.anchoring`` and
#: ``from claimtrack.exchange.importer import import_files`` written before the move keep working.
MOVED = {
    "anchoring": "text.anchoring", "approx": "text.approx", "reanchor": "text.reanchor",
    "sources": "text.sources", "numwords": "text.numwords", "migrations": "store.migrations",
    "maintenance": "store.maintenance", "seeds": "store.seeds", "links": "matching.links",
    "exporters": "exchange.export", "importer": "exchange.importer", "check_cli": "check.main",
    "githook": "check.githook", "output": "cli.output", "report": "cli.panels",
}


class _MovedFinder:
    """Finds ``claimtrack.<old name>`` as the module it moved to (the same module object)."""

    _spec: object = None

    @staticmethod
    def find_spec(fullname: str, path: object = None, target: object = None) -> object:
        package, _, name = fullname.rpartition(".")
        if package != __name__ or name not in MOVED:
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(fullname, _MovedFinder(),  # type: ignore[arg-type]
                          origin=f"{__name__}.{MOVED[name]}")

    @staticmethod
    def create_module(spec: object) -> object:
        import importlib

        module = importlib.import_module(spec.origin)  # type: ignore[attr-defined]
        _MovedFinder._spec = module.__spec__  # put back by exec_module (the import system sets it)
        return module

    @staticmethod
    def exec_module(module: object) -> None:
        module.__spec__ = _MovedFinder._spec  # type: ignore[attr-defined]


def _install_moved_finder() -> None:
    import sys

    if not any(isinstance(f, _MovedFinder) for f in sys.meta_path):
        sys.meta_path.append(_MovedFinder())  # type: ignore[arg-type]


_install_moved_finder()


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
