import { z } from 'zod';
import { contractSchema } from './schema.ts';

/** The contract's JSON Schema (input side: what a person writes), for editor autocompletion. */
export function contractJsonSchema(): string {
  const schema = z.toJSONSchema(contractSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' });
  const titled = { title: 'handoff SLA contract (sla.yaml)', ...schema };
  return `${JSON.stringify(titled, null, 2)}\n`;
}
