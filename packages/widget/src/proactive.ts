/**
 * The proactive message: its configuration from the relay and the teaser element, in one chunk
 * that only pages with the `proactive` attribute load.
 */
export { fetchProactiveConfig, pickProactive, readDismissed, rememberDismissed } from './proactive-config.js';
export type { ProactiveMessage } from './proactive-config.js';
export { ConfabProactiveTeaser } from './components/proactive-teaser.js';
