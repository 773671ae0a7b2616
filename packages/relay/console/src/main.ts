/**
 * Entry point of the agent console page (`/console/`): page styles, then the elements. The
 * `<confab-console>` in index.html upgrades as soon as its class is defined.
 */
import './console.css';
import { defineElements } from './define.js';

defineElements();
