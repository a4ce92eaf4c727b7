import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from './define-job';
import { createJobRegistry } from './handler-registry';

function job(queue: string, name: string) {
  return defineJob({
    queue,
    name,
    payload: z.object({ id: z.string() }),
    options: { attempts: 1 },
    jobId: ({ id }) => `${name}_${id}`,
    handle: async () => {},
  });
}

describe('createJobRegistry', () => {
  const step = job('dispatch', 'step');
  const check = job('dispatch', 'check');
  const settle = job('payments', 'settle');

  it('groups one handler per job by queue and name', () => {
    const handlers = [step.handler({}), check.handler({}), settle.handler({})];
    const registry = createJobRegistry([step, check, settle], handlers);
    expect([...registry.keys()]).toEqual(['dispatch', 'payments']);
    expect([...(registry.get('dispatch')?.keys() ?? [])]).toEqual(['step', 'check']);
    expect(registry.get('payments')?.get('settle')).toBe(handlers[2]);
  });

  it('fails when two handlers claim one job', () => {
    expect(() =>
      createJobRegistry([step, check], [step.handler({}), check.handler({}), step.handler({})]),
    ).toThrow('job dispatch/step has two handlers');
  });

  it('fails when a listed job has no handler, naming every one', () => {
    expect(() => createJobRegistry([step, check, settle], [check.handler({})])).toThrow(
      'Job registry: job dispatch/step has no handler; job payments/settle has no handler',
    );
  });

  it('fails when a handler’s job is not in the list', () => {
    expect(() => createJobRegistry([step], [step.handler({}), settle.handler({})])).toThrow(
      'job payments/settle has a handler but is not in the job list',
    );
  });

  it('fails when two definitions claim one queue and name', () => {
    const copy = job('dispatch', 'step');
    expect(() => createJobRegistry([step, copy], [step.handler({})])).toThrow(
      'job dispatch/step is defined twice',
    );
    expect(() => createJobRegistry([step], [copy.handler({})])).toThrow(
      /dispatch\/step has a handler but is not/,
    );
  });
});
