import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Trace } from '../../src/sim/trace.js';
import { defineTraceKind } from '../../src/sim/traceKinds.js';

const PING = defineTraceKind('test-ping', ['a', 'b', 'c', 'd']);
const PONG = defineTraceKind('test-pong', ['x']);

type Event = [kind: 0 | 1, timeUs: number, actor: number, a: number, b: number, c: number, d: number];

function hashOf(events: Event[], options = {}): { trace: Trace; hash: string } {
  const clock = { nowUs: 0 };
  const trace = new Trace(clock, options);
  for (const [kind, timeUs, actor, a, b, c, d] of events) {
    clock.nowUs = timeUs;
    trace.emit(kind === 0 ? PING : PONG, actor, a, b, c, d);
  }
  return { trace, hash: trace.hash() };
}

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const event = fc.tuple(fc.constantFrom<0 | 1>(0, 1), fc.integer({ min: 0, max: 2 ** 50 }), u32, u32, u32, u32, u32);

describe('trace', () => {
  it('keeps only the first keptEventsMax events of a long run, says so, and still hashes every event', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), fc.integer({ min: 1, max: 20 }), (events, max) => {
        const { trace, hash } = hashOf(events, { keepAll: true, keptEventsMax: max });
        const kept = trace.records()!;
        expect(kept.length).toBe(Math.min(events.length, max));
        expect(kept.map((record) => record.timeUs)).toEqual(events.slice(0, max).map(([, timeUs]) => timeUs));
        expect(trace.truncated).toBe(events.length > max);
        expect(trace.count).toBe(events.length);
        expect(hash).toBe(hashOf(events).hash);
      }),
    );
  });

  it('hashes to 16 hex digits, the same for the same events', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        const { hash } = hashOf(events);
        expect(hash).toMatch(/^[0-9a-f]{16}$/);
        expect(hashOf(events).hash).toBe(hash);
      }),
    );
  });

  it('changes the hash when any field of any event changes', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 10 }), fc.nat(), fc.integer({ min: 0, max: 6 }), u32, (events, which, field, value) => {
        const changed = events.map((e) => [...e] as Event);
        const target = changed[which % changed.length]!;
        // test-pong has one field: values passed beyond a kind's fields are not part of the event.
        if (target[0] === 1 && field >= 4) return;
        if (field === 0) target[0] = target[0] === 0 ? 1 : 0;
        else if (target[field] === value) return;
        else target[field] = value;
        expect(hashOf(changed).hash).not.toBe(hashOf(events).hash);
      }),
    );
  });

  it('keeps the last events in its ring and all of them only on request', () => {
    const events: Event[] = Array.from({ length: 10 }, (_, i) => [1, i * 100, 7, i, 0, 0, 0]);
    const ring = hashOf(events, { ringEvents: 3 }).trace;
    expect(ring.recent().map((r) => r.fields['x'])).toEqual([7, 8, 9]);
    expect(ring.recent()[0]).toEqual({ timeUs: 700, kind: 'test-pong', actor: 7, fields: { x: 7 } });
    expect(ring.records()).toBeUndefined();
    expect(hashOf(events, { keepAll: true }).trace.records()!.map((r) => r.timeUs)).toEqual(events.map((e) => e[1]));
  });

  it('calls listeners of a kind, in order, with the event fields', () => {
    const clock = { nowUs: 5 };
    const trace = new Trace(clock);
    const seen: number[][] = [];
    trace.on(PING, (timeUs, actor, a, b, c, d) => seen.push([timeUs, actor, a, b, c, d]));
    trace.emit(PING, 1, 2, 3, 4, 5);
    trace.emit(PONG, 9, 9);
    trace.emit(PING, 6);
    expect(seen).toEqual([
      [5, 1, 2, 3, 4, 5],
      [5, 6, 0, 0, 0, 0],
    ]);
  });

  it('refuses to redefine a kind with other fields', () => {
    expect(defineTraceKind('test-pong', ['x'])).toBe(PONG);
    expect(() => defineTraceKind('test-pong', ['y'])).toThrow(/different fields/);
  });
});
