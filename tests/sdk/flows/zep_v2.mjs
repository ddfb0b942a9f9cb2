// The session/memory/user flows of @getzep/zep-cloud@2.22.0 (Node), unchanged, against Rosetta.
// Env: ZEP_API_URL (the gateway root; the TS SDK takes the full base as `environment`), ZEP_API_KEY.
import { ZepClient, Zep } from '@getzep/zep-cloud';

function check(condition, message) {
  if (!condition) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}

async function fails(call, status) {
  try {
    await call();
  } catch (error) {
    check(error.statusCode === status, `expected ${status}, got ${error.statusCode}: ${error}`);
    return error;
  }
  check(false, `expected a ${status} error`);
}

const client = new ZepClient({ environment: `${process.env.ZEP_API_URL}/api/v2` });
const once = { maxRetries: 0 };
const tag = Math.random().toString(36).slice(2, 10);
const userId = `node-${tag}`;
const sessionId = `node session é+% ${tag}`; // encodeURIComponent on the way, decoded by the gateway

const user = await client.user.add({ userId, firstName: 'Node', metadata: { a: { b: 1 } } });
check(user.userId === userId && user.firstName === 'Node', 'user add');
const updated = await client.user.update(userId, { metadata: { a: { c: 2 } } });
check(JSON.stringify(updated.metadata) === '{"a":{"b":1,"c":2}}', 'user metadata merge');
await fails(() => client.user.add({ userId }, once), 400);

const session = await client.memory.addSession({ sessionId, userId, metadata: { k: 'v' } });
check(session.sessionId === sessionId && session.userId === userId, 'session add');
await client.memory.add(sessionId, { messages: [
  { role: 'Node', roleType: 'user', content: 'hello from node' },
  { role: 'Bot', roleType: 'assistant', content: 'hi node', metadata: { n: 1 } },
] });
const memory = await client.memory.get(sessionId, { lastn: 5 });
check(memory.messages.map((m) => m.content).join('|') === 'hello from node|hi node', 'memory get');
check(memory.messages[0].roleType === 'user' && memory.messages[1].role === 'Bot', 'roles');
check(Array.isArray(memory.relevantFacts) && memory.relevantFacts.length === 0, 'no facts');
const page = await client.memory.getSessionMessages(sessionId, { limit: 1, cursor: 2 });
check(page.totalCount === 2 && page.messages[0].content === 'hi node', 'messages page');
const patched = await client.memory.updateMessageMetadata(sessionId, page.messages[0].uuid, { metadata: { m: 2 } });
check(JSON.stringify(patched.metadata) === '{"n":1,"m":2}', 'message metadata merge');
const listed = await client.memory.listSessions({ pageNumber: 1, pageSize: 1000 });
check(listed.sessions.some((s) => s.sessionId === sessionId), 'list sessions');
const hits = await client.memory.searchSessions({ text: 'node', userId, limit: 5 });
check(hits.results.length === 2 && hits.results[0].sessionId === sessionId, 'search sessions');
const sessions = await client.user.getSessions(userId);
check(sessions.length === 1 && sessions[0].sessionId === sessionId, 'user sessions');

await fails(() => client.memory.getSession(`missing-${tag}`, once), 404);
await fails(() => client.memory.synthesizeQuestion(sessionId, {}, once), 501);
const ended = await client.memory.endSession(sessionId);
check(ended.session.endedAt, 'end session');
await fails(() => client.memory.updateSession(sessionId, { metadata: { x: 1 } }, once), 409);
const gone = await client.memory.delete(sessionId);
check(gone.message === 'OK', 'memory delete');
await fails(() => client.memory.getSession(sessionId, once), 404);
await client.user.delete(userId);
console.log(JSON.stringify({ user: userId }));
