import type { FastifyPluginAsync } from 'fastify';
import { VISITOR_SOCKET_PATH, type Availability, type Limits, type PreChatForm } from '@confab/protocol';
import { availabilityAt } from '../business-hours/availability-at.js';
import type { BusinessHours } from '../business-hours/business-hours.js';
import type { ConversationService } from '../conversations.js';
import { OriginRejectedError, UpgradeRequiredError } from '../errors.js';
import { isOriginAllowed } from '../origin.js';
import type { Clock } from '../rate-limit.js';
import { takeOverSocket } from './socket-handover.js';
import { VisitorConnection } from '../visitor-connection.js';

/** Options of {@link visitorSocket}. */
export interface VisitorSocketOptions {
  conversations: ConversationService;
  /** Normalised origins allowed besides the relay's own. */
  allowedOrigins: ReadonlySet<string>;
  limits: Limits;
  heartbeatMs: number;
  handshakeTimeoutMs: number;
  messagesPerMinute: number;
  maxQueuedBytes: number;
  closeGraceMs: number;
  now: Clock;
  /** The team's hours, announced in every `welcome`; undefined: always open, and no availability is sent. */
  businessHours: BusinessHours | undefined;
  /** The pre-chat form offered in `welcome`; undefined: none. */
  preChat: PreChatForm | undefined;
  /** What `identify` frames are checked with; undefined: identities are stored unverified. */
  identitySecret: string | undefined;
}

/**
 * `GET /v1/ws`: the shoppers' WebSocket. The origin is checked before the upgrade, so a page on a
 * foreign site cannot open a socket with the shopper's cookies and network position (cross-site
 * WebSocket hijacking): it gets HTTP 403 `CONFAB_ORIGIN_REJECTED` instead. With business hours,
 * each `welcome` says whether the team is in at that moment and, if not, when it next is.
 */
export const visitorSocket: FastifyPluginAsync<VisitorSocketOptions> = async (app, options) => {
  const { businessHours, now } = options;
  const availability = businessHours === undefined ? undefined : (): Availability => availabilityAt(businessHours, now());
  app.get(
    VISITOR_SOCKET_PATH,
    {
      websocket: true,
      onRequest: async (request) => {
        if (!request.ws) throw new UpgradeRequiredError(`${VISITOR_SOCKET_PATH} is a WebSocket endpoint; connect with a WebSocket client`);
        const origin = request.headers.origin;
        if (!isOriginAllowed(origin, request.headers.host, options.allowedOrigins)) {
          request.log.warn({ origin }, 'visitor socket refused: origin not allowed');
          throw new OriginRejectedError(
            `Origin ${JSON.stringify(origin)} may not open the chat socket; add it to allowedOrigins (CONFAB_ALLOWED_ORIGINS) on the relay`,
          );
        }
      },
    },
    (socket, request) => {
      takeOverSocket(socket, request);
      new VisitorConnection({
        socket,
        log: request.log,
        conversations: options.conversations,
        limits: options.limits,
        heartbeatMs: options.heartbeatMs,
        handshakeTimeoutMs: options.handshakeTimeoutMs,
        messagesPerMinute: options.messagesPerMinute,
        maxQueuedBytes: options.maxQueuedBytes,
        closeGraceMs: options.closeGraceMs,
        now,
        ...(availability === undefined ? {} : { availability }),
        ...(options.preChat === undefined ? {} : { preChat: options.preChat }),
        ...(options.identitySecret === undefined ? {} : { identitySecret: options.identitySecret }),
      });
    },
  );
};
