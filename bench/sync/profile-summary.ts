/**
 * `npx tsx bench/sync/profile-summary.ts FILE.cpuprofile [--top 25]`: where a V8 CPU profile
 * (node --cpu-prof, see run.ts --cpu-prof) spent its time, by function (self time) and by
 * package or source file, so a missed benchmark target can be traced to its cause.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** A frame's file, short: the path inside node_modules, or inside the project. */
function shortFile(url: string): string {
  if (url === '') return '(native)';
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\/(?!\.cache)/, '')
    .replace(/^.*\/(out|src|node_modules\/\.cache)\//, '$1/');
}

/** The package (node_modules/<name>) or file a frame belongs to. */
function owner(url: string): string {
  if (url === '') return '(native / V8)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules?.[1] !== undefined) return inModules[1];
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '').replace(/^.*\/(out|src|node_modules\/\.cache)\//, '$1/');
}

function top(map: Map<string, number>, total: number, count: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([key, us]) =>
        `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`,
    );
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '25' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (file === undefined) throw new Error('usage: profile-summary.ts FILE.cpuprofile [--top N]');
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfTime) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    total += us;
    if (frame.functionName === '(idle)') idle += us;
    const name = `${frame.functionName || '(anonymous)'} ${shortFile(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byOwner.set(owner(frame.url), (byOwner.get(owner(frame.url)) ?? 0) + us);
  }
  const count = Number(values.top);
  const lines = [
    `${file}: ${(total / 1000).toFixed(0)} ms sampled, ${((100 * (total - idle)) / total).toFixed(1)}% busy`,
    'by package / file:',
    ...top(byOwner, total, count),
    'by function (self time):',
    ...top(byFunction, total, count),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
