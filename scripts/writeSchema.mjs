// Rewrites scenarios/schema.json from the compiled zod schema (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../dist/scenario/jsonSchema.js';

writeFileSync('scenarios/schema.json', scenarioJsonSchema());
console.log('wrote scenarios/schema.json');
