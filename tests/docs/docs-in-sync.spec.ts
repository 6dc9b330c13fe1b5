import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { benchmarkMarkdown, generatedSection, type BenchReport } from '../bench/report.js';
import { problemTable, transitionTable } from './doc-tables.js';

const read = (file: string) => readFileSync(new URL(`../../${file.includes('/') ? file : `docs/${file}`}`, import.meta.url), 'utf8');

describe('docs show what the code does', () => {
  it('docs/goal-lifecycle.md shows the transition table the domain enforces', () => {
    expect(generatedSection(read('goal-lifecycle.md'), 'transitions')).toBe(transitionTable());
  });

  it('docs/api.md lists every problem type the API answers with', () => {
    expect(generatedSection(read('api.md'), 'problems')).toBe(problemTable());
  });

  it('docs/performance.md shows the figures of bench/results.json', () => {
    const report = JSON.parse(read('bench/results.json')) as BenchReport;
    expect(generatedSection(read('performance.md'), 'benchmark')).toBe(benchmarkMarkdown(report));
  });
});
