// The rate-limit budget of one API origin, shared by every client of the process (CONTRACT.md "Transport":
// the gateway answers 429, or 503 with Retry-After, under load). A throttle told to one request holds every
// request to that origin until the server's time; the number of requests in flight and the pace of new
// requests adapt (AIMD) so a resumed burst does not fail again; requests wait their turn oldest first. Pure:
// clock and sleep are injected, like retry.ts. Depends on nothing.

export interface BudgetClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Where the limit on requests in flight starts, and its ceiling. The engine runs 4 operations per CPU at once
 * (`pulumi up --parallel`'s default), so 128 leaves a 32-CPU machine unthrottled until the server says otherwise.
 */
export const MAX_IN_FLIGHT = 128;

/**
 * Bounds of the pace a throttle sets for new requests, in requests per second. Above MAX_PACE the budget stops
 * pacing: no gateway limit worth learning is that high.
 */
export const MIN_PACE = 1;
export const MAX_PACE = 1000;

/** A request's wait in line, from `acquire`. */
export interface AcquireRequest {
  /** Its place in line (`ticket()`), kept across its retries: the oldest request goes first. */
  ticket: number;
  /**
   * Its own wait before it lines up (a retry's backoff, or the Retry-After it was told itself); slept even at
   * 0. A request with one is a retry, which the pace does not hold: its wait already spaced it.
   */
  delayMs?: number;
  /** When its deadline ends; a pause that outlasts it fails the wait at once (PausedPastDeadline). */
  deadlineAt: number;
  signal?: AbortSignal;
}

/** Permission to send one attempt; report how it ended exactly once, which frees the slot. */
export interface Slot {
  /** The server answered, successfully or with a final error: counts toward raising the limit. */
  answered(): void;
  /** No answer (connection failure, timeout, abort). */
  failed(): void;
  /**
   * A 429, or a 503 with Retry-After: every request waits `retryAfterMs` when given. True when this answer is
   * the first news of the throttle (nothing was reported since the attempt was sent); only then does the limit
   * halve, and only then should the request count the answer against its retries: the rest of a burst sent
   * before the news learns nothing new.
   */
  throttled(retryAfterMs: number | undefined): boolean;
}

export interface Grant {
  slot: Slot;
  /**
   * Time spent behind this process's other requests while the origin was open: the client's own queue, not
   * the server's pacing, so the transport does not charge it to the request's deadline.
   */
  queuedMs: number;
}

/** The origin is paused until `pausedUntil`, after the waiting request's deadline. */
export class PausedPastDeadline extends Error {
  constructor(readonly pausedUntil: number) {
    super("the API's Retry-After pause ends after the deadline");
    this.name = "PausedPastDeadline";
  }
}

interface Waiter {
  ticket: number;
  /** Until when its own delay already waited; a pause that ends by then does not hold it. */
  servedUntil: number;
  /** A new request, which waits for the pace; a retry does not. */
  paced: boolean;
  deadlineAt: number;
  /** Queue time while open, before `readySince`. */
  queuedMs: number;
  /** Since when the origin is open for it; undefined while paused. */
  readySince: number | undefined;
  resolve(grant: Grant): void;
  reject(error: unknown): void;
}

export class RateBudget {
  private limitValue: number;
  private inFlightCount = 0;
  /** Answers counted toward the next +1 of the limit. */
  private credit = 0;
  /** Bumped by each throttle that halves the limit; a slot remembers the one it was sent under. */
  private generation = 0;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  /**
   * The latest time a sleep is known to have reached (the shared sleeper's, or a request's own delay). Read
   * beside the clock, so a sleep counts as served even when an injected sleep returns at once and the clock
   * does not move: nothing spins.
   */
  private sleptUntil = Number.NEGATIVE_INFINITY;
  private sleeping = false;
  /** New requests per second since a throttle; infinite while unpaced. */
  private pace = Number.POSITIVE_INFINITY;
  /** Answers counted toward the next +1 of the pace. */
  private paceCredit = 0;
  /** When the next new request may go. */
  private nextPacedAt = Number.NEGATIVE_INFINITY;
  /** When requests were let go in the last second: the rate a throttle halves. */
  private readonly recent: number[] = [];
  private nextTicket = 0;
  /** Lined-up requests, oldest ticket first. */
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly clock: BudgetClock,
    private readonly maxInFlight = MAX_IN_FLIGHT,
  ) {
    this.limitValue = maxInFlight;
  }

  /** How many requests may be in flight now. */
  get limit(): number {
    return this.limitValue;
  }

  /** New requests let go per second; infinite while unpaced. */
  get pacePerSecond(): number {
    return this.pace;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Requests lined up (not those still in their own delay). */
  get waiting(): number {
    return this.queue.length;
  }

  /** A place in line for a new logical request. */
  ticket(): number {
    return this.nextTicket++;
  }

  /**
   * Waits for the request's turn: its own delay first, then the end of any pause, then a free slot (and for a
   * new request, the pace), the oldest ticket first. Rejects with the signal's reason on abort, and with PausedPastDeadline at once when a pause
   * outlasts the request's deadline (moved on by its queue time).
   */
  async acquire(request: AcquireRequest): Promise<Grant> {
    const delayMs = Math.max(0, request.delayMs ?? 0);
    const servedUntil = this.clock.now() + delayMs;
    const paced = request.delayMs === undefined;
    if (!paced) {
      await this.clock.sleep(delayMs, request.signal);
      this.sleptUntil = Math.max(this.sleptUntil, servedUntil);
    }
    const { signal } = request;
    if (signal?.aborted) throw signal.reason;
    return new Promise<Grant>((resolve, reject) => {
      const onAbort = (): void => {
        this.drop(waiter);
        reject(signal?.reason);
        this.pump();
      };
      const waiter: Waiter = {
        ticket: request.ticket,
        servedUntil,
        paced,
        deadlineAt: request.deadlineAt,
        queuedMs: 0,
        readySince: undefined,
        resolve: (grant) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(grant);
        },
        reject: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const at = this.queue.findIndex((other) => other.ticket > waiter.ticket);
      this.queue.splice(at === -1 ? this.queue.length : at, 0, waiter);
      this.pump();
    });
  }

  /** Lets requests go, oldest first, while the origin is open for them, the limit allows and the pace has come. */
  private pump(): void {
    const now = this.clock.now();
    for (const waiter of [...this.queue]) this.refresh(waiter, now);
    while (this.inFlightCount < this.limitValue) {
      const head = this.queue[0];
      if (head?.readySince === undefined) break;
      if (head.paced && !this.paceAllows(now)) {
        this.sleepUntil(this.nextPacedAt);
        return;
      }
      this.queue.shift();
      this.inFlightCount += 1;
      this.recent.push(now);
      this.forgetBefore(now - 1000);
      head.resolve({ slot: this.slot(), queuedMs: head.queuedMs + (now - head.readySince) });
    }
    const head = this.queue[0];
    if (head !== undefined && head.readySince === undefined) this.sleepUntil(this.pausedUntil);
  }

  /** Whether a new request may go now; if so, books the next one's time. */
  private paceAllows(now: number): boolean {
    if (this.pace === Number.POSITIVE_INFINITY) return true;
    const at = Math.max(now, this.sleptUntil);
    if (at < this.nextPacedAt) return false;
    this.nextPacedAt = Math.max(at, this.nextPacedAt) + 1000 / this.pace;
    return true;
  }

  /** Marks a waiter ready or paused; fails it when the pause outlasts its deadline. */
  private refresh(waiter: Waiter, now: number): void {
    if (this.pausedUntil <= Math.max(now, this.sleptUntil, waiter.servedUntil)) {
      waiter.readySince ??= now;
      return;
    }
    if (waiter.readySince !== undefined) waiter.queuedMs += now - waiter.readySince;
    waiter.readySince = undefined;
    if (this.pausedUntil >= waiter.deadlineAt + waiter.queuedMs) {
      this.drop(waiter);
      waiter.reject(new PausedPastDeadline(this.pausedUntil));
    }
  }

  /** One sleeper for everyone in line (until a pause ends, or the pace comes), so they go on in ticket order. */
  private sleepUntil(target: number): void {
    if (this.sleeping) return;
    this.sleeping = true;
    const wake = (): void => {
      this.sleeping = false;
      this.sleptUntil = Math.max(this.sleptUntil, target);
      this.pump();
    };
    this.clock.sleep(Math.max(0, target - this.clock.now())).then(wake, wake);
  }

  /** Keeps `recent` to the last second: a process that is never throttled would otherwise keep every send. */
  private forgetBefore(at: number): void {
    let drop = 0;
    while (drop < this.recent.length && this.recent[drop]! <= at) drop += 1;
    if (drop > 0) this.recent.splice(0, drop);
  }

  private pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  private drop(waiter: Waiter): void {
    const at = this.queue.indexOf(waiter);
    if (at !== -1) this.queue.splice(at, 1);
  }

  private slot(): Slot {
    const sentUnder = this.generation;
    let open = true;
    const release = (): boolean => {
      if (!open) return false;
      open = false;
      this.inFlightCount -= 1;
      return true;
    };
    return {
      answered: () => {
        if (!release()) return;
        // An answer to a request sent before the last decrease says nothing about the new limit.
        if (sentUnder === this.generation) this.raise();
        if (sentUnder === this.generation) this.quicken();
        this.pump();
      },
      failed: () => {
        if (release()) this.pump();
      },
      throttled: (retryAfterMs) => {
        const inFlight = this.inFlightCount;
        if (!release()) return false;
        const first = sentUnder === this.generation;
        if (first) this.halve(inFlight);
        if (retryAfterMs !== undefined) this.pause(retryAfterMs);
        this.pump();
        return first;
      },
    };
  }

  /**
   * Multiplicative decrease: half of what was really in flight, not of a limit that was never reached; and
   * half of the rate requests went at in the last second. The pace matters most when answers come back fast:
   * one request in flight at a time still makes hundreds a second.
   */
  private halve(inFlight: number): void {
    this.limitValue = Math.max(1, Math.floor(Math.min(this.limitValue, inFlight) / 2));
    this.generation += 1;
    this.credit = 0;
    this.forgetBefore(this.clock.now() - 1000);
    this.pace = Math.max(MIN_PACE, Math.min(this.pace, this.recent.length) / 2);
    this.paceCredit = 0;
  }

  /**
   * Additive increase: +1 after `limit` answers while the limit held requests back (one step per round of
   * the window, as TCP does). +1 per answer would double the limit within one round, into the burst that
   * just failed; and a limit that holds nobody back has nothing to learn from.
   */
  private raise(): void {
    if (this.inFlightCount + 1 + this.queue.length < this.limitValue) return;
    this.credit += 1;
    if (this.credit < this.limitValue) return;
    this.credit = 0;
    this.limitValue = Math.min(this.maxInFlight, this.limitValue + 1);
  }

  /**
   * Additive increase of the pace: +1 a second after `pace` answers (about a second's worth), until MAX_PACE
   * ends pacing. Also while nobody waits for it: a client that makes one request at a time must not stay at
   * the pace one throttle set.
   */
  private quicken(): void {
    if (this.pace === Number.POSITIVE_INFINITY) return;
    this.paceCredit += 1;
    if (this.paceCredit < this.pace) return;
    this.paceCredit = 0;
    this.pace += 1;
    if (this.pace <= MAX_PACE) return;
    this.pace = Number.POSITIVE_INFINITY;
    this.nextPacedAt = Number.NEGATIVE_INFINITY;
  }
}

const shared = new Map<string, RateBudget>();

/**
 * The process's budget for `origin` (`https://api.qoder.com`), made on first use with `clock`. Module-level on
 * purpose: the provider process serves every resource of a stack, and whatever client a request goes through,
 * the gateway counts them all.
 */
export function sharedRateBudget(origin: string, clock: BudgetClock): RateBudget {
  let budget = shared.get(origin);
  if (!budget) {
    budget = new RateBudget(clock);
    shared.set(origin, budget);
  }
  return budget;
}
