// The kernel: a virtual clock, one event queue, and the dispatch loop. It is the only scheduler in
// a run; ties in time break by insertion order. It knows processes, timers, disks and the network,
// and nothing of what the processes do.
import { HandlerFailed, ProcessCrashed } from './errors.js';
import { TypedHeapQueue } from './eventQueue.js';
import { CANCELLED, EventSlots, INCARNATION, INT_WORDS, KIND, TARGET } from './eventSlots.js';
import { Network } from './network.js';
import type { Process } from './process.js';
import { RandomStreams, type RandomStream } from './random.js';
import { roundWhole } from './time.js';
import { NO_LANE, TimerLanes } from './timerLanes.js';
import { Trace, type TraceOptions } from './trace.js';
import { defineTraceKind, hashString } from './traceKinds.js';
import { UnsyncedWrites, type Undo } from './unsyncedWrites.js';

/** Every message a process sends names its type; the trace records the type's hash. */
export interface SimMessage {
  readonly type: string;
}

/** Names a pending timer so that it can be cancelled; stale once the timer fires. */
export type TimerHandle = number;

// Event kinds. Network kinds are handled by the Network; the rest here.
export const EV_TIMER = 0;
export const EV_DISK = 1;
export const EV_CALL = 2;
export const EV_DELIVER = 3;
export const EV_CONN_ACCEPT = 4;
export const EV_CONN_ESTABLISHED = 5;
export const EV_CONN_MESSAGE = 6;
export const EV_CONN_CLOSED = 7;
/** A disk write made without a sync: it completes like any other, but a power loss may undo it. */
export const EV_DISK_UNSYNCED = 8;
/** A queued request's service time is over (serviceQueue.ts): its handler runs. */
export const EV_SERVED = 9;

const TK_TIMER = defineTraceKind('timer', ['tag']);
const TK_DISK = defineTraceKind('disk-written', ['tag']);
/** The write landing next (its disk-written follows) was made without a sync: a power loss may take it back. */
const TK_DISK_UNSYNCED = defineTraceKind('disk-unsynced', ['tag']);
const TK_CALL = defineTraceKind('call', ['label']);
const TK_CRASH = defineTraceKind('crash', ['point']);
/** A crashed process starts again (the oracle follows a MsgStore that comes back as a shard's primary). */
export const TK_RESTART = defineTraceKind('restart', []);
const TK_PAUSE = defineTraceKind('pause', ['held']);
const TK_RESUME = defineTraceKind('resume', ['held']);
const TK_CLOCK = defineTraceKind('clock-offset', ['offsetUs']);
const TK_POWER_LOSS = defineTraceKind('power-loss', ['undone']);

/** A timer's delay in whole microseconds; a negative or NaN delay is a bug of the process that set it. */
function timerDelayUs(process: Process, delayUs: number): number {
  if (!(delayUs >= 0)) throw new RangeError(`${process.name}: timer delay ${delayUs}us`);
  return roundWhole(delayUs);
}

/** A lane's head sits in the heap as a negative item (slots are >= 0, and -1 is the heap's EMPTY). */
function laneItem(lane: number): number {
  return -2 - lane;
}

function laneOfItem(item: number): number {
  return -2 - item;
}

export interface SimulationOptions {
  /** The root seed; every random stream of the run is forked from it. */
  seed: string;
  trace?: TraceOptions;
  /** Events the run may process before the watchdog stops it. */
  maxSteps?: number;
  /** Pending events the queue may hold before the watchdog stops the run. */
  maxPendingEvents?: number;
}

/** Why `run` returned. Only `idle` and `until` are normal; the rest are watchdog stops. */
export type RunStop = 'idle' | 'until' | 'stopped' | 'step-budget' | 'pending-budget';

/**
 * Decides whether `process` crashes at the named crash point (set by the fault layer). An object
 * with a method, not a function: V8 keeps a closure stored into an existing field alive through
 * the scavenges after its object dies, and this one would hold its whole run (199 of 200 swarm draws
 * have a crash-point or moment-timed fault, which sets it).
 */
export interface CrashHook {
  crashPointReached(process: Process, point: string): boolean;
}

export class Simulation {
  nowUs = 0;
  /**
   * Events dispatched so far (stale ones included, and cancelled ones the heap pops; a timeout
   * cancelled behind its lane's head is dropped without a step).
   */
  steps = 0;
  readonly seed: string;
  readonly random: RandomStreams;
  readonly trace: Trace;
  readonly network: Network;
  readonly processes: Process[] = [];
  crashHook: CrashHook | undefined = undefined;
  readonly maxSteps: number;
  readonly maxPendingEvents: number;
  private readonly queue = new TypedHeapQueue(1024);
  private readonly slots = new EventSlots(1024);
  private readonly lanes = new TimerLanes();
  private readonly diskIdleAtUs: number[] = [];
  /** Per process: disk writes completed (counted here, for the run's cost figures). */
  private readonly diskWrites: number[] = [];
  /** Per process: its disk's random stream (looked up by name once, not on every write). */
  private readonly diskRandom: (RandomStream | undefined)[] = [];
  /** Per process: while paused, the slots of its events held back, in the order they fell due. */
  private readonly held: (number[] | undefined)[] = [];
  private pausedCount = 0;
  /** Per process: how far its local clock is from the simulation's (see localNowUs). */
  private readonly clockOffsetUs: number[] = [];
  private readonly unsynced = new UnsyncedWrites();
  private stopRequested: string | undefined = undefined;

  constructor(options: SimulationOptions) {
    this.seed = options.seed;
    this.random = new RandomStreams(options.seed);
    this.trace = new Trace(this, options.trace);
    this.network = new Network(this);
    this.maxSteps = options.maxSteps ?? 50_000_000;
    this.maxPendingEvents = options.maxPendingEvents ?? 5_000_000;
  }

  get pendingEvents(): number {
    return this.queue.size + this.lanes.waiting;
  }

  /** Adds a process and starts it now. */
  add<P extends Process<any, any>>(process: P): P {
    process.attach(this, this.processes.length);
    this.processes.push(process);
    this.diskIdleAtUs.push(0);
    this.diskRandom.push(undefined);
    this.clockOffsetUs.push(0);
    this.diskWrites.push(0);
    this.network.processAdded();
    process.up = true;
    process.start(false);
    return process;
  }

  process(id: number): Process {
    const process = this.processes[id];
    if (process === undefined) throw new RangeError(`no process ${id}`);
    return process;
  }

  /** Schedules a control-plane action (a fault, a workload phase) at an absolute time. */
  at(timeUs: number, label: string, action: () => void): void {
    if (timeUs < this.nowUs) throw new RangeError(`at(${timeUs}): the clock is already at ${this.nowUs}`);
    this.post(timeUs, EV_CALL, -1, 0, hashString(label), action, undefined);
  }

  setTimer(process: Process, delayUs: number, tag: number, data: unknown): TimerHandle {
    return this.slots.handle(this.post(this.nowUs + timerDelayUs(process, delayUs), EV_TIMER, process.id, process.incarnation, tag, data, undefined));
  }

  /**
   * A timer as setTimer's, for a timeout that is usually cancelled before it fires: it waits in
   * its delay's FIFO lane (timerLanes.ts), where cancelling it costs the heap nothing. It fires at
   * the same moment, in the same order among other events, as setTimer's would.
   */
  armTimeout(process: Process, delayUs: number, tag: number, data: unknown): TimerHandle {
    const wholeUs = timerDelayUs(process, delayUs);
    const timeUs = this.nowUs + wholeUs;
    const lane = this.lanes.laneFor(wholeUs);
    if (lane === NO_LANE) return this.slots.handle(this.post(timeUs, EV_TIMER, process.id, process.incarnation, tag, data, undefined));
    const slot = this.slots.alloc(EV_TIMER, process.id, process.incarnation, tag, data, undefined);
    const seq = this.queue.takeSeq();
    if (this.lanes.append(lane, timeUs, seq, slot)) this.queue.pushKeyed(timeUs, seq, laneItem(lane));
    return this.slots.handle(slot);
  }

  cancelTimer(timer: TimerHandle): void {
    this.slots.cancel(timer);
  }

  /**
   * A disk write: `mutate` changes durable state when it completes. An unsynced write's `mutate`
   * returns the closure that undoes it, for a power loss before the OS has written it back.
   */
  persist(process: Process, mutate: (durable: unknown) => Undo | void, tag: number, data: unknown, sync: boolean): void {
    const profile = process.diskProfile;
    const latencyUs = (this.diskRandom[process.id] ??= process.random('disk')).latency(profile.writeMedianUs, profile.writeP99Us);
    // One write at a time: each lands after the one before, never in the same microsecond, so a
    // crash can always fall between two writes issued together.
    const doneUs = Math.max(this.nowUs + latencyUs, this.diskIdleAtUs[process.id]! + 1);
    this.diskIdleAtUs[process.id] = doneUs;
    this.post(doneUs, sync ? EV_DISK : EV_DISK_UNSYNCED, process.id, process.incarnation, tag, mutate, data);
  }

  /** Disk writes `process` completed so far. */
  diskWritesOf(process: number): number {
    return this.diskWrites[process] ?? 0;
  }

  /** The process's own clock: the simulation's, off by what a clock fault set (see setClockOffset). */
  localNowUs(id: number): number {
    return this.nowUs + this.clockOffsetUs[id]!;
  }

  /** Sets how far a process's clock is off the simulation's (negative: behind) until set again. */
  setClockOffset(id: number, offsetUs: number): void {
    this.clockOffsetUs[id] = offsetUs;
    this.trace.emit(TK_CLOCK, id, offsetUs);
  }

  /**
   * Freezes a process (a stop-the-world GC, a VM migrated): from now on every event due to it waits,
   * in the order it fell due, until `resume`. Its clock keeps running.
   */
  pause(id: number): void {
    if (this.held[id] !== undefined) return;
    this.held[id] = [];
    this.pausedCount++;
    this.trace.emit(TK_PAUSE, id, 0);
  }

  /** Ends a pause: the held events run now, in the order they fell due. */
  resume(id: number): void {
    const held = this.held[id];
    if (held === undefined) return;
    this.held[id] = undefined;
    this.pausedCount--;
    this.trace.emit(TK_RESUME, id, held.length);
    for (const slot of held) this.queue.push(this.nowUs, slot);
  }

  isPaused(id: number): boolean {
    return this.held[id] !== undefined;
  }

  /**
   * The machine loses power: the process crashes, and every write it completed without a sync and
   * the OS had not written back yet is undone (newest first).
   */
  powerLoss(id: number): void {
    this.crash(id, 'power-loss');
    this.trace.emit(TK_POWER_LOSS, id, this.unsynced.lose(id, this.nowUs));
  }

  crashPoint(process: Process, point: string): void {
    if (this.crashHook !== undefined && this.crashHook.crashPointReached(process, point)) {
      this.crash(process.id, point);
      throw new ProcessCrashed(process.name, point);
    }
  }

  /**
   * Crashes a process: volatile state, timers, unfinished disk writes and its connections go.
   * `silent`: the machine vanished, so peers are not told their connections closed.
   */
  crash(id: number, point = 'external', silent = false): void {
    const process = this.process(id);
    if (!process.up) return;
    // A crash ends a pause: what it held back finds the process down, as it would have.
    this.resume(id);
    process.up = false;
    process.incarnation++;
    this.diskIdleAtUs[id] = 0;
    this.trace.emit(TK_CRASH, id, hashString(point));
    this.network.processCrashed(id, silent);
    this.network.services.crashed(id);
  }

  /** Restarts a crashed process from its durable state. */
  restart(id: number): void {
    const process = this.process(id);
    if (process.up) return;
    process.up = true;
    this.trace.emit(TK_RESTART, id);
    this.invoke(process, () => process.start(true));
  }

  /** Asks the run loop to stop after the current event (e.g. a safety violation was found). */
  stop(reason: string): void {
    this.stopRequested ??= reason;
  }

  get stopReason(): string | undefined {
    return this.stopRequested;
  }

  /** Runs events in order until the queue is empty, `untilUs` passes, or a budget runs out. */
  run(untilUs = Infinity): RunStop {
    const queue = this.queue;
    for (;;) {
      if (this.stopRequested !== undefined) return 'stopped';
      const nextUs = queue.peekTime();
      if (nextUs === Infinity) return 'idle';
      if (nextUs > untilUs) {
        this.nowUs = untilUs;
        return 'until';
      }
      if (this.steps >= this.maxSteps) return 'step-budget';
      if (this.pendingEvents > this.maxPendingEvents) return 'pending-budget';
      this.step();
    }
  }

  /**
   * Internal to the kernel (network, timers, disks): queues an event; returns its slot. A message
   * event carries its type's number in place of an incarnation (it is judged by the target's `up`).
   */
  post(timeUs: number, kind: number, target: number, incarnation: number, num: number, obj1: unknown, obj2: unknown): number {
    const slot = this.slots.alloc(kind, target, incarnation, num, obj1, obj2);
    this.queue.push(timeUs, slot);
    return slot;
  }

  /** Runs a handler outside the dispatch loop; a crash point ends it, anything else fails the run. */
  private invoke(process: Process, handler: () => void): void {
    try {
      handler();
    } catch (error) {
      if (error instanceof ProcessCrashed) return;
      if (error instanceof HandlerFailed) throw error;
      throw new HandlerFailed(process.name, this.nowUs, error);
    }
  }

  private step(): void {
    const slots = this.slots;
    let slot = this.queue.pop();
    this.nowUs = this.queue.lastTimeUs;
    if (slot < 0) slot = this.laneFell(slot);
    this.steps++;
    // Read the event out and free its slot first: handlers reuse slots for what they schedule.
    const ints = slots.ints;
    const row = slot * INT_WORDS;
    const cancelled = ints[row + CANCELLED] === 1;
    const kind = ints[row + KIND]!;
    const target = ints[row + TARGET]!;
    const incarnation = ints[row + INCARNATION]!;
    const num = slots.num[slot]!;
    const obj1 = slots.objs[2 * slot];
    const obj2 = slots.objs[2 * slot + 1];
    if (!cancelled && this.pausedCount > 0 && target >= 0 && this.held[target] !== undefined) {
      // Paused: keep the slot (a timer's handle stays valid) and run it at resume.
      this.held[target]!.push(slot);
      return;
    }
    slots.release(slot);
    if (cancelled) return;
    try {
      this.dispatch(kind, target, incarnation, num, obj1, obj2);
    } catch (error) {
      if (error instanceof ProcessCrashed) return;
      if (error instanceof HandlerFailed) throw error;
      const name = target >= 0 ? this.processes[target]!.name : 'control';
      throw new HandlerFailed(name, this.nowUs, error);
    }
  }

  /** A lane's head fell due: takes it off, and puts the lane's next live timer in the heap. */
  private laneFell(item: number): number {
    const lanes = this.lanes;
    const lane = laneOfItem(item);
    const slot = lanes.shift(lane, this.slots);
    if (!lanes.isEmpty(lane)) this.queue.pushKeyed(lanes.headTimeUs(lane), lanes.headSeq(lane), item);
    return slot;
  }

  private dispatch(kind: number, target: number, incarnation: number, num: number, obj1: unknown, obj2: unknown): void {
    switch (kind) {
      case EV_TIMER: {
        const process = this.processes[target]!;
        if (process.incarnation !== incarnation) return;
        this.trace.emit(TK_TIMER, target, num);
        process.onTimer(num, obj1);
        return;
      }
      case EV_DISK:
      case EV_DISK_UNSYNCED: {
        const process = this.processes[target]!;
        if (process.incarnation !== incarnation) return;
        const undo = (obj1 as (durable: unknown) => Undo | void)(process.durable);
        if (kind === EV_DISK) this.unsynced.synced(target);
        else if (typeof undo === 'function') this.unsynced.completed(target, this.nowUs, undo);
        else throw new Error(`${process.name}: an unsynced write must return the closure that undoes it`);
        if (kind === EV_DISK_UNSYNCED) this.trace.emit(TK_DISK_UNSYNCED, target, num);
        this.trace.emit(TK_DISK, target, num);
        this.diskWrites[target]++;
        process.onDiskWritten(num, obj2);
        return;
      }
      case EV_CALL:
        this.trace.emit(TK_CALL, -1, num);
        (obj1 as () => void)();
        return;
      case EV_SERVED:
        // The service of a request queued before a crash is over for nobody.
        if (this.processes[target]!.incarnation !== incarnation) return;
        this.network.dispatch(kind, target, num, obj1, obj2, 0);
        return;
      default:
        // A message event's incarnation word carries its type's number (see Network.dispatch).
        this.network.dispatch(kind, target, num, obj1, obj2, incarnation);
    }
  }
}
