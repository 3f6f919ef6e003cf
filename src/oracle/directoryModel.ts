// The oracle's own model of the directory: who exists, who refuses whose 1:1 messages, who is in
// which group. Written apart from the system's DirectoryIndex on purpose: a check that asked the
// system's own code would share its bugs (an unblock that never lifted the block, planted in
// DirectoryIndex, refused sends the model then refused too, and passed every run). It starts from
// the scenario's directory and follows each change the world traces as it is asked for.
import { DIRECTORY_CHANGES, type Directory } from '../system/directory.js';

export class DirectoryModel {
  readonly users: number;
  /** Per blocker, the senders it refuses. */
  private readonly refused = new Map<number, Set<number>>();
  /** Per group, its members in the order they joined. */
  private readonly groups: Set<number>[];

  constructor({ users, groups, blacklist }: Directory) {
    this.users = users;
    this.groups = groups.map((members) => new Set(members));
    for (const [blocker, sender] of blacklist) this.refusedBy(blocker).add(sender);
  }

  /** A traced change: `change` indexes DIRECTORY_CHANGES; `other` is a user (block, unblock) or a group. */
  follow(change: number, user: number, other: number): void {
    switch (DIRECTORY_CHANGES[change]) {
      case 'block':
        this.refusedBy(user).add(other);
        return;
      case 'unblock':
        this.refused.get(user)?.delete(other);
        return;
      case 'join':
        this.groups[other]?.add(user);
        return;
      case 'leave':
        this.groups[other]?.delete(user);
        return;
    }
  }

  refuses(blocker: number, sender: number): boolean {
    return this.refused.get(blocker)?.has(sender) === true;
  }

  /** Where a message from `fromUser` to `toUser` (1:1) or to `group` goes, the sender's own inbox among them; undefined if nowhere (a stranger, or a group it is not in). */
  inboxesOf(fromUser: number, toUser: number, group: number): number[] | undefined {
    if (group >= 0) {
      const members = this.groups[group];
      return members?.has(fromUser) === true ? [...members] : undefined;
    }
    const known = toUser >= 0 && toUser < this.users && toUser !== fromUser;
    return known ? [toUser, fromUser] : undefined;
  }

  private refusedBy(blocker: number): Set<number> {
    let senders = this.refused.get(blocker);
    if (senders === undefined) this.refused.set(blocker, (senders = new Set()));
    return senders;
  }
}
