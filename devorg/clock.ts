/**
 * devorg's notion of time, a leaf module (it imports nothing): the config, the rate limiter, the
 * management API and the context all take a `Clock`, and tests and clock control swap it.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that can be moved forward; devorg's test clock and `ShiftedClock` both are. */
export interface AdvanceableClock extends Clock {
  advance(seconds: number): void;
}

/** The system clock plus an offset, for a running devorg whose clock control is on. */
export class ShiftedClock implements AdvanceableClock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

export function isAdvanceable(clock: Clock): clock is AdvanceableClock {
  return typeof (clock as Partial<AdvanceableClock>).advance === 'function';
}
