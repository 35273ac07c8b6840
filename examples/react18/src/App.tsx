import { useState } from 'react';
// React 18 sets unknown props on a custom element as attributes and ignores `on…` event props,
// so it uses the wrapper component: props become the element's properties, events `onDittofeed…`.
// Importing it also registers <dittofeed-embed>.
import { DittofeedEmbed } from 'dittofeed-embed/react';
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
        <DittofeedEmbed
          type={type}
          resourceId={resourceId}
          baseUrl={baseUrl}
          tokenUrl="/api/dittofeed/session"
          tokenRequestInit={tokenRequestInit}
          onDittofeedResize={(event) => setHeight(event.detail.height)}
          onDittofeedError={(event) => setError(`${event.detail.code}: ${event.detail.message}`)}
        />
      )}
    </>
  );
}
