// server-bound: once a pull has been told "you may advance to B", nothing may commit at or
// below B in that inbox: the device would never ask for it again.
// And a MsgStore that takes over an inbox (promoted, or back as primary after a restart) serves
// every commit made before: an empty answer below one tells the device it has caught up when it
// has not, and nothing hints it again (a new primary holds its reads until its log's tail is
// committed again for this).
// And a page holds only entries above the cursor it was asked from, up to its bound (pageRange.ts),
// and every entry committed there (pageComplete.ts).
import { TK_RESTART } from '../../sim/simulation.js';
import { EV_COMMIT, EV_PROMOTED, EV_READ } from '../../system/events.js';
import type { CheckerFactory } from '../checker.js';
import { PerProcess } from '../perProcess.js';
import { pageComplete } from './pageComplete.js';
import { pageRange } from './pageRange.js';

export const SERVER_BOUND = 'server-bound';

export const serverBound: CheckerFactory = (context) => {
  const { sim, ledger, sink, directory, paths } = context;
  pageRange(SERVER_BOUND, context);
  pageComplete(SERVER_BOUND, context);
  /** Per user: the highest bound served (0: none yet), and the device it was served to (columns, as in order.ts). */
  const servedBound = new PerProcess(0);
  const servedTo = new PerProcess(-1);
  /** Per MsgStore that took over: per user of its shard, the highest seq committed before it did. */
  const inherited = new Map<number, Map<number, number>>();
  /** Each MsgStore's users (the shard map exists only once the world is built, after the oracle). */
  let usersOf: Map<number, number[]> | undefined;
  const tookOver = (store: number) => {
    if (usersOf === undefined) {
      usersOf = new Map();
      for (let user = 0; user < directory.users; user++) {
        for (const id of paths.routes.msgStoresOf(user)) {
          const users = usersOf.get(id);
          if (users === undefined) usersOf.set(id, [user]);
          else users.push(user);
        }
      }
    }
    const users = usersOf.get(store);
    if (users === undefined) return; // not a MsgStore
    const maxima = new Map<number, number>();
    for (const user of users) {
      const inbox = ledger.inbox(user);
      if (inbox.size > 0) maxima.set(user, inbox.maxSeq);
    }
    inherited.set(store, maxima);
  };
  sim.trace.on(EV_PROMOTED, (_t, store) => tookOver(store));
  sim.trace.on(TK_RESTART, (_t, process) => tookOver(process));
  sim.trace.on(EV_READ, (_t, store, device, afterSeq, bound, count) => {
    const user = ledger.device(device).user;
    if (bound > servedBound.get(user)) {
      servedBound.set(user, bound);
      servedTo.set(user, device);
    }
    const before = count === 0 ? inherited.get(store)?.get(user) : undefined;
    if (before !== undefined && before > bound) {
      sink.violate(SERVER_BOUND, {
        detail: `a pull from Seq_cli ${afterSeq} was answered with nothing up to ${bound}, below seq ${before} committed before its MsgStore took over the inbox`,
        user,
        device,
        seq: before,
        msgId: ledger.inbox(user).get(before)!,
      });
    }
  });
  sim.trace.on(EV_COMMIT, (_t, _store, user, seq, msgId) => {
    // A new primary announcing again a commit made before that bound was served is no new commit:
    // the pull that got the bound could read it (see the ledger).
    if (ledger.reannounced) return;
    const priorBound = servedBound.get(user);
    if (priorBound > 0 && seq <= priorBound) {
      sink.violate(SERVER_BOUND, {
        detail: `seq ${seq} committed in user ${user}'s inbox after a pull bound of ${priorBound} was served`,
        msgId,
        user,
        device: servedTo.get(user),
        seq,
      });
    }
  });
  return { name: SERVER_BOUND };
};
