/**
 * What only the full-screen panel of a phone needs, loaded as one chunk the first time the panel
 * opens below 640 px: the focus trap (the panel then covers the page) and the controller that keeps
 * the panel above the on-screen keyboard. A desktop page never downloads either.
 */
export { trapFocus } from './focus-trap.js';
export { ViewportController } from './controllers/viewport-controller.js';
