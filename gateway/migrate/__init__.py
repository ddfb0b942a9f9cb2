"""``rosetta migrate``: copy a live vendor account into the store (``--from``), or the store into
a live vendor account (``--to``), through the vendors' public APIs.

Sources yield canonical ``store.archive`` rows that ``SqliteStore.import_rows`` writes (it skips
what is already there, so a re-run is idempotent). Vendor ids are kept: a message's canonical uid
is the one its dialect decodes from the vendor id when it can, else one derived from the vendor id
(``uids``), and the vendor id is stored as an alias and in ``extras[dialect]``. Progress is
checkpointed per session in a file beside the database, so a crashed run resumes.
"""
