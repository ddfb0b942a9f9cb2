"""Step 1: the app as it was, on OpenAI Assistants threads (now pointed at Rosetta).

    pip install openai==1.109.1
    python examples/switch_openai_to_honcho/step1_openai_app.py   # prints the thread id

It stores the thread id in its own database (here: prints it), as real apps do.
"""

import os
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

from openai import OpenAI  # noqa: E402

client = OpenAI(base_url=os.environ.get("ROSETTA_URL", "http://127.0.0.1:8000") + "/v1",
                api_key=os.environ.get("ROSETTA_KEY", "unused-with-auth-off"))
thread = client.beta.threads.create(metadata={"customer": "acme"})
client.beta.threads.messages.create(thread.id, role="user", content="Our launch date is September 30.")
client.beta.threads.messages.create(thread.id, role="assistant", content="Noted: launch on September 30.")
print(thread.id)
