// A child of the bench: warms up (argv[4] runs), runs seeds argv[2]..argv[3] inline and prints how many seconds they took.
import { inlineSweep, warmInline } from './inlineSweep.js';

warmInline(Number(process.argv[4]));
console.log(String(inlineSweep(Number(process.argv[2]), Number(process.argv[3])).seconds));
