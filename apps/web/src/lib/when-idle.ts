export interface IdleHandle {
  cancel: () => void;
}

/** Runs `run` when the browser has nothing else to do (at the latest after `timeoutMs`); Safari has no idle callback. */
export function whenIdle(run: () => void, timeoutMs = 3_000): IdleHandle {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(run, { timeout: timeoutMs });
    return { cancel: () => window.cancelIdleCallback(id) };
  }
  const id = window.setTimeout(run, 300);
  return { cancel: () => window.clearTimeout(id) };
}
