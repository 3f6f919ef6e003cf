// Writes many pieces of text to a file in chunks of about a megabyte. Joining a big sweep's runs
// into one string first fails past V8's longest string (512 MiB, about 60,000 runs pretty-printed).
import { closeSync, openSync, writeSync } from 'node:fs';

const CHUNK_CHARS = 2 ** 20;

/** Writes `pieces`, in order, as the whole of `file`. */
export function writeChunked(file: string, pieces: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    let chunk = '';
    for (const piece of pieces) {
      chunk += piece;
      if (chunk.length >= CHUNK_CHARS) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
