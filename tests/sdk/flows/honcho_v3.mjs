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

// Session.uploadFile: the SDK's {filename, content, content_type} object, and a Blob
const docs = await honcho.session('js-uploads');
const sentence = 'The invoice total was wrong. ';
const notes = 'Meeting notes.\n\n' + sentence.repeat(1000); // 29,016 characters
const made = await docs.uploadFile(
  { filename: 'notes.md', content: new TextEncoder().encode(notes), content_type: 'text/markdown' },
  alice,
  { metadata: { source: 'upload' }, createdAt: new Date('2026-01-02T03:04:05.600Z') },
);
// Honcho's cuts: after the paragraph break, then after the last sentence that fits in 25,000
check(JSON.stringify(made.map((m) => m.content)) === JSON.stringify(['Meeting notes.\n\n', sentence.repeat(862), sentence.repeat(138)]),
  `upload chunks ${made.map((m) => m.content.length)}`);
check(made.every((m) => m.peerId === 'alice' && m.metadata.source === 'upload' && m.tokenCount > 0), 'chunk author, metadata, tokens');
check(new Date(made[0].createdAt).toISOString() === '2026-01-02T03:04:05.600Z', `upload createdAt ${made[0].createdAt}`);
const [doc] = await docs.uploadFile(new Blob(['{\n  "total": 42,\n  "items": [true, null]\n}'], { type: 'application/json' }), bob);
check(doc.content === '{"total": 42, "items": [true, null]}' && doc.peerId === 'bob', `json upload ${doc.content}`);
const uploaded = await all(await docs.messages());
check(JSON.stringify(uploaded.map((m) => m.id)) === JSON.stringify([...made, doc].map((m) => m.id)), 'uploads read back in order');
check(uploaded.map((m) => m.content).join('') === notes + doc.content, 'uploads read back whole');
try {
  await docs.uploadFile({ filename: 'scan.pdf', content: new Uint8Array([37, 80, 68, 70]), content_type: 'application/pdf' }, alice);
  check(false, 'a PDF upload should fail with 415');
} catch (error) {
  check(error.status === 415 && String(error.message).includes('Rosetta'), `pdf upload error ${error}`);
}
check((await all(await docs.messages())).length === 4, 'a refused upload writes nothing');

try {
  await alice.chat('what does alice like?');
  check(false, 'chat should fail');
} catch (error) {
  check(error.status === 501 && String(error.message).includes('Rosetta'), `chat error ${error}`);
}

// Scopes (Honcho main, after 3.0.12): membership, fail-closed scoped search, scoped context
const inside = await honcho.session('js-scoped-in');
const outside = await honcho.session('js-scoped-out');
await inside.addMessages([alice.message('the secret plan is tea')]);
await outside.addMessages([bob.message('the secret plan is coffee')]);
const therapy = await honcho.scope('therapy', { metadata: { kind: 'care' } });
check(therapy.id === 'therapy' && therapy.metadata.kind === 'care' && therapy.createdAt, 'scope created');
check((await honcho.search('secret', { scope: therapy })).length === 0, 'an empty scope finds nothing');
await therapy.addSessions([inside]);
const scopedHits = await honcho.search('secret', { scope: 'therapy' });
check(scopedHits.length === 1 && scopedHits[0].sessionId === 'js-scoped-in', `scoped search stays inside ${JSON.stringify(scopedHits)}`);
check((await honcho.search('coffee', { scope: 'therapy' })).length === 0, 'a message outside the scope is not found');
const status = await therapy.status();
check(status.backfillStatus['js-scoped-in'].state === 'completed', `status ${JSON.stringify(status)}`);
const fresh = await honcho.session('js-scoped-new', { scopes: [therapy, 'work'] });
await fresh.addMessages([alice.message('the secret plan is water')]);
check((await all(await therapy.sessions())).map((s) => s.id).join() === 'js-scoped-in,js-scoped-new', 'scope sessions');
check((await all(await honcho.scopes())).map((s) => s.id).join() === 'therapy,work', 'scopes listed');
check((await honcho.getScope('work')).id === 'work', 'getScope');
try {
  await honcho.getScope('nope');
  check(false, 'an unknown scope should be a 404');
} catch (error) {
  check(error.status === 404, `unknown scope ${error}`);
}
const scopedContext = await inside.context({ peerTarget: 'alice', scope: therapy });
check(scopedContext.peerCard == null && scopedContext.messages.length === 1, 'scoped context');
await therapy.removeSession(inside);
check((await all(await therapy.sessions())).map((s) => s.id).join() === 'js-scoped-new', 'removeSession');
const afterRemove = await honcho.search('secret', { scope: therapy });
check(afterRemove.length === 1 && afterRemove[0].sessionId === 'js-scoped-new', 'removed session left the search');

const sessions = await all(await honcho.sessions());
check(sessions.some((s) => s.id === 'js-session'), 'session listed');
console.log(JSON.stringify({ messages: everything.length }));
