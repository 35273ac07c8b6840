// The route table and frame URL builder (docs/protocol.md, "Pages"), without the element.
import { expect } from '@open-wc/testing';
import { ROUTES, buildFrameUrl as buildUrl, httpOrigin, isEmbedType, needsResourceId, typeLabel } from '../../src/routes.js';
import type { EmbedType } from '../../src/types.js';

/** buildFrameUrl with the page's parts as arguments, for short table rows. */
const buildFrameUrl = (
  baseUrl: string,
  type: EmbedType,
  session: { token: string; workspaceId: string },
  resourceId?: string,
  params?: Record<string, string> | null,
  path?: string,
) => buildUrl({ baseUrl, type, resourceId, params }, session, path);

const BASE = 'https://app.dittofeed.com';
const SESSION = { token: 'tok-1', workspaceId: 'ws-1' };

// The table of docs/protocol.md, written out again here so that a change to either side shows up.
const DOCUMENTED_ROUTES: ReadonlyArray<[EmbedType, string, boolean]> = [
  ['journeys', '/journeys', false],
  ['journey', '/journeys/v2', true],
  ['broadcasts', '/broadcasts', false],
  ['broadcast', '/broadcasts/v2', true],
  ['templates', '/templates', false],
  ['email-template', '/templates/email', true],
  ['sms-template', '/templates/sms', true],
  ['segments', '/segments', false],
  ['segment', '/segments/v1', true],
  ['deliveries', '/deliveries/v2', false],
  ['analysis', '/analysis-chart', false],
];

const HOSTILE_VALUES = [
  'a&b=c',
  'a#frag',
  'a?b=c',
  'a=b',
  'with spaces  and\ttabs',
  'ünïcødé-日本語-🙂',
  '../../../etc/passwd',
  'javascript:alert(1)',
  '%26token%3Devil',
  '+plus+',
  '"quoted"<tag>',
  '&token=evil&workspaceId=evil&id=evil#x',
];

describe('routes: the type table', () => {
  it('has exactly the 11 documented types', () => {
    expect(Object.keys(ROUTES)).to.have.members(DOCUMENTED_ROUTES.map(([type]) => type));
  });

  for (const [type, path, needsId] of DOCUMENTED_ROUTES) {
    it(`${type} → ${path}, resource id ${needsId ? 'required' : 'not required'}`, () => {
      expect(isEmbedType(type)).to.equal(true);
      expect(needsResourceId(type)).to.equal(needsId);
      const url = new URL(buildFrameUrl(BASE, type, SESSION, 'res-1'));
      expect(url.origin).to.equal(BASE);
      expect(url.pathname).to.equal('/dashboard-l/embedded' + path);
      expect(url.hash).to.equal('');
      expect(url.searchParams.get('token')).to.equal('tok-1');
      expect(url.searchParams.get('workspaceId')).to.equal('ws-1');
      // id only for editor types, even when a resource id is given for a list type.
      expect(url.searchParams.get('id')).to.equal(needsId ? 'res-1' : null);
      expect([...url.searchParams.keys()]).to.deep.equal(needsId ? ['token', 'workspaceId', 'id'] : ['token', 'workspaceId']);
    });
  }

  it('isEmbedType rejects everything else, including Object.prototype names', () => {
    for (const value of ['', 'Journeys', 'journey ', 'template', 'constructor', 'toString', '__proto__', 'hasOwnProperty', null, undefined, 1, {}, ['journeys']]) {
      expect(isEmbedType(value), String(value)).to.equal(false);
    }
  });

  it('typeLabel gives a readable, non-empty name for every type', () => {
    expect(typeLabel('email-template')).to.equal('email template');
    expect(typeLabel('sms-template')).to.equal('sms template');
    expect(typeLabel('journeys')).to.equal('journeys');
    for (const [type] of DOCUMENTED_ROUTES) {
      expect(typeLabel(type)).to.match(/^[a-z]+( [a-z]+)*$/);
    }
  });
});

describe('routes: httpOrigin', () => {
  it('returns the origin of absolute http and https URLs', () => {
    expect(httpOrigin('https://app.dittofeed.com')).to.equal('https://app.dittofeed.com');
    expect(httpOrigin('https://app.dittofeed.com/some/prefix/?q=1#h')).to.equal('https://app.dittofeed.com');
    expect(httpOrigin('http://localhost:3000/x')).to.equal('http://localhost:3000');
    expect(httpOrigin('HTTPS://Example.COM:443/')).to.equal('https://example.com');
    expect(httpOrigin('http://127.0.0.1:8080')).to.equal('http://127.0.0.1:8080');
  });

  it('returns null for anything that is not an absolute http(s) URL', () => {
    const rejected = [
      'javascript:alert(1)',
      'JavaScript:alert(document.domain)',
      'data:text/html,<script>alert(1)</script>',
      'blob:https://app.dittofeed.com/0b1c',
      'file:///etc/passwd',
      'ftp://example.com',
      'ws://example.com',
      '/relative/path',
      'relative',
      '//evil.example.com',
      '',
      '   ',
      'not a url at all',
      'http://',
      'https://[::1',
      undefined,
    ];
    for (const value of rejected) expect(httpOrigin(value), String(value)).to.equal(null);
  });
});

describe('routes: buildFrameUrl', () => {
  it('puts token, workspaceId, id and params in the documented order', () => {
    const url = new URL(buildFrameUrl(BASE, 'journey', SESSION, 'j-1', { tab: 'settings', mode: 'dark' }));
    expect(url.href.startsWith('https://app.dittofeed.com/dashboard-l/embedded/journeys/v2?')).to.equal(true);
    expect([...url.searchParams]).to.deep.equal([
      ['token', 'tok-1'],
      ['workspaceId', 'ws-1'],
      ['id', 'j-1'],
      ['tab', 'settings'],
      ['mode', 'dark'],
    ]);
  });

  it('leaves id out for an editor type given no resource id', () => {
    const url = new URL(buildFrameUrl(BASE, 'journey', SESSION));
    expect(url.searchParams.has('id')).to.equal(false);
  });

  for (const hostile of HOSTILE_VALUES) {
    it(`encodes ${JSON.stringify(hostile)} so it stays inside its own parameter`, () => {
      const session = { token: `t-${hostile}`, workspaceId: `w-${hostile}` };
      const href = buildFrameUrl(BASE, 'broadcast', session, `r-${hostile}`, { extra: `p-${hostile}`, [`k-${hostile}`]: 'v' });
      const url = new URL(href);
      expect(url.origin).to.equal(BASE);
      expect(url.pathname).to.equal('/dashboard-l/embedded/broadcasts/v2');
      expect(url.hash).to.equal('');
      expect([...url.searchParams]).to.deep.equal([
        ['token', `t-${hostile}`],
        ['workspaceId', `w-${hostile}`],
        ['id', `r-${hostile}`],
        ['extra', `p-${hostile}`],
        [`k-${hostile}`, 'v'],
      ]);
    });
  }

  it('never lets params override token, workspaceId or id', () => {
    const url = new URL(buildFrameUrl(BASE, 'segment', SESSION, 'seg-1', { token: 'evil', workspaceId: 'evil', id: 'evil', ok: 'yes' }));
    expect(url.searchParams.getAll('token')).to.deep.equal(['tok-1']);
    expect(url.searchParams.getAll('workspaceId')).to.deep.equal(['ws-1']);
    expect(url.searchParams.getAll('id')).to.deep.equal(['seg-1']);
    expect(url.searchParams.get('ok')).to.equal('yes');
  });

  it('treats null and empty params as none', () => {
    for (const params of [null, undefined, {}]) {
      const url = new URL(buildFrameUrl(BASE, 'journeys', SESSION, undefined, params));
      expect([...url.searchParams.keys()]).to.deep.equal(['token', 'workspaceId']);
    }
  });

  it('ignores a trailing slash on the base URL', () => {
    for (const base of ['https://df.example.com/', 'https://df.example.com//']) {
      const url = new URL(buildFrameUrl(base, 'templates', SESSION));
      expect(url.origin + url.pathname).to.equal('https://df.example.com/dashboard-l/embedded/templates');
    }
  });

  it('keeps a path prefix on the base URL (with or without a trailing slash)', () => {
    for (const base of ['https://example.com/dittofeed', 'https://example.com/dittofeed/']) {
      const url = new URL(buildFrameUrl(base, 'sms-template', SESSION, 'sms-1'));
      expect(url.origin + url.pathname).to.equal('https://example.com/dittofeed/dashboard-l/embedded/templates/sms');
      expect(url.searchParams.get('id')).to.equal('sms-1');
    }
  });

  it('keeps a non-default port and http scheme of the base URL', () => {
    const url = new URL(buildFrameUrl('http://127.0.0.1:8123', 'analysis', SESSION));
    expect(url.origin).to.equal('http://127.0.0.1:8123');
    expect(url.pathname).to.equal('/dashboard-l/embedded/analysis-chart');
  });

  it('replaces the route with a navigate path and sets token and workspaceId fresh', () => {
    const path = '/dashboard-l/embedded/journeys/v2?id=j-9&workspaceId=old-ws&tab=a#step-3';
    const url = new URL(buildFrameUrl(BASE, 'journeys', { token: 'new-tok', workspaceId: 'new-ws' }, undefined, { extra: '1' }, path));
    expect(url.origin).to.equal(BASE);
    expect(url.pathname).to.equal('/dashboard-l/embedded/journeys/v2');
    expect(url.searchParams.getAll('token')).to.deep.equal(['new-tok']);
    expect(url.searchParams.getAll('workspaceId')).to.deep.equal(['new-ws']);
    // What the frame had in its own query stays.
    expect(url.searchParams.get('id')).to.equal('j-9');
    expect(url.searchParams.get('tab')).to.equal('a');
    expect(url.hash).to.equal('#step-3');
  });

  it('replaces a stale token carried in a navigate path', () => {
    const path = '/dashboard-l/embedded/segments?token=stale';
    const url = new URL(buildFrameUrl(BASE, 'segments', SESSION, undefined, undefined, path));
    expect(url.searchParams.getAll('token')).to.deep.equal(['tok-1']);
  });
});
