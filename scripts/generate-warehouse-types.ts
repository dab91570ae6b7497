import { writeFileSync } from 'node:fs';
import { DATABASE_TS, generateWarehouseTypes } from '../pipeline/warehouse/generate.ts';

// npm run warehouse-types: rewrites pipeline/warehouse/database.ts from a freshly built fixture warehouse.
writeFileSync(DATABASE_TS, await generateWarehouseTypes());
console.log(`wrote ${DATABASE_TS}`);
