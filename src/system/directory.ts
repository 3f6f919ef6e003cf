// Who exists and who may message whom: users, groups and blacklists. It changes during a run
// (someone blocks someone, joins or leaves a group); each change is applied where it happens (the
// system's copy) and traced, so the oracle's own copy follows it.

export interface Directory {
  readonly users: number;
  /** Members of each group, by group id. */
  readonly groups: readonly (readonly number[])[];
  /** Pairs [blocker, blocked]: the blocker refuses 1:1 messages from the blocked. */
  readonly blacklist: readonly (readonly [number, number])[];
}

/** A change to the directory: `user` blocks or unblocks `other`, or joins or leaves group `other`. */
export const DIRECTORY_CHANGES = ['block', 'unblock', 'join', 'leave'] as const;
export type DirectoryChange = (typeof DIRECTORY_CHANGES)[number];

export class DirectoryIndex {
  readonly users: number;
  private readonly blocked: Set<number>;
  private readonly groupMembers: number[][];
  /** Absent for a user in no group (most users: an empty array each cost 32 bytes). */
  private readonly groupsOfUser: (number[] | undefined)[];

  constructor(directory: Directory) {
    this.users = directory.users;
    this.blocked = new Set(directory.blacklist.map(([blocker, blocked]) => pairKey(blocker, blocked)));
    this.groupMembers = directory.groups.map((members) => [...members]);
    this.groupsOfUser = Array.from({ length: directory.users }, () => undefined);
    this.groupMembers.forEach((members, group) => {
      for (const member of members) this.addGroupOf(member, group);
    });
  }

  /** A copy as it is now (a planted bug keeps one from the start). */
  snapshot(): DirectoryIndex {
    const blacklist = [...this.blocked].map((key) => [Math.floor(key / 2 ** 26), key % 2 ** 26] as const);
    return new DirectoryIndex({ users: this.users, groups: this.groupMembers, blacklist });
  }

  /** Applies a change; false when it changes nothing (already blocked, already a member). */
  apply(change: DirectoryChange, user: number, other: number): boolean {
    switch (change) {
      case 'block':
      case 'unblock': {
        const key = pairKey(user, other);
        if (this.blocked.has(key) === (change === 'block')) return false;
        if (change === 'block') this.blocked.add(key);
        else this.blocked.delete(key);
        return true;
      }
      case 'join':
      case 'leave': {
        const members = this.groupMembers[other];
        if (members === undefined || members.includes(user) === (change === 'join')) return false;
        if (change === 'join') {
          members.push(user);
          this.addGroupOf(user, other);
        } else {
          members.splice(members.indexOf(user), 1);
          const groups = this.groupsOfUser[user]!;
          groups.splice(groups.indexOf(other), 1);
        }
        return true;
      }
    }
  }

  private addGroupOf(user: number, group: number): void {
    if (user < 0 || user >= this.users) return;
    (this.groupsOfUser[user] ??= []).push(group);
  }

  isBlocked(blocker: number, sender: number): boolean {
    return this.blocked.has(pairKey(blocker, sender));
  }

  members(group: number): readonly number[] | undefined {
    return this.groupMembers[group];
  }

  groupsOf(user: number): readonly number[] {
    return this.groupsOfUser[user] ?? [];
  }

  /** Whether a message from `fromUser` to `toUser` (1:1) or to `group` has somewhere to go. */
  addressable(fromUser: number, toUser: number, group: number): boolean {
    if (group >= 0) return this.members(group)?.includes(fromUser) === true;
    return toUser >= 0 && toUser < this.users && toUser !== fromUser;
  }

  /** Every inbox a message goes to: each recipient's and the sender's own; undefined if unknown. */
  targetsOf(fromUser: number, toUser: number, group: number): number[] | undefined {
    if (!this.addressable(fromUser, toUser, group)) return undefined;
    return group >= 0 ? [...this.members(group)!] : [toUser, fromUser];
  }
}

function pairKey(a: number, b: number): number {
  return a * 2 ** 26 + b;
}
