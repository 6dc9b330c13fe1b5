import { readFileSync, writeFileSync } from 'node:fs';
import { configurationTable } from '../config/environment.js';

/**
 * `npm run docs`: rewrites the configuration table of README.md from the schema in
 * config/environment.ts. A test fails while the two differ.
 */
const file = new URL('../../../../../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const section = /(<!-- generated:configuration -->\n)[\s\S]*?(\n<!-- \/generated:configuration -->)/;
if (!section.test(readme)) throw new Error('README.md has no generated:configuration section');
writeFileSync(file, readme.replace(section, (_, start: string, end: string) => `${start}${configurationTable()}${end}`));
