import { deadline } from '../../deadline.js';
import type { Clock } from '../../rate-limit.js';
import { fetchFailureReason, outcomeOfHttpStatus, type AttemptOutcome } from '../../outbox/retry-policy.js';
import { signWebhook } from '../standard-webhooks.js';

/** Options of {@link webhookDelivery}. */
export interface WebhookDeliveryOptions {
  /** The adapter's name in the outbox. */
  name: string;
  /** Where each event is POSTed. */
  url: string;
  /** Signing secrets (`whsec_…`); every one signs, so the receiver can rotate without downtime. */
  secrets: readonly string[];
  /** An attempt slower than this is abandoned and retried. */
  timeoutMs: number;
  /** @default Date.now */
  now?: Clock;
}

/** The JSON body of an event POST: the Standard Webhooks payload shape. */
export interface WebhookPayload {
  type: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: Record<string, unknown>;
}

/** What the webhook sends of a delivery (or of a live event): its id, time and event. */
export interface OutgoingEvent {
  deliveryId: string;
  createdAt: number;
  event: { type: string };
}

/** Sends events to the webhook URL: the outbound half of the webhook adapter. */
export interface WebhookSender {
  readonly name: string;
  /** One signed POST of one event; resolves with what it came to. */
  attempt(delivery: OutgoingEvent, context: { signal: AbortSignal }): Promise<AttemptOutcome>;
}

/** Builds the body for a delivery: its event's `type`, and the rest of the event as `data`. */
export function webhookPayload(delivery: OutgoingEvent): WebhookPayload {
  const { type, ...data } = delivery.event;
  return { type, timestamp: new Date(delivery.createdAt).toISOString(), data };
}

/**
 * Delivers outbox events as signed HTTP POSTs (Standard Webhooks): `webhook-id` is the delivery's
 * id, the same on every retry, so the receiver can drop duplicates; `webhook-timestamp` and
 * `webhook-signature` are made fresh for each attempt. 2xx is delivered; 408, 425, 429 and 5xx,
 * timeouts and network errors are retried (honouring `Retry-After`); any other status is a
 * refusal and dead-letters the delivery.
 */
export function webhookDelivery(options: WebhookDeliveryOptions): WebhookSender {
  const now = options.now ?? Date.now;
  return {
    name: options.name,
    async attempt(delivery: OutgoingEvent, { signal }: { signal: AbortSignal }): Promise<AttemptOutcome> {
      const body = JSON.stringify(webhookPayload(delivery));
      const headers = signWebhook({ id: delivery.deliveryId, timestamp: Math.floor(now() / 1000), body, secrets: options.secrets });
      const limit = deadline(options.timeoutMs, signal);
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Confab-Relay', ...headers },
          body,
          redirect: 'manual',
          signal: limit.signal,
        });
      } catch (error) {
        const reason = fetchFailureReason(error, { timedOut: `no answer within ${options.timeoutMs} ms`, unreachable: `could not reach ${new URL(options.url).host}` });
        return { kind: 'retry', reason };
      } finally {
        limit.clear();
      }
      // Only the status matters; a receiver's body (of any size) is not read.
      await response.body?.cancel().catch(() => undefined);
      return outcomeOfHttpStatus(response.status, response.headers.get('retry-after'), now());
    },
  };
}
