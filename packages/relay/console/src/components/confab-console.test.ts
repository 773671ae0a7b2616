import { afterEach, describe, expect, it } from 'vitest';
import { NAME_KEY, TOKEN_KEY, type StorageLike } from '../auth.js';
import { FakeRelay, settle } from '../test-support/fake-relay.js';
import { $, $$, mount, shadow, text } from '../test-support/render.js';
import type { ConfabConsole, ConsoleEnvironment } from './confab-console.js';
import type { ReplyBox } from './reply-box.js';

function memoryStorage(entries: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(entries));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

interface Setup {
  hash?: string;
  token?: string;
  name?: string;
  languages?: string[];
}

function environment(relay: FakeRelay, options: Setup = {}) {
  const replaced: (string | undefined)[] = [];
  const sessionStorage = memoryStorage(options.token ? { [TOKEN_KEY]: options.token } : {});
  const localStorage = memoryStorage(options.name ? { [NAME_KEY]: options.name } : {});
  const env: ConsoleEnvironment = {
    location: { hash: options.hash ?? '', pathname: '/console/', search: '', origin: relay.origin },
    history: { state: null, replaceState: (_data, _unused, url) => void replaced.push(url) },
    sessionStorage,
    localStorage,
    languages: options.languages ?? ['en-US'],
    document,
    fetch: relay.fetch,
    WebSocket: relay.WebSocket,
    session: { random: () => 0 },
  };
  return { env, replaced, sessionStorage, localStorage };
}

async function start(relay: FakeRelay, options: Setup = {}) {
  const setup = environment(relay, options);
  const app = await mount('confab-console', { environment: setup.env });
  await settle();
  await app.updateComplete;
  return { app, ...setup };
}

/** Finds an element inside a child element's shadow root. */
function inside<E extends Element = HTMLElement>(app: ConfabConsole, host: string, selector: string): E {
  return $<E>($(app, host), selector);
}

async function refresh(app: ConfabConsole) {
  await settle();
  await app.updateComplete;
  for (const child of shadow(app).querySelectorAll('*')) await (child as Partial<ReplyBox>).updateComplete;
}

afterEach(() => {
  document.title = '';
});

describe('ConfabConsole', () => {
  it('takes the token from the #token= fragment, strips it and goes straight to work', async () => {
    const relay = new FakeRelay();
    relay.addConversation({ context: { product: { name: 'Kettle' } } }, ['Is it in stock?']);
    const { app, replaced, sessionStorage } = await start(relay, { hash: `#token=${relay.token}`, name: 'Mei' });
    expect(replaced).toEqual(['/console/']);
    expect(sessionStorage.data.get(TOKEN_KEY)).toBe(relay.token);
    expect($$(app, 'confab-sign-in')).toHaveLength(0);
    const buttons = [...$(app, 'confab-conversation-list').shadowRoot!.querySelectorAll('[data-testid="conversation-item"]')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([expect.stringContaining('Kettle, 1 unread message, online, Is it in stock?')]);
    expect(text(inside(app, 'confab-connection-status', '[role="status"]'))).toBe('Connecting…');
    relay.welcome();
    await refresh(app);
    expect(text(inside(app, 'confab-connection-status', '[role="status"]'))).toBe('Live');
    expect(document.title).toBe('(1) Confab console');
  });

  it('asks for the token and name without a fragment, then signs in', async () => {
    const relay = new FakeRelay();
    relay.addConversation({}, ['Hello']);
    const { app, sessionStorage, localStorage } = await start(relay);
    const form = $(app, 'confab-sign-in');
    inside<HTMLInputElement>(app, 'confab-sign-in', '#token').value = relay.token;
    inside<HTMLInputElement>(app, 'confab-sign-in', '#name').value = 'Mei';
    $(form, '[data-testid="sign-in-submit"]').click();
    await refresh(app);
    expect(sessionStorage.data.get(TOKEN_KEY)).toBe(relay.token);
    expect(localStorage.data.get(NAME_KEY)).toBe('Mei');
    expect(text($(app, '[data-testid="agent-name"]'))).toBe('Signed in as Mei');
    expect(relay.requestsTo('GET', /\/conversations$/)[0]!.headers.get('authorization')).toBe(`Bearer ${relay.token}`);
  });

  it('asks only for the name when the fragment brought a token but no name is remembered', async () => {
    const relay = new FakeRelay();
    const { app, localStorage } = await start(relay, { hash: `#token=${relay.token}` });
    const form = $(app, 'confab-sign-in');
    expect($$(form, '#token')).toHaveLength(0);
    $<HTMLInputElement>(form, '#name').value = 'Mei';
    $(form, '[data-testid="sign-in-submit"]').click();
    await refresh(app);
    expect(localStorage.data.get(NAME_KEY)).toBe('Mei');
    expect(relay.requestsTo('GET', /\/conversations$/)[0]!.headers.get('authorization')).toBe(`Bearer ${relay.token}`);
  });

  it('returns to the sign-in form with a clear message when the token is refused', async () => {
    const relay = new FakeRelay();
    const { app, sessionStorage } = await start(relay, { token: 'not-the-token', name: 'Mei' });
    await refresh(app);
    const form = $(app, 'confab-sign-in');
    expect(text($(form, '[role="alert"]'))).toBe('The relay refused this agent token. Check it and sign in again.');
    expect(sessionStorage.data.has(TOKEN_KEY)).toBe(false);
    expect($$(form, '#token')).toHaveLength(1);
  });

  it('returns to the sign-in form when the stream closes with 4003', async () => {
    const relay = new FakeRelay();
    const { app } = await start(relay, { token: relay.token, name: 'Mei' });
    relay.socket().open();
    relay.socket().drop(4003, 'agent token refused');
    await refresh(app);
    expect(text(inside(app, 'confab-sign-in', '[role="alert"]'))).toContain('refused');
  });

  it('shows a conversation, sends a reply with Enter and shows it once stored', async () => {
    const relay = new FakeRelay();
    const kettle = relay.addConversation({}, ['这个水壶有现货吗？']);
    const { app } = await start(relay, { token: relay.token, name: 'Mei' });
    relay.welcome();
    await refresh(app);
    inside(app, 'confab-conversation-list', `[data-conversation-id="${kettle.id}"]`).click();
    await refresh(app);
    const transcript = $(app, 'confab-transcript');
    expect($$(transcript, '[data-testid="message-text"]').map((m) => m.textContent)).toEqual(['这个水壶有现货吗？']);
    expect(relay.requestsTo('POST', /\/read$/).map((r) => r.body)).toEqual([{ seq: 1 }]);
    expect(document.title).toBe('Confab console');
    const box = inside<HTMLTextAreaElement>(app, 'confab-reply-box', '[data-testid="reply-box"]');
    box.value = '有的，今天下单明天发货。';
    box.dispatchEvent(new Event('input'));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await refresh(app);
    expect(relay.requestsTo('POST', /\/messages$/).map((r) => r.body)).toEqual([
      { id: expect.stringMatching(/^[A-Za-z0-9_-]{21}$/), text: '有的，今天下单明天发货。', authorName: 'Mei' },
    ]);
    expect($$(transcript, '[data-testid="message"]').map((m) => m.dataset.role)).toEqual(['visitor', 'agent']);
    expect($$(transcript, '[data-testid="pending-reply"]')).toHaveLength(0);
    expect(box.value).toBe('');
    // The shopper reads the reply: "Seen".
    relay.push({ type: 'read', conversationId: kettle.id, seq: 2, by: 'visitor' });
    await refresh(app);
    expect($$(transcript, '[data-testid="seen"]')).toHaveLength(1);
  });

  it('recommends the shopper’s product from the reply box, and shows the relay’s refusal without losing the card', async () => {
    const relay = new FakeRelay();
    const product = { name: 'Kettle 1.7L', price: '129.00', currency: 'CNY', url: 'https://shop.example/k' };
    const kettle = relay.addConversation({ context: { product } }, ['Is this one quiet?']);
    const { app } = await start(relay, { token: relay.token, name: 'Mei' });
    relay.welcome();
    await refresh(app);
    inside(app, 'confab-conversation-list', `[data-conversation-id="${kettle.id}"]`).click();
    await refresh(app);
    const replyBox = $(app, 'confab-reply-box');
    $(replyBox, '[data-testid="add-product"]').click();
    await refresh(app);
    const form = $(replyBox, 'confab-product-form');
    await (form as unknown as ReplyBox).updateComplete;
    $(form, '[data-testid="use-shopper-product"]').click();
    await refresh(app);
    $(form, '[data-testid="add-product-submit"]').click();
    await refresh(app);
    expect($$(replyBox, '[data-testid="attached-product"]')).toHaveLength(1);

    relay.force('POST', /\/messages$/, {
      status: 400,
      body: { statusCode: 400, code: 'CONFAB_REQUEST_INVALID', error: 'Bad Request', message: 'products[0].currency is not known' },
    });
    $(replyBox, '[data-testid="send-reply"]').click();
    await refresh(app);
    expect(relay.requestsTo('POST', /\/messages$/).map((r) => r.body)).toEqual([
      { id: expect.any(String), text: '', authorName: 'Mei', products: [product] },
    ]);
    expect(text($(app, '[data-testid="notice"]'))).toContain('The reply was not sent. products[0].currency is not known (CONFAB_REQUEST_INVALID)');
    const transcript = $(app, 'confab-transcript');
    expect(text($(transcript, '[data-testid="reply-refused"]'))).toContain('CONFAB_REQUEST_INVALID');
    // Discard puts the card back in the box to be corrected.
    $(transcript, '[data-testid="discard-reply"]').click();
    await refresh(app);
    expect($$(replyBox, '[data-testid="attached-product"]').map((chip) => text(chip.querySelector('.file-name')))).toEqual([
      'Product: Kettle 1.7L, CN¥129.00',
    ]);
    $(replyBox, '[data-testid="send-reply"]').click();
    await refresh(app);
    expect(relay.messages.get(kettle.id)!.at(-1)).toMatchObject({ author: { role: 'agent', name: 'Mei' }, products: [product] });
    expect($$(transcript, '[data-testid="message-product"]')).toHaveLength(1);
  });

  it('badges a new message in another conversation and counts it in the title', async () => {
    const relay = new FakeRelay();
    const open = relay.addConversation({}, ['first']);
    const other = relay.addConversation();
    const { app } = await start(relay, { token: relay.token, name: 'Mei' });
    relay.welcome();
    await refresh(app);
    inside(app, 'confab-conversation-list', `[data-conversation-id="${open.id}"]`).click();
    await refresh(app);
    relay.visitorWrites(other.id, 'Hello? <img src=x onerror=alert(1)>');
    await refresh(app);
    const item = inside(app, 'confab-conversation-list', `[data-conversation-id="${other.id}"]`);
    expect(item.getAttribute('aria-label')).toContain('1 unread message');
    expect(text(item.querySelector('[data-testid="unread-badge"]'))).toBe('1');
    expect(item.querySelector('img')).toBeNull();
    expect(document.title).toBe('(1) Confab console');
    // It moved to the top: newest activity first.
    const ids = [...$(app, 'confab-conversation-list').shadowRoot!.querySelectorAll<HTMLElement>('[data-testid="conversation-item"]')].map(
      (b) => b.dataset.conversationId,
    );
    expect(ids).toEqual([other.id, open.id]);
  });

  it('closes a conversation after confirmation', async () => {
    const relay = new FakeRelay();
    const a = relay.addConversation({}, ['bye']);
    const { app } = await start(relay, { token: relay.token, name: 'Mei' });
    inside(app, 'confab-conversation-list', `[data-conversation-id="${a.id}"]`).click();
    await refresh(app);
    inside(app, 'confab-conversation-header', '[data-testid="close-conversation"]').click();
    inside(app, 'confab-conversation-header', '[data-testid="confirm-close"]').click();
    await refresh(app);
    expect(relay.conversations.get(a.id)!.status).toBe('closed');
    expect(text(inside(app, 'confab-conversation-header', '[data-testid="conversation-status"]'))).toBe('Closed');
    expect(inside<HTMLTextAreaElement>(app, 'confab-reply-box', 'textarea').disabled).toBe(true);
    // Focus stays in the conversation rather than falling back to the page.
    expect($(app, 'confab-transcript').shadowRoot!.activeElement).toBe(inside(app, 'confab-transcript', '[role="log"]'));
  });

  it('manages quick replies and inserts them with /', async () => {
    const relay = new FakeRelay();
    const a = relay.addConversation({}, ['When will it ship?']);
    const { app } = await start(relay, { token: relay.token, name: 'Mei' });
    $(app, '[data-testid="open-quick-replies"]').click();
    await refresh(app);
    const manager = $(app, 'confab-quick-reply-manager');
    const shortcut = $<HTMLInputElement>(manager, '[data-testid="quick-reply-shortcut"]');
    const body = $<HTMLTextAreaElement>(manager, '[data-testid="quick-reply-text"]');
    shortcut.value = 'ship';
    shortcut.dispatchEvent(new Event('input'));
    body.value = 'We ship within 24 hours.';
    body.dispatchEvent(new Event('input'));
    await refresh(app);
    $(manager, '[data-testid="save-quick-reply"]').click();
    await refresh(app);
    expect(relay.quickReplies.map((r) => r.shortcut)).toEqual(['ship']);
    expect($$(manager, '[data-testid="quick-reply-item"]').map((i) => i.dataset.shortcut)).toEqual(['ship']);
    $(manager, '[data-testid="close-quick-replies"]').click();
    await refresh(app);
    expect(shadow(app).activeElement).toBe($(app, '[data-testid="open-quick-replies"]'));

    inside(app, 'confab-conversation-list', `[data-conversation-id="${a.id}"]`).click();
    await refresh(app);
    const replyBox = $(app, 'confab-reply-box');
    const box = $<HTMLTextAreaElement>(replyBox, 'textarea');
    box.value = '/sh';
    box.setSelectionRange(3, 3);
    box.dispatchEvent(new Event('input'));
    await refresh(app);
    expect($$(replyBox, '[role="option"]').map((o) => o.dataset.shortcut)).toEqual(['ship']);
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await refresh(app);
    expect(box.value).toBe('We ship within 24 hours.');
    expect(relay.requestsTo('POST', /\/messages$/)).toHaveLength(0);
  });

  it('speaks Simplified Chinese to a Chinese browser', async () => {
    const relay = new FakeRelay();
    const { app } = await start(relay, { languages: ['zh-CN', 'en'] });
    expect(text(inside(app, 'confab-sign-in', 'h1'))).toBe('登录客服台');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(document.title).toBe('Confab 客服台');
  });

  it('signs out on request and forgets the token', async () => {
    const relay = new FakeRelay();
    const { app, sessionStorage } = await start(relay, { token: relay.token, name: 'Mei' });
    $(app, '[data-testid="sign-out"]').click();
    await refresh(app);
    expect(sessionStorage.data.has(TOKEN_KEY)).toBe(false);
    expect($$($(app, 'confab-sign-in'), '[role="alert"]')).toHaveLength(0);
    expect(relay.socket().closedWith?.code).toBe(1000);
  });
});
