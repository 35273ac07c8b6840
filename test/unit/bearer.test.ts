import { expect } from '@open-wc/testing';
import { replacementAuthorization, replacementUrl } from '../../src/inject/bearer.js';

declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: () => void): void;

const book = { inUse: 'new', held: new Set(['old', 'older', 'new']) };
const origin = 'https://dittofeed.example';
const base = `${origin}/dashboard-l/embedded/journeys?token=old`;

describe('replacementAuthorization', () => {
  const cases: Array<[string | null, string | null]> = [
    ['Bearer old', 'Bearer new'],
    ['bearer older', 'Bearer new'],
    ['  Bearer old  ', 'Bearer new'],
    ['Bearer new', null], // already current
    ['Bearer someone-else', null], // not ours: never touched
    ['Basic old', null],
    ['Bearer old extra', null],
    ['', null],
    [null, null],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value)} → ${JSON.stringify(expected)}`, () => {
      expect(replacementAuthorization(value, book)).to.equal(expected);
    });
  }
});

describe('replacementUrl', () => {
  const cases: Array<[string, string | null]> = [
    ['/dashboard-l/embedded/journeys/v2?token=old&workspaceId=w&id=1', `${origin}/dashboard-l/embedded/journeys/v2?token=new&workspaceId=w&id=1`],
    ['?token=older#part', `${origin}/dashboard-l/embedded/journeys?token=new#part`],
    ['/x?token=new', null],
    ['/x?token=unknown', null],
    ['/x?workspaceId=w', null],
    ['https://elsewhere.example/x?token=old', null], // another origin keeps its URL
    ['http://[bad', null],
  ];
  for (const [href, expected] of cases) {
    it(`${href} → ${String(expected)}`, () => {
      expect(replacementUrl(href, book, base, origin)).to.equal(expected);
    });
  }
});
