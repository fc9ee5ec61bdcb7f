"""Browsing the database in a web browser, with Datasette (``claimtrack serve``).

- :mod:`claimtrack.browse.metadata`: what claimtrack tells Datasette (descriptions,
  search, order, facets, canned queries);
- :mod:`claimtrack.browse.snapshot`: the computed report (contradictions, claim
  groups) as a small database served beside the claims;
- :mod:`claimtrack.browse.plugin`: search by words (the index keeps no positions);
- :mod:`claimtrack.browse.serve`: putting them together, read-only, on 127.0.0.1.

Datasette is an optional extra: ``pip install 'claimtrack[browse]'``.
"""
