import { describe, expect, it, vi } from 'vitest';
import { createShutdownHandler } from './shutdown';

function harness(close: () => Promise<void> = async () => {}) {
  const lines: string[] = [];
  const log = {
    info: (...args: unknown[]) => lines.push(String(args.at(-1))),
    warn: (...args: unknown[]) => lines.push(String(args.at(-1))),
    error: (...args: unknown[]) => lines.push(String(args.at(-1))),
  };
  let clock = 0;
  const exit = vi.fn<(code: number) => void>();
  const closeSpy = vi.fn(close);
  const handle = createShutdownHandler({
    log: log as never,
    graceMs: 10_000,
    close: closeSpy,
    exit,
    now: () => clock,
    repeatWindowMs: 2_000,
  });
  return {
    handle,
    exit,
    close: closeSpy,
    lines,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('shutdown on signals', () => {
  it('closes once and exits 0 after logging completion', async () => {
    const h = harness();
    h.handle('SIGTERM');
    await vi.waitFor(() => expect(h.exit).toHaveBeenCalledWith(0));
    expect(h.close).toHaveBeenCalledTimes(1);
    expect(h.lines).toEqual(['shutting down gracefully', 'shutdown complete']);
  });

  it('treats SIGINT from the terminal and SIGTERM from a supervisor moments later as one request', async () => {
    let finish = () => {};
    const h = harness(() => new Promise<void>((resolve) => (finish = resolve)));
    h.handle('SIGINT');
    h.advance(50);
    h.handle('SIGTERM');
    expect(h.exit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(h.exit).toHaveBeenCalledWith(0));
    expect(h.exit).toHaveBeenCalledTimes(1);
    expect(h.close).toHaveBeenCalledTimes(1);
  });

  it('exits 1 at once on a second signal after the window', () => {
    const h = harness(() => new Promise<void>(() => {}));
    h.handle('SIGTERM');
    h.advance(2_500);
    h.handle('SIGTERM');
    expect(h.exit).toHaveBeenCalledWith(1);
    expect(h.lines).toContain('second signal: exiting now');
  });

  it('exits 1 when closing fails', async () => {
    const h = harness(async () => {
      throw new Error('pool stuck');
    });
    h.handle('SIGTERM');
    await vi.waitFor(() => expect(h.exit).toHaveBeenCalledWith(1));
    expect(h.lines).toContain('error during shutdown');
  });
});
