"""Fake vendor accounts for respx, answering in the shapes the research recorded: Honcho's
``{items,total,page,size,pages}`` pages and ``{"detail"}`` errors (docs/vendors.md, Honcho §2, §5, §6), Zep's
``*-ordered`` listings, ``limit``/``cursor`` message pages and ``{"message"}`` errors (Zep §3-§5),
OpenAI's cursor lists and ``{"error":{...}}`` envelope (OpenAI §3-§9). ``Faults`` scripts
rate limits, server errors and crashes for matching requests."""
