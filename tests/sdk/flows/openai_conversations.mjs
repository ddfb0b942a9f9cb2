// Conversations through openai@5 (Node), unchanged, and the thread <-> conversation round trip.
import OpenAI from 'openai';

function check(condition, message) {
  if (!condition) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}

const client = new OpenAI();
const convs = client.conversations;

const conv = await convs.create({ items: [{ type: 'message', role: 'user', content: 'hello node' }], metadata: { m: '1' } });
check(conv.id.startsWith('conv_') && conv.metadata.m === '1', 'create');
await convs.items.create(conv.id, {
  items: Array.from({ length: 12 }, (_, i) => ({ type: 'message', role: 'assistant', content: `r${i}` })),
});
const all = [];
for await (const item of convs.items.list(conv.id, { limit: 5 })) all.push(item);
check(all.length === 13 && all[0].content[0].text === 'r11' && all[12].content[0].text === 'hello node', `desc paging ${all.length}`);
const one = await convs.items.retrieve(all[1].id, { conversation_id: conv.id });
check(one.content[0].text === 'r10', 'item retrieve');
const back = await convs.items.delete(all[1].id, { conversation_id: conv.id });
check(back.id === conv.id, 'item delete');

const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'thread side' }] });
const seen = await convs.retrieve(thread.id);
check(seen.id === thread.id, 'thread as conversation');
await convs.items.create(thread.id, { items: [{ type: 'message', role: 'assistant', content: 'conv side' }] });
const page = await client.beta.threads.messages.list(thread.id, { order: 'asc' });
check(page.data.map((m) => m.content[0].text.value).join('|') === 'thread side|conv side', 'round trip');
try {
  await convs.retrieve('conv_missing');
  check(false, 'missing conversation');
} catch (error) {
  check(error.status === 404, `404 ${error}`);
}
const gone = await convs.delete(conv.id);
check(gone.deleted === true, 'delete');
console.log(JSON.stringify({ conversation: conv.id, thread: thread.id }));
