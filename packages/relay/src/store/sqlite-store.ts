import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database, { type Database as SqliteDatabase, type Statement, type Transaction } from 'better-sqlite3';
import { ConfabError, type AuthorRole, type ChatMessage, type ConversationStatus, type QuickReply, type VisitorContext } from '@confab/protocol';
import { migrate, type MigrationReport } from './migrations.js';
import {
  countByState,
  insertDeliveries,
  recordOutcome,
  reviveDelivery,
  selectDeliveries,
  selectDueDeliveries,
  selectNextDeliveryAt,
  type StatementSource,
} from './sqlite-outbox.js';
import type {
  AppendResult,
  Delivery,
  DeliveryOutcome,
  DeliveryState,
  ConversationPage,
  ConversationQuery,
  ConversationRecord,
  ConversationUpdate,
  Identity,
  MessagePage,
  MessageQuery,
  NewDelivery,
  NewMessage,
  OutboxEvent,
  Profile,
  QuickReplyInput,
  Rating,
  Reader,
  ResponderChange,
  ResponderChangeResult,
  Store,
  WhenClosed,
  Audience,
} from './store.js';
import { recipientsOf, responderOf } from './store.js';

/** Options for {@link SqliteStore.open}. */
export interface SqliteStoreOptions {
  /** Folder of the database; created (with parents) if missing. */
  dataDir: string;
  /** @default 'confab.sqlite' */
  fileName?: string;
  /** How long a write waits for another process's lock before failing. @default 5000 */
  busyTimeoutMs?: number;
  /** Most writes committed in one transaction; more wait for the next one. @default 1000 */
  maxBatchWrites?: number;
}

/** What the write queue has done since the store opened (diagnostics, benchmarks, tests). */
export interface WriteStats {
  /** Transactions committed by the write queue. */
  commits: number;
  /** Writes committed in them; `writes / commits` is the average batch. */
  writes: number;
  /** Batches that failed as a whole (every caller got `CONFAB_STORE_FAILED`). */
  failedBatches: number;
}

interface PendingWrite {
  operation: string;
  work(): unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** How one write of a committed batch ended. */
type WriteOutcome = { isOk: true; value: unknown } | { isOk: false; error: ConfabError };

const DEFAULT_MAX_BATCH_WRITES = 1000;

interface ConversationRow {
  id: string;
  status: ConversationStatus;
  context: string;
  last_seq: number;
  visitor_last_read_seq: number;
  agent_last_read_seq: number;
  created_at: number;
  updated_at: number;
  unread_count: number;
  responder: string | null;
  email: string | null;
  rating_score: number | null;
  rating_comment: string | null;
  identity: string | null;
  profile: string | null;
}

/** A conversation row joined with its last message (CONVERSATION_COLUMNS). */
interface ConversationJoinRow extends ConversationRow {
  m_id: string | null;
  m_seq: number | null;
  m_role: AuthorRole | null;
  m_name: string | null;
  m_text: string | null;
  m_created_at: number | null;
  m_quick_replies: string | null;
  m_attachments: string | null;
  m_products: string | null;
  m_buttons: string | null;
}

interface MessageRow {
  client_id: string;
  seq: number;
  author_role: AuthorRole;
  author_name: string | null;
  text: string;
  created_at: number;
  quick_replies: string | null;
  attachments: string | null;
  products: string | null;
  buttons: string | null;
}

interface QuickReplyRow {
  id: string;
  shortcut: string;
  text: string;
  updated_at: number;
}

/** The conversation's own columns, for reads that do not need its last message. */
const CONVERSATION_ROW_COLUMNS =
  'id, status, context, last_seq, visitor_last_read_seq, agent_last_read_seq, created_at, updated_at, unread_count, responder, email, rating_score, rating_comment, identity, profile';

const CONVERSATION_COLUMNS = `
  c.id, c.status, c.context, c.last_seq, c.visitor_last_read_seq, c.agent_last_read_seq, c.created_at, c.updated_at, c.unread_count,
  c.responder, c.email, c.rating_score, c.rating_comment, c.identity, c.profile,
  m.client_id AS m_id, m.seq AS m_seq, m.author_role AS m_role, m.author_name AS m_name, m.text AS m_text,
  m.created_at AS m_created_at, m.quick_replies AS m_quick_replies, m.attachments AS m_attachments, m.products AS m_products,
  m.buttons AS m_buttons
  FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq`;

const MESSAGE_COLUMNS = 'client_id, seq, author_role, author_name, text, created_at, quick_replies, attachments, products, buttons';

/** A list column: JSON text, or NULL for none (an empty list is stored as NULL). */
function listColumn(list: readonly unknown[] | undefined): string | null {
  return list && list.length > 0 ? JSON.stringify(list) : null;
}

function toMessage(row: MessageRow): ChatMessage {
  const message: ChatMessage = {
    id: row.client_id,
    seq: row.seq,
    author: row.author_name === null ? { role: row.author_role } : { role: row.author_role, name: row.author_name },
    text: row.text,
    createdAt: row.created_at,
  };
  if (row.quick_replies !== null) message.quickReplies = JSON.parse(row.quick_replies) as string[];
  if (row.attachments !== null) message.attachments = JSON.parse(row.attachments) as NonNullable<ChatMessage['attachments']>;
  if (row.products !== null) message.products = JSON.parse(row.products) as NonNullable<ChatMessage['products']>;
  if (row.buttons !== null) message.buttons = JSON.parse(row.buttons) as NonNullable<ChatMessage['buttons']>;
  return message;
}

function parseContext(json: string): VisitorContext {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as VisitorContext) : {};
  } catch {
    return {};
  }
}

function toConversation(row: ConversationRow, lastMessage?: ChatMessage): ConversationRecord {
  const record: ConversationRecord = {
    id: row.id,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSeq: row.last_seq,
    visitorLastReadSeq: row.visitor_last_read_seq,
    agentLastReadSeq: row.agent_last_read_seq,
    unreadCount: row.unread_count,
    context: parseContext(row.context),
  };
  if (lastMessage) record.lastMessage = lastMessage;
  if (row.responder !== null) record.responder = row.responder;
  if (row.email !== null) record.email = row.email;
  if (row.rating_score !== null) record.rating = row.rating_comment === null ? { score: row.rating_score } : { score: row.rating_score, comment: row.rating_comment };
  if (row.identity !== null) record.identity = JSON.parse(row.identity) as Identity;
  if (row.profile !== null) record.profile = JSON.parse(row.profile) as Profile;
  return record;
}

function fromJoinRow(row: ConversationJoinRow): ConversationRecord {
  const lastMessage =
    row.m_id === null
      ? undefined
      : toMessage({
          client_id: row.m_id,
          seq: row.m_seq!,
          author_role: row.m_role!,
          author_name: row.m_name,
          text: row.m_text!,
          created_at: row.m_created_at!,
          quick_replies: row.m_quick_replies,
          attachments: row.m_attachments,
          products: row.m_products,
          buttons: row.m_buttons,
        });
  return toConversation(row, lastMessage);
}

function toQuickReply(row: QuickReplyRow): QuickReply {
  return { id: row.id, shortcut: row.shortcut, text: row.text, updatedAt: row.updated_at };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function shortcutTaken(shortcut: string): ConfabError {
  return new ConfabError('CONFAB_REQUEST_INVALID', `shortcut ${JSON.stringify(shortcut)} is already used by another quick reply; choose another`);
}

/**
 * The embedded {@link Store}: one SQLite database file in the data directory, through
 * better-sqlite3, in WAL mode with `synchronous=FULL`.
 *
 * Reads run at once. Writes go through a queue and are committed in groups (group commit): every
 * write that arrives in the same turn of the event loop (the frames and requests of one I/O
 * poll, which includes everything that arrived while the previous commit was syncing) runs in
 * ONE transaction, so a burst costs one fsync instead of one per message. Each caller's promise
 * settles only after that transaction committed, so an acknowledgement still means "on disk".
 * Inside the batch the writes run one after another in arrival order: sequence numbers stay
 * gap-free and a client id sent twice is stored once. A write refused for a reason of its own (a
 * quick-reply shortcut taken) changes nothing and the batch goes on; a storage failure fails every
 * write of the batch with `CONFAB_STORE_FAILED` and stores none of them.
 * @example
 * const store = SqliteStore.open({ dataDir: './.confab-data' });
 */
export class SqliteStore implements Store {
  /** Absolute path of the database file. */
  readonly path: string;
  /** What opening did to the schema. */
  readonly migrations: MigrationReport;
  readonly #db: SqliteDatabase;
  readonly #statements = new Map<string, Statement>();
  readonly #statementSource: StatementSource = (sql) => this.#statement(sql);
  readonly #maxBatchWrites: number;
  /** Runs one batch in a BEGIN IMMEDIATE transaction; commits when it returns, rolls back when it throws. */
  readonly #commitBatch: Transaction<(batch: readonly PendingWrite[]) => WriteOutcome[]>;
  #queue: PendingWrite[] = [];
  #isFlushScheduled = false;
  readonly #stats: WriteStats = { commits: 0, writes: 0, failedBatches: 0 };

  private constructor(db: SqliteDatabase, path: string, migrations: MigrationReport, maxBatchWrites: number) {
    this.#db = db;
    this.path = path;
    this.migrations = migrations;
    this.#maxBatchWrites = maxBatchWrites;
    this.#commitBatch = db.transaction((batch: readonly PendingWrite[]) => batch.map((write) => this.#runWrite(write)));
  }

  /**
   * Opens (creating if needed) the database in `dataDir` and migrates its schema. Throws
   * `CONFAB_STORE_FAILED` naming the directory when it cannot be created or opened.
   */
  static open(options: SqliteStoreOptions): SqliteStore {
    const path = join(options.dataDir, options.fileName ?? 'confab.sqlite');
    const maxBatchWrites = options.maxBatchWrites ?? DEFAULT_MAX_BATCH_WRITES;
    if (!Number.isSafeInteger(maxBatchWrites) || maxBatchWrites < 1) {
      throw new ConfabError('CONFAB_CONFIG_INVALID', `maxBatchWrites=${String(maxBatchWrites)} is not a batch size; use a positive integer`);
    }
    let db: SqliteDatabase | undefined;
    try {
      mkdirSync(options.dataDir, { recursive: true });
      db = new Database(path);
      // WAL lets readers go on while a message is written, and appends cost one sequential write.
      db.pragma('journal_mode = WAL');
      // An `ack` promises the message is durable. With WAL, NORMAL survives a crash of the relay
      // but may lose the last commits on power loss or an OS crash; FULL syncs the WAL on every
      // commit, so an acknowledged message survives those too. Group commit keeps this affordable.
      db.pragma('synchronous = FULL');
      db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
      db.pragma('foreign_keys = ON');
      const report = migrate(db);
      return new SqliteStore(db, path, report, maxBatchWrites);
    } catch (error) {
      db?.close();
      if (error instanceof ConfabError) throw error;
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ConfabError(
        'CONFAB_STORE_FAILED',
        `Cannot open the database ${path} in dataDir ${options.dataDir} (${reason}); choose a writable directory with --data-dir or CONFAB_DATA_DIR`,
        { cause: error },
      );
    }
  }

  /** The durability settings in force on the store's connection (diagnostics; `{ journalMode: 'wal', synchronous: 'full' }`). */
  durability(): { journalMode: string; synchronous: string } {
    const journalMode = String(this.#db.pragma('journal_mode', { simple: true }));
    const level = Number(this.#db.pragma('synchronous', { simple: true }));
    const synchronous = ['off', 'normal', 'full', 'extra'][level] ?? String(level);
    return { journalMode, synchronous };
  }

  /** The schema version of the open database. */
  schemaVersion(): number {
    const row = this.#db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
    return row.version ?? 0;
  }

  /** Counts of the write queue's commits since opening (a copy). */
  writeStats(): WriteStats {
    return { ...this.#stats };
  }

  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs a synchronous read as a promise, turning storage errors into `CONFAB_STORE_FAILED`. */
  #run<T>(operation: string, work: () => T): Promise<T> {
    try {
      if (!this.#db.open) throw new ConfabError('CONFAB_STORE_FAILED', `The store is closed; cannot ${operation}`);
      return Promise.resolve(work());
    } catch (error) {
      if (error instanceof ConfabError) return Promise.reject(error);
      const reason = (error as { code?: string }).code ?? (error as Error).message;
      return Promise.reject(new ConfabError('CONFAB_STORE_FAILED', `The store could not ${operation} (${reason})`, { cause: error }));
    }
  }

  /**
   * Queues a write for the next group commit; the promise settles once that transaction has
   * committed (or failed). `work` runs inside the transaction and must not start one itself. A
   * refusal (a ConfabError) must come before `work` has changed anything, or from a single failed
   * statement, which SQLite undoes by itself: writes have no savepoint of their own, which would
   * cost two more statements per message (about an eighth of an append, measured).
   */
  #write<T>(operation: string, work: () => T): Promise<T> {
    if (!this.#db.open) return Promise.reject(new ConfabError('CONFAB_STORE_FAILED', `The store is closed; cannot ${operation}`));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ operation, work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#isFlushScheduled) {
        this.#isFlushScheduled = true;
        // setImmediate runs after the current I/O poll: every frame and request read in this turn
        // of the event loop (and so everything that arrived during the previous commit's fsync)
        // joins this batch. A microtask would commit after the first frame alone.
        setImmediate(() => this.#flushScheduled());
      }
    });
  }

  #flushScheduled(): void {
    this.#isFlushScheduled = false;
    this.#commitNext();
    if (this.#queue.length > 0 && !this.#isFlushScheduled) {
      // More than one batch waited: let I/O run between the commits so no turn holds the loop long.
      this.#isFlushScheduled = true;
      setImmediate(() => this.#flushScheduled());
    }
  }

  /** Commits the oldest batch of queued writes and settles its callers, in arrival order. */
  #commitNext(): void {
    const batch = this.#queue.splice(0, this.#maxBatchWrites);
    if (batch.length === 0) return;
    let outcomes: WriteOutcome[];
    try {
      if (!this.#db.open) throw new ConfabError('CONFAB_STORE_FAILED', 'The store is closed');
      outcomes = this.#commitBatch.immediate(batch);
    } catch (error) {
      this.#stats.failedBatches++;
      const code = error instanceof ConfabError ? undefined : (error as { code?: string }).code;
      const reason = code === undefined ? (error as Error).message : `${code}: ${(error as Error).message}`;
      for (const write of batch) {
        write.reject(
          new ConfabError(
            'CONFAB_STORE_FAILED',
            `The store could not ${write.operation} (${reason}); none of the ${batch.length} write(s) in its batch was stored; retry`,
            { cause: error },
          ),
        );
      }
      return;
    }
    this.#stats.commits++;
    this.#stats.writes += batch.length;
    batch.forEach((write, index) => {
      const outcome = outcomes[index]!;
      if (outcome.isOk) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
  }

  /**
   * One write of a batch. A ConfabError is the write's own refusal and the batch goes on. Anything
   * else is a storage failure and rolls back the whole batch.
   */
  #runWrite(write: PendingWrite): WriteOutcome {
    try {
      return { isOk: true, value: write.work() };
    } catch (error) {
      if (error instanceof ConfabError) return { isOk: false, error };
      throw error;
    }
  }

  #conversation(id: string): ConversationRecord | undefined {
    const row = this.#statement(`SELECT ${CONVERSATION_COLUMNS} WHERE c.id = ?`).get(id) as ConversationJoinRow | undefined;
    return row && fromJoinRow(row);
  }

  #message(conversationId: string, clientId: string): ChatMessage | undefined {
    const row = this.#statement(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND client_id = ?`).get(
      conversationId,
      clientId,
    ) as MessageRow | undefined;
    return row && toMessage(row);
  }

  createConversation(input: { conversationId: string; tokenHash: string; context: VisitorContext; now: number }): Promise<ConversationRecord> {
    return this.#write('create a conversation', () => {
      this.#statement(`INSERT INTO conversations (id, status, context, created_at, updated_at) VALUES (?, 'open', ?, ?, ?)`).run(
        input.conversationId,
        JSON.stringify(input.context),
        input.now,
        input.now,
      );
      this.#statement('INSERT INTO sessions (token_hash, conversation_id, created_at) VALUES (?, ?, ?)').run(
        input.tokenHash,
        input.conversationId,
        input.now,
      );
      return this.#conversation(input.conversationId)!;
    });
  }

  findConversationBySession(tokenHash: string): Promise<ConversationRecord | undefined> {
    return this.#run('look up a session', () => {
      const row = this.#statement('SELECT conversation_id FROM sessions WHERE token_hash = ?').get(tokenHash) as
        | { conversation_id: string }
        | undefined;
      return row && this.#conversation(row.conversation_id);
    });
  }

  getConversation(id: string): Promise<ConversationRecord | undefined> {
    return this.#run('read a conversation', () => this.#conversation(id));
  }

  listConversations(query: ConversationQuery): Promise<ConversationPage> {
    return this.#run('list conversations', () => {
      const filters = ['c.last_seq > 0'];
      const params: (string | number)[] = [];
      if (query.status !== 'all') {
        filters.push('c.status = ?');
        params.push(query.status);
      }
      const base = filters.join(' AND ');
      const before = query.before === undefined ? '' : ' AND c.updated_at < ?';
      const rows = this.#statement(
        `SELECT ${CONVERSATION_COLUMNS} WHERE ${base}${before} ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`,
      ).all(...params, ...(query.before === undefined ? [] : [query.before]), query.limit + 1) as ConversationJoinRow[];
      let hasMore = rows.length > query.limit;
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      if (hasMore && last) {
        // The next page asks for `updatedAt < last.updatedAt`; take the rest of a tie now so none is skipped.
        const ties = this.#statement(
          `SELECT ${CONVERSATION_COLUMNS} WHERE ${base} AND c.updated_at = ? AND c.id < ? ORDER BY c.id DESC`,
        ).all(...params, last.updated_at, last.id) as ConversationJoinRow[];
        page.push(...ties);
        hasMore =
          this.#statement(`SELECT 1 FROM conversations c WHERE ${base} AND c.updated_at < ? LIMIT 1`).get(...params, last.updated_at) !==
          undefined;
      }
      return { conversations: page.map(fromJoinRow), hasMore };
    });
  }

  findMessage(conversationId: string, clientId: string): Promise<ChatMessage | undefined> {
    return this.#run('read a message', () => this.#message(conversationId, clientId));
  }

  appendMessage(message: NewMessage, whenClosed: WhenClosed): Promise<AppendResult> {
    // The hot path of the relay: one indexed read of the conversation row (no join), one insert
    // that doubles as the duplicate check, one update. The record returned is built from what was
    // just written rather than read back.
    return this.#write('store a message', (): AppendResult => {
      const row = this.#statement(`SELECT ${CONVERSATION_ROW_COLUMNS} FROM conversations WHERE id = ?`).get(message.conversationId) as
        | ConversationRow
        | undefined;
      if (!row) return { kind: 'missing' };
      const isClosed = row.status === 'closed';
      if (isClosed && whenClosed === 'reject') {
        const existing = this.#message(message.conversationId, message.clientId);
        const conversation = this.#conversation(message.conversationId)!;
        return existing ? { kind: 'duplicate', message: existing, conversation } : { kind: 'closed', conversation };
      }
      const seq = row.last_seq + 1;
      const quickReplies = message.quickReplies && message.quickReplies.length > 0 ? [...message.quickReplies] : undefined;
      const inserted = this.#statement(
        `INSERT INTO messages (conversation_id, seq, client_id, author_role, author_name, text, created_at, quick_replies, attachments, products, buttons)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (conversation_id, client_id) DO NOTHING`,
      ).run(
        message.conversationId,
        seq,
        message.clientId,
        message.author.role,
        message.author.name ?? null,
        message.text,
        message.createdAt,
        listColumn(quickReplies),
        listColumn(message.attachments),
        listColumn(message.products),
        listColumn(message.buttons),
      );
      if (inserted.changes === 0) {
        return {
          kind: 'duplicate',
          message: this.#message(message.conversationId, message.clientId)!,
          conversation: this.#conversation(message.conversationId)!,
        };
      }
      for (const attachment of message.attachments ?? []) {
        this.#statement('INSERT OR IGNORE INTO message_uploads (upload_id, conversation_id) VALUES (?, ?)').run(attachment.id, message.conversationId);
      }
      const unreadIncrement = message.author.role === 'visitor' ? 1 : 0;
      this.#statement(
        `UPDATE conversations SET last_seq = ?, updated_at = ?, status = 'open', unread_count = unread_count + ? WHERE id = ?`,
      ).run(seq, message.createdAt, unreadIncrement, message.conversationId);
      const stored: ChatMessage = { id: message.clientId, seq, author: message.author, text: message.text, createdAt: message.createdAt };
      if (quickReplies) stored.quickReplies = quickReplies;
      // Copies, so the returned message (sent to sockets, put in the outbox) is what was stored.
      if (message.attachments && message.attachments.length > 0) stored.attachments = message.attachments.map((attachment) => ({ ...attachment }));
      if (message.products && message.products.length > 0) stored.products = message.products.map((product) => ({ ...product }));
      if (message.buttons && message.buttons.length > 0) stored.buttons = message.buttons.map((button) => ({ ...button }));
      let responder = row.responder;
      if (message.claimResponder !== undefined && message.claimResponder !== responder) {
        responder = message.claimResponder;
        this.#statement('UPDATE conversations SET responder = ? WHERE id = ?').run(responder, message.conversationId);
      }
      const conversation = toConversation(
        { ...row, status: 'open', last_seq: seq, updated_at: message.createdAt, unread_count: row.unread_count + unreadIncrement, responder },
        stored,
      );
      const recipients = recipientsOf(message.audience, responder ?? undefined, message.origin);
      if (recipients.length > 0) {
        const { conversationId } = message;
        // The shopper's context (page, product, locale) as it is now: what the agent needs beside the text.
        const context = conversation.context;
        const started = { type: 'conversation-started', conversationId, context };
        const event = { type: 'message', conversationId, message: stored, context };
        const reopened = { type: 'status', conversationId, status: 'open' };
        const deliveries = recipients.flatMap((adapter) => [
          ...(seq === 1 ? [{ adapter, conversationId, event: started }] : []),
          ...(isClosed ? [{ adapter, conversationId, event: reopened }] : []),
          { adapter, conversationId, event },
        ]);
        insertDeliveries(this.#statementSource, deliveries, message.createdAt);
      }
      return { kind: 'stored', message: stored, conversation, reopened: isClosed };
    });
  }

  listMessages(conversationId: string, query: MessageQuery): Promise<MessagePage> {
    return this.#run('read messages', () => {
      const limit = query.limit;
      let rows: MessageRow[];
      if (query.after !== undefined) {
        rows = this.#statement(
          `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq ASC LIMIT ?`,
        ).all(conversationId, query.after, query.before ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRow[];
        return { messages: rows.slice(0, limit).map(toMessage), hasMore: rows.length > limit };
      }
      rows = this.#statement(
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
      ).all(conversationId, query.before ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRow[];
      return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore: rows.length > limit };
    });
  }

  findSentUploads(uploadIds: readonly string[]): Promise<Set<string>> {
    // Queued like a write, so it runs after every message append already called for: a file sent
    // in a message that is being stored right now counts as sent, and the sweep keeps it.
    return this.#write('look up sent uploads', () => {
      const rows = this.#statement('SELECT upload_id FROM message_uploads WHERE upload_id IN (SELECT value FROM json_each(?))').all(
        JSON.stringify(uploadIds),
      ) as { upload_id: string }[];
      return new Set(rows.map((row) => row.upload_id));
    });
  }

  markRead(conversationId: string, reader: Reader, seq: number): Promise<ConversationUpdate | undefined> {
    const column = reader === 'visitor' ? 'visitor_last_read_seq' : 'agent_last_read_seq';
    return this.#write('store a read position', (): ConversationUpdate | undefined => {
      const before = this.#conversation(conversationId);
      if (!before) return undefined;
      const current = reader === 'visitor' ? before.visitorLastReadSeq : before.agentLastReadSeq;
      const next = Math.max(current, Math.min(seq, before.lastSeq));
      if (next === current) return { conversation: before, changed: false };
      this.#statement(`UPDATE conversations SET ${column} = ? WHERE id = ?`).run(next, conversationId);
      if (reader === 'agent') {
        // Counts only what is still unread after the new position, so it stays cheap.
        this.#statement(
          `UPDATE conversations SET unread_count =
            (SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND seq > ? AND author_role = 'visitor') WHERE id = ?`,
        ).run(conversationId, next, conversationId);
      }
      return { conversation: this.#conversation(conversationId)!, changed: true };
    });
  }

  setStatus(conversationId: string, status: ConversationStatus, now: number, audience?: Audience, origin?: string): Promise<ConversationUpdate | undefined> {
    return this.#write('change a conversation status', (): ConversationUpdate | undefined => {
      const before = this.#conversation(conversationId);
      if (!before) return undefined;
      if (before.status === status) return { conversation: before, changed: false };
      this.#statement('UPDATE conversations SET status = ?, updated_at = ? WHERE id = ?').run(status, now, conversationId);
      this.#announce(conversationId, { type: 'status', conversationId, status }, recipientsOf(audience, before.responder, origin), now);
      return { conversation: this.#conversation(conversationId)!, changed: true };
    });
  }

  #announce(conversationId: string, event: OutboxEvent, recipients: readonly string[], now: number): void {
    insertDeliveries(this.#statementSource, recipients.map((adapter) => ({ adapter, conversationId, event })), now);
  }

  changeResponder(conversationId: string, change: ResponderChange): Promise<ResponderChangeResult> {
    return this.#write('hand a conversation over', (): ResponderChangeResult => {
      const before = this.#conversation(conversationId);
      if (!before) return { kind: 'missing' };
      if (responderOf(change.audience, before.responder) !== change.from) return { kind: 'not-owner', conversation: before };
      this.#statement('UPDATE conversations SET responder = ? WHERE id = ?').run(change.to, conversationId);
      const event = { type: 'handover', conversationId, ...(change.from === undefined ? {} : { from: change.from }), reason: change.reason, context: before.context };
      this.#announce(conversationId, event, [change.to], change.now);
      return { kind: 'changed', conversation: { ...before, responder: change.to } };
    });
  }

  setEmail(conversationId: string, email: string, now: number, audience?: Audience): Promise<ConversationRecord | undefined> {
    return this.#write('store an email address', () => {
      const before = this.#conversation(conversationId);
      if (!before) return undefined;
      if (before.email === email) return before;
      this.#statement('UPDATE conversations SET email = ? WHERE id = ?').run(email, conversationId);
      this.#announce(conversationId, { type: 'contact', conversationId, email }, recipientsOf(audience, before.responder), now);
      return { ...before, email };
    });
  }

  setIdentity(conversationId: string, identity: Identity, now: number, audience?: Audience): Promise<ConversationRecord | undefined> {
    return this.#write('store an identity', () => {
      const before = this.#conversation(conversationId);
      if (!before) return undefined;
      const json = JSON.stringify(identity);
      if (before.identity !== undefined && JSON.stringify(before.identity) === json) return before;
      this.#statement('UPDATE conversations SET identity = ? WHERE id = ?').run(json, conversationId);
      this.#announce(conversationId, { type: 'identity', conversationId, identity: { ...identity } }, recipientsOf(audience, before.responder), now);
      return { ...before, identity: { ...identity } };
    });
  }

  setProfile(conversationId: string, profile: Profile, email: string | undefined, now: number, audience?: Audience): Promise<ConversationRecord | undefined> {
    return this.#write('store a pre-chat profile', () => {
      const before = this.#conversation(conversationId);
      if (!before) return undefined;
      const recipients = recipientsOf(audience, before.responder);
      this.#statement('UPDATE conversations SET profile = ? WHERE id = ?').run(JSON.stringify(profile), conversationId);
      this.#announce(conversationId, { type: 'profile', conversationId, profile: { ...profile } }, recipients, now);
      const after: ConversationRecord = { ...before, profile: { ...profile } };
      if (email !== undefined && email !== before.email) {
        this.#statement('UPDATE conversations SET email = ? WHERE id = ?').run(email, conversationId);
        this.#announce(conversationId, { type: 'contact', conversationId, email }, recipients, now);
        after.email = email;
      }
      return after;
    });
  }

  setRating(conversationId: string, rating: Rating, now: number, audience?: Audience): Promise<ConversationRecord | undefined> {
    return this.#write('store a rating', () => {
      const before = this.#conversation(conversationId);
      if (!before) return undefined;
      this.#statement('UPDATE conversations SET rating_score = ?, rating_comment = ? WHERE id = ?').run(rating.score, rating.comment ?? null, conversationId);
      const event = { type: 'rating', conversationId, score: rating.score, ...(rating.comment === undefined ? {} : { comment: rating.comment }) };
      this.#announce(conversationId, event, recipientsOf(audience, before.responder), now);
      return { ...before, rating: { ...rating } };
    });
  }

  getAdapterState(adapter: string, key: string): Promise<string | undefined> {
    return this.#run('read adapter state', () => {
      const row = this.#statement('SELECT value FROM adapter_state WHERE adapter = ? AND key = ?').get(adapter, key) as { value: string } | undefined;
      return row?.value;
    });
  }

  setAdapterState(adapter: string, key: string, value: string): Promise<void> {
    return this.#write('store adapter state', () => {
      this.#statement('INSERT INTO adapter_state (adapter, key, value) VALUES (?, ?, ?) ON CONFLICT (adapter, key) DO UPDATE SET value = excluded.value').run(
        adapter,
        key,
        value,
      );
    });
  }

  deleteAdapterState(adapter: string, key: string): Promise<void> {
    return this.#write('delete adapter state', () => {
      this.#statement('DELETE FROM adapter_state WHERE adapter = ? AND key = ?').run(adapter, key);
    });
  }

  setContext(conversationId: string, context: VisitorContext): Promise<ConversationRecord | undefined> {
    return this.#write('store a visitor context', () => {
      const result = this.#statement('UPDATE conversations SET context = ? WHERE id = ?').run(JSON.stringify(context), conversationId);
      return result.changes === 0 ? undefined : this.#conversation(conversationId);
    });
  }

  listQuickReplies(): Promise<QuickReply[]> {
    return this.#run('list quick replies', () =>
      (this.#statement('SELECT id, shortcut, text, updated_at FROM quick_replies ORDER BY shortcut COLLATE NOCASE, id').all() as QuickReplyRow[]).map(
        toQuickReply,
      ),
    );
  }

  createQuickReply(input: QuickReplyInput & { id: string; now: number }): Promise<QuickReply> {
    return this.#write('store a quick reply', () => {
      try {
        this.#statement('INSERT INTO quick_replies (id, shortcut, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(
          input.id,
          input.shortcut,
          input.text,
          input.now,
          input.now,
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw shortcutTaken(input.shortcut);
        throw error;
      }
      return { id: input.id, shortcut: input.shortcut, text: input.text, updatedAt: input.now };
    });
  }

  updateQuickReply(id: string, input: QuickReplyInput & { now: number }): Promise<QuickReply | undefined> {
    return this.#write('store a quick reply', () => {
      let changes: number;
      try {
        changes = this.#statement('UPDATE quick_replies SET shortcut = ?, text = ?, updated_at = ? WHERE id = ?').run(
          input.shortcut,
          input.text,
          input.now,
          id,
        ).changes;
      } catch (error) {
        if (isUniqueViolation(error)) throw shortcutTaken(input.shortcut);
        throw error;
      }
      return changes === 0 ? undefined : { id, shortcut: input.shortcut, text: input.text, updatedAt: input.now };
    });
  }

  deleteQuickReply(id: string): Promise<boolean> {
    return this.#write('delete a quick reply', () => this.#statement('DELETE FROM quick_replies WHERE id = ?').run(id).changes > 0);
  }

  enqueueDeliveries(deliveries: readonly NewDelivery[], now: number): Promise<void> {
    return this.#write('queue deliveries', () => insertDeliveries(this.#statementSource, deliveries, now));
  }

  dueDeliveries(adapter: string, now: number, limit: number): Promise<Delivery[]> {
    return this.#run('read due deliveries', () => selectDueDeliveries(this.#statementSource, adapter, now, limit));
  }

  nextDeliveryAt(adapter: string): Promise<number | undefined> {
    return this.#run('read the outbox', () => selectNextDeliveryAt(this.#statementSource, adapter));
  }

  settleDelivery(deliveryId: string, outcome: DeliveryOutcome): Promise<boolean> {
    return this.#write('record a delivery attempt', () => recordOutcome(this.#statementSource, deliveryId, outcome));
  }

  listDeliveries(query: { state: DeliveryState; adapter?: string; limit: number }): Promise<Delivery[]> {
    return this.#run('list deliveries', () => selectDeliveries(this.#statementSource, query));
  }

  countDeliveries(): Promise<{ pending: number; dead: number }> {
    return this.#run('count deliveries', () => countByState(this.#statementSource));
  }

  replayDelivery(deliveryId: string, now: number): Promise<Delivery | undefined> {
    return this.#write('replay a delivery', () => reviveDelivery(this.#statementSource, deliveryId, now));
  }

  /**
   * Commits every queued write (their callers settle as usual), then closes. Later calls reject
   * with `CONFAB_STORE_FAILED`.
   */
  close(): Promise<void> {
    if (!this.#db.open) return Promise.resolve();
    // Shutdown must not drop writes that were accepted but not yet committed: their callers are
    // waiting to acknowledge them.
    while (this.#queue.length > 0) this.#commitNext();
    try {
      // Lets SQLite refresh its query-planner statistics, as its docs advise before closing.
      this.#db.pragma('optimize');
    } catch {
      // Only an optimisation; closing matters more.
    }
    try {
      // Closing the last connection checkpoints the WAL into the database file.
      this.#db.close();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(new ConfabError('CONFAB_STORE_FAILED', `The store could not close ${this.path}`, { cause: error }));
    }
  }
}
