/** The clock the runtime reads: real time plus, in tests, advances (FakeClock); timers follow both. */
export interface RuntimeClock {
  nowMs(): number;
  onAdvance(cb: (nowMs: number) => void): () => void;
}

interface Entry<T> {
  due: number;
  seq: number;
  item: T;
}

/**
 * One min-heap of timers for the whole runtime with a single real setTimeout armed for the
 * earliest due time. Timers fire when the clock passes their due time, by real time or by an
 * advance of the clock. Cancelled timers are not removed: the receiver ignores stale ones.
 */
export class Scheduler<T> {
  private heap: Entry<T>[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  private unsubscribe: (() => void) | undefined;
  private running = false;

  constructor(
    private readonly clock: RuntimeClock,
    private readonly fire: (item: T) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.clock.onAdvance(() => this.flush());
    this.flush();
  }

  stop(): void {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    this.heap = [];
  }

  add(due: number, item: T): void {
    const e = { due, seq: this.seq++, item };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i] as Entry<T>, h[p] as Entry<T>)) break;
      [h[i], h[p]] = [h[p] as Entry<T>, h[i] as Entry<T>];
      i = p;
    }
    if (this.running && due < this.armedFor) {
      if (due <= this.clock.nowMs()) queueMicrotask(() => this.flush());
      else this.arm();
    }
  }

  private less(a: Entry<T>, b: Entry<T>): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private pop(): Entry<T> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l] as Entry<T>, h[m] as Entry<T>)) m = l;
        if (r < h.length && this.less(h[r] as Entry<T>, h[m] as Entry<T>)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Entry<T>, h[i] as Entry<T>];
        i = m;
      }
    }
    return top;
  }

  /** Fires every timer whose due time has passed, then re-arms for the next one. */
  flush(): void {
    if (!this.running) return;
    const now = this.clock.nowMs();
    while (this.heap.length > 0 && (this.heap[0] as Entry<T>).due <= now) {
      const e = this.pop() as Entry<T>;
      this.fire(e.item);
    }
    this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const next = this.heap[0];
    if (!next || !this.running) return;
    // A fake clock may not move with real time; re-checking at the real delay is harmless.
    const delay = Math.min(Math.max(next.due - this.clock.nowMs(), 0), 2 ** 31 - 1);
    this.armedFor = next.due;
    this.timer = setTimeout(() => this.flush(), delay);
  }
}
