// Every timing and size of the system under simulation, with a realistic default.
import type { LinkProfile } from '../sim/linkProfile.js';
import { ms } from '../sim/time.js';
import type { MutantName } from './mutants.js';

export type Platform = 'ios' | 'android' | 'wp' | 'bb' | 'desktop';

export interface SystemKnobs {
  readonly connectSvrs: number;
  readonly sendSvrs: number;
  readonly receiveSvrs: number;
  readonly msgStores: number;
  readonly pushSvrs: number;
  /** Allocator section groups (each an owner, standbys and a max_seq store). */
  readonly allocators: number;
  /** Replicas per MsgStore shard, the primary included (1: no replication). */
  readonly msgStoreReplicas: number;
  /** Standbys per allocator group, ready to take its lease over. */
  readonly allocatorStandbys: number;

  /** Device heartbeat period on an idle long connection. */
  readonly heartbeatIntervalUs: number;
  /** The device gives up on a connection it has heard nothing on for this long. */
  readonly deviceHeartbeatTimeoutUs: number;
  /** ConnectSvr drops a connection it has heard nothing on for this long. */
  readonly serverIdleTimeoutUs: number;
  readonly connectTimeoutUs: number;
  readonly reconnectBaseUs: number;
  readonly reconnectCapUs: number;
  /** The device resends an unacked message after this long. */
  readonly sendTimeoutUs: number;
  readonly sendRetryCapUs: number;
  readonly pullTimeoutUs: number;
  /** A connected device pulls this often even without a hint. */
  readonly periodicPullUs: number;
  /** A backgrounded app gets a background fetch this often. */
  readonly backgroundFetchUs: number;
  /** How long a woken background app stays connected after it has caught up. */
  readonly wakeLingerUs: number;

  /** Messages per pull page. */
  readonly pageSize: number;
  /** The allocator persists a section's max_seq this far ahead of cur_seq. */
  readonly allocStep: number;
  /** Users per allocator section. */
  readonly sectionSize: number;
  /** Server-to-server request timeout, and how many attempts before giving up. */
  readonly rpcTimeoutUs: number;
  readonly rpcAttempts: number;

  /** How long an allocator's lease on its section group lasts unless renewed. */
  readonly allocatorLeaseUs: number;
  /**
   * How far a server's clock may run behind another's while the lease design stays safe: a lapsed
   * lease is handed over only this long after it lapsed by the max_seq store's clock.
   */
  readonly clockSkewMaxUs: number;

  /** Anti-spam: sends per sender within the window before rejecting. */
  readonly spamBurst: number;
  /**
   * What one login costs a ConnectSvr (TLS, authentication, session restore): logins wait their
   * turn in its queue. 0 (the default): logins take no time and never queue.
   */
  readonly loginServiceUs: number;
  /** Logins that may wait at one ConnectSvr; one more is refused with hello-busy (back-pressure). */
  readonly loginQueueCap: number;
  readonly spamWindowUs: number;

  readonly platformPush: PlatformPushKnobs;
  readonly dataCenterLink: LinkProfile;
  readonly mutants: ReadonlySet<MutantName>;
}

export interface PlatformPushKnobs {
  readonly enabled: boolean;
  readonly delayMedianUs: number;
  readonly delayP99Us: number;
  readonly dropRate: number;
  /** While a notification to a device is pending, a newer one replaces it. */
  readonly coalesce: boolean;
}

export const DEFAULT_KNOBS: SystemKnobs = {
  connectSvrs: 2,
  sendSvrs: 2,
  receiveSvrs: 2,
  msgStores: 2,
  pushSvrs: 1,
  allocators: 1,
  msgStoreReplicas: 3,
  allocatorStandbys: 1,
  heartbeatIntervalUs: ms(10_000),
  deviceHeartbeatTimeoutUs: ms(25_000),
  serverIdleTimeoutUs: ms(35_000),
  // Long enough for a SYN retransmitted twice (1 s, then 2 s) on a lossy mobile network.
  connectTimeoutUs: ms(10_000),
  reconnectBaseUs: ms(500),
  reconnectCapUs: ms(30_000),
  sendTimeoutUs: ms(5_000),
  sendRetryCapUs: ms(30_000),
  pullTimeoutUs: ms(3_000),
  periodicPullUs: ms(60_000),
  backgroundFetchUs: ms(120_000),
  wakeLingerUs: ms(5_000),
  pageSize: 50,
  allocStep: 10_000,
  sectionSize: 100,
  rpcTimeoutUs: ms(1_000),
  rpcAttempts: 5,
  allocatorLeaseUs: ms(3_000),
  clockSkewMaxUs: ms(1_000),
  spamBurst: 30,
  loginServiceUs: 0,
  loginQueueCap: 32,
  spamWindowUs: ms(10_000),
  platformPush: { enabled: true, delayMedianUs: ms(400), delayP99Us: ms(5_000), dropRate: 0.02, coalesce: true },
  dataCenterLink: { latencyMedianUs: 250, latencyP99Us: ms(2), lossRate: 0, duplicateRate: 0 },
  mutants: new Set(),
};

export const SEQ_MAX = 2 ** 32 - 1;
