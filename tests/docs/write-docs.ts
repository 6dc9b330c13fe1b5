import { readFileSync, writeFileSync } from 'node:fs';
import { replaceGeneratedSection } from '../bench/report.js';
import { problemTable, transitionTable } from './doc-tables.js';
import { eventCatalogueMarkdown } from './event-catalogue-doc.js';

/**
 * `npm run docs`: rewrites every generated section of docs/ from the code it describes. The test in
 * docs-in-sync.spec.ts fails when a section and the code disagree.
 */
export const GENERATED_SECTIONS: readonly { file: string; name: string; render: () => string }[] = [
  { file: 'docs/goal-lifecycle.md', name: 'transitions', render: transitionTable },
  { file: 'docs/api.md', name: 'problems', render: problemTable },
  { file: 'docs/events.md', name: 'catalogue', render: eventCatalogueMarkdown },
];

if (process.argv[1]?.endsWith('write-docs.js')) {
  for (const { file, name, render } of GENERATED_SECTIONS) {
    writeFileSync(file, replaceGeneratedSection(readFileSync(file, 'utf8'), name, render()));
    process.stdout.write(`${file}: ${name}\n`);
  }
}
