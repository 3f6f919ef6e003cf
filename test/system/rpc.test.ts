// Rpc: each attempt goes where the caller says at that moment, the caller hears exactly one
// outcome (the answer, with the context its call gave, or giving up after the last attempt).
import { describe, expect, it } from 'vitest';
import { Process } from '../../src/sim/process.js';
import { Simulation } from '../../src/sim/simulation.js';
import { ms } from '../../src/sim/time.js';
import { Rpc, type RpcCaller } from '../../src/system/rpc.js';
import type { AllocReq, AllocResp, Wire } from '../../src/system/wire.js';

const TIMER_RPC = 1;
const TIMEOUT_US = ms(100);
const ATTEMPTS = 3;

class Caller extends Process<Wire, null> implements RpcCaller<AllocReq, AllocResp, string> {
  rpc!: Rpc<AllocReq, AllocResp, string>;
  /** Where the next attempt goes. */
  route = -1;
  readonly outcomes: string[] = [];

  constructor() {
    super('caller', 'server', null);
  }

  start(): void {
    this.rpc = new Rpc(this, this, TIMER_RPC, TIMEOUT_US, ATTEMPTS);
  }

  ask(user: number, context: string, num: number): void {
    this.rpc.call({ type: 'alloc-req', reqId: this.rpc.newReqId(), user, msgId: 0 }, context, num);
  }

  rpcDestination(): number {
    return this.route;
  }

  rpcReplied(reply: AllocResp, request: AllocReq, context: string, num: number): void {
    this.outcomes.push(`reply ${context}/${num} user ${request.user} seq ${reply.seq} @${this.nowUs}`);
  }

  rpcGaveUp(request: AllocReq, context: string, num: number): void {
    this.outcomes.push(`gave up ${context}/${num} user ${request.user} @${this.nowUs}`);
  }

  override onTimer(tag: number, data: unknown): void {
    if (tag === TIMER_RPC) this.rpc.timedOut(data as number);
  }

  override onMessage(_from: number, message: Wire): void {
    if (message.type === 'alloc-resp') this.rpc.replied(message);
  }
}

/** Counts the requests it gets; answers each one twice (a duplicated reply) unless silent. */
class Store extends Process<Wire, null> {
  readonly received: number[] = [];

  constructor(
    name: string,
    private readonly silent: boolean,
  ) {
    super(name, 'server', null);
  }

  start(): void {}

  override onMessage(from: number, message: Wire): void {
    if (message.type !== 'alloc-req') return;
    this.received.push(message.reqId);
    if (this.silent) return;
    const reply: AllocResp = { type: 'alloc-resp', reqId: message.reqId, user: message.user, seq: 7 };
    this.send(from, reply);
    this.send(from, reply);
  }
}

describe('Rpc', () => {
  it('sends each attempt where the caller says then, and gives up once, after the last', () => {
    const sim = new Simulation({ seed: 'rpc' });
    const caller = sim.add(new Caller());
    const first = sim.add(new Store('first', true));
    const second = sim.add(new Store('second', true));
    caller.route = first.id;
    sim.at(0, 'ask', () => caller.ask(5, 'job', 3));
    // The primary moves between the first attempt and the second.
    sim.at(TIMEOUT_US / 2, 'move', () => (caller.route = second.id));
    expect(sim.run()).toBe('idle');
    expect(first.received).toHaveLength(1);
    expect(second.received).toEqual([first.received[0], first.received[0]]);
    expect(caller.outcomes).toEqual([`gave up job/3 user 5 @${ATTEMPTS * TIMEOUT_US}`]);
  });

  it('hands over one answer with its context, and neither a duplicate nor a timeout after it', () => {
    const sim = new Simulation({ seed: 'rpc' });
    const caller = sim.add(new Caller());
    const store = sim.add(new Store('store', false));
    caller.route = store.id;
    sim.at(0, 'ask', () => {
      caller.ask(5, 'a', 1);
      caller.ask(6, 'b', 2);
    });
    expect(sim.run()).toBe('idle');
    expect(store.received).toHaveLength(2);
    expect(new Set(store.received).size).toBe(2);
    expect(caller.outcomes).toHaveLength(2);
    expect(caller.outcomes.map((outcome) => outcome.replace(/ @\d+$/, '')).sort()).toEqual(['reply a/1 user 5 seq 7', 'reply b/2 user 6 seq 7']);
  });
});
