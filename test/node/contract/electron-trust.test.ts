/**
 * The Electron binding's trust rules, which cannot run here without the Electron binary: which
 * URLs are "our page", and which IPC senders may reach the contract.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveAppLocation } from '../../../src/main/app-location';
import { isTrustedSender, type SenderFacts } from '../../../src/main/sender-check';

describe('resolveAppLocation', () => {
  it('trusts exactly the built index.html when packaged', () => {
    const location = resolveAppLocation('http://localhost:5173', true);
    expect(location.load.kind).toBe('file');
    if (location.load.kind !== 'file') return;
    const page = pathToFileURL(location.load.path).href;
    expect(location.isAppUrl(page)).toBe(true);
    expect(location.isAppUrl(`${page}#/accounts`)).toBe(true);
    expect(location.isAppUrl('file:///etc/passwd')).toBe(false);
    expect(location.isAppUrl(page.replace('index.html', 'other.html'))).toBe(false);
    expect(location.isAppUrl(page.replace('file://', 'file://evil.test'))).toBe(false);
    expect(location.isAppUrl('http://localhost:5173/')).toBe(false);
    expect(location.isAppUrl('not a url')).toBe(false);
  });

  it('trusts the dev server origin only in an unpackaged app on loopback', () => {
    const dev = resolveAppLocation('http://localhost:5173/', false);
    expect(dev.load).toEqual({ kind: 'url', url: 'http://localhost:5173/' });
    expect(dev.isAppUrl('http://localhost:5173/index.html')).toBe(true);
    expect(dev.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(dev.isAppUrl('http://localhost.evil.test:5173/')).toBe(false);
    expect(resolveAppLocation('http://evil.test:5173/', false).load.kind).toBe('file');
  });
});

describe('isTrustedSender', () => {
  const ours = (url: string): boolean => url === 'file:///app/index.html';
  const good: SenderFacts = {
    attached: true,
    frame: { parent: null, frameToken: 'main', url: 'file:///app/index.html' },
    mainFrameToken: 'main',
  };

  it('accepts our page in the main frame of an attached window', () => {
    expect(isTrustedSender(good, ours)).toBe(true);
  });

  it('refuses subframes, other pages, stale frames and unknown windows', () => {
    const frame = good.frame ?? { parent: null, frameToken: '', url: '' };
    expect(isTrustedSender({ ...good, attached: false }, ours)).toBe(false);
    expect(isTrustedSender({ ...good, frame: null }, ours)).toBe(false);
    expect(isTrustedSender({ ...good, frame: { ...frame, parent: {} } }, ours)).toBe(false);
    expect(isTrustedSender({ ...good, frame: { ...frame, frameToken: 'old' } }, ours)).toBe(false);
    expect(isTrustedSender({ ...good, frame: { ...frame, url: 'https://evil.test/' } }, ours)).toBe(
      false,
    );
  });
});
