import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleSession, type SessionEvents, type VisibilitySource } from './session.js';
import { FakeRelay, settle } from './test-support/fake-relay.js';

class FakeVisibility implements VisibilitySource {
  visibilityState: DocumentVisibilityState = 'visible';
  readonly #listeners = new Set<() => void>();
  addEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.#listeners.delete(listener);
  }
  set(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    for (const listener of this.#listeners) listener();
  }
}

const running: ConsoleSession[] = [];

function setup(relay = new FakeRelay(), token = relay.token) {
  const visibility = new FakeVisibility();
  const network = new EventTarget();
  const session = new ConsoleSession({
    token,
    agentName: 'Mei',
    origin: relay.origin,
    fetch: relay.fetch,
    WebSocket: relay.WebSocket,
    visibility,
    network,
    random: () => 0,
    pageSize: 3,
  });
  const signedOut: SessionEvents['signed-out'][] = [];
  const notices: SessionEvents['notice'][] = [];
  session.on('signed-out', (event) => signedOut.push(event));
  session.on('notice', (event) => notices.push(event));
  running.push(session);
  return { relay, session, visibility, network, signedOut, notices, store: session.store };
}

afterEach(() => {
  for (const session of running.splice(0)) session.stop();
});

describe('ConsoleSession', () => {
  it('loads the list and quick replies, and connects the stream with the token', async () => {
    const { relay, session, store } = setup();
    const a = relay.addConversation({}, ['Hello']);
    relay.quickReplies = [{ id: 'qr_00000001', shortcut: 'hi', text: 'Hi!', updatedAt: 1 }];
    session.start();
    await settle();
    expect(relay.requestsTo('GET', /\/conversations$/)[0]!.url.searchParams.get('status')).toBe('all');
    expect(store.state.conversations.get(a.id)?.unreadCount).toBe(1);
    expect(store.state.quickReplies.map((r) => r.shortcut)).toEqual(['hi']);
    expect(relay.socket().url).toBe('ws://relay.test/v1/agent/ws');
    relay.welcome();
    expect(relay.socket().sent[0]).toEqual({ type: 'hello', versions: [1], token: relay.token });
    expect(store.state.connection).toBe('open');
  });

  it('reloads the list, quick replies and open transcript over HTTP after every (re)connect', async () => {
    const { relay, session, store } = setup();
    const a = relay.addConversation({}, ['one', 'two']);
    session.start();
    relay.welcome();
    await settle();
    session.select(a.id);
    await settle();
    const listLoads = relay.requestsTo('GET', /\/conversations$/).length;
    // Messages arrive while the stream is down; the stream will not replay them.
    relay.socket().drop(1006);
    expect(store.state.connection).toBe('reconnecting');
    relay.store(a.id, { role: 'visitor' }, 'three');
    relay.store(a.id, { role: 'visitor' }, 'four');
    await settle();
    relay.welcome();
    await settle();
    expect(relay.requestsTo('GET', /\/conversations$/).length).toBe(listLoads + 1);
    const catchUp = relay.requestsTo('GET', /\/messages$/).at(-1)!;
    expect(catchUp.url.searchParams.get('after')).toBe('2');
    expect(store.state.transcripts.get(a.id)!.messages.map((m) => m.text)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('opens a conversation on its newest page and loads earlier pages with before', async () => {
    const { relay, session, store } = setup();
    const a = relay.addConversation({}, ['1', '2', '3', '4', '5']);
    session.start();
    await settle();
    session.select(a.id);
    await settle();
    expect(store.state.transcripts.get(a.id)).toMatchObject({ hasEarlier: true, status: 'ready' });
    expect(store.state.transcripts.get(a.id)!.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
    await session.loadEarlier();
    expect(relay.requestsTo('GET', /\/messages$/).at(-1)!.url.searchParams.get('before')).toBe('3');
    expect(store.state.transcripts.get(a.id)!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(store.state.transcripts.get(a.id)!.hasEarlier).toBe(false);
  });

  it('marks the open conversation read only while the tab is visible', async () => {
    const { relay, session, store, visibility } = setup();
    const a = relay.addConversation({}, ['Is it in stock?']);
    visibility.set('hidden');
    session.start();
    relay.welcome();
    await settle();
    session.select(a.id);
    await settle();
    expect(relay.requestsTo('POST', /\/read$/)).toHaveLength(0);
    expect(store.state.conversations.get(a.id)!.unreadCount).toBe(1);
    visibility.set('visible');
    await settle();
    expect(relay.requestsTo('POST', /\/read$/).map((r) => r.body)).toEqual([{ seq: 1 }]);
    expect(store.state.conversations.get(a.id)!.unreadCount).toBe(0);
    // A new message while looking at it is read at once; one in another conversation is not.
    const b = relay.addConversation();
    relay.visitorWrites(a.id, 'Hello?');
    relay.visitorWrites(b.id, 'Anyone?');
    await settle();
    expect(relay.requestsTo('POST', /\/read$/).map((r) => [r.url.pathname.split('/')[4], r.body])).toEqual([
      [a.id, { seq: 1 }],
      [a.id, { seq: 2 }],
    ]);
    expect(store.state.conversations.get(b.id)!.unreadCount).toBe(1);
  });

  it('sends a reply with an id and the agent name, shown as pending until stored', async () => {
    const { relay, session, store } = setup();
    const a = relay.addConversation({}, ['Hi']);
    session.start();
    await settle();
    session.select(a.id);
    await settle();
    session.sendReply('有的，今天下单明天发货。');
    const pending = store.state.pending.get(a.id)!;
    expect(pending).toMatchObject([{ text: '有的，今天下单明天发货。', status: 'pending' }]);
    await settle();
    const post = relay.requestsTo('POST', /\/messages$/)[0]!;
    expect(post.body).toEqual({ id: pending[0]!.id, text: '有的，今天下单明天发货。', authorName: 'Mei' });
    expect(store.state.pending.has(a.id)).toBe(false);
    expect(store.state.transcripts.get(a.id)!.messages.at(-1)).toMatchObject({
      id: pending[0]!.id,
      author: { role: 'agent', name: 'Mei' },
    });
  });

  it('marks a failed reply and retries it with the same id, so it is stored once', async () => {
    const { relay, session, store, notices } = setup();
    const a = relay.addConversation({}, ['Hi']);
    session.start();
    await settle();
    session.select(a.id);
    await settle();
    relay.force('POST', /\/messages$/, { status: 503, body: { statusCode: 503, code: 'CONFAB_SHUTTING_DOWN', error: 'x', message: 'Draining' } });
    session.sendReply('Hello');
    await settle();
    const [failed] = store.state.pending.get(a.id)!;
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'CONFAB_SHUTTING_DOWN' });
    expect(notices.map((n) => [n.action, n.error.code])).toEqual([['send', 'CONFAB_SHUTTING_DOWN']]);
    session.retryReply(a.id, failed!.id);
    session.retryReply(a.id, failed!.id);
    await settle();
    const posts = relay.requestsTo('POST', /\/messages$/);
    expect(posts.map((p) => (p.body as { id: string }).id)).toEqual([failed!.id, failed!.id]);
    expect(relay.messages.get(a.id)!.filter((m) => m.text === 'Hello')).toHaveLength(1);
    expect(store.state.pending.has(a.id)).toBe(false);
  });

  it('puts a discarded reply back into an empty reply box', async () => {
    const { relay, session, store } = setup();
    const a = relay.addConversation({}, ['Hi']);
    session.start();
    await settle();
    session.select(a.id);
    relay.force('POST', /\/messages$/, { status: 500 });
    session.sendReply('Lost words');
    await settle();
    const [failed] = store.state.pending.get(a.id)!;
    session.discardReply(a.id, failed!.id);
    expect(store.state.pending.has(a.id)).toBe(false);
    expect(store.state.drafts.get(a.id)).toBe('Lost words');
  });

  it('sends product cards and link buttons with a reply, which may then have no text', async () => {
    const { relay, session, store } = setup();
    const a = relay.addConversation({}, ['Which kettle?']);
    session.start();
    await settle();
    session.select(a.id);
    const kettle = { name: 'Kettle', price: '49.00', currency: 'EUR', url: 'https://shop.example/k' };
    const sizes = { label: 'Size guide', url: 'https://shop.example/sizes' };
    session.draftCardsChanged({ products: [kettle], buttons: [sizes] });
    expect(store.state.draftCards.get(a.id)).toEqual({ products: [kettle], buttons: [sizes] });
    session.sendReply('', [], { products: [kettle], buttons: [sizes] });
    // The box's cards went with the reply.
    expect(store.state.draftCards.has(a.id)).toBe(false);
    expect(store.state.pending.get(a.id)).toMatchObject([{ text: '', products: [kettle], buttons: [sizes] }]);
    await settle();
    const [post] = relay.requestsTo('POST', /\/messages$/);
    expect(post!.body).toEqual({ id: expect.any(String), text: '', authorName: 'Mei', products: [kettle], buttons: [sizes] });
    expect(store.state.transcripts.get(a.id)!.messages.at(-1)).toMatchObject({ products: [kettle], buttons: [sizes] });
  });

  it('keeps a refused reply’s cards, with the relay’s code and status, and puts them back in the box on Discard', async () => {
    const { relay, session, store, notices } = setup();
    const a = relay.addConversation({}, ['Hi']);
    session.start();
    await settle();
    session.select(a.id);
    relay.force('POST', /\/messages$/, {
      status: 400,
      body: { statusCode: 400, code: 'CONFAB_REQUEST_INVALID', error: 'Bad Request', message: 'products[0].price is too long' },
    });
    const cards = { products: [{ name: 'Kettle', price: '49.00' }], buttons: [] };
    session.sendReply('Look', [], cards);
    await settle();
    const [failed] = store.state.pending.get(a.id)!;
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'CONFAB_REQUEST_INVALID', errorStatus: 400, products: cards.products });
    expect(notices.map((n) => [n.action, n.error.code, n.error.message])).toEqual([['send', 'CONFAB_REQUEST_INVALID', 'products[0].price is too long']]);
    session.discardReply(a.id, failed!.id);
    expect(store.state.drafts.get(a.id)).toBe('Look');
    expect(store.state.draftCards.get(a.id)).toEqual(cards);
  });

  it('retries a failed reply with its cards, and a discard never overwrites cards added since', async () => {
    const { relay, session, store } = setup();
    const a = relay.addConversation({}, ['Hi']);
    session.start();
    await settle();
    session.select(a.id);
    relay.force('POST', /\/messages$/, { status: 503 });
    relay.force('POST', /\/messages$/, { status: 503 });
    session.sendReply('One', [], { products: [{ name: 'Kettle' }], buttons: [] });
    session.sendReply('Two', [], { products: [], buttons: [{ label: 'Orders', url: 'https://shop.example/orders' }] });
    await settle();
    const [first, second] = store.state.pending.get(a.id)!;
    session.retryReply(a.id, first!.id);
    await settle();
    expect(relay.requestsTo('POST', /\/messages$/).at(-1)!.body).toMatchObject({ id: first!.id, products: [{ name: 'Kettle' }] });
    session.draftCardsChanged({ products: [{ name: 'Mug' }], buttons: [] });
    session.discardReply(a.id, second!.id);
    expect(store.state.draftCards.get(a.id)).toEqual({ products: [{ name: 'Mug' }], buttons: [] });
  });

  it('posts typing while the agent writes and stops it when the reply is sent', async () => {
    const { relay, session } = setup();
    const a = relay.addConversation({}, ['Hi']);
    session.start();
    await settle();
    session.select(a.id);
    session.draftChanged('H');
    session.draftChanged('He');
    session.draftChanged('Hello');
    session.sendReply('Hello');
    await settle();
    expect(relay.requestsTo('POST', /\/typing$/).map((r) => r.body)).toEqual([
      { isTyping: true, authorName: 'Mei' },
      { isTyping: false, authorName: 'Mei' },
    ]);
  });

  it('shows the shopper typing but not the agent’s own typing echoed back', async () => {
    const { relay, session, store } = setup();
    const a = relay.addConversation({}, ['Hi']);
    session.start();
    relay.welcome();
    relay.push({ type: 'typing', conversationId: a.id, isTyping: true, author: { role: 'agent', name: 'Mei' } });
    relay.push({ type: 'typing', conversationId: a.id, isTyping: true, author: { role: 'visitor' } });
    expect(store.state.typing.get(a.id)).toEqual([{ role: 'visitor' }]);
    // Sending the message ends the indicator at once.
    relay.visitorWrites(a.id, 'Done');
    expect(store.state.typing.has(a.id)).toBe(false);
  });

  it('signs out when the API refuses the token', async () => {
    const { relay, session, signedOut } = setup(new FakeRelay(), 'wrong-token');
    session.start();
    await settle();
    expect(signedOut).toEqual([{ reason: 'token-rejected' }]);
    expect(relay.socket().closedWith?.code).toBe(1000);
  });

  it('signs out when the stream closes with 4003', async () => {
    const { relay, session, signedOut, store } = setup();
    session.start();
    relay.socket().open();
    relay.socket().receive({ type: 'error', code: 'CONFAB_AUTH_REJECTED', message: 'Agent token refused' });
    relay.socket().drop(4003, 'auth');
    expect(signedOut).toEqual([{ reason: 'token-rejected' }]);
    await settle();
    expect(store.state.connection).toBe('closed');
    expect(relay.sockets).toHaveLength(1);
  });

  it('closes a conversation and keeps it in the list as closed', async () => {
    const { relay, session, store } = setup();
    const a = relay.addConversation({}, ['Bye']);
    session.start();
    await settle();
    await session.closeConversation(a.id);
    expect(relay.requestsTo('POST', /\/close$/)).toHaveLength(1);
    expect(store.state.conversations.get(a.id)!.status).toBe('closed');
  });

  it('adds, edits and deletes quick replies through the API, and applies the stream’s list', async () => {
    const { relay, session, store } = setup();
    session.start();
    relay.welcome();
    await settle();
    const created = await session.saveQuickReply({ shortcut: 'ship', text: 'Tomorrow.' });
    expect(store.state.quickReplies).toEqual([created]);
    await expect(session.saveQuickReply({ shortcut: 'ship', text: 'Again' })).rejects.toMatchObject({ code: 'CONFAB_REQUEST_INVALID' });
    const edited = await session.saveQuickReply({ shortcut: 'ship', text: 'Today.' }, created.id);
    expect(store.state.quickReplies).toEqual([edited]);
    await session.deleteQuickReply(created.id);
    expect(store.state.quickReplies).toEqual([]);
    relay.push({ type: 'quick-replies', quickReplies: [{ id: 'qr_fromstream', shortcut: 'x', text: 'y', updatedAt: 1 }] });
    expect(store.state.quickReplies.map((r) => r.id)).toEqual(['qr_fromstream']);
  });

  it('reconnects at once when the browser comes back online', async () => {
    const { relay, session, network } = setup();
    session.start();
    relay.welcome();
    relay.socket().drop(1006);
    const before = relay.sockets.length;
    network.dispatchEvent(new Event('online'));
    expect(relay.sockets.length).toBe(before + 1);
  });
});

/** A 3×2 PNG's first bytes, as a file the agent picked. */
function pngFile(name = 'label.png'): File {
  return new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], name, { type: 'image/png' });
}

describe('ConsoleSession: replies with files', () => {
  it('uploads each file for the conversation with the agent token, then posts the reply naming the uploads', async () => {
    const { relay, session, store } = setup();
    const a = relay.addConversation({}, ['Can you send the return label?']);
    session.start();
    await settle();
    session.select(a.id);
    await settle();
    const notes = new File(['Return within 30 days'], '退货 notes.txt', { type: 'text/plain' });
    session.sendReply('Here you go', [pngFile(), notes]);
    expect(store.state.pending.get(a.id)).toMatchObject([{ text: 'Here you go', status: 'pending', files: [{ name: 'label.png' }, { name: '退货 notes.txt' }] }]);
    await settle(10);

    const uploads = relay.requestsTo('POST', /^\/v1\/uploads$/);
    expect(uploads.map((u) => Object.fromEntries(u.url.searchParams))).toEqual([
      { conversationId: a.id, name: 'label.png' },
      { conversationId: a.id, name: '退货 notes.txt' },
    ]);
    for (const upload of uploads) expect(upload.headers.get('authorization')).toBe(`Bearer ${relay.token}`);
    expect(new TextDecoder().decode(uploads[1]!.bytes)).toBe('Return within 30 days');
    const ids = [...relay.uploads.keys()];
    const post = relay.requestsTo('POST', /\/messages$/)[0]!;
    expect(post.body).toMatchObject({ text: 'Here you go', authorName: 'Mei', attachments: ids });
    expect(store.state.pending.has(a.id)).toBe(false);
    expect(store.state.transcripts.get(a.id)!.messages.at(-1)!.attachments!.map((file) => file.name)).toEqual(['label.png', '退货 notes.txt']);
  });

  it('sends files without text, and never a reply with neither', async () => {
    const { relay, session } = setup();
    const a = relay.addConversation({}, ['Photo please']);
    session.start();
    await settle();
    session.select(a.id);
    session.sendReply('   ');
    session.sendReply('', [pngFile()]);
    await settle(10);
    const posts = relay.requestsTo('POST', /\/messages$/);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({ text: '', attachments: [expect.any(String)] });
  });

  it('marks the reply failed when an upload is refused, and a retry uploads only what was not uploaded', async () => {
    const { relay, session, store, notices } = setup();
    const a = relay.addConversation({}, ['Hi']);
    session.start();
    await settle();
    session.select(a.id);
    await settle();
    const tooLarge = { statusCode: 413, code: 'CONFAB_UPLOAD_TOO_LARGE', error: 'Payload Too Large', message: 'huge.pdf is over 10 MiB' };
    relay.force('POST', /^\/v1\/uploads$/, { status: 413, body: tooLarge }, (url) => url.searchParams.get('name') === 'huge.pdf');
    session.sendReply('Both files', [pngFile(), new File(['x'.repeat(64)], 'huge.pdf')]);
    await settle(10);
    const [failed] = store.state.pending.get(a.id)!;
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'CONFAB_UPLOAD_TOO_LARGE' });
    expect(failed!.files!.map((file) => file.attachment !== undefined)).toEqual([true, false]);
    expect(relay.requestsTo('POST', /\/messages$/)).toHaveLength(0);
    expect(notices.map((n) => [n.action, n.error.code])).toEqual([['send', 'CONFAB_UPLOAD_TOO_LARGE']]);

    session.retryReply(a.id, failed!.id);
    await settle(10);
    // label.png went up once; huge.pdf was refused, then taken on the retry.
    expect(relay.requestsTo('POST', /^\/v1\/uploads$/).map((u) => u.url.searchParams.get('name'))).toEqual(['label.png', 'huge.pdf', 'huge.pdf']);
    expect(relay.uploads.size).toBe(2);
    const posts = relay.requestsTo('POST', /\/messages$/);
    expect(posts.map((post) => post.body)).toEqual([{ id: failed!.id, text: 'Both files', authorName: 'Mei', attachments: [...relay.uploads.keys()] }]);
    expect(store.state.pending.has(a.id)).toBe(false);
  });
});
