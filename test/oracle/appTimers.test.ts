// timeliness's promises on the app's own timers. Its periodic pulls come one per period of its app
// state; a woken app ends its session wakeLinger after it caught up and settled its sends; an
// unanswered send goes again on the backoff. An app whose background fetch timer kept running in
// the foreground pulled half again as often, one that lingered a minute instead of 5 s stayed
// connected in the background all the while, and one whose send backoff started a step up made
// every sender whose first attempt was lost wait twice as long: all three delivered everything and
// broke no other rule. Nor did an app that stopped its periodic pulls after a background spell, nor
// one that retried its pulls after 3 ms, its timeout armed in the wrong unit, nor one that retried a
// deferred send after its send timeout instead of the anti-spam window, nor one that pulled again
// after every hint-started pull, nor one that armed its first heartbeat of a connection with its
// heartbeat timeout.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import type { TimerHandle } from '../../src/sim/simulation.js';
import { Device } from '../../src/system/device.js';

const SEEDS = ['1', '2', '3'];

type Verdict = { readonly ok: boolean; readonly first: { readonly kind: string | null; readonly detail: string } | null };

const timeliness = (scenario: string, seed: string): Verdict => runScenario(scenario, { seed }).invariants.find((invariant) => invariant.name === 'timeliness')!;

/** The plants reach the device's private parts through its prototype. */
type Timed = (this: DeviceParts, ...args: unknown[]) => void;
interface DeviceParts {
  goForeground: Timed;
  linger: Timed;
  trySend: Timed;
  pull: Timed;
  onTimer: Timed;
  sendResponse: Timed;
  onConnOpen: Timed;
  background: boolean;
  pullAgain: boolean;
  pullReqId: number;
  setTimer(delayUs: number, tag: number, data?: unknown): TimerHandle;
  armTimeout(delayUs: number, tag: number, data?: unknown): TimerHandle;
  fetchTimer: TimerHandle | undefined;
}
const proto = Device.prototype as unknown as DeviceParts;
const original = { goForeground: proto.goForeground, linger: proto.linger, trySend: proto.trySend, pull: proto.pull, onTimer: proto.onTimer, sendResponse: proto.sendResponse, onConnOpen: proto.onConnOpen };

afterEach(() => Object.assign(proto, original));

/** Plants a bug: `method` arms its timers (through `arm`) `factor` times as long. */
function stretchTimers(method: 'linger' | 'trySend' | 'pull' | 'sendResponse' | 'onConnOpen', arm: 'setTimer' | 'armTimeout', factor: number): void {
  proto[method] = function (this: DeviceParts, ...args) {
    const own = this[arm];
    this[arm] = (delayUs, tag, data) => own.call(this, delayUs * factor, tag, data);
    try {
      original[method].apply(this, args);
    } finally {
      delete (this as Partial<DeviceParts>)[arm];
    }
  };
}

/** The correct app keeps the promise on `scenario`; the planted bug breaks it on every seed, with a violation of `kind`. */
function plantFails(scenario: string, plant: () => void, kind: string, detail: RegExp, seeds = SEEDS): void {
  for (const seed of seeds) expect(timeliness(scenario, seed).ok).toBe(true);
  plant();
  for (const seed of seeds) {
    const verdict = timeliness(scenario, seed);
    expect(verdict.ok).toBe(false);
    expect(verdict.first?.kind).toBe(kind);
    expect(verdict.first?.detail).toMatch(detail);
  }
}

describe("an app's own timers", () => {
  it('fetch only in the background, and an app whose background fetch timer runs on in the foreground fails timeliness', () => {
    // The planted bug: coming to the foreground forgets the fetch timer instead of cancelling it.
    const plant = () => {
      proto.goForeground = function (this: DeviceParts) {
        this.fetchTimer = undefined;
        original.goForeground.call(this);
      };
    };
    plantFails('platform-push-off', plant, 'fetches', /^fetches: a background fetch at [\d,]+ ms outside a background spell \(an app in the background fetches every 40,000 ms from when it went there; no fault touched the device\)$/);
  });

  it('pull once per period, and an app that starts another periodic timer at each return to the foreground fails timeliness', () => {
    // The planted bug: coming to the foreground arms the periodic pull (tag 5) again, beside the one running.
    const plant = () => {
      proto.goForeground = function (this: DeviceParts) {
        original.goForeground.call(this);
        this.setTimer(60_000_000, 5);
      };
    };
    plantFails('platform-push-off', plant, 'pulls', /^pulls: two periodic pulls [\d,]+ ms apart in the foreground \(one periodic pull every 60,000 ms\)$/);
  });

  it('end a woken session wakeLinger after its catch-up, and an app that lingers twelve times as long fails timeliness', () => {
    plantFails('ios-background', () => stretchTimers('linger', 'setTimer', 12), 'linger', /^linger: a woken session (still up|ended) [\d,]+ ms after the app caught up and settled its sends, in the background \(it sleeps again 5,000 ms after that\)$/);
  });

  it('send again on the backoff, and an app whose backoff starts a step up fails timeliness', () => {
    plantFails('sendsvr-crash-points', () => stretchTimers('trySend', 'armTimeout', 2), 'resend', /^resend: the next attempt of unanswered message \d+ (came|had not come) [\d,]+ ms after attempt \d+, in the same session \(due within [\d,]+ ms\)$/);
  });

  it('pull at least once per period in the foreground, and an app whose periodic timer dies in the background fails timeliness', () => {
    // The planted bug: the periodic pull timer is not armed again when it fires in the background.
    const plant = () => {
      proto.onTimer = function (this: DeviceParts, ...args) {
        const own = this.setTimer;
        const periodicPullUs = 60_000_000;
        if (this.background) this.setTimer = (delayUs, tag, data) => (delayUs === periodicPullUs ? (undefined as unknown as TimerHandle) : own.call(this, delayUs, tag, data));
        try {
          original.onTimer.apply(this, args);
        } finally {
          delete (this as Partial<DeviceParts>).setTimer;
        }
      };
    };
    plantFails('platform-push-off', plant, 'pull-gap', /^pull-gap: the app pulled nothing for [\d,]+ ms in the foreground, connected, with no fault on the device or its ConnectSvr \(a periodic pull every 60,000 ms: at most [\d,]+ ms apart with a pull timeout and a disk write\)$/, ['1', '3', '4']);
  });

  it('beat first an interval after the connection opens, and an app that arms its first beat with the heartbeat timeout fails timeliness', () => {
    plantFails('baseline', () => stretchTimers('onConnOpen', 'setTimer', 2.5), 'heartbeat-gap', /^heartbeat-gap: no heartbeat from the device reached connectsvr-\d for 25,00\d ms after the device's connection opened, in the session it began, with no fault on the device or its ConnectSvr \(one every 10,000 ms, each within a device hop: at most [\d,]+ ms apart\)$/, ['1', '2']);
  });

  it("retry a pull only after its timeout, and an app that armed the timeout in the wrong unit fails timeliness", () => {
    plantFails('baseline', () => stretchTimers('pull', 'armTimeout', 0.001), 'pull-retry', /^pull-retry: the app tried its pull again \d+ ms after the try before \(it waits its pull timeout, 3,000 ms on its link\)$/);
  });

  it('retry a deferred send only after the anti-spam window, and an app that retries it after its send timeout fails timeliness', () => {
    plantFails('group-storm', () => stretchTimers('sendResponse', 'setTimer', 0.5), 'resend', /^resend: attempt \d+ of unanswered message \d+ came 5,000 ms after its anti-spam deferral, in the same session \(not before 10,000 ms\)$/, ['8', '9', '10']);
  });

  it('pull again only when asked while pulling, and an app that pulls again after every hint-started pull fails timeliness', () => {
    // The planted bug: a pull a hint started notes a pull again, "in case a replica lagged".
    const plant = () => {
      proto.pull = function (this: DeviceParts, ...args) {
        const idle = this.pullReqId === 0;
        original.pull.apply(this, args);
        if (idle && args[0] === 'notify') this.pullAgain = true;
      };
    };
    plantFails('multi-device', plant, 'pull-again', /^pull-again: the app pulled again \d+ times with nothing seen asking it to while it pulled, in [\d,]+ ms since it started \(its periodic timers fired at most \d+ times\)$/, ['8', '9', '10']);
  });
});
