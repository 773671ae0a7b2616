/**
 * What the widget does to get a hidden tab's attention, in one chunk loaded when first needed:
 * the flashing title and the desktop notification. The chime stays in the app chunk because it
 * must be unlocked in the shopper's first gesture.
 */
export { TitleFlash } from './title-flash.js';
export { notifyPermission, requestNotifyPermission, showNotification } from './desktop-notification.js';
// The words of both, in English too, come with this chunk.
export { withExtras } from '../extra-strings.js';
