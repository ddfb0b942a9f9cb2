"""An app written for OpenAI's (retired) Assistants threads, running unchanged against Rosetta.

    pip install openai==1.109.1        # any 1.x-3.x release with client.beta.threads
    rosetta serve                       # in another terminal
    python examples/openai_threads_app.py

ROSETTA_URL overrides http://127.0.0.1:8000; the SDK only needs base_url=<rosetta>/v1.
Rosetta stores threads and messages; runs answer 501 because it runs no model, so this app
writes the assistant's reply itself (as apps that call a model elsewhere do).
"""

import os
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)  # client.beta.threads is deprecated

from openai import OpenAI  # noqa: E402

base = os.environ.get("ROSETTA_URL", "http://127.0.0.1:8000")
client = OpenAI(base_url=base + "/v1", api_key=os.environ.get("ROSETTA_KEY", "unused-with-auth-off"))

thread = client.beta.threads.create(
    messages=[{"role": "user", "content": "Can you remind me what we said about the Q3 launch?"}],
    metadata={"customer": "acme"},
)
client.beta.threads.messages.create(thread.id, role="assistant", content="We agreed to ship on September 30.")
client.beta.threads.messages.create(thread.id, role="user", content="Great, please keep that in mind.")

for message in client.beta.threads.messages.list(thread.id, order="asc"):
    print(f"{message.role:>9}: {message.content[0].text.value}")

# The same thread read as a Conversation, the API OpenAI moved to:
items = client.conversations.items.list(thread.id, order="asc")
print("as conversation items:", [item.role for item in items])
print(thread.id)
