// Prints the echo world's result for one seed as JSON: lets tests compare runs across processes.
import { runEchoWorld } from './echoWorld.js';

const seed = process.argv[2] ?? '1';
process.stdout.write(`${JSON.stringify(runEchoWorld(seed))}\n`);
