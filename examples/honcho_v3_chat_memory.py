"""Honcho v3 SDK against Rosetta: peers, a session, messages, search and the session context.

    pip install honcho-ai==2.7.0
    rosetta serve                       # in another terminal
    python examples/honcho_v3_chat_memory.py

ROSETTA_URL overrides http://127.0.0.1:8000. Nothing here is Rosetta-specific but the base URL.
"""

import os

from honcho import Honcho

honcho = Honcho(base_url=os.environ.get("ROSETTA_URL", "http://127.0.0.1:8000"), workspace_id="examples")

alice, bot = honcho.peer("alice"), honcho.peer("support-bot")
session = honcho.session("order-1234")
session.add_messages([
    alice.message("My order 1234 never arrived."),
    bot.message("Sorry to hear that! Let me check the tracking for order 1234."),
    alice.message("Thanks, it was a birthday present for my sister."),
])

for message in session.messages():
    print(f"{message.peer_id:>12}: {message.content}  ({message.token_count} tokens)")

hits = session.search("birthday")
print("search 'birthday':", [m.content for m in hits])

context = session.context(tokens=200)
print("context for an LLM call:", [m.content for m in context.messages])
print(f"session {session.id} in workspace {honcho.workspace_id}")
