"""Fake vendor accounts for respx, answering in the shapes the research recorded: Honcho's
``{items,total,page,size,pages}`` pages and ``{"detail"}`` errors (honcho §2, §5, §6), Zep's
``*-ordered`` listings, ``limit``/``cursor`` message pages and ``{"message"}`` errors (zep §3-§5),
OpenAI's cursor lists and ``{"error":{...}}`` envelope (openai §3-§9). ``Faults`` scripts
rate limits, server errors and crashes for matching requests."""
