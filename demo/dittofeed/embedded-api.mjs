// The pure part of the local Dittofeed's data API for its embedded pages: the answers of Dittofeed's
// own /api-l/embedded/ routes (test/fixtures/dittofeed-openapi-subset.json) computed from a
// workspace's seeded content, and the checks on what a page writes back. No I/O here; server.mjs
// authenticates the session and sends what these return.

/** Node types a journey definition may hold (Dittofeed's JourneyNode, the ones our pages draw). */
const JOURNEY_NODE_TYPES = new Set(['DelayNode', 'MessageNode', 'SegmentSplitNode', 'WaitForNode', 'RateLimitNode', 'ExperimentSplitNode', 'RandomCohortNode']);
const MAX_JOURNEY_NODES = 60;
const MAX_NAME_LENGTH = 200;
const DELIVERIES_PAGE = 20;
const MAX_DELIVERIES_PAGE = 100;
/** Journeys or templates a page may create per workspace: the store lives in memory. */
const MAX_RESOURCES = 200;
/** Dittofeed's ids (workspaces, journeys, templates) are UUIDs. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An array in a query, as Dittofeed takes one (`ids=a&ids=b`, or `ids=a,b`). */
const listParam = (query, name) => query.getAll(name).flatMap((value) => value.split(',')).filter(Boolean);

/** The items `ids=` names, or all of them without it. */
const withIds = (list, query) => {
  const ids = new Set(listParam(query, 'ids'));
  return ids.size ? list.filter((item) => ids.has(item.id)) : list;
};

const names = (list) => list.map(({ id, name }) => ({ id, name }));
const flag = (query, name) => query.get(name) === 'true';

/** The answer of `GET <route>` for a workspace's content, or undefined for a route we do not serve. */
export function readRoute(route, content, query) {
  switch (route) {
    case 'journeys':
      return { journeys: content.journeys };
    case 'broadcasts':
      return withIds(content.broadcasts, query);
    case 'segments':
      return { segments: withIds(content.segments, query) };
    case 'content/templates':
      return { templates: withIds(content.templates, query) };
    case 'deliveries':
      return deliveriesPage(content, query);
    case 'resources': {
      const answer = {};
      if (flag(query, 'segments')) answer.segments = names(content.segments);
      if (flag(query, 'messageTemplates')) answer.messageTemplates = names(content.templates);
      if (flag(query, 'broadcasts')) answer.broadcasts = names(content.broadcasts);
      if (flag(query, 'journeys')) answer.journeys = names(content.journeys);
      return answer;
    }
    default:
      return undefined;
  }
}

/**
 * Dittofeed's search-deliveries answer: newest first, filtered by journeyId, broadcastId, userId
 * and templateIds, `limit` items from the opaque `cursor` on (here: the offset, base64url).
 */
export function deliveriesPage(content, query) {
  const templateIds = listParam(query, 'templateIds');
  const matches = content.deliveries.filter(
    (item) =>
      (!query.has('journeyId') || item.journeyId === query.get('journeyId')) &&
      (!query.has('broadcastId') || item.broadcastId === query.get('broadcastId')) &&
      (!query.has('userId') || item.userId === query.get('userId')) &&
      (templateIds.length === 0 || templateIds.includes(item.templateId)),
  );
  const limit = Math.min(MAX_DELIVERIES_PAGE, Math.max(1, Number.parseInt(query.get('limit') ?? '', 10) || DELIVERIES_PAGE));
  const offset = Math.max(0, Number.parseInt(Buffer.from(query.get('cursor') ?? '', 'base64url').toString(), 10) || 0);
  const page = { workspaceId: content.workspaceId, items: matches.slice(offset, offset + limit) };
  if (offset + limit < matches.length) page.cursor = Buffer.from(String(offset + limit)).toString('base64url');
  if (offset > 0) page.previousCursor = Buffer.from(String(Math.max(0, offset - limit))).toString('base64url');
  return page;
}

/** Why a journey definition a page sent cannot be stored, or '' when it can. */
export function journeyDefinitionProblem(definition) {
  if (!isObject(definition)) return 'definition must be an object';
  const { entryNode, exitNode, nodes } = definition;
  if (!isObject(entryNode) || !['EntryNode', 'EventEntryNode'].includes(entryNode.type) || typeof entryNode.child !== 'string') {
    return 'definition.entryNode must be an entry node with a child';
  }
  if (!isObject(exitNode) || exitNode.type !== 'ExitNode') return 'definition.exitNode must be { type: "ExitNode" }';
  if (!Array.isArray(nodes)) return 'definition.nodes must be an array';
  if (nodes.length > MAX_JOURNEY_NODES) return `a journey has at most ${MAX_JOURNEY_NODES} nodes here`;
  const ids = new Set();
  for (const node of nodes) {
    if (!isObject(node) || typeof node.id !== 'string' || !node.id) return 'every node needs a string id';
    if (!JOURNEY_NODE_TYPES.has(node.type)) return `unknown node type ${String(node.type)}`;
    if (ids.has(node.id)) return `duplicate node id ${node.id}`;
    ids.add(node.id);
  }
  return '';
}

/** Why a template a page sent cannot be stored, or '' when it can (Email and Sms, as our pages edit them). */
export function templateProblem(body) {
  const badName = nameProblem(body.name);
  if (badName) return badName;
  if (body.id !== undefined && typeof body.id !== 'string') return 'id must be a string';
  const { definition } = body;
  if (definition === undefined) return '';
  if (!isObject(definition) || !['Email', 'Sms'].includes(definition.type)) return 'definition must be an Email or Sms definition';
  const fields = definition.type === 'Email' ? ['from', 'subject', 'body'] : ['body'];
  const missing = fields.find((field) => typeof definition[field] !== 'string');
  return missing ? `definition.${missing} must be a string` : '';
}

/**
 * Why a page cannot create a new journey or template (`kind`) with `id` (optional: the server
 * picks one) beside the workspace's `list`, or '' when it can. Dittofeed's ids are UUIDs.
 */
export function creationProblem(list, id, kind) {
  if (id !== undefined && !(typeof id === 'string' && UUID.test(id))) return 'id must be a UUID';
  return list.length >= MAX_RESOURCES ? `a workspace has at most ${MAX_RESOURCES} ${kind} here` : '';
}

/** Why a journey or template name a page sent cannot be stored, or '' when it can. */
export const nameProblem = (name) => (typeof name === 'string' && name.trim() && name.length <= MAX_NAME_LENGTH ? '' : 'name must be a non-empty string');
