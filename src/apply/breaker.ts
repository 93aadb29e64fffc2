/**
 * The circuit breaker of a night: when the CRM refuses us as a whole (the token rejected, reads forbidden,
 * nobody answering, an untrusted certificate) for a few billers in a row, the night stops. The billers not
 * started stay `interrupted` and untouched, instead of failing one by one with the same cause. A URL path the
 * CRM does not know (NO_SUCH_ROUTE) is a configuration error: it stops at the first biller.
 */
import { EXIT_CODES, type ExitCode } from '../core/summary.js';

export interface Tripped {
  code: ExitCode;
  refusal: string;
  message: string;
}

const CAUSES: Record<string, string> = {
  unauthenticated: 'the CRM refused the token (401): check SPECTRUM_CONVERT_CRM_TOKEN',
  forbidden: 'the CRM forbids this token to read billers (403): check its permissions',
  unreachable:
    'nobody answers at the CRM address (connection refused or host unknown): check --crm-url and that the CRM is up',
  tls:
    "the CRM's TLS certificate is not trusted: set http.caFile (or NODE_EXTRA_CA_CERTS) and check the host in " +
    '--crm-url',
  'no-route': 'the CRM does not know the path we call (404 NO_SUCH_ROUTE): check the path part of --crm-url (crmUrl)',
};

export class CircuitBreaker {
  private streak = 0;
  private last: string | undefined;
  tripped: Tripped | undefined;

  /** `stop` is called once, when the breaker trips. */
  constructor(
    private readonly target: string,
    private readonly stop: () => void,
    private readonly threshold = 3,
  ) {}

  /** One biller's end: a refusal extends the streak; anything else ends it. */
  record(error: { refusal?: string; message: string } | undefined): void {
    if (this.tripped) return;
    if (!error?.refusal) {
      this.streak = 0;
      return;
    }
    this.streak = error.refusal === this.last ? this.streak + 1 : 1;
    this.last = error.refusal;
    const noRoute = error.refusal === 'no-route';
    if (!noRoute && this.streak < this.threshold) return;
    const cause = CAUSES[error.refusal] ?? error.refusal;
    const times = noRoute ? '' : ` for ${this.streak} billers in a row`;
    this.tripped = {
      code: noRoute ? EXIT_CODES.usage : EXIT_CODES.unavailable,
      refusal: error.refusal,
      message:
        `${noRoute ? 'configuration error: ' : ''}${cause} (${this.target}${times}; last: ${error.message}). ` +
        'The night stopped: the billers not started are interrupted and untouched.',
    };
    this.stop();
  }
}
