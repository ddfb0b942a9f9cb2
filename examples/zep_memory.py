"""zep-cloud 2.x against Rosetta: a user, a session, memory add/get, message search.

    pip install zep-cloud==2.22.0
    rosetta serve                       # in another terminal
    ZEP_API_URL=http://127.0.0.1:8000 python examples/zep_memory.py

The SDK appends /api/v2 to ZEP_API_URL itself (or pass base_url="<rosetta>/api/v2"). Rosetta
builds no fact graph: relevant_facts is empty and context is "" (see the README).
"""

import os
import uuid

from zep_cloud.client import Zep
from zep_cloud.types import Message

client = Zep(api_key=os.environ.get("ZEP_API_KEY", "unused-with-auth-off"),
             base_url=os.environ.get("ROSETTA_URL", "http://127.0.0.1:8000") + "/api/v2")
tag = uuid.uuid4().hex[:6]
user_id, session_id = f"jane-{tag}", f"travel-{tag}"

client.user.add(user_id=user_id, first_name="Jane", email="jane@example.com")
client.memory.add_session(session_id=session_id, user_id=user_id, metadata={"channel": "web"})
client.memory.add(session_id, messages=[
    Message(role="Jane", role_type="user", content="I want to fly to Lisbon in May."),
    Message(role="Agent", role_type="assistant", content="Lisbon in May, noted. Window seat?"),
    Message(role="Jane", role_type="user", content="Yes please, and a vegetarian meal."),
])

memory = client.memory.get(session_id, lastn=10)
for message in memory.messages:
    print(f"{message.role_type:>9} ({message.role}): {message.content}")
hits = client.memory.search_sessions(text="vegetarian", user_id=user_id, limit=5)
print("search 'vegetarian':", [hit.message.content for hit in hits.results])
print(session_id)
