// Every storage flow of @honcho-ai/sdk 2.5.0, unchanged, against Rosetta. Env: HONCHO_URL, WORKSPACE.
import { Honcho } from '@honcho-ai/sdk';

function check(condition, message) {
  if (!condition) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}

async function all(page) {
  const out = [];
  for await (const item of page) out.push(item);
  return out;
}

const honcho = new Honcho({ baseURL: process.env.HONCHO_URL, workspaceId: process.env.WORKSPACE });

await honcho.setMetadata({ env: 'node' });
check(JSON.stringify(await honcho.getMetadata()) === '{"env":"node"}', 'workspace metadata');

const alice = await honcho.peer('alice', { metadata: { tier: 'pro' } });
const bob = await honcho.peer('bob');
check((await alice.getMetadata()).tier === 'pro', 'peer metadata');

const session = await honcho.session('js-session', { metadata: { topic: 'x' } });
await session.addPeers([alice, bob]);
check((await session.peers()).map((p) => p.id).sort().join() === 'alice,bob', 'session peers');
await session.setPeerConfiguration(bob, { observeMe: false });
check((await session.getPeerConfiguration(bob)).observeMe === false, 'peer configuration');

const written = await session.addMessages([alice.message('hello from node', { metadata: { k: 1 } }), bob.message('hi back')]);
check(written.length === 2 && written[0].tokenCount > 0 && written[0].peerId === 'alice', 'add messages');
await session.addMessages(Array.from({ length: 100 }, (_, i) => alice.message(`n${i}`)));

const everything = await all(await session.messages({ size: 40 }));
check(everything.length === 102, `auto-pagination gave ${everything.length}`);
check(everything[0].content === 'hello from node' && everything[101].content === 'n99', 'order');
const fromBob = await all(await session.messages({ filters: { peer_id: 'bob' } }));
check(fromBob.length === 1 && fromBob[0].content === 'hi back', 'filter');

await session.updateMessage(everything[1], { seen: true });
check((await session.getMessage(everything[1].id)).metadata.seen === true, 'update message metadata');
await session.setMetadata({ topic: 'y' });
check((await session.getMetadata()).topic === 'y', 'session metadata');

const hits = await session.search('hello');
check(hits.length === 1 && hits[0].content === 'hello from node', 'session search');
check((await alice.search('hello')).length === 1, 'peer search');
check((await honcho.search('hello')).length >= 1, 'workspace search');

const context = await session.context({ tokens: 10 });
check(context.messages.length > 0 && context.messages.at(-1).content === 'n99', 'context');

await alice.setCard(['likes tea']);
check(JSON.stringify(await alice.getCard()) === '["likes tea"]', 'peer card');

try {
  await alice.chat('what does alice like?');
  check(false, 'chat should fail');
} catch (error) {
  check(error.status === 501 && String(error.message).includes('Rosetta'), `chat error ${error}`);
}

const sessions = await all(await honcho.sessions());
check(sessions.some((s) => s.id === 'js-session'), 'session listed');
console.log(JSON.stringify({ messages: everything.length }));
