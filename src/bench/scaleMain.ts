// A child of the bench: the scale run of argv[2] users and argv[3] messages; prints its figures as JSON.
import { scaleRun } from './scaleRun.js';

console.log(JSON.stringify(scaleRun(Number(process.argv[2]), Number(process.argv[3]))));
