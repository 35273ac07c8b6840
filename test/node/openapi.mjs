// Dittofeed's own API description (test/fixtures/dittofeed-openapi-subset.json) as a test oracle:
// a fetch wrapper that checks each request against the documented parameters and body, and each
// answer to a well-formed request against the documented response for its status.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const spec = JSON.parse(readFileSync(new URL('../fixtures/dittofeed-openapi-subset.json', import.meta.url), 'utf8'));
// The subset refers to one component it does not carry (a template definition, def-0, on template
// routes we do not serve); it is taken as any value.
spec.components = { ...spec.components, schemas: { 'def-0': {}, ...spec.components?.schemas } };

/**
 * Required query parameters the description lists but Dittofeed's handlers do not need:
 * `externalId` on the child list (it lists every child of the parent).
 */
const NOT_REALLY_REQUIRED = new Set(['GET /api-l/admin/workspaces/child externalId']);

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(spec, 'dittofeed');

const pointer = (...parts) => 'dittofeed#/' + parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The documented operation for a method and path (trailing slash as documented, or not). */
export function operationFor(method, pathname) {
  for (const path of [pathname, pathname.endsWith('/') ? pathname.slice(0, -1) : pathname + '/']) {
    const operation = spec.paths[path]?.[method.toLowerCase()];
    if (operation) return { path, operation };
  }
  return null;
}

function schemaErrors(ref, value) {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`no schema at ${ref}`);
  return validate(value) ? [] : validate.errors.map((e) => `${e.instancePath || '(root)'} ${e.message}`);
}

/**
 * A query parameter as the server reads it: an array from every occurrence (`ids=a&ids=b`), a
 * number or a boolean from its text (anything else is left as text, for the schema to refuse).
 */
function queryValue(schema = {}, values) {
  if (schema.type === 'array') return values;
  const [raw] = values;
  if (schema.type === 'number') return Number(raw);
  const booleanAllowed = schema.type === 'boolean' || schema.anyOf?.some((option) => option.type === 'boolean');
  if (booleanAllowed && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/** Problems of a request against the description; [] when it is as documented. */
export function requestProblems(method, url, bodyText) {
  const found = operationFor(method, url.pathname);
  if (!found) return [];
  const { path, operation } = found;
  const problems = [];
  const route = `${method} ${path}`;
  (operation.parameters ?? []).forEach((parameter, index) => {
    if (parameter.in !== 'query') return;
    const raw = url.searchParams.get(parameter.name);
    if (raw === null) {
      if (parameter.required && !NOT_REALLY_REQUIRED.has(`${route} ${parameter.name}`)) problems.push(`query ${parameter.name} is required`);
      return;
    }
    const value = queryValue(parameter.schema, url.searchParams.getAll(parameter.name));
    if (Number.isNaN(value)) return void problems.push(`query ${parameter.name} is not a number`);
    for (const error of schemaErrors(pointer('paths', path, method.toLowerCase(), 'parameters', index, 'schema'), value)) {
      problems.push(`query ${parameter.name}: ${error}`);
    }
  });
  const documented = operation.requestBody?.content?.['application/json'];
  if (documented) {
    let body;
    try {
      body = bodyText ? JSON.parse(bodyText) : undefined;
    } catch {
      return [...problems, 'body is not JSON'];
    }
    if (body === undefined) {
      if (operation.requestBody.required) problems.push('body is required');
    } else {
      const ref = pointer('paths', path, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema');
      for (const error of schemaErrors(ref, body)) problems.push(`body ${error}`);
    }
  }
  return problems;
}

/** Problems of an answer against the description for its status; [] when undocumented or as documented. */
export function responseProblems(method, url, status, bodyText) {
  const found = operationFor(method, url.pathname);
  const documented = found?.operation.responses?.[String(status)]?.content?.['application/json'];
  // A 204 carries no body by HTTP's definition, whatever the description says of its content.
  if (!documented || status === 204) return [];
  let body;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return [`answer ${status} is not JSON`];
  }
  const ref = pointer('paths', found.path, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema');
  return schemaErrors(ref, body).map((error) => `answer ${status}: ${error}`);
}

/**
 * A fetch that records how its traffic deviates from the description, in `violations`:
 * `checkRequests` for a client that must only send documented requests (the server helper);
 * answers are checked whenever the request was well formed.
 */
export function documentedFetch({ checkRequests = true, fetchImpl = fetch } = {}) {
  const violations = [];
  const calls = [];
  const wrapped = async (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.url);
    const method = (init.method ?? 'GET').toUpperCase();
    const bodyText = typeof init.body === 'string' ? init.body : undefined;
    const requestIssues = requestProblems(method, url, bodyText);
    if (checkRequests) for (const issue of requestIssues) violations.push(`${method} ${url.pathname}: ${issue}`);
    const response = await fetchImpl(input, init);
    calls.push(`${method} ${url.pathname}`);
    if (requestIssues.length === 0 && operationFor(method, url.pathname)) {
      const text = await response.clone().text();
      for (const issue of responseProblems(method, url, response.status, text)) violations.push(`${method} ${url.pathname}: ${issue}`);
    }
    return response;
  };
  return { fetch: wrapped, violations, calls };
}
