import { describe, expect, it } from '@jest/globals';
import { StreamTurns } from './stream-turns.js';

/** A write that finishes only when the test releases it, recording when it ran. */
function gate(log: string[], name: string): { write: () => Promise<string>; release(): void; failWith(error: Error): void } {
  let settle: { resolve: (value: string) => void; reject: (error: Error) => void } | undefined;
  const done = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return {
    write: () => {
      log.push(`${name} starts`);
      return done.finally(() => log.push(`${name} ends`));
    },
    release: () => settle?.resolve(name),
    failWith: (error) => settle?.reject(error),
  };
}

describe('StreamTurns', () => {
  it('runs the writes to one stream one after another, in the order they arrived', async () => {
    const turns = new StreamTurns();
    const log: string[] = [];
    const [first, second, third] = ['first', 'second', 'third'].map((name) => gate(log, name));
    const results = [first, second, third].map((g) => turns.take('goal-a', g.write));
    third.release();
    second.release();
    first.release();
    expect(await Promise.all(results)).toEqual(['first', 'second', 'third']);
    expect(log).toEqual(['first starts', 'first ends', 'second starts', 'second ends', 'third starts', 'third ends']);
  });

  it('lets writes to different streams run side by side', async () => {
    const turns = new StreamTurns();
    const log: string[] = [];
    const [a, b] = [gate(log, 'a'), gate(log, 'b')];
    const results = [turns.take('goal-a', a.write), turns.take('goal-b', b.write)];
    await Promise.resolve();
    expect(log).toEqual(['a starts', 'b starts']);
    b.release();
    a.release();
    expect(await Promise.all(results)).toEqual(['a', 'b']);
  });

  it('gives the next write its turn when the one before it failed', async () => {
    const turns = new StreamTurns();
    const log: string[] = [];
    const [failing, next] = [gate(log, 'failing'), gate(log, 'next')];
    const results = [turns.take('goal-a', failing.write), turns.take('goal-a', next.write)];
    failing.failWith(new Error('the store is unavailable'));
    next.release();
    await expect(results[0]).rejects.toThrow('the store is unavailable');
    expect(await results[1]).toBe('next');
    expect(log).toEqual(['failing starts', 'failing ends', 'next starts', 'next ends']);
  });
});
