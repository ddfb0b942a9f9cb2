"""Step 2: the same app rewritten on the Honcho v3 SDK, reading the thread step 1 wrote.

    pip install honcho-ai==2.7.0
    python examples/switch_openai_to_honcho/step2_honcho_app.py THREAD_ID

No data moves: the OpenAI thread is the Honcho session of the same name in the workspace
"default" (the workspace Rosetta gives OpenAI requests with auth off, or the one an API key is
bound to). Its authors show as the peers "user" and "assistant"; writing as those peers reads
back through the OpenAI API with the same roles, so both versions of the app can run side by side.
"""

import os
import sys

from honcho import Honcho

thread_id = sys.argv[1]
honcho = Honcho(base_url=os.environ.get("ROSETTA_URL", "http://127.0.0.1:8000"), workspace_id="default")
session = honcho.session(thread_id)
history = list(session.messages())
for message in history:
    print(f"{message.peer_id:>9}: {message.content}")

user, assistant = honcho.peer("user"), honcho.peer("assistant")
session.add_messages([user.message("Can we move it to October 7?"),
                      assistant.message("Moved: launch on October 7.")])
print("metadata kept:", session.get_metadata())
print(len(history) + 2, "messages in", thread_id)
