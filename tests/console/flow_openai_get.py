"""Fetch one message by the ids the console showed, through the unchanged OpenAI SDK."""

import json
import os
import sys

from openai import OpenAI

client = OpenAI()  # OPENAI_BASE_URL and OPENAI_API_KEY from the environment
thread_id, message_id = sys.argv[1], sys.argv[2]
message = client.beta.threads.messages.retrieve(message_id, thread_id=thread_id)
print(json.dumps({"id": message.id, "text": message.content[0].text.value, "base": os.environ["OPENAI_BASE_URL"]}))
