// Reads a file a person named on the command line as UTF-8 text, within a size cap. Every way it
// can fail (missing, a directory, unreadable, too large, binary) is an InputError naming the file.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from './errors.js';

/** Read in slices, so a huge file or an endless stream (/dev/zero, a pipe) costs at most the cap. */
const SLICE_BYTES = 64 * 1024;

/**
 * A named pipe is opened without blocking (a blocking open waits for a writer, and with none the
 * command hung for ever), then read in naps while it has nothing: at most this long in all.
 */
const PIPE_WAIT_MS = 10_000;
const PIPE_NAP_MS = 10;

export function readTextFile(file: string, maxBytes: number): string {
  let fd: number;
  let pipe = false;
  try {
    pipe = statSync(file).isFIFO();
    fd = openSync(file, pipe ? constants.O_RDONLY | constants.O_NONBLOCK : 'r');
  } catch (error) {
    throw new InputError('BAD_FILE', `${file}: ${describeFsError(error)}`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new InputError('BAD_FILE', `${file}: is a directory, expected a file`);
    return decodeUtf8(readAtMost(fd, file, maxBytes, pipe), file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('BAD_FILE', `${file}: ${describeFsError(error)}`);
  } finally {
    closeSync(fd);
  }
}

function readAtMost(fd: number, file: string, maxBytes: number, pipe: boolean): Buffer {
  const slices: Buffer[] = [];
  let total = 0;
  let napsLeft = PIPE_WAIT_MS / PIPE_NAP_MS;
  for (;;) {
    const slice = Buffer.alloc(SLICE_BYTES);
    const read = pipe ? readPipe(fd, slice, total === 0) : readSync(fd, slice, 0, SLICE_BYTES, null);
    if (read === 0) return Buffer.concat(slices, total);
    if (read === NOTHING_YET) {
      if (napsLeft-- === 0) throw new InputError('BAD_FILE', `${file}: a named pipe nothing was written to in ${PIPE_WAIT_MS / 1000} s`);
      Atomics.wait(NAP, 0, 0, PIPE_NAP_MS);
      continue;
    }
    total += read;
    if (total > maxBytes) throw new InputError('BAD_FILE', `${file}: larger than the ${formatBytes(maxBytes)} limit for this kind of file`);
    slices.push(slice.subarray(0, read));
  }
}

const NOTHING_YET = -1;
const NAP = new Int32Array(new SharedArrayBuffer(4));

/**
 * Reads what the pipe holds: bytes, 0 at its end, or NOTHING_YET while a writer has written nothing
 * more, or while none has opened it (`atStart`: an end before any byte means no writer yet).
 */
function readPipe(fd: number, slice: Buffer, atStart: boolean): number {
  try {
    const read = readSync(fd, slice, 0, SLICE_BYTES, null);
    return read === 0 && atStart ? NOTHING_YET : read;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return NOTHING_YET;
    throw error;
  }
}

function decodeUtf8(bytes: Buffer, file: string): string {
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new InputError('BAD_FILE', `${file}: a NUL byte at offset ${nul}; expected UTF-8 text, not a binary file`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('BAD_FILE', `${file}: not valid UTF-8; expected UTF-8 text`);
  }
}

/** "no such file", "permission denied", ...: the errno in words, without Node's path and stack. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, expected a file';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'a read-only file system';
    default:
      return code ?? (error as Error).message;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(bytes % 2 ** 20 === 0 ? 0 : 1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}
