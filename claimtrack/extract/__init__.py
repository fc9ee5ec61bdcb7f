"""Claim extraction: propose the quotes, speakers and attribution of a source text.

Rules only, no model and no database: ``extract(text)`` returns :class:`Proposal` s
with exact character spans; the CLI (``claimtrack extract``) turns accepted ones
into claims.
"""

from .proposals import KINDS, Proposal, extract

__all__ = ["KINDS", "Proposal", "extract"]
