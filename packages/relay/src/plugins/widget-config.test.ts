import { describe, expect, it } from 'vitest';
import { testRelays } from '../test-support/relay.js';

const relayWith = testRelays();

describe('GET /v1/widget-config', () => {
  it('serves the proactive messages to anyone, cached for a minute, with nothing secret', async () => {
    const proactive = [
      { id: 'checkout-help', text: 'Questions about delivery?', delaySeconds: 20, pathPrefix: '/checkout' },
      { id: 'hallo', text: 'Fragen? Wir helfen gern.', locale: 'de' },
    ];
    const relay = await relayWith({ proactive, identitySecret: 'shop-identity-secret-0123456789' });
    const response = await fetch(`${relay.baseUrl}/v1/widget-config`, { headers: { origin: 'https://any-shop.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ proactive });
    expect(text).not.toContain(relay.agentToken);
    expect(text).not.toContain('shop-identity-secret');
  });

  it('serves an empty list by default and answers the CORS preflight', async () => {
    const relay = await relayWith();
    const response = await fetch(`${relay.baseUrl}/v1/widget-config`);
    expect(await response.json()).toEqual({ proactive: [] });
    const preflight = await fetch(`${relay.baseUrl}/v1/widget-config`, {
      method: 'OPTIONS',
      headers: { origin: 'https://any-shop.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses a bad proactive setting at start, naming the entry', async () => {
    await expect(relayWith({ proactive: [{ id: 'help', text: '' }] })).rejects.toMatchObject({
      code: 'CONFAB_CONFIG_INVALID',
      message: expect.stringContaining('[0].text'),
    });
  });
});
