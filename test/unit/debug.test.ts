// Debug logging: prefixed, off by default, tokens always redacted (the `debug` attribute in README.md).
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { debugLog, redact } from '../../src/debug.js';


const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjE4MDAwMDAwMDB9.c2lnbmF0dXJlLV9hYmM';
const SECRET = 'opaque-secret-42';

describe('debug: redact', () => {
  it('removes token= values from URLs and keeps the rest', () => {
    const out = redact(`https://app.dittofeed.com/dashboard-l/embedded/journeys?token=${SECRET}&workspaceId=ws-1`);
    expect(out).not.to.contain(SECRET);
    expect(out).to.contain('token=***');
    expect(out).to.contain('workspaceId=ws-1');
    expect(out).to.contain('/dashboard-l/embedded/journeys');
  });

  it('removes token= in any position of the query', () => {
    for (const url of [`/x?workspaceId=w&token=${SECRET}`, `/x?a=1&token=${SECRET}#frag`, `/x?token=${SECRET}`, `see /x?token=${SECRET} here`]) {
      expect(redact(url), url).not.to.contain(SECRET);
    }
  });

  it('removes URL-encoded token values', () => {
    const out = redact(`/x?token=${encodeURIComponent('a b&c=d+' + SECRET)}&workspaceId=w`);
    expect(out).not.to.contain(SECRET);
    expect(out).to.contain('workspaceId=w');
  });

  it('removes JWT-looking strings wherever they are', () => {
    for (const text of [JWT, `Bearer ${JWT}`, `("${JWT}")`, `token ${JWT}.`, `${JWT}\n${JWT}`]) {
      const out = redact(text);
      expect(out, text).not.to.contain('eyJzdWIi');
      expect(out, text).not.to.contain('c2lnbmF0dXJl');
    }
  });

  it('leaves text without tokens unchanged', () => {
    const text = 'frame loaded https://app.dittofeed.com/dashboard-l/embedded/journeys?workspaceId=ws-1 {"height":600}';
    expect(redact(text)).to.equal(text);
  });
});

describe('debug: debugLog', () => {
  let debug: sinon.SinonStub;
  beforeEach(() => {
    debug = sinon.stub(console, 'debug');
  });
  afterEach(() => debug.restore());

  const printed = (): string => debug.getCalls().map((call) => call.args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')).join('\n');

  it('logs nothing when disabled', () => {
    debugLog(false, `token=${SECRET}`);
    expect(debug.callCount).to.equal(0);
  });

  it('prefixes every line with [dittofeed-embed]', () => {
    debugLog(true, 'frame loaded');
    debugLog(true, 'resize 640');
    expect(debug.callCount).to.equal(2);
    for (const call of debug.getCalls()) expect(String(call.args[0])).to.match(/^\[dittofeed-embed\] /);
    expect(printed()).to.contain('frame loaded');
    expect(printed()).to.contain('640');
  });

  it('never prints a token', () => {
    debugLog(true, `loading https://app.dittofeed.com/dashboard-l/embedded/journeys?token=${SECRET}&workspaceId=ws-1`);
    debugLog(true, `navigated to /dashboard-l/embedded/journeys#token=${SECRET}`);
    debugLog(true, `got ${JWT} for ws-1`);
    expect(debug.callCount).to.equal(3);
    const out = printed();
    expect(out).not.to.contain(SECRET);
    expect(out).not.to.contain('eyJzdWIi');
    expect(out).to.contain('ws-1');
  });
});
