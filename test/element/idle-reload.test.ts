// idle-reload: a page that cannot take tokens by message (stock Dittofeed; here the fixture in
// plain mode, on the other origin) is reloaded with a waiting new token at the first idle moment,
// not while the user is in it, and at expiry at the latest.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { SinonFakeTimers } from 'sinon';
import '../../src/index.js';
import type { DittofeedEmbed } from '../../src/dittofeed-embed.js';
import type { FetchToken } from '../../src/types.js';
import { OTHER_ORIGIN, fakeClock, frameOf, recordEvents, until } from '../support/harness.js';

/** token-1, token-2, … each valid for 120 s; the refresh (60 s margin) comes at 60 s. */
function tokenFactory() {
  let calls = 0;
  const fetchToken: FetchToken = async () => ({ token: `token-${++calls}`, workspaceId: 'ws-1', expiresIn: 120 });
  return { fetchToken, calls: () => calls };
}

const mountStock = (fetchToken: FetchToken, idleAfter = 10) =>
  fixture<DittofeedEmbed>(html`<div>
    <button id="outside">host page</button>
    <dittofeed-embed
      type="broadcasts"
      base-url=${OTHER_ORIGIN}
      idle-reload
      idle-after=${idleAfter}
      .params=${{ 'fixture-mode': 'plain' }}
      .fetchToken=${fetchToken}
    ></dittofeed-embed>
  </div>`).then((wrapper) => wrapper.querySelector('dittofeed-embed') as DittofeedEmbed);

const frameToken = (element: DittofeedEmbed) => new URL(frameOf(element)!.src).searchParams.get('token');
/** What a pointer crossing the frame's border fires on the iframe element. */
const pointer = (element: DittofeedEmbed, type: 'pointerenter' | 'pointerleave') => frameOf(element)!.dispatchEvent(new PointerEvent(type));

describe('<dittofeed-embed idle-reload>', () => {
  let clock: SinonFakeTimers;
  afterEach(() => {
    fixtureCleanup();
    clock?.restore();
  });

  it('reloads with the new token as soon as it arrives when nobody is in the frame', async () => {
    clock = await fakeClock();
    const tokens = tokenFactory();
    const element = await mountStock(tokens.fetchToken);
    const events = recordEvents(element);
    await until(() => element.state === 'ready', 'ready');
    await clock.tickAsync(61_000);
    await until(() => events.of('dittofeed-load').length === 1, 'idle reload');
    expect(tokens.calls()).to.equal(2);
    expect(frameToken(element)).to.equal('token-2');
    expect(events.of('dittofeed-before-reload')).to.deep.equal([{ reason: 'idle' }]);
    expect(events.of('dittofeed-session').map((s) => s.delivery)).to.deep.equal(['reload']);
    expect(events.of('dittofeed-session-expiring')).to.deep.equal([]);
  });

  it('waits while focus is in the frame, warns, and reloads once the user has left it', async () => {
    clock = await fakeClock();
    const tokens = tokenFactory();
    const element = await mountStock(tokens.fetchToken, 5);
    const events = recordEvents(element);
    await until(() => element.state === 'ready', 'ready');
    const firstExpiry = element.session!.expiresAt;
    frameOf(element)!.focus();
    expect(element.shadowRoot!.activeElement === frameOf(element), 'the frame has focus').to.equal(true);
    await clock.tickAsync(61_000);
    await until(() => tokens.calls() === 2, 'second token');
    await clock.tickAsync(20_000);
    expect(frameToken(element), 'no reload while the user is in the frame').to.equal('token-1');
    expect(events.of('dittofeed-before-reload')).to.deep.equal([]);
    expect(events.of('dittofeed-session-expiring')).to.deep.equal([{ expiresAt: firstExpiry }]);

    // The pointer comes over the frame, focus goes back to the host page: still in use.
    pointer(element, 'pointerenter');
    (element.parentElement!.querySelector('#outside') as HTMLButtonElement).focus();
    await clock.tickAsync(20_000);
    expect(frameToken(element)).to.equal('token-1');
    // The pointer leaves: idle after idle-after (5 s).
    pointer(element, 'pointerleave');
    await clock.tickAsync(4_000);
    expect(frameToken(element)).to.equal('token-1');
    await clock.tickAsync(1_500);
    await until(() => frameToken(element) === 'token-2', 'idle reload');
    expect(events.of('dittofeed-before-reload')).to.deep.equal([{ reason: 'idle' }]);
    expect(Date.now()).to.be.below(firstExpiry);
  });

  it('still reloads at expiry when the user never leaves the frame', async () => {
    clock = await fakeClock();
    const tokens = tokenFactory();
    const element = await mountStock(tokens.fetchToken);
    const events = recordEvents(element);
    await until(() => element.state === 'ready', 'ready');
    frameOf(element)!.focus();
    await clock.tickAsync(61_000);
    await until(() => tokens.calls() === 2, 'second token');
    await clock.tickAsync(60_000);
    // token-2's own refresh is due at the same moment: either new token may be the one loaded.
    await until(() => frameToken(element) !== 'token-1', 'reload at expiry');
    // (A token arriving after this reload may be loaded at the next idle moment: the new page has no focus.)
    expect(events.of('dittofeed-before-reload')[0]).to.deep.equal({ reason: 'token-expired' });
  });

  it('a cancelled idle reload waits for the expiry reload, which may be cancelled too', async () => {
    clock = await fakeClock();
    const tokens = tokenFactory();
    const element = await mountStock(tokens.fetchToken, 1);
    const events = recordEvents(element);
    let cancel = true;
    element.addEventListener('dittofeed-before-reload', (event) => {
      if (cancel) event.preventDefault();
    });
    await until(() => element.state === 'ready', 'ready');
    await clock.tickAsync(61_000);
    await until(() => events.of('dittofeed-before-reload').length === 1, 'idle reload offered');
    // Focus and pointer come and go: no second idle offer for the same token.
    pointer(element, 'pointerenter');
    pointer(element, 'pointerleave');
    await clock.tickAsync(5_000);
    expect(events.of('dittofeed-before-reload')).to.deep.equal([{ reason: 'idle' }]);
    expect(frameToken(element)).to.equal('token-1');
    cancel = false;
    await clock.tickAsync(55_000);
    // token-2's own refresh is due at the same moment: either new token may be the one loaded.
    await until(() => frameToken(element) !== 'token-1', 'reload at expiry');
    expect(events.of('dittofeed-before-reload').slice(0, 2)).to.deep.equal([{ reason: 'idle' }, { reason: 'token-expired' }]);
  });

  it('leaves no window or document listener behind when the element goes while waiting', async () => {
    clock = await fakeClock();
    const tokens = tokenFactory();
    const added: string[] = [];
    const removed: string[] = [];
    const spy = (target: EventTarget, name: string) => {
      const add = target.addEventListener.bind(target);
      const remove = target.removeEventListener.bind(target);
      target.addEventListener = (type: string, ...rest: [EventListenerOrEventListenerObject | null, (boolean | AddEventListenerOptions)?]) => {
        added.push(`${name}:${type}`);
        add(type, ...rest);
      };
      target.removeEventListener = (type: string, ...rest: [EventListenerOrEventListenerObject | null, (boolean | EventListenerOptions)?]) => {
        removed.push(`${name}:${type}`);
        remove(type, ...rest);
      };
      return () => {
        delete (target as { addEventListener?: unknown }).addEventListener;
        delete (target as { removeEventListener?: unknown }).removeEventListener;
      };
    };
    const element = await mountStock(tokens.fetchToken);
    await until(() => element.state === 'ready', 'ready');
    frameOf(element)!.focus();
    const restore = [spy(window, 'window'), spy(document, 'document')];
    try {
      await clock.tickAsync(61_000);
      await until(() => tokens.calls() === 2, 'second token');
      expect(added).to.include.members(['window:focus', 'window:blur', 'document:visibilitychange']);
      element.remove();
      await clock.tickAsync(0);
      const count = (list: string[], listener: string) => list.filter((entry) => entry === listener).length;
      for (const listener of ['window:focus', 'window:blur']) expect(count(removed, listener), listener).to.equal(count(added, listener));
      // The shared session removes its own visibilitychange listener too (added before the spy).
      expect(count(removed, 'document:visibilitychange')).to.equal(count(added, 'document:visibilitychange') + 1);
    } finally {
      restore.forEach((undo) => undo());
    }
  });
});
