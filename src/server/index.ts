/**
 * `dittofeed-embed/server`: helpers for the host application's backend (see docs/architecture.md).
 *
 * Runs on Node 18+ (or any runtime with the fetch API: Deno, Bun, edge workers) and speaks
 * `Request` → `Response`, so it fits Express (via an adapter), Fastify, Next route handlers and Hono.
 * Never import this module from browser code: it handles the Dittofeed admin API key.
 *
 * @packageDocumentation
 */

export { DEFAULT_BASE_URL as DEFAULT_DITTOFEED_BASE_URL } from '../defaults.js';
export { DittofeedApiError, DittofeedInputError, type DittofeedApiErrorCode } from './errors.js';
export {
  createDittofeedAdmin,
  type DittofeedAdmin,
  type DittofeedAdminOptions,
  type CreateSessionParams,
  type DittofeedSession,
  type CreateChildWorkspaceParams,
  type ListChildWorkspacesParams,
  type WorkspaceByExternalIdParams,
  type EnsureCustomerWorkspaceParams,
  type DittofeedWorkspace,
  type SessionAuth,
  type WriteKeyScheme,
} from './admin-client.js';
export type {
  ComponentConfiguration,
  ComponentDefinition,
  BroadcastConfiguration,
  MessageTemplateConfiguration,
  DeliveriesTableConfiguration,
  AnalysisChartConfiguration,
  DeliveriesColumn,
  PutComponentConfigurationParams,
} from './component-configurations.js';
export {
  createDittofeedEvents,
  type DittofeedEvents,
  type DittofeedEventsOptions,
  type EventSubject,
  type IdentifyEvent,
  type TrackEvent,
  type BatchEvent,
} from './events-client.js';
export {
  createSessionHandler,
  type AuthorizedSession,
  type SessionHandlerOptions,
  type SessionHandlerResponseBody,
  type SessionHandler,
} from './session-handler.js';
