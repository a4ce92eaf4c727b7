interface Waiting<In, Out> {
  input: In;
  resolve(value: Out): void;
  reject(error: unknown): void;
}

/**
 * Gathers the calls made during one turn of the event loop and runs them as one batch (a DataLoader without
 * the cache). Positions arrive on hundreds of sockets at once: one statement for all the drivers whose
 * cached state expired in the same turn spares Postgres a query each and the pool a connection each.
 * Every call of a batch sees its outcome: the batch's error rejects all of them.
 */
export class TickBatch<In, Out> {
  #waiting: Waiting<In, Out>[] = [];
  #isScheduled = false;

  constructor(
    /** Answers for the inputs, in the same order. */
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch = 500,
  ) {}

  add(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (this.#isScheduled) return;
      this.#isScheduled = true;
      // setImmediate, not a microtask: every message read from the sockets in this poll phase joins in.
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    this.#isScheduled = false;
    for (let i = 0; i < waiting.length; i += this.maxBatch) {
      const batch = waiting.slice(i, i + this.maxBatch);
      this.run(batch.map((w) => w.input)).then(
        (outputs) => {
          batch.forEach((w, j) => {
            w.resolve(outputs[j] as Out);
          });
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      );
    }
  }
}
