"""What Zep's two API generations Rosetta serves (v2 under ``/api/v2``, v4 under ``/api/v4``) do
the same way: read JSON bodies and timestamps, bound the nesting of stored JSON, keep Zep-only
fields under one extras key, resolve the caller's workspace and read whole store listings.

A shared building block of ``adapters.zep_v2`` and ``adapters.zep_v4``, not a dialect: it is not
registered in ``adapters/__init__.py``, imports no dialect package and words no error. Where a
request is wrong it raises a neutral exception naming the reason, and each dialect answers it in
its own envelope and wording.
"""
