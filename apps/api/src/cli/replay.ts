import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { SingleBar, Presets } from 'cli-progress';
import { EVENT_CATALOGUE } from '#domain';
import { CheckedEventStore, type EventStore } from '#event-store';
import { ALL_READ_MODELS, ReadModelRunner, type ReadModel, type ReadModelStore } from '#projections';
import { loadConfig } from '../config/app-config.js';
import { openStorage } from '../storage/open-storage.js';
import { runTool } from './sqlite-file.js';

const USAGE = `usage: npm run replay -- <read model>… | --all   (read models: ${ALL_READ_MODELS.map((m) => m.name).join(', ')})`;
/** How often the progress bar is brought up to date. */
const POLL_MS = 200;

/**
 * `npm run replay -- goals audit` (or `--all`): rebuilds read models from position 0 of the configured
 * store, in the shadow as `POST /v1/admin/projections/{name}/rebuild` does, so running API instances keep
 * serving the old generation until the new one is swapped in. The instance holding a read model's lease
 * builds it (this tool when no API runs); the tool shows its progress and the final rate either way.
 */
runTool('replay', async () => {
  const models = chosen(process.argv.slice(2));
  const storage = await openStorage(loadConfig(process.env));
  const events = new CheckedEventStore(storage.events, EVENT_CATALOGUE);
  const lines: string[] = [];
  try {
    for (const model of models) lines.push(await replay(events, storage.readModels, model));
  } finally {
    await storage.close();
  }
  return lines.join('\n');
});

function chosen(args: readonly string[]): ReadModel[] {
  if (args.length === 1 && args[0] === '--all') return [...ALL_READ_MODELS];
  if (args.length === 0) throw new Error(USAGE);
  return args.map((name) => {
    const model = ALL_READ_MODELS.find((m) => m.name === name);
    if (!model) throw new Error(`no read model named ${name}; ${USAGE}`);
    return model;
  });
}

async function replay(events: EventStore, store: ReadModelStore, model: ReadModel): Promise<string> {
  const runner = new ReadModelRunner(events, store, model, { instanceId: `replay-${hostname()}-${process.pid}-${randomUUID()}` });
  const bar = new SingleBar({ format: `${model.name} [{bar}] {percentage}% | {value}/{total} positions | {rate} events/s | {eta_formatted} left`, stream: process.stderr }, Presets.shades_classic);
  await runner.start();
  try {
    const before = runner.status().generation ?? 0;
    const started = Date.now();
    await runner.rebuild();
    let lastError: string | null = null;
    bar.start(await events.headPosition(), 0, { rate: 0 });
    for (;;) {
      const status = runner.status();
      if (status.rebuild === null && (status.generation ?? 0) > before) break;
      // A failing batch is retried by the builder; say so once per new error rather than give up.
      const error = status.rebuild?.lastError ?? null;
      if (error !== null && error !== lastError) process.stderr.write(`\n${model.name}: ${error} (retrying)\n`);
      lastError = error;
      const position = status.rebuild?.checkpoint ?? 0;
      bar.setTotal(Math.max(position, await events.headPosition()));
      bar.update(position, { rate: rateOf(position, started) });
      await sleep(POLL_MS);
    }
    const head = runner.status().checkpoint;
    bar.update(head, { rate: rateOf(head, started) });
    bar.stop();
    return `rebuilt ${model.name} as generation ${runner.status().generation ?? 0}: up to position ${head} in ${((Date.now() - started) / 1000).toFixed(1)} s (${rateOf(head, started)} positions/s)`;
  } finally {
    bar.stop();
    await runner.stop();
  }
}

const rateOf = (position: number, since: number): number => Math.round(position / Math.max(0.001, (Date.now() - since) / 1000));
