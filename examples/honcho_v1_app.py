"""An app on the retired Honcho v1 API (honcho-ai 0.2.0), running unchanged against Rosetta.

    pip install honcho-ai==0.2.0
    rosetta serve                       # in another terminal
    python examples/honcho_v1_app.py

ROSETTA_URL overrides http://127.0.0.1:8000. The app "default" is the workspace the other
dialects use with auth off, so what this writes is readable through Honcho v3, Zep and OpenAI.
"""

import os

from honcho import Honcho

honcho = Honcho(base_url=os.environ.get("ROSETTA_URL", "http://127.0.0.1:8000"))
app = honcho.apps.get_or_create("default")
user = honcho.apps.users.get_or_create("alice", app_id=app.id)

session = honcho.apps.users.sessions.create(user.id, app_id=app.id, metadata={"topic": "recipes"})
messages = honcho.apps.users.sessions.messages
messages.create(session.id, app_id=app.id, user_id=user.id, content="I'm vegetarian.", is_user=True)
messages.create(session.id, app_id=app.id, user_id=user.id, content="Noted, no meat.", is_user=False)

for message in messages.list(session.id, app_id=app.id, user_id=user.id):
    print(("user" if message.is_user else "ai").rjust(4), message.content)

honcho.apps.users.sessions.update(session.id, app_id=app.id, user_id=user.id, metadata={"topic": "diet"})
print(session.id)
