import type { Database } from 'better-sqlite3';
import { ConfabError } from '@confab/protocol';

/** One schema change. Once shipped a migration is never edited: add a new one instead. */
export interface Migration {
  /** 1, 2, 3 …: applied in order, each exactly once. */
  readonly version: number;
  /** Short kebab-case description, stored alongside the version. */
  readonly name: string;
  readonly sql: string;
}

/** Every migration of the SQLite store, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial-schema',
    sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        context TEXT NOT NULL DEFAULT '{}',
        last_seq INTEGER NOT NULL DEFAULT 0,
        visitor_last_read_seq INTEGER NOT NULL DEFAULT 0,
        agent_last_read_seq INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX conversations_by_activity ON conversations (updated_at DESC, id DESC);
      CREATE INDEX conversations_by_status_activity ON conversations (status, updated_at DESC, id DESC);

      -- Only a SHA-256 hash of each session token is kept: a copy of the database opens nothing.
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sessions_by_conversation ON sessions (conversation_id);

      CREATE TABLE messages (
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        client_id TEXT NOT NULL,
        author_role TEXT NOT NULL CHECK (author_role IN ('visitor', 'agent', 'bot', 'system')),
        author_name TEXT,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (conversation_id, seq),
        UNIQUE (conversation_id, client_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE quick_replies (
        id TEXT PRIMARY KEY,
        shortcut TEXT NOT NULL COLLATE NOCASE UNIQUE,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'stored-unread-count',
    // Counting a conversation's unread messages on every read made each append cost O(unread):
    // a conversation the agents never read slowed down with every message. The count is now kept
    // up to date by the writes that change it.
    sql: `
      ALTER TABLE conversations ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;
      UPDATE conversations SET unread_count = (
        SELECT COUNT(*) FROM messages m
        WHERE m.conversation_id = conversations.id AND m.seq > conversations.agent_last_read_seq AND m.author_role = 'visitor'
      );
    `,
  },
  {
    version: 3,
    name: 'outbox',
    // What goes to a backend waits here until it is delivered: written in the same transaction as
    // the change it announces, so a helpdesk that is down loses nothing. Delivered rows are deleted.
    sql: `
      CREATE TABLE outbox (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        delivery_id TEXT NOT NULL UNIQUE,
        adapter TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        event TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (adapter, state, next_attempt_at);
      CREATE INDEX outbox_by_conversation ON outbox (adapter, conversation_id, state, position);
    `,
  },
  {
    version: 4,
    name: 'routing-contact-rating-adapter-state',
    // Who answers a conversation now (routing), what the shopper left (email, rating), buttons on
    // messages, and each adapter's own small durable state (a helpdesk's ids for our conversations).
    sql: `
      ALTER TABLE conversations ADD COLUMN responder TEXT;
      ALTER TABLE conversations ADD COLUMN email TEXT;
      ALTER TABLE conversations ADD COLUMN rating_score INTEGER;
      ALTER TABLE conversations ADD COLUMN rating_comment TEXT;
      ALTER TABLE messages ADD COLUMN quick_replies TEXT;
      CREATE TABLE adapter_state (
        adapter TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (adapter, key)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'rich-messages-identity-profile',
    // Files, product cards and link buttons on messages, each a JSON list; who the shopper is (from
    // the shop's login) and their pre-chat answers, each a JSON object on the conversation.
    sql: `
      ALTER TABLE messages ADD COLUMN attachments TEXT;
      ALTER TABLE messages ADD COLUMN products TEXT;
      ALTER TABLE messages ADD COLUMN buttons TEXT;
      ALTER TABLE conversations ADD COLUMN identity TEXT;
      ALTER TABLE conversations ADD COLUMN profile TEXT;
    `,
  },
  {
    version: 6,
    name: 'message-uploads',
    // Which upload ids stored messages carry, so the sweep of unsent uploads asks one indexed
    // question per id instead of reading every message's attachments. Filled from the messages
    // already stored; messages are never edited or deleted, so a row never goes stale.
    sql: `
      CREATE TABLE message_uploads (
        upload_id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      INSERT OR IGNORE INTO message_uploads (upload_id, conversation_id)
        SELECT json_extract(attachment.value, '$.id'), m.conversation_id
        FROM messages m, json_each(m.attachments) attachment
        WHERE m.attachments IS NOT NULL AND json_type(attachment.value, '$.id') = 'text';
    `,
  },
];

/** What {@link migrate} did. */
export interface MigrationReport {
  /** Versions applied by this call, in order (empty when the schema was current). */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/**
 * Brings a database's schema up to date. Each migration runs in its own transaction together with
 * its row in `schema_migrations`, so a crash leaves the schema at a whole version. Running it again
 * applies nothing. A database written by a newer relay is refused rather than misread.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): MigrationReport {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  let current = row.version ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new ConfabError(
      'CONFAB_STORE_FAILED',
      `The database has schema version ${current}, newer than this relay knows (${newest}); run a newer relay on this data directory`,
    );
  }
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    }).immediate();
    current = migration.version;
    applied.push(migration.version);
  }
  return { applied, version: current };
}
