// Who exists and who may message whom: users, groups and blacklists. Static for a run.

export interface Directory {
  readonly users: number;
  /** Members of each group, by group id. */
  readonly groups: readonly (readonly number[])[];
  /** Pairs [blocker, blocked]: the blocker refuses 1:1 messages from the blocked. */
  readonly blacklist: readonly (readonly [number, number])[];
}

export class DirectoryIndex {
  private readonly blocked: Set<number>;
  private readonly groupsOfUser: number[][];

  constructor(readonly directory: Directory) {
    this.blocked = new Set(directory.blacklist.map(([blocker, blocked]) => pairKey(blocker, blocked)));
    this.groupsOfUser = Array.from({ length: directory.users }, () => []);
    directory.groups.forEach((members, group) => {
      for (const member of members) this.groupsOfUser[member]?.push(group);
    });
  }

  isBlocked(blocker: number, sender: number): boolean {
    return this.blocked.has(pairKey(blocker, sender));
  }

  members(group: number): readonly number[] | undefined {
    return this.directory.groups[group];
  }

  groupsOf(user: number): readonly number[] {
    return this.groupsOfUser[user] ?? [];
  }

  /** Every inbox a message goes to: each recipient's and the sender's own; undefined if unknown. */
  targetsOf(fromUser: number, toUser: number, group: number): number[] | undefined {
    if (group >= 0) {
      const members = this.members(group);
      return members?.includes(fromUser) ? [...members] : undefined;
    }
    if (toUser < 0 || toUser >= this.directory.users || toUser === fromUser) return undefined;
    return [toUser, fromUser];
  }
}

function pairKey(a: number, b: number): number {
  return a * 2 ** 26 + b;
}
