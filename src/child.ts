/**
 * `dittofeed-embed/child`: the embedded-page side of the postMessage protocol, version 1.
 *
 * Runs inside the Dittofeed page that `<dittofeed-embed>` shows in its iframe. It tells the host
 * element what it can do (`ready`), how tall its content is (`resize`), where it moved to
 * (`navigate`), and receives fresh session tokens (`token`) from the host. Standalone on purpose:
 * no Lit, so that it stays tiny and can be dropped into any page. For a stock Dittofeed page that
 * cannot import it, `dist/dittofeed-embed-child.min.js` is the same as one script tag.
 *
 * Importing this module has no side effects (safe in Node / SSR).
 */
import type { Capability } from './protocol.js';
export { connectToHost, reportAuthError } from './child/connect.js';
export type { ConnectToHostOptions } from './child/connect.js';
export type {
  AuthErrorMessage,
  ChildToHostMessage,
  HostToChildMessage,
  NavigateMessage,
  ReadyMessage,
  ResizeMessage,
  TokenMessage,
} from './protocol.js';

/** What the embedded page can do; announced in the `ready` handshake. */
export type ChildCapability = Capability;
