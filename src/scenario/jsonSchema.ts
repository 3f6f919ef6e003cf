// scenarios/schema.json, for editors: generated from the zod schema so the two never drift
// (a test compares them; `npm run schema` rewrites the file).
import { z } from 'zod';
import { scenarioSchema } from './schema.js';

export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'seqsim scenario' }, null, 2)}\n`;
}
