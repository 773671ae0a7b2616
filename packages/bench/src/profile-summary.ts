import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// Summarises what `pnpm bench --profile <dir>` writes:
// - V8 CPU profiles of each relay process (`node --cpu-prof`): where the CPU time went, by
//   function and by component;
// - heap snapshots of the idle relay and baseline: what the retained objects are, by constructor.
//   node packages/bench/dist/profile-summary.js <file.cpuprofile | file.heapsnapshot> [top] [connections]

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self time of one function or component. */
export interface ProfileEntry {
  name: string;
  ms: number;
  share: number;
}

/** Where a profiled process spent its time. */
export interface ProfileSummary {
  totalMs: number;
  /** Share of samples not idle. */
  busyShare: number;
  byComponent: ProfileEntry[];
  byFunction: ProfileEntry[];
}

/** The component a frame belongs to: a dependency, a relay module, Node's internals, or V8's pseudo-frames. */
function componentOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (functionName === '(program)') return '(program: native, not attributed)';
    return `native: ${functionName}`;
  }
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1]!;
  const relay = /packages\/(relay|protocol)\/dist\/(.+)\.js$/.exec(url);
  if (relay) return `${relay[1]}/${relay[2]}`;
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '');
}

function shortUrl(url: string): string {
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(.+)$/.exec(url);
  if (dependency) return dependency[1]!;
  const workspace = /packages\/(.+)$/.exec(url);
  return workspace ? workspace[1]! : url;
}

function top(map: Map<string, number>, total: number, count: number): ProfileEntry[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => ({ name, ms: micros / 1000, share: micros / total }));
}

/** Reads a .cpuprofile and adds up self time per function and per component. */
export function summarizeProfile(path: string, count = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byComponent = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((nodeId, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const frame = frames.get(nodeId);
    if (!frame) return;
    total += micros;
    if (frame.functionName === '(idle)') {
      idle += micros;
      return;
    }
    const name = frame.url === '' ? frame.functionName : `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const component = componentOf(frame);
    byComponent.set(component, (byComponent.get(component) ?? 0) + micros);
  });
  const busy = total - idle;
  return {
    totalMs: total / 1000,
    busyShare: total > 0 ? busy / total : 0,
    byComponent: top(byComponent, busy, count),
    byFunction: top(byFunction, busy, count),
  };
}

/** Renders a summary as text: shares are of the busy (non-idle) time. */
export function renderProfileSummary(name: string, summary: ProfileSummary): string {
  const line = (entry: ProfileEntry) => `  ${(entry.share * 100).toFixed(1).padStart(5)} %  ${entry.ms.toFixed(0).padStart(7)} ms  ${entry.name}`;
  return [
    `${name}: ${(summary.totalMs / 1000).toFixed(1)} s profiled, ${(summary.busyShare * 100).toFixed(0)} % busy; self time of the busy part:`,
    ' by component:',
    ...summary.byComponent.map(line),
    ' by function:',
    ...summary.byFunction.map(line),
  ].join('\n');
}

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Retained objects of one kind in a heap snapshot. */
export interface HeapEntry {
  name: string;
  count: number;
  bytes: number;
}

/** What a heap snapshot holds, by kind of object. */
export interface HeapSummary {
  totalBytes: number;
  objects: number;
  top: HeapEntry[];
}

function heapKey(type: string, name: string): string {
  switch (type) {
    case 'object':
      return name;
    case 'closure':
      return `(closure) ${name || '(anonymous)'}`;
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(strings)';
    case 'code':
      return '(compiled code)';
    case 'number':
      return '(heap numbers)';
    default:
      return `(${type}) ${name}`;
  }
}

/** Reads a .heapsnapshot and adds up the objects' own sizes by constructor (or kind, for V8 internals). */
export function summarizeHeapSnapshot(path: string, count = 25): HeapSummary {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const stride = fields.length;
  const byKey = new Map<string, HeapEntry>();
  let totalBytes = 0;
  const { nodes, strings } = snapshot;
  for (let i = 0; i < nodes.length; i += stride) {
    const key = heapKey(types[nodes[i + typeAt]!] ?? '?', strings[nodes[i + nameAt]!] ?? '?');
    const bytes = nodes[i + sizeAt]!;
    totalBytes += bytes;
    const entry = byKey.get(key);
    if (entry) {
      entry.count++;
      entry.bytes += bytes;
    } else {
      byKey.set(key, { name: key, count: 1, bytes });
    }
  }
  return {
    totalBytes,
    objects: nodes.length / stride,
    top: [...byKey.values()].sort((a, b) => b.bytes - a.bytes).slice(0, count),
  };
}

/** Renders a heap summary; with `connections`, also each kind's bytes and count per connection. */
export function renderHeapSummary(name: string, summary: HeapSummary, connections?: number): string {
  const per = (value: number, decimals: number) => (connections ? (value / connections).toFixed(decimals).padStart(8) : '');
  return [
    `${name}: ${(summary.totalBytes / 1024 / 1024).toFixed(1)} MiB in ${summary.objects.toLocaleString('en-US')} objects${connections ? `; per connection (of ${connections.toLocaleString('en-US')}): bytes, count` : ''}`,
    ...summary.top.map(
      (entry) =>
        `  ${(entry.bytes / 1024).toFixed(0).padStart(9)} KiB ${entry.count.toLocaleString('en-US').padStart(10)} ${per(entry.bytes, 0)} ${per(entry.count, 2)}  ${entry.name}`,
    ),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [path, count, connections] = process.argv.slice(2);
  if (path === undefined) {
    process.stderr.write('Usage: node packages/bench/dist/profile-summary.js <file.cpuprofile | file.heapsnapshot> [top] [connections]\n');
    process.exit(2);
  }
  const top = count === undefined ? 20 : Number(count);
  const text = path.endsWith('.heapsnapshot')
    ? renderHeapSummary(path, summarizeHeapSnapshot(path, top), connections === undefined ? undefined : Number(connections))
    : renderProfileSummary(path, summarizeProfile(path, top));
  process.stdout.write(`${text}\n`);
}
