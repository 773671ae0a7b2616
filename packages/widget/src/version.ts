/** The version of this build of `@confab/widget`, compared by `defineElements()` to spot two copies on one page. */
export const VERSION = '0.1.0';
