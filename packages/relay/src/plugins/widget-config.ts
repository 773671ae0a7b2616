import type { FastifyPluginAsync } from 'fastify';
import type { ProactiveMessage } from '@confab/protocol';

/** Options of {@link widgetConfig}. */
export interface WidgetConfigOptions {
  proactive: readonly ProactiveMessage[];
}

/** The path of the widget's public configuration. */
export const WIDGET_CONFIG_PATH = '/v1/widget-config';

/**
 * `GET /v1/widget-config`: the public part of the relay's settings the widget asks for before a
 * socket is open (the proactive messages). No authentication, and any origin may read it
 * (`Access-Control-Allow-Origin: *`): it holds nothing the shop's pages do not show anyway.
 * Cached for a minute, since every page view of every shopper may ask.
 */
export const widgetConfig: FastifyPluginAsync<WidgetConfigOptions> = async (app, options) => {
  // Built once: the settings do not change while the relay runs.
  const body = JSON.stringify({ proactive: options.proactive });
  app.get(WIDGET_CONFIG_PATH, async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('cache-control', 'public, max-age=60');
    reply.type('application/json; charset=utf-8');
    return body;
  });
  app.options(WIDGET_CONFIG_PATH, async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-methods', 'GET');
    reply.header('access-control-max-age', '86400');
    return reply.code(204).send();
  });
};
