// One item at a time from a producer of events (a multipart parser) to a consumer that pulls (a
// for-await loop). `put` resolves once the consumer is finished with the item, that is when it asks for
// the next one, so the producer can free what the item holds, and never runs more than one item ahead.

interface Waiting<T> {
  value: T;
  taken: () => void;
  refused: (error: Error) => void;
}

export class Handoff<T> implements AsyncIterable<T> {
  private pending: Waiting<T> | null = null;
  private handedOut: Waiting<T> | null = null;
  private wanting: ((result: IteratorResult<T>) => void) | null = null;
  private wantingFailed: ((error: Error) => void) | null = null;
  private ended = false;
  private error: Error | null = null;

  put(value: T): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    if (this.ended || this.pending)
      return Promise.reject(new Error("Handoff: put after end, or before the last was taken"));
    return new Promise<void>((taken, refused) => {
      this.pending = { value, taken, refused };
      this.offer();
    });
  }

  end(): void {
    this.ended = true;
    this.offer();
  }

  fail(error: Error): void {
    if (this.error) return;
    this.error = error;
    this.pending?.refused(error);
    this.handedOut?.refused(error);
    this.pending = null;
    this.handedOut = null;
    this.wantingFailed?.(error);
    this.wanting = null;
    this.wantingFailed = null;
  }

  private offer(): void {
    if (!this.wanting) return;
    const resolve = this.wanting;
    if (this.pending) {
      this.handedOut = this.pending;
      this.pending = null;
      this.wanting = null;
      this.wantingFailed = null;
      resolve({ value: this.handedOut.value, done: false });
    } else if (this.ended) {
      this.wanting = null;
      this.wantingFailed = null;
      resolve({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        // Asking for the next item says the last one is finished with.
        this.handedOut?.taken();
        this.handedOut = null;
        if (this.error) return Promise.reject(this.error);
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          this.wanting = resolve;
          this.wantingFailed = reject;
          this.offer();
        });
      },
      return: async () => {
        this.handedOut?.taken();
        this.handedOut = null;
        return { value: undefined, done: true };
      },
    };
  }
}
