// The users: each sends on a Poisson schedule from one of their running devices, to a contact or
// one of their groups, now and then in a burst. Each user draws from their own stream, so adding a
// user never changes what the others do.
import { Process } from '../sim/process.js';
import type { RandomStream } from '../sim/random.js';
import type { SimMessage } from '../sim/simulation.js';
import { TEXT_MAX_BYTES } from './wireSizes.js';
import type { World } from './world.js';

export interface WorkloadSpec {
  /** Mean sends per user per minute. */
  readonly sendsPerUserPerMin: number;
  /** Share of sends that go to one of the sender's groups (when they have one). */
  readonly groupShare: number;
  /** Share of sends whose content the anti-spam filter flags. */
  readonly spamShare: number;
  /** Chance that a send is a burst of `burstSize` messages typed in quick succession. */
  readonly burstChance: number;
  readonly burstSize: number;
  /** Each message's text size (bytes): a log-normal spread with this median and 99th percentile, at most TEXT_MAX_BYTES. */
  readonly textMedianBytes: number;
  readonly textP99Bytes: number;
  readonly startUs: number;
  readonly stopUs: number;
}

/** The messages of a burst are typed between half and twice this apart. */
export const BURST_GAP_US = 300_000;

export class Workload extends Process<SimMessage, null> {
  /** Each user's stream by user index (naming it on every draw was a string built per timer). */
  private readonly userStreams: RandomStream[] = [];

  constructor(
    private readonly world: World,
    private readonly spec: WorkloadSpec,
  ) {
    super('workload', 'workload', null);
  }

  start(): void {
    if (this.spec.sendsPerUserPerMin <= 0) return;
    for (let user = 0; user < this.world.spec.users.length; user++) this.scheduleNext(user, this.spec.startUs);
  }

  override onTimer(user: number, data: unknown): void {
    const burstLeft = data as number;
    if (this.nowUs >= this.spec.stopUs) return;
    const random = this.userStream(user);
    this.sendOne(user);
    if (burstLeft > 0) {
      this.setTimer(random.int(BURST_GAP_US / 2, BURST_GAP_US * 2), user, burstLeft - 1);
      return;
    }
    if (random.bernoulli(this.spec.burstChance)) this.setTimer(random.int(BURST_GAP_US / 2, BURST_GAP_US * 2), user, this.spec.burstSize - 1);
    else this.scheduleNext(user, this.nowUs);
  }

  private userStream(user: number): RandomStream {
    return (this.userStreams[user] ??= this.forkRandom(`user-${user}`));
  }

  private scheduleNext(user: number, fromUs: number): void {
    const meanGapUs = 60_000_000 / this.spec.sendsPerUserPerMin;
    const atUs = fromUs + this.userStream(user).exponential(meanGapUs);
    if (atUs < this.spec.stopUs) this.setTimer(atUs - this.nowUs, user, 0);
  }

  private sendOne(user: number): void {
    const world = this.world;
    const random = this.userStream(user);
    const running = world.devicesOf(user).filter((device) => device.up);
    if (running.length === 0) return;
    const device = random.pick(running);
    const groups = world.directory.groupsOf(user);
    const spam = random.bernoulli(this.spec.spamShare);
    const textBytes = Math.max(1, Math.min(TEXT_MAX_BYTES, random.latency(this.spec.textMedianBytes, this.spec.textP99Bytes)));
    const users = world.spec.users.length;
    if (groups.length > 0 && random.bernoulli(this.spec.groupShare)) {
      world.compose(device, { group: random.pick(groups) }, { spam, textBytes });
    } else if (users > 1) {
      const other = random.int(0, users - 1);
      world.compose(device, { toUser: other >= user ? other + 1 : other }, { spam, textBytes });
    }
  }
}
