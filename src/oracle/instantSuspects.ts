// Events a rule suspects until the handler that made them is done: something later in the same
// handler may excuse each (a close that a login at the same instant explains; a login whose
// presence-up follows it). Each suspect is a device at a server at an instant, with one number to
// report; one is judged once virtual time has moved past its instant.
export class InstantSuspects {
  /** [timeUs, server, device, value] per suspect; device -1 once excused. */
  private suspects: number[] = [];

  add(timeUs: number, server: number, device: number, value = 0): void {
    this.suspects.push(timeUs, server, device, value);
  }

  /**
   * Clears the suspects of `device` at `server` at `timeUs`. Suspects are added in time order, so
   * only the latest instant's are looked at (a scan of all was quadratic when 100,000 devices logged
   * in within a virtual second).
   */
  excuse(timeUs: number, server: number, device: number): void {
    const suspects = this.suspects;
    for (let i = suspects.length - 4; i >= 0 && suspects[i]! >= timeUs; i -= 4) {
      if (suspects[i] === timeUs && suspects[i + 1] === server && suspects[i + 2] === device) suspects[i + 2] = -1;
    }
  }

  /** Reports every suspect not excused whose instant is before or at `nowUs` (with that instant), and forgets it. */
  judge(nowUs: number, report: (server: number, device: number, value: number, timeUs: number) => void): void {
    if (this.suspects.length === 0) return;
    const later: number[] = [];
    const suspects = this.suspects;
    for (let i = 0; i < suspects.length; i += 4) {
      const device = suspects[i + 2]!;
      if (device < 0) continue;
      if (suspects[i]! > nowUs) later.push(suspects[i]!, suspects[i + 1]!, device, suspects[i + 3]!);
      else report(suspects[i + 1]!, device, suspects[i + 3]!, suspects[i]!);
    }
    this.suspects = later;
  }
}
