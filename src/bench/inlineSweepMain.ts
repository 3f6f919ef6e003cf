// A child of the bench: runs seeds argv[2]..argv[3] inline and prints how many seconds they took.
import { inlineSeedsPerSec } from './inlineSweep.js';

const from = Number(process.argv[2]);
const to = Number(process.argv[3]);
console.log(String((to - from + 1) / inlineSeedsPerSec(from, to)));
