// Eight promises of the apps, the access layer and the platform push service, each broken by a
// realistic bug that every rule passed: an app counts its send attempts on (a deferral does not
// start them over), resends its outbox in the order it was written, lingers after every pull of a
// wake, keeps a longer pull timeout on a slow link, and offers only the groups its user is in;
// ConnectSvr closes a connection for silence only after its idle timeout, and the connection of a
// login a new one supersedes; and the platform push service sends only the notification waiting
// for the device.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ListMap } from '../../src/sim/listMap.js';
import { ConnectSvr } from '../../src/system/connectSvr.js';
import { Device } from '../../src/system/device.js';
import { DirectoryIndex } from '../../src/system/directory.js';
import { PlatformPushService } from '../../src/system/platformPush.js';
import type { SystemKnobs } from '../../src/system/config.js';
import type { DirectoryChange } from '../../src/system/directory.js';
import type { SendResp } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf, type Verdict } from './plants.js';

/** While true, a device keeps the knob's pull timeout on every link (the unit slip of the bug). */
let knobTimeoutEverywhere = false;

vi.mock('../../src/system/wireSizes.js', async (importOriginal) => {
  const sizes = await importOriginal<typeof import('../../src/system/wireSizes.js')>();
  return { ...sizes, pullTimeoutOn: (knobUs: number, kbps: number | undefined) => (knobTimeoutEverywhere ? knobUs : sizes.pullTimeoutOn(knobUs, kbps)) };
});

interface DeviceParts {
  sendResponse(resp: SendResp): void;
  connected(conn: unknown): void;
  linger(): void;
  sendRetries: Map<number, { attempt: number }> | undefined;
  durable: { outbox: ListMap<number, unknown> };
  lingerTimer: unknown;
}
interface ConnectSvrParts {
  onTimer(tag: number, data: unknown): void;
  onConnMessage(conn: unknown, message: { readonly type: string; readonly device?: number }): void;
  announce(session: unknown, pushSvr: number): void;
  byDevice: Map<number, unknown>;
  knobs: SystemKnobs;
}
interface PlatformParts {
  onTimer(tag: number, data: unknown): void;
}
interface DirectoryParts {
  apply(change: DirectoryChange, user: number, other: number): boolean;
  groupsOfUser: number[][];
}
const device = Device.prototype as unknown as DeviceParts;
const connectSvr = ConnectSvr.prototype as unknown as ConnectSvrParts;
const platform = PlatformPushService.prototype as unknown as PlatformParts;
const directory = DirectoryIndex.prototype as unknown as DirectoryParts;
const original = {
  sendResponse: device.sendResponse,
  connected: device.connected,
  linger: device.linger,
  connectSvrTimer: connectSvr.onTimer,
  connectSvrMessage: connectSvr.onConnMessage,
  announce: connectSvr.announce,
  platformTimer: platform.onTimer,
  apply: directory.apply,
};

afterEach(() => {
  Object.assign(device, { sendResponse: original.sendResponse, connected: original.connected, linger: original.linger });
  Object.assign(connectSvr, { onTimer: original.connectSvrTimer, onConnMessage: original.connectSvrMessage, announce: original.announce });
  Object.assign(platform, { onTimer: original.platformTimer });
  Object.assign(directory, { apply: original.apply });
  knobTimeoutEverywhere = false;
});

const timeliness = (scenario: string) => (seed: string) => verdictOf('timeliness', scenario, seed);

/** Every verdict failed with `kind`, its detail matching `detail`. */
function expectFailed(verdicts: Verdict[], kind: string | null, detail: RegExp): void {
  for (const verdict of verdicts) expect(verdict).toMatchObject({ ok: false, first: { kind, detail: expect.stringMatching(detail) } });
}

describe('the apps keep their promises', () => {
  it('counts send attempts on after a deferral, and an app that starts them over fails timeliness', () => {
    const plant = () => {
      device.sendResponse = function (this: DeviceParts, resp: SendResp) {
        original.sendResponse.call(this, resp);
        const retry = this.sendRetries?.get(resp.clientMsgId);
        if (resp.reject === 'rate-limited' && retry !== undefined) retry.attempt = 0;
      };
    };
    expectFailed(plantedVerdicts(timeliness('group-storm'), ['1', '2'], plant), 'resend', /^resend: the app numbered an attempt of message \d+ 1, and it is attempt \d+ since the app started \(its backoff grows from its count\)$/);
  });

  it('resends its outbox in the order it was written, and an app that sorts it by client id fails timeliness', () => {
    const plant = () => {
      device.connected = function (this: DeviceParts, conn: unknown) {
        const { outbox } = this.durable;
        const sorted = outbox.keys().sort((a, b) => a - b).map((id) => [id, outbox.get(id)!] as const);
        for (const [id] of sorted) outbox.delete(id);
        for (const [id, message] of sorted) outbox.set(id, message);
        original.connected.call(this, conn);
      };
    };
    expectFailed(plantedVerdicts(timeliness('subway-tunnel'), ['1', '2', '3'], plant), 'resend-order', /^resend-order: as its session started, the app resent message \d+ after a message it wrote to its outbox later \(an outbox goes out in the order it was written\)$/);
  });

  it('lingers after every pull of a wake, and an app that loses its linger timer handle fails timeliness', () => {
    const plant = () => {
      device.linger = function (this: DeviceParts) {
        const kept = this.lingerTimer;
        original.linger.call(this);
        this.lingerTimer = kept;
      };
    };
    expectFailed(plantedVerdicts(timeliness('ios-background'), ['1', '2'], plant), 'slept-early', /^slept-early: a woken app ended its session [\d,]+ ms after its latest pull ended, in the background \(it lingers 5,000 ms after each\)$/);
  });

  it('keeps a longer pull timeout on a slow link, and an app that keeps the knob fails timeliness', () => {
    const verdicts = plantedVerdicts(timeliness('gprs-backlog'), ['1', '2'], () => {
      knobTimeoutEverywhere = true;
    });
    expectFailed(verdicts, 'pull-retry', /^pull-retry: the app tried its pull again 3,000 ms after the try before \(it waits its pull timeout, 4,389 ms on its link\)$/);
  });

  it('offers only the groups its user is in, and a directory that keeps a left group on the list fails send-policy', () => {
    const plant = () => {
      directory.apply = function (this: DirectoryParts, change: DirectoryChange, user: number, other: number) {
        const changed = original.apply.call(this, change, user, other);
        if (changed && change === 'leave') this.groupsOfUser[user]!.push(other);
        return changed;
      };
    };
    const verdicts = plantedVerdicts((seed) => verdictOf('send-policy', 'directory-churn', seed), ['1', '2', '3'], plant);
    expectFailed(verdicts, null, /^the app wrote to group \d+, which user \d+ is not in \(it offers the groups its user is in\)$/);
  });
});

describe('the access layer and the platform keep theirs', () => {
  it('closes a connection for silence only after the idle timeout, and a ConnectSvr sweeping at the device timeout fails timeliness', () => {
    const plant = () => {
      connectSvr.onTimer = function (this: ConnectSvrParts, tag: number, data: unknown) {
        const knobs = this.knobs;
        this.knobs = { ...knobs, serverIdleTimeoutUs: knobs.deviceHeartbeatTimeoutUs };
        original.connectSvrTimer.call(this, tag, data);
        this.knobs = knobs;
      };
    };
    // A login refused at a full queue is not heard: the sweep closed this connection 35 s after its accept, 34 s after the refused hello.
    expect(verdictOf('timeliness', 'gprs-backlog', '1110068', true).ok).toBe(true);
    expectFailed(plantedVerdicts(timeliness('dead-phones'), ['1', '2'], plant), 'idle-close', /^idle-close: connectsvr-\d closed the device's connection after [\d,]+ ms of silence on it, with no login of the device at that moment \(it closes for silence after 35,000 ms\)$/);
  });

  it('tells PushSvr of every login, and a ConnectSvr that says nothing of a device it already held fails timeliness', () => {
    const quiet = new WeakSet<ConnectSvrParts>();
    const plant = () => {
      connectSvr.onConnMessage = function (this: ConnectSvrParts, conn, message) {
        if (message.type === 'hello' && this.byDevice.has(message.device!)) quiet.add(this);
        try {
          original.connectSvrMessage.call(this, conn, message);
        } finally {
          quiet.delete(this);
        }
      };
      connectSvr.announce = function (this: ConnectSvrParts, session, pushSvr) {
        if (!quiet.has(this)) original.announce.call(this, session, pushSvr);
      };
    };
    expectFailed(plantedVerdicts(timeliness('lossy-wifi'), ['1', '2'], plant), 'unannounced', /^unannounced: connectsvr-\d logged the device in and told its PushSvr nothing \(a presence-up names every login\)$/);
  });

  it('closes the connection of a login it supersedes, and a ConnectSvr that keeps the older session fails timeliness', () => {
    const plant = () => {
      connectSvr.onConnMessage = function (this: ConnectSvrParts, conn: unknown, message: { readonly type: string; readonly device?: number }) {
        // The planted bug: the login forgets which session held the device, so it never drops that one.
        if (message.type === 'hello') this.byDevice.delete(message.device!);
        original.connectSvrMessage.call(this, conn, message);
      };
    };
    expectFailed(plantedVerdicts(timeliness('lossy-wifi'), ['8', '9'], plant), 'superseded', /^superseded: connectsvr-\d took the device's login and kept open connection \d+, on which it had taken the device's login before \(a login closes the device's older connection there\)$/);
  });

  it('sends only the notification waiting for a device, and a service that sends each twice fails timeliness', () => {
    const plant = () => {
      platform.onTimer = function (this: PlatformParts, tag: number, data: unknown) {
        original.platformTimer.call(this, tag, data);
        original.platformTimer.call(this, tag, data);
      };
    };
    expectFailed(plantedVerdicts(timeliness('ios-background'), ['1', '2'], plant), 'platform-sent', /^platform-sent: the ios push service sent the device a notification for message \d+, which was not waiting to go out \(nothing was\)$/);
  });
});
