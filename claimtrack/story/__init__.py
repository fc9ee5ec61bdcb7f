"""Reports for people who will not open a terminal: the editor's CSV and the HTML report.

- :mod:`claimtrack.story.data`: :func:`gather` joins claims to their outlet,
  group and contradictions (computed, not stored); :func:`editor_rows` is
  ``claimtrack export report``;
- :mod:`claimtrack.story.svg`: the pictures, drawn as inline SVG;
- :mod:`claimtrack.story.html`: ``claimtrack report``, one self-contained HTML file.
"""

from __future__ import annotations

from .data import Story, editor_rows, gather

__all__ = ["Story", "editor_rows", "gather"]
