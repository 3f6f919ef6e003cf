// Which platform push service can wake a device of each platform, as the design says (APNs, WPPush,
// BBPush; an Android or desktop app has only its long connection). The oracle keeps its own table,
// apart from the system's on purpose: a check that asked the system would share its bugs (a
// platform left unwired there would go without its platform push, and the oracle would agree).
import type { Platform } from '../system/config.js';
import type { PlatformService } from '../system/topology.js';

export const PUSH_SERVICE_OF: Readonly<Record<Platform, PlatformService | undefined>> = {
  ios: 'apns',
  wp: 'wppush',
  bb: 'bbpush',
  android: undefined,
  desktop: undefined,
};
