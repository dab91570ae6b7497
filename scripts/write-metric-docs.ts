// Rewrites README.md's metric table from the metric catalogue (`npm run docs`). A unit test fails
// when the committed README differs, so the table never describes metrics the pipeline does not write.
import { readFileSync, writeFileSync } from 'node:fs';
import { withMetricTable } from '../pipeline/metrics/catalogue/markdown.ts';

const target = new URL('../README.md', import.meta.url);
writeFileSync(target, withMetricTable(readFileSync(target, 'utf8')));
console.log(`wrote ${target.pathname}`);
