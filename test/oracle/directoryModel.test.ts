// The oracle's directory is a model of its own, not the system's DirectoryIndex: a bug in the
// system's directory must not be the oracle's too. An unblock that never lifted the block, planted
// in DirectoryIndex, passed every run while the oracle kept a DirectoryIndex of its own.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { DirectoryModel } from '../../src/oracle/directoryModel.js';
import { DIRECTORY_CHANGES, DirectoryIndex, type DirectoryChange } from '../../src/system/directory.js';

const change = (name: DirectoryChange) => DIRECTORY_CHANGES.indexOf(name);

describe("the oracle's directory model", () => {
  it('follows blocks, unblocks, joins and leaves', () => {
    const model = new DirectoryModel({ users: 4, groups: [[0, 1]], blacklist: [[2, 3]] });
    expect(model.refuses(2, 3)).toBe(true);
    expect(model.refuses(3, 2)).toBe(false);
    model.follow(change('unblock'), 2, 3);
    model.follow(change('block'), 1, 0);
    expect(model.refuses(2, 3)).toBe(false);
    expect(model.refuses(1, 0)).toBe(true);
    expect(model.inboxesOf(0, -1, 0)).toEqual([0, 1]);
    expect(model.inboxesOf(2, -1, 0)).toBeUndefined();
    model.follow(change('join'), 2, 0);
    model.follow(change('leave'), 0, 0);
    expect(model.inboxesOf(2, -1, 0)).toEqual([1, 2]);
    expect(model.inboxesOf(0, -1, 0)).toBeUndefined();
    expect(model.inboxesOf(0, 3, -1)).toEqual([3, 0]);
    expect(model.inboxesOf(0, 0, -1)).toBeUndefined();
    expect(model.inboxesOf(0, 4, -1)).toBeUndefined();
  });

  describe('against a bug in the system directory', () => {
    const proto = DirectoryIndex.prototype;
    const { apply } = proto;
    afterEach(() => {
      proto.apply = apply;
    });

    it('fails send-policy when an unblock leaves the block in place, and passes the correct directory', () => {
      const seeds = ['1', '2', '3', '4'];
      const sendPolicyFailed = (seed: string) => runScenario('directory-churn', { seed }).invariants.some((invariant) => invariant.name === 'send-policy' && !invariant.ok);
      expect(seeds.filter(sendPolicyFailed)).toEqual([]);
      // The planted bug: an unblock is traced as made, and changes nothing.
      proto.apply = function (this: DirectoryIndex, change, user, other) {
        return change === 'unblock' ? this.isBlocked(user, other) : apply.call(this, change, user, other);
      };
      expect(seeds.filter(sendPolicyFailed).length).toBeGreaterThanOrEqual(2);
    });

    // A directory service that drops a change and says it changed nothing. The world traced only
    // changes the service said it made, so the oracle's copy dropped it too, and every run passed.
    it.each(['block', 'leave'] as const)('fails send-policy when the service ignores every %s', (ignored) => {
      const seeds = ['1', '2', '3', '4'];
      const sendPolicyFailed = (seed: string) => runScenario('directory-churn', { seed }).invariants.some((invariant) => invariant.name === 'send-policy' && !invariant.ok);
      proto.apply = function (this: DirectoryIndex, change, user, other) {
        return change === ignored ? false : apply.call(this, change, user, other);
      };
      expect(seeds.filter(sendPolicyFailed).length).toBeGreaterThanOrEqual(2);
    });
  });
});
