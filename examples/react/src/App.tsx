import { useState } from 'react';
// Registers <dittofeed-embed> before React first renders it, so React 19 sets the
// element's properties (not attributes); the second import types it in JSX.
import 'dittofeed-embed';
import type {} from 'dittofeed-embed/react';
import type { EmbedType } from 'dittofeed-embed';

const meta = (name: string) =>
  document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';

const baseUrl = meta('dittofeed-base-url');
// Defined once, outside the component: a new object on every render would be a new value.
const tokenRequestInit: RequestInit = { headers: { 'X-CSRF-Token': meta('csrf-token') } };

export function App() {
  const [type, setType] = useState<EmbedType>('journeys');
  const [resourceId, setResourceId] = useState<string>();
  const [visible, setVisible] = useState(true);
  const [height, setHeight] = useState<number>();
  const [error, setError] = useState<string>();

  function toggleJourney() {
    const showAll = type === 'journey';
    setType(showAll ? 'journeys' : 'journey');
    setResourceId(showAll ? undefined : 'onboarding');
  }

  return (
    <>
      <nav>
        <button type="button" onClick={toggleJourney}>
          {type === 'journey' ? 'All journeys' : 'Onboarding journey'}
        </button>
        <button type="button" onClick={() => setVisible(!visible)}>
          {visible ? 'Hide' : 'Show'} Dittofeed
        </button>
      </nav>
      <p>
        Height: <output data-testid="height">{height ?? '–'}</output>
      </p>
      {error && (
        <p role="alert" data-testid="error">
          {error}
        </p>
      )}
      {visible && (
        <dittofeed-embed
          type={type}
          resource-id={resourceId}
          base-url={baseUrl}
          token-url="/api/dittofeed/session"
          tokenRequestInit={tokenRequestInit}
          ondittofeed-resize={(event) => setHeight(event.detail.height)}
          ondittofeed-error={(event) => setError(`${event.detail.code}: ${event.detail.message}`)}
        />
      )}
    </>
  );
}
