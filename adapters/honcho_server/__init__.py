"""What Honcho's server does the same way under both API versions it served (v1 and v3): it is
one FastAPI app, so both answer with FastAPI's ``{"detail": ...}`` envelopes and pydantic-style
422 lists, parse bodies and query strings alike, page alike, print timestamps alike, mint the
same nanoids and serve the same keys endpoint.

A shared building block of ``adapters.honcho_v1`` and ``adapters.honcho_v3``, not a dialect:
it is not registered in ``adapters/__init__.py`` and imports no dialect package.
"""
