// Property tests draw from a fixed fast-check seed, so CI is repeatable; FC_SEED=<n> explores others
// (a failure prints the seed and path that replay it).
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20_261_128) });
