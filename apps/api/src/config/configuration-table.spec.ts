import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { configurationTable } from './environment.js';

const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

describe('the configuration table', () => {
  it('in README.md is the one rendered from the schema (npm run docs rewrites it)', () => {
    const section = /<!-- generated:configuration -->\n([\s\S]*?)\n<!-- \/generated:configuration -->/.exec(readme)?.[1];
    expect(section).toBe(configurationTable());
  });
});
