// The postMessage protocol, version 1, as types only: both ends import them with `import type`,
// so the child script stays free of runtime imports. The rules are written down in docs/protocol.md.

/** What the embedded page can do; announced in the `ready` handshake. */
export type Capability = 'resize' | 'token' | 'navigate';

/** Embedded page → host: handshake, sent once per page load. */
export interface ReadyMessage {
  dittofeed: 1;
  type: 'ready';
  capabilities: Capability[];
}

/** Embedded page → host: the content height in CSS pixels (an integer). */
export interface ResizeMessage {
  dittofeed: 1;
  type: 'resize';
  height: number;
}

/** Embedded page → host: the page moved; `path` is pathname + search + hash without `token`. */
export interface NavigateMessage {
  dittofeed: 1;
  type: 'navigate';
  path: string;
}

/** Embedded page → host: the page's token was rejected. */
export interface AuthErrorMessage {
  dittofeed: 1;
  type: 'auth-error';
}

/** Host → embedded page: use this token from now on. */
export interface TokenMessage {
  dittofeed: 1;
  type: 'token';
  token: string;
}

/** Every message the embedded page posts to the host. */
export type ChildToHostMessage = ReadyMessage | ResizeMessage | NavigateMessage | AuthErrorMessage;

/** Every message the host posts to the embedded page. */
export type HostToChildMessage = TokenMessage;

/**
 * A child message after the host validated it: the version tag dropped, capabilities reduced to
 * the known ones, the path resolved.
 */
export type FrameMessage = ChildToHostMessage extends infer M
  ? M extends { dittofeed: 1 }
    ? Omit<M, 'dittofeed'>
    : never
  : never;
