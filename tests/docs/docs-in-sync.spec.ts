import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { benchmarkMarkdown, generatedSection, type BenchReport } from '../bench/report.js';
import { millionMarkdown, type MillionReport } from '../bench/million/million-report.js';
import { integrityStoresMarkdown, type IntegrityStoresReport } from '../bench/integrity-stores-report.js';
import { GENERATED_SECTIONS } from './write-docs.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('docs show what the code does (npm run docs rewrites them)', () => {
  it.each(GENERATED_SECTIONS.map((section) => [section.file, section.name, section.render] as const))('%s shows the generated %s', (file, name, render) => {
    expect(generatedSection(read(file), name)).toBe(render());
  });

  it('docs/performance.md shows the figures of bench/results.json', () => {
    const report = JSON.parse(read('bench/results.json')) as BenchReport;
    expect(generatedSection(read('docs/performance.md'), 'benchmark')).toBe(benchmarkMarkdown(report));
  });

  it('docs/performance.md shows the figures of bench/million-results.json', () => {
    const report = JSON.parse(read('bench/million-results.json')) as MillionReport;
    expect(generatedSection(read('docs/performance.md'), 'million')).toBe(millionMarkdown(report));
  });

  it('docs/integrity.md shows the figures of bench/integrity-results.json', () => {
    const report = JSON.parse(read('bench/integrity-results.json')) as IntegrityStoresReport;
    expect(generatedSection(read('docs/integrity.md'), 'integrity-stores')).toBe(integrityStoresMarkdown(report));
  });
});
