// The graph calls of @getzep/zep-cloud@3.30.0 (Node), unchanged, against Rosetta's /api/v2:
// graph.add stores an episode and graph.search finds it (and the user's thread messages).
// Env: ZEP_API_URL (the gateway root; the TS SDK takes the full base as `environment`), ZEP_API_KEY.
import { ZepClient } from '@getzep/zep-cloud';

function check(condition, message) {
  if (!condition) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}

const client = new ZepClient({ environment: `${process.env.ZEP_API_URL}/api/v2` });
const tag = Math.random().toString(36).slice(2, 10);
const userId = `graph-${tag}`;

await client.user.add({ userId, firstName: 'Grace' });
const threadId = `graph-thread-${tag}`;
await client.thread.create({ threadId, userId });
await client.thread.addMessages(threadId, { messages: [{ role: 'user', name: 'Grace', content: 'I sail every weekend' }] });

const episode = await client.graph.add({ userId, type: 'text', data: 'Grace keeps a sailing boat in Brest', sourceDescription: 'crm' });
check(episode.uuid && episode.content === 'Grace keeps a sailing boat in Brest', 'graph add');
const json = await client.graph.add({ userId, type: 'json', data: JSON.stringify({ boat: 'Nina', port: 'Brest' }) });
check(json.source === 'json', 'graph add json');

const found = await client.graph.search({ userId, query: 'sailing Brest', scope: 'episodes', limit: 5 });
const contents = found.episodes.map((e) => e.content);
check(contents[0] === 'Grace keeps a sailing boat in Brest', `search order ${contents}`);
const said = found.episodes.find((e) => e.content === 'I sail every weekend');
check(said && said.source === 'message' && said.threadId === threadId && said.roleType === 'user', `messages searchable ${contents}`);
check(found.episodes[0].score > 0, 'scored');
const edges = await client.graph.search({ userId, query: 'sailing' });
check(Array.isArray(edges.edges) && edges.edges.length === 0, 'edges scope is empty (no LLM)');

const graphId = `team-${tag}`;
await client.graph.create({ graphId, name: 'team notes' });
await client.graph.add({ graphId, type: 'text', data: 'The team retreat is in Porto' });
const team = await client.graph.search({ graphId, query: 'porto', scope: 'episodes' });
check(team.episodes.length === 1 && team.episodes[0].content === 'The team retreat is in Porto', 'graph search by graphId');

console.log(JSON.stringify({ user: userId, episode: episode.uuid, graph: graphId }));
