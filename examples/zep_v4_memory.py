"""zep-cloud 4.x against Rosetta: a user, a thread, messages, context, a graph episode, search.

    pip install zep-cloud==4.0.1
    rosetta serve                       # in another terminal
    ROSETTA_URL=http://127.0.0.1:8000 python examples/zep_v4_memory.py

4.x addresses users and threads by UUID and has no ZEP_API_URL: pass base_url="<rosetta>/api/v4".
Rosetta runs no LLM: the context block is the stored text itself (see the README).
"""

import os
import uuid

from zep_cloud.client import Zep
from zep_cloud.types import AddMessage

client = Zep(api_key=os.environ.get("ZEP_API_KEY", "unused-with-auth-off"),
             base_url=os.environ.get("ROSETTA_URL", "http://127.0.0.1:8000") + "/api/v4")
jane = client.user.create(user_id=f"jane-{uuid.uuid4().hex[:6]}", first_name="Jane")
thread = client.thread.create(user_uuid=jane.uuid_)
client.thread.add_messages(thread.uuid_, messages=[
    AddMessage(role="user", name="Jane", content="I want to fly to Lisbon in May."),
    AddMessage(role="assistant", name="Agent", content="Lisbon in May, noted. Window seat?"),
])
for message in client.thread.list_messages(thread.uuid_):  # every page, followed for you
    print(f"{message.role:>9} ({message.name}): {message.content}")
client.graph.episode.add(jane.uuid_, data="Jane prefers window seats and vegetarian meals.")
hits = client.graph.search_episodes(jane.uuid_, query="vegetarian window")
print("search:", [episode.content for episode in hits.items])
print(client.thread.get_context(thread.uuid_).context.splitlines()[0])
print(thread.uuid_)
