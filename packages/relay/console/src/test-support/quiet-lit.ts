// Vitest resolves Lit's development build, which warns once per run that it is in dev mode. The
// tests know; keep their console silent. Must run before Lit loads, so it is render.ts's first import.
const lit = globalThis as { litIssuedWarnings?: Set<string> };
(lit.litIssuedWarnings ??= new Set()).add('dev-mode');
