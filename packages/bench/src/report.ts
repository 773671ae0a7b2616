/** One line of the results table: the relay and the baseline side by side. */
export interface Row {
  /** The heading the row is printed under. */
  section: string;
  label: string;
  relay: number;
  baseline: number;
  /** Decimals to print. */
  decimals: number;
  /** Whether the relay/baseline ratio means something here (not for counts that are 0 on both sides). */
  hasRatio: boolean;
  /** A target from the issue this row is checked against, with its outcome. */
  target?: TargetCheck;
}

/** A target from issue 3, checked against this run. */
export interface TargetCheck {
  /** As printed, e.g. "≤ 1.5x bare ws". */
  description: string;
  isMet: boolean;
}

/** What one scenario measured: table rows, notes printed under the table, and everything for the JSON report. */
export interface ScenarioResult {
  name: string;
  rows: Row[];
  notes: string[];
  details: unknown;
}

/** Facts about the machine and the relay build, printed above the table. */
export interface RunInfo {
  plan: string;
  startedAt: string;
  durationS: number;
  cpus: string;
  node: string;
  openFilesLimit: string;
  relayCommit: string;
  relayWorkingTree: string;
  relayChanges: string[];
  /** When packages/relay/dist was last built: the code actually measured. */
  relayBuiltAt: string;
}

function formatNumber(value: number, decimals: number): string {
  if (Number.isNaN(value)) return 'n/a';
  if (value === Number.POSITIVE_INFINITY) return '∞';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function ratioOf(row: Row): string {
  if (!row.hasRatio || !(row.baseline > 0) || !Number.isFinite(row.relay) || Number.isNaN(row.relay)) return '';
  return `${(row.relay / row.baseline).toFixed(2)}x`;
}

/** Renders the results as a plain-text table (also valid Markdown), relay and baseline side by side. */
export function renderTable(results: readonly ScenarioResult[]): string {
  const header = ['', 'relay', 'bare ws', 'ratio', 'target'];
  const body: string[][] = [];
  for (const result of results) {
    let section: string | undefined;
    for (const row of result.rows) {
      if (row.section !== section) {
        section = row.section;
        body.push([`**${section}**`, '', '', '', '']);
      }
      const target = row.target ? `${row.target.description}: ${row.target.isMet ? 'met' : 'MISSED'}` : '';
      body.push([row.label, formatNumber(row.relay, row.decimals), formatNumber(row.baseline, row.decimals), ratioOf(row), target]);
    }
  }
  const widths = header.map((title, column) => Math.max(3, title.length, ...body.map((line) => line[column]!.length)));
  const isLeft = (column: number) => column === 0 || column === 4;
  const render = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (isLeft(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (isLeft(column) ? ` :${'-'.repeat(width - 1)} ` : ` ${'-'.repeat(width - 1)}: `)).join('|')}|`;
  return [render(header), rule, ...body.map(render)].join('\n');
}

/** The header lines printed above the table. */
export function renderRunInfo(info: RunInfo): string {
  return [
    `Confab relay vs bare ws: ${info.plan} run, ${info.startedAt}, ${info.durationS.toFixed(0)} s`,
    `machine: ${info.cpus}; Node ${info.node}; open files limit ${info.openFilesLimit}`,
    `relay: ${info.relayCommit}; packages/relay: ${info.relayWorkingTree}; dist built ${info.relayBuiltAt}`,
  ].join('\n');
}
