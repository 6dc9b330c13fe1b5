interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

/** A V8 .cpuprofile (what `node --cpu-prof` writes): a call tree and which node each sample hit. */
interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: CallFrame; children?: readonly number[] }[];
  readonly samples: readonly number[];
  /** Microseconds since the previous sample. */
  readonly timeDeltas: readonly number[];
}

export interface ProfileEntry {
  readonly name: string;
  readonly ms: number;
  /** Of all sampled time, idle included. */
  readonly share: number;
}

export interface ProfileSummary {
  readonly sampledMs: number;
  /** Self time by where the code comes from: our code, a package, Node.js, idle, GC. */
  readonly byOrigin: readonly ProfileEntry[];
  /** The functions with the most self time. */
  readonly topFunctions: readonly ProfileEntry[];
}

/** `(idle)`, `(garbage collector)` and `(program)` are V8's own entries; the rest is named by its file. */
function origin(url: string): string {
  if (url.startsWith('node:')) return 'Node.js internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return `package ${scope.startsWith('@') ? `${scope}/${name}` : scope}`;
  }
  return 'goal-ledger code';
}

function location(frame: CallFrame): string {
  const { url } = frame;
  const modules = url.lastIndexOf('/node_modules/');
  const dist = url.lastIndexOf('/dist/');
  const path = modules >= 0 ? url.slice(modules + '/node_modules/'.length) : dist >= 0 ? url.slice(dist + '/dist/'.length) : url;
  return `${path}:${frame.lineNumber + 1}`;
}

function ranked(totals: Map<string, number>, sampledMs: number, limit: number): ProfileEntry[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, ms]) => ({ name, ms, share: ms / sampledMs }));
}

/**
 * Self time per origin and per function, from the samples and their time deltas. A native function (a
 * driver's `run`, a socket's `writev`) is counted where its JavaScript caller lives, so that a blocking
 * SQLite commit shows up under better-sqlite3. The first sample (its delta spans the profiler's start)
 * and the profiler's own frames are left out.
 */
export function summariseProfile(profile: CpuProfile, topN = 12): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id] as const)));
  /** The nearest frame above `id` (itself included) that satisfies `test`. */
  const nearest = (id: number, test: (frame: CallFrame) => boolean): CallFrame | undefined => {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const frame = frames.get(at);
      if (frame && test(frame)) return frame;
    }
    return undefined;
  };
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let sampledMs = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const from = nearest(id, (f) => f.url !== '');
    if (i === 0 || !frame || from?.url === 'node:inspector') return;
    sampledMs += ms;
    const v8 = frame.functionName.startsWith('(');
    const where = v8 ? frame.functionName : from ? origin(from.url) : 'native code';
    byOrigin.set(where, (byOrigin.get(where) ?? 0) + ms);
    const ours = from && origin(from.url) !== 'goal-ledger code' ? nearest(id, (f) => origin(f.url) === 'goal-ledger code' && f.url !== '') : undefined;
    const name = v8
      ? frame.functionName
      : `${frame.functionName || '(anonymous)'}${frame.url === '' ? ' (native)' : ''}${from ? ` in ${location(from)}` : ''}${ours ? `, from ${location(ours)}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  });
  return { sampledMs, byOrigin: ranked(byOrigin, sampledMs, 10), topFunctions: ranked(byFunction, sampledMs, topN) };
}
