import type { Statement } from 'better-sqlite3';
import { createId } from '@confab/protocol';
import type { Delivery, DeliveryOutcome, DeliveryState, NewDelivery, OutboxEvent } from './store.js';

// The outbox's SQL, run by SqliteStore inside its reads and group-committed writes.

/** Prepares (once) and returns a statement; SqliteStore's statement cache. */
export type StatementSource = (sql: string) => Statement;

interface DeliveryRow {
  delivery_id: string;
  adapter: string;
  conversation_id: string;
  event: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
}

const DELIVERY_COLUMNS = 'delivery_id, adapter, conversation_id, event, state, attempts, next_attempt_at, last_error, created_at';

function toDelivery(row: DeliveryRow): Delivery {
  return {
    deliveryId: row.delivery_id,
    adapter: row.adapter,
    conversationId: row.conversation_id,
    event: JSON.parse(row.event) as OutboxEvent,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error ?? undefined,
    createdAt: row.created_at,
  };
}

/** Inserts deliveries, due at `now`; run inside a write. */
export function insertDeliveries(statement: StatementSource, deliveries: readonly NewDelivery[], now: number): void {
  const insert = statement(
    `INSERT INTO outbox (delivery_id, adapter, conversation_id, event, state, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
  );
  // One event usually goes to every adapter: serialise each distinct event once.
  const serialized = new Map<OutboxEvent, string>();
  for (const delivery of deliveries) {
    let json = serialized.get(delivery.event);
    if (json === undefined) {
      json = JSON.stringify(delivery.event);
      serialized.set(delivery.event, json);
    }
    insert.run(createId(), delivery.adapter, delivery.conversationId, json, now, now);
  }
}

/** Due deliveries that are first in line in their conversation, oldest first. */
export function selectDueDeliveries(statement: StatementSource, adapter: string, now: number, limit: number): Delivery[] {
  const rows = statement(
    `SELECT ${DELIVERY_COLUMNS} FROM outbox o
      WHERE o.adapter = ? AND o.state = 'pending' AND o.next_attempt_at <= ?
        AND NOT EXISTS (
          SELECT 1 FROM outbox earlier
          WHERE earlier.adapter = o.adapter AND earlier.conversation_id = o.conversation_id
            AND earlier.state = 'pending' AND earlier.position < o.position)
      ORDER BY o.position LIMIT ?`,
  ).all(adapter, now, limit) as DeliveryRow[];
  return rows.map(toDelivery);
}

/** When the earliest pending delivery of `adapter` is due. */
export function selectNextDeliveryAt(statement: StatementSource, adapter: string): number | undefined {
  const row = statement(`SELECT MIN(next_attempt_at) AS due FROM outbox WHERE adapter = ? AND state = 'pending'`).get(adapter) as {
    due: number | null;
  };
  return row.due ?? undefined;
}

/** Records one attempt's outcome; run inside a write. False when no such delivery is pending. */
export function recordOutcome(statement: StatementSource, deliveryId: string, outcome: DeliveryOutcome): boolean {
  switch (outcome.kind) {
    case 'delivered':
      return statement(`DELETE FROM outbox WHERE delivery_id = ? AND state = 'pending'`).run(deliveryId).changes > 0;
    case 'retry':
      return (
        statement(`UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE delivery_id = ? AND state = 'pending'`).run(
          outcome.nextAttemptAt,
          outcome.error,
          deliveryId,
        ).changes > 0
      );
    case 'dead':
      return (
        statement(`UPDATE outbox SET attempts = attempts + 1, state = 'dead', last_error = ? WHERE delivery_id = ? AND state = 'pending'`).run(
          outcome.error,
          deliveryId,
        ).changes > 0
      );
  }
}

/** Deliveries in a state, oldest first. */
export function selectDeliveries(statement: StatementSource, query: { state: DeliveryState; adapter?: string; limit: number }): Delivery[] {
  const rows =
    query.adapter === undefined
      ? statement(`SELECT ${DELIVERY_COLUMNS} FROM outbox WHERE state = ? ORDER BY position LIMIT ?`).all(query.state, query.limit)
      : statement(`SELECT ${DELIVERY_COLUMNS} FROM outbox WHERE state = ? AND adapter = ? ORDER BY position LIMIT ?`).all(
          query.state,
          query.adapter,
          query.limit,
        );
  return (rows as DeliveryRow[]).map(toDelivery);
}

/** How many deliveries are in each state. */
export function countByState(statement: StatementSource): { pending: number; dead: number } {
  const rows = statement('SELECT state, COUNT(*) AS count FROM outbox GROUP BY state').all() as { state: DeliveryState; count: number }[];
  const counts = { pending: 0, dead: 0 };
  for (const row of rows) counts[row.state] = row.count;
  return counts;
}

/** Turns a dead delivery back into a pending one, due at `now`; run inside a write. */
export function reviveDelivery(statement: StatementSource, deliveryId: string, now: number): Delivery | undefined {
  const changed = statement(`UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE delivery_id = ? AND state = 'dead'`).run(
    now,
    deliveryId,
  ).changes;
  if (changed === 0) return undefined;
  const row = statement(`SELECT ${DELIVERY_COLUMNS} FROM outbox WHERE delivery_id = ?`).get(deliveryId) as DeliveryRow;
  return toDelivery(row);
}
