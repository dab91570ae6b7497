// Regenerates pipeline/contract/sla.schema.json from the zod schema (`npm run schema`).
// A unit test fails when the committed file is stale, so editors never autocomplete an old shape.
import { writeFileSync } from 'node:fs';
import { contractJsonSchema } from '../pipeline/contract/json-schema.ts';

const target = new URL('../pipeline/contract/sla.schema.json', import.meta.url);
writeFileSync(target, contractJsonSchema());
console.log(`wrote ${target.pathname}`);
