// React 19 JSX and the wrapper component through `dittofeed-embed/react`. Lines after `@ts-expect-error` must NOT compile.
// (TypeScript never reports unknown hyphenated JSX attributes, so a misspelt `ondittofeed-resized`
// cannot be caught; a misspelt camelCase prop is.)
import { useRef } from 'react';
import { DittofeedEmbed as DittofeedEmbedComponent } from 'dittofeed-embed/react';
import type { DittofeedEmbed, DittofeedErrorDetail } from 'dittofeed-embed';

export function Typed() {
  const ref = useRef<DittofeedEmbed>(null);
  return (
    <dittofeed-embed
      ref={ref}
      id="dashboard"
      className="embed"
      type="journey"
      resource-id="onboarding"
      token-url="/api/dittofeed/session"
      workspace-id="ws"
      base-url="https://dittofeed.example.com"
      height="auto"
      loading="lazy"
      refresh-margin={30}
      token-lifetime="600"
      debug
      frame-title="Journeys"
      allow="fullscreen"
      referrerpolicy="origin"
      sandbox="allow-scripts allow-same-origin"
      params={{ theme: 'dark' }}
      tokenRequestInit={{ headers: { 'X-CSRF-Token': 'x' } }}
      fetchToken={async ({ signal }) => (signal.aborted ? 'a' : { token: 'b', expiresIn: 60 })}
      ondittofeed-resize={(event) => {
        const height: number = event.detail.height;
        const target: DittofeedEmbed = event.currentTarget;
        void [height, target];
      }}
      ondittofeed-error={(event: CustomEvent<DittofeedErrorDetail>) => void event.detail.code}
      ondittofeed-before-reload={(event) => event.preventDefault()}
      ondittofeed-session={(event) => void event.detail.expiresAt}
    >
      <p slot="loading">Loading…</p>
    </dittofeed-embed>
  );
}

export function Rejected() {
  return (
    <>
      {/* @ts-expect-error not an embed type */}
      <dittofeed-embed type="journeyz" />
      {/* @ts-expect-error React 19 keeps the case: the handler is ondittofeed-resize */}
      <dittofeed-embed onDittofeedResize={() => {}} />
      {/* @ts-expect-error a resize has a height, no width */}
      <dittofeed-embed ondittofeed-resize={(event) => event.detail.width} />
      {/* @ts-expect-error an error detail is not a resize detail */}
      <dittofeed-embed ondittofeed-error={(event: CustomEvent<{ height: number }>) => event} />
      {/* @ts-expect-error tokenRequestInit is a RequestInit object */}
      <dittofeed-embed tokenRequestInit={{ credentials: 'always' }} />
      {/* @ts-expect-error fetchToken returns a promise */}
      <dittofeed-embed fetchToken={() => 'token'} />
      {/* @ts-expect-error loading is eager or lazy */}
      <dittofeed-embed loading="later" />
      {/* @ts-expect-error refresh-margin is a number of seconds */}
      <dittofeed-embed refresh-margin="soon" />
    </>
  );
}

// The wrapper component (React 18 and 19): camelCase properties and onDittofeed… events.
export function TypedWrapper() {
  const ref = useRef<DittofeedEmbed>(null);
  return (
    <DittofeedEmbedComponent
      ref={ref}
      type="journey"
      resourceId="j-1"
      tokenUrl="/api/dittofeed/session"
      tokenRequestInit={{ credentials: 'include' }}
      onDittofeedResize={(event) => void event.detail.height}
      onDittofeedError={(event) => void (event.detail satisfies DittofeedErrorDetail)}
      onDittofeedBeforeReload={(event) => event.preventDefault()}
    />
  );
}

export function RejectedWrapper() {
  return (
    <>
      {/* @ts-expect-error not an embed type */}
      <DittofeedEmbedComponent type="journeyz" />
      {/* @ts-expect-error a resize has a height, no width */}
      <DittofeedEmbedComponent onDittofeedResize={(event) => event.detail.width} />
      {/* @ts-expect-error the wrapper's events are camelCase */}
      <DittofeedEmbedComponent onDittofeedResized={() => {}} />
      {/* @ts-expect-error fetchToken returns a promise */}
      <DittofeedEmbedComponent fetchToken={() => 'token'} />
    </>
  );
}
