// A device's sessions over the run, oldest first: when each began, its kind (SESSION_*) and its
// ConnectSvr. The latency classes ask which session a device had throughout a window that may lie
// in the past (a delivery is classed by the first moments after its send, not by how it ended).
import { SESSION_DOWN } from '../system/events.js';

/** Words per session: since, kind, ConnectSvr. */
const WORDS = 3;
/** Logs shorter than this many words grow by exact copies. */
const EXACT_WORDS = 30;

export class SessionLog {
  /** Flat: [sinceUs, kind, connectSvr, ...], in time order. */
  private words: number[];

  constructor(sinceUs: number) {
    this.words = [sinceUs, SESSION_DOWN, -1];
  }

  add(sinceUs: number, kind: number, connectSvr: number): void {
    // Most devices have a few sessions: a copy leaves no slack, where a push keeps room for 16 more
    // words (150 bytes a device at 100,000 devices). A long log grows as arrays do.
    if (this.words.length < EXACT_WORDS) this.words = this.words.concat(sinceUs, kind, connectSvr);
    else this.words.push(sinceUs, kind, connectSvr);
  }

  /**
   * The session the device had throughout [fromUs, toUs] (one that began by fromUs and did not
   * end before toUs), as a handle for kindOf and connectSvrOf; -1 if it changed in between.
   * Searches from the newest: the windows asked about are recent.
   */
  throughout(fromUs: number, toUs: number): number {
    const words = this.words;
    let at = words.length - WORDS;
    while (at > 0 && words[at]! > fromUs) at -= WORDS;
    if (words[at]! > fromUs) return -1;
    const next = at + WORDS;
    return next < words.length && words[next]! <= toUs ? -1 : at;
  }

  /** The session before the newest (the one that just ended, when the newest is a SESSION_DOWN), or -1. */
  previous(): number {
    return this.words.length > WORDS ? this.words.length - 2 * WORDS : -1;
  }

  sinceOf(session: number): number {
    return this.words[session]!;
  }

  kindOf(session: number): number {
    return session < 0 ? SESSION_DOWN : this.words[session + 1]!;
  }

  connectSvrOf(session: number): number {
    return session < 0 ? -1 : this.words[session + 2]!;
  }
}
