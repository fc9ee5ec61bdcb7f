"""Exchange: export the store's rows as CSV, JSON, NDJSON and linked-data formats, and import them back.

- :mod:`.cells`: CSV cells (lists, formula neutralising) and the CSV writer;
- :mod:`.export`: the exporters, each kind's columns;
- :mod:`.importer`: reading, validating and bulk-writing an import.

Nothing is imported here, so that a listing pays only for what it uses.
"""
