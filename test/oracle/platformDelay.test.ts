// timeliness, platform-delay: the platform push service's delays have the median it promises, by a
// sign test over the run. A service that drew its delay with median and p99 swapped sent every
// push after 5 s instead of 400 ms, each within the longest delay allowed, and broke no rule.
// Planted here as it showed: a service whose every delay is its p99.
import { afterEach, describe, expect, it } from 'vitest';
import { MedianSignTest } from '../../src/oracle/medianSignTest.js';
import { PlatformPushService } from '../../src/system/platformPush.js';
import { RandomStream } from '../../src/sim/random.js';
import { ownPropertyRestorer, plantedVerdicts, verdictOf } from './plants.js';

interface ServiceParts {
  setTimer(delayUs: number, tag: number, data?: unknown): number;
  readonly knobs: { readonly delayP99Us: number };
}
const service = PlatformPushService.prototype as unknown as ServiceParts;
afterEach(ownPropertyRestorer(service, 'setTimer'));

describe('platform push delays', () => {
  it('keep their median, and a service that waits its p99 every time fails timeliness', () => {
    const inherited = service.setTimer;
    const plant = () => {
      service.setTimer = function (this: ServiceParts, _delayUs: number, tag: number, data?: unknown) {
        return inherited.call(this, this.knobs.delayP99Us, tag, data);
      };
    };
    const detail = /^platform-delay: the platform push services' delays run above their 400 ms median: (\d+) of \1 above \(as many fall above it as below\)$/;
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'multi-device', seed), ['6', '8'], plant)) {
      expect(failed).toMatchObject({ ok: false, first: { kind: 'platform-delay', detail: expect.stringMatching(detail) } });
    }
  });

  it('passes draws of the right median, and fails them off by a fifth once there are enough', () => {
    const random = new RandomStream('sign-test');
    const right = new MedianSignTest(400_000);
    const slow = new MedianSignTest(400_000);
    for (let i = 0; i < 20_000; i++) {
      right.add(random.latency(400_000, 5_000_000));
      slow.add(random.latency(480_000, 5_000_000));
    }
    expect(right.verdict()).toBeUndefined();
    expect(slow.verdict()).toBe('high');
    expect(new MedianSignTest(400_000).verdict()).toBeUndefined();
  });
});
