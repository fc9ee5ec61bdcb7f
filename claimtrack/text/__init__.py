"""Text: reading sources, finding quotes in them, and following quotes when a source changes.

- :mod:`.sources`: reading source files (UTF-8 text or Markdown), their hash and default key;
- :mod:`.anchoring`: finding a quote, as a person typed it, in a source text;
- :mod:`.approx`: approximate search (Myers' algorithm, Hypothesis' ``matchQuote``);
- :mod:`.reanchor`: where a stored quote went when its source text changed;
- :mod:`.worddiff`: a word diff for people (``[-eight-]{+nine+}``);
- :mod:`.numbers`: numbers in digits, scale letters and currency signs (``$US346,807``, ``300K``);
- :mod:`.numwords`: English number words.

Nothing is imported here: ``claimtrack check`` (a commit hook) loads only the module it needs.
"""
