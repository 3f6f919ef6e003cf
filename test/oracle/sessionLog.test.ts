// A device's session history answers which session it had throughout a past window.
import { describe, expect, it } from 'vitest';
import { SessionLog } from '../../src/oracle/sessionLog.js';
import { SESSION_DOWN, SESSION_FOREGROUND, SESSION_WOKEN } from '../../src/system/events.js';

describe('a session log', () => {
  // Down from 0, foreground on ConnectSvr 7 from 100, down from 500, woken on ConnectSvr 8 from 900.
  const log = new SessionLog(0);
  log.add(100, SESSION_FOREGROUND, 7);
  log.add(500, SESSION_DOWN, -1);
  log.add(900, SESSION_WOKEN, 8);

  it('names the session that covered the whole window, and its ConnectSvr', () => {
    const session = log.throughout(100, 499);
    expect(log.kindOf(session)).toBe(SESSION_FOREGROUND);
    expect(log.connectSvrOf(session)).toBe(7);
    expect(log.kindOf(log.throughout(950, 5_000))).toBe(SESSION_WOKEN);
    expect(log.connectSvrOf(log.throughout(950, 5_000))).toBe(8);
    expect(log.kindOf(log.throughout(0, 99))).toBe(SESSION_DOWN);
  });

  it('names the session before the newest: the one that just ended', () => {
    const ended = new SessionLog(0);
    expect(ended.previous()).toBe(-1);
    ended.add(100, SESSION_FOREGROUND, 7);
    ended.add(500, SESSION_DOWN, -1);
    expect(ended.kindOf(ended.previous())).toBe(SESSION_FOREGROUND);
    expect(ended.sinceOf(ended.previous())).toBe(100);
    expect(log.kindOf(log.previous())).toBe(SESSION_DOWN);
    expect(log.sinceOf(log.previous())).toBe(500);
  });

  it('has none for a window a change falls in, at either end', () => {
    expect(log.throughout(99, 200)).toBe(-1);
    expect(log.throughout(200, 500)).toBe(-1);
    expect(log.throughout(400, 1_000)).toBe(-1);
    expect(log.kindOf(-1)).toBe(SESSION_DOWN);
    expect(log.connectSvrOf(-1)).toBe(-1);
  });

  it('has none for a window before the device existed', () => {
    const late = new SessionLog(1_000);
    expect(late.throughout(500, 2_000)).toBe(-1);
    expect(late.kindOf(late.throughout(1_000, 2_000))).toBe(SESSION_DOWN);
  });
});
