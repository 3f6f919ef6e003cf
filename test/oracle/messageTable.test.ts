// The ledger's message table keeps each field in a column and hands out views: a view must read and
// write as the object it replaced did, commits must behave as a Map (in insertion order) across the
// two-in-columns boundary, and a view made before the table grew must still see its row.
import { describe, expect, it } from 'vitest';
import { MessageTable, type MessageCommits, type NewMessage } from '../../src/oracle/messageTable.js';

function message(msgId: number, overrides: Partial<NewMessage> = {}): NewMessage {
  return { msgId, user: 3, device: 30, composedUs: 2 ** 40 + 0.5, targets: [4, 3], senderHealthy: true, senderEpoch: 7, senderConnectSvr: -1, toUser: 4, group: -1, ...overrides };
}

function entries(commits: MessageCommits): [number, number][] {
  return Array.from({ length: commits.size }, (_, i) => [commits.keyAt(i), commits.valueAt(i)]);
}

describe('MessageTable', () => {
  it('reads back every field a message was added with, and each flag sets alone', () => {
    const table = new MessageTable();
    table.add(message(5));
    const facts = table.get(5)!;
    expect([facts.msgId, facts.user, facts.device, facts.composedUs, facts.senderEpoch, facts.senderConnectSvr, facts.toUser, facts.group]).toEqual([5, 3, 30, 2 ** 40 + 0.5, 7, -1, 4, -1]);
    expect([facts.ackedUs, facts.svrAckUs, facts.targets]).toEqual([-1, -1, [4, 3]]);
    const flags = ['outboxed', 'rejected', 'abandoned', 'spam'] as const;
    for (const flag of flags) {
      facts[flag] = true;
      for (const other of flags) expect(table.get(5)![other]).toBe(flags.indexOf(other) <= flags.indexOf(flag));
    }
    expect(facts.senderHealthy).toBe(true);
    facts.senderHealthy = false;
    expect(table.get(5)!.senderHealthy).toBe(false);
    expect(table.get(5)!.spam).toBe(true);
    facts.ackedUs = 12.25;
    expect(table.get(5)!.ackedUs).toBe(12.25);
  });

  it('knows only the messages added, and lists them in msgId order', () => {
    const table = new MessageTable();
    for (const id of [9, 2, 4000]) table.add(message(id));
    table.add(message(2, { user: 8 }));
    expect(table.size).toBe(3);
    expect([table.has(3), table.has(-1), table.has(1e9), table.get(3)]).toEqual([false, false, false, undefined]);
    expect([...table.values()].map((facts) => [facts.msgId, facts.user])).toEqual([[2, 8], [9, 3], [4000, 3]]);
  });

  it('keeps a view valid after the table grows', () => {
    const table = new MessageTable();
    table.add(message(1));
    const facts = table.get(1)!;
    table.add(message(100_000));
    facts.svrAckUs = 99;
    expect(table.get(1)!.svrAckUs).toBe(99);
    expect(facts.user).toBe(3);
  });

  it('keeps targets that are not the 1:1 pair, and the pair again once set back', () => {
    const table = new MessageTable();
    table.add(message(1, { group: 6, toUser: -1, targets: [1, 2, 3] }));
    table.add(message(2, { targets: [] }));
    table.add(message(3, { targets: [3, 4] }));
    expect([table.get(1)!.targets, table.get(2)!.targets, table.get(3)!.targets]).toEqual([[1, 2, 3], [], [3, 4]]);
    table.get(3)!.targets = [4, 3];
    expect(table.get(3)!.targets).toEqual([4, 3]);
    expect(table.listedTargets.size).toBe(2);
  });

  it('answers commits as a Map does, through 0 to 6 entries and overwrites of each', () => {
    // Users and seqs chosen so every position is overwritten once: a column, the second column, the overflow.
    const script: [number, number][] = [[7, 1], [3, 2], [7, 10], [9, 3], [0, 4], [3, 20], [5, 5], [9, 30], [0, 40], [2 ** 20, 2 ** 32 - 1]];
    const table = new MessageTable();
    table.add(message(1));
    table.add(message(2));
    const commits = table.get(1)!.commits;
    const model = new Map<number, number>();
    expect(commits.size).toBe(0);
    for (const [user, seq] of script) {
      commits.set(user, seq);
      model.set(user, seq);
      expect(entries(table.get(1)!.commits)).toEqual([...model]);
      for (const probe of [0, 3, 5, 7, 9, 4, 2 ** 20]) {
        expect(commits.get(probe)).toBe(model.get(probe));
        expect(commits.has(probe)).toBe(model.has(probe));
      }
    }
    expect(table.get(2)!.commits.size).toBe(0);
  });

  it('refuses a negative user, which would read as a free column', () => {
    const table = new MessageTable();
    table.add(message(1));
    expect(() => table.get(1)!.commits.set(-1, 0)).toThrow(RangeError);
  });
});
