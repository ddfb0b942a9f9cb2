// Every thread/message flow of openai@5.23.2 (Node), unchanged, against Rosetta.
import OpenAI from 'openai';

function check(condition, message) {
  if (!condition) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}

const client = new OpenAI();
const threads = client.beta.threads;
const text = (m) => m.content[0].text.value;

const thread = await threads.create({ messages: [{ role: 'user', content: 'hello from node' }], metadata: { a: 'b' } });
check(thread.id.startsWith('thread_'), 'thread id');
for (let i = 0; i < 30; i++) {
  await threads.messages.create(thread.id, { role: i % 2 ? 'user' : 'assistant', content: `n${i}` });
}
const all = [];
for await (const m of threads.messages.list(thread.id, { limit: 7 })) all.push(m);
check(all.length === 31 && text(all[0]) === 'n29' && text(all[30]) === 'hello from node', `desc paging ${all.length}`);
const asc = [];
for await (const m of threads.messages.list(thread.id, { limit: 9, order: 'asc' })) asc.push(m);
check(asc.map((m) => m.id).join() === all.map((m) => m.id).reverse().join(), 'asc paging');

const one = await threads.messages.retrieve(asc[1].id, { thread_id: thread.id });
check(text(one) === 'n0' && one.role === 'assistant', 'retrieve');
const updated = await threads.messages.update(asc[1].id, { thread_id: thread.id, metadata: { k: 'v' } });
check(updated.metadata.k === 'v', 'update');
const gone = await threads.messages.delete(asc[1].id, { thread_id: thread.id });
check(gone.deleted === true, 'delete message');

try {
  await threads.retrieve('thread_missing');
  check(false, 'missing thread');
} catch (error) {
  check(error.status === 404 && String(error.message).includes('No thread found'), `404 ${error}`);
}
const done = await threads.update(thread.id, { metadata: { a: 'c' } });
check(done.metadata.a === 'c', 'thread update');
console.log(JSON.stringify({ thread: thread.id }));
