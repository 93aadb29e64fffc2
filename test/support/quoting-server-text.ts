/**
 * crm-answer.ts as it was before #13 in one respect, for vi.mock factories of the bypass tests.
 * Its own file, importing nothing of src/ at load: a factory that imported canary-nights.ts would
 * load the module it is mocking (through crm-server.ts) and wait on itself.
 */
import type * as CrmAnswer from '../../src/targets/http/crm-answer.js';

/** A CRM error's text quoted in the error message (the defence that cuts it to a code and a length off). */
export async function quotingServerText(real: typeof CrmAnswer): Promise<typeof CrmAnswer> {
  const { TargetError } = await import('../../src/targets/target-port.js');
  return {
    ...real,
    judgeAnswer: (...args: Parameters<typeof real.judgeAnswer>) => {
      try {
        return real.judgeAnswer(...args);
      } catch (e) {
        if (!(e instanceof TargetError)) throw e;
        throw new TargetError(e.kind, `${e.message}: ${args[0].text}`, e.hint, e.refusal);
      }
    },
  };
}
