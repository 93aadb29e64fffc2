/**
 * The CRM REST contract's routes, in one place for the client and the loopback server: how a
 * change becomes a request, and how a request becomes a change. See docs/crm-api.md.
 */
import { maintenanceChange, type Change } from '../../core/change.js';
import { SECTION } from '../../core/checklist.js';
import { Secret } from '../../core/secret.js';
import { reveal } from '../../core/snapshot.js';

const API = '/v1';

const seg = encodeURIComponent;

export function billerPath(billerId: string): string {
  return `${API}/billers/${seg(billerId)}`;
}

/** The request that makes the CRM hold `change.after`. */
export function requestFor(c: Change): { method: 'PUT' | 'DELETE'; path: string; body?: unknown; ftp: boolean } {
  const b = billerPath(c.billerId);
  switch (c.entity) {
    case 'maintenance':
      return { method: 'PUT', path: `${b}/maintenance`, body: { active: c.after }, ftp: false };
    case 'profile':
      return { method: 'PUT', path: `${b}/profile/integration-partner`, body: { value: c.after }, ftp: false };
    case 'bif':
      return c.after === null
        ? { method: 'DELETE', path: `${b}/bif/${seg(c.key)}`, ftp: false }
        : { method: 'PUT', path: `${b}/bif/${seg(c.key)}`, body: { value: c.after }, ftp: false };
    case 'ftp_pdf':
    case 'ftp_zip': {
      const path = `${b}/ftp-users/${seg(c.key)}/${c.entity === 'ftp_pdf' ? 'pdf-setting' : 'zip-setting'}`;
      return c.after === null
        ? { method: 'DELETE', path, ftp: true }
        : { method: 'PUT', path, body: c.after, ftp: true };
    }
    case 'datapump_payment':
    case 'datapump_nonpayment':
      return {
        method: 'PUT',
        path: `${b}/datapump/${c.entity === 'datapump_payment' ? 'payment' : 'non-payment'}/${seg(c.key)}`,
        body: { selected: c.after },
        ftp: false,
      };
    case 'advanced_setting': {
      const path = `${b}/advanced-settings/${c.key}`;
      return c.after === null
        ? { method: 'DELETE', path, ftp: false }
        : { method: 'PUT', path, body: { value: reveal(c.after) }, ftp: false };
    }
  }
}

/** What the server makes of a request path: the biller, and the change it carries (if any). */
export interface Route {
  billerId: string;
  change?: Change;
  ftp: boolean;
}

/** One request, as the routes below read it. */
interface Request {
  billerId: string;
  /** The path after the biller's. */
  rest: string;
  del: boolean;
  body: Record<string, unknown> | undefined;
  base: Pick<Change, 'billerId' | 'section'>;
  /** A string field of the body, or undefined. */
  str: (k: string) => string | undefined;
}

/** The route of a request path: the biller, and the change it carries (for the server). */
export function changeFor(method: string, path: string, body: Record<string, unknown> | undefined): Route | undefined {
  const m = /^\/v1\/billers\/([^/]+)(\/.*)?$/.exec(path);
  if (!m?.[1]) return undefined;
  const billerId = decodeURIComponent(m[1]);
  const rest = m[2] ?? '';
  if (rest === '' || rest === '/advanced-settings') return { billerId, ftp: false };
  const q: Request = {
    billerId,
    rest,
    del: method === 'DELETE',
    body,
    base: { billerId, section: SECTION.webServices },
    str: (k) => (typeof body?.[k] === 'string' ? body[k] : undefined),
  };
  // The paths of these routes never overlap: the first that makes a change is the only one that can.
  for (const route of CHANGE_ROUTES) {
    const change = route(q);
    if (change) return { billerId, ftp: change.entity === 'ftp_pdf' || change.entity === 'ftp_zip', change };
  }
  return undefined;
}

function maintenanceRoute({ rest, del, body, base }: Request): Change | undefined {
  if (rest !== '/maintenance' || del || typeof body?.active !== 'boolean') return undefined;
  return maintenanceChange(base.billerId, body.active);
}

function partnerRoute({ rest, del, base, str }: Request): Change | undefined {
  if (rest !== '/profile/integration-partner' || del || !str('value')) return undefined;
  return {
    ...base,
    kind: 'partner.update',
    entity: 'profile',
    key: 'integration_partner',
    before: '',
    after: str('value') ?? '',
  };
}

function bifRoute({ rest, del, base, str }: Request): Change | undefined {
  const r = /^\/bif\/([^/]+)$/.exec(rest);
  if (!r || !(del || str('value') !== undefined)) return undefined;
  return {
    ...base,
    kind: 'bif.set',
    entity: 'bif',
    key: decodeURIComponent(r[1] ?? ''),
    before: null,
    after: del ? null : (str('value') ?? ''),
  };
}

/** An FTP user's pdf or zip pickup setting: the same fields but the third (moveAction, deleteZipFiles). */
function ftpRoute({ rest, del, body, base, str }: Request): Change | undefined {
  const r = /^\/ftp-users\/([^/]+)\/(pdf|zip)-setting$/.exec(rest);
  if (!r) return undefined;
  const key = decodeURIComponent(r[1] ?? '');
  const pdf = r[2] === 'pdf';
  const ok = (k: string, t: string) => typeof body?.[k] === t;
  const third = pdf ? ok('moveAction', 'string') : ok('deleteZipFiles', 'boolean');
  if (!(del || (ok('path', 'string') && ok('backup', 'boolean') && third && ok('active', 'boolean')))) return undefined;
  const path = str('path') ?? '';
  const backup = body?.backup === true;
  const active = body?.active === true;
  return pdf
    ? {
        ...base,
        kind: 'ftp.pdf.set',
        entity: 'ftp_pdf',
        key,
        before: null,
        after: del ? null : { path, backup, moveAction: str('moveAction') ?? '', active },
      }
    : {
        ...base,
        kind: 'ftp.zip.set',
        entity: 'ftp_zip',
        key,
        before: null,
        after: del ? null : { path, backup, deleteZipFiles: body?.deleteZipFiles === true, active },
      };
}

function datapumpRoute({ rest, del, body, base }: Request): Change | undefined {
  const r = /^\/datapump\/(payment|non-payment)\/([^/]+)$/.exec(rest);
  if (!r || del || typeof body?.selected !== 'boolean') return undefined;
  return {
    ...base,
    kind: 'datapump.select',
    entity: r[1] === 'payment' ? 'datapump_payment' : 'datapump_nonpayment',
    key: decodeURIComponent(r[2] ?? ''),
    before: !body.selected,
    after: body.selected,
  };
}

function advancedRoute({ rest, del, base, str }: Request): Change | undefined {
  const r = /^\/advanced-settings\/(\d{1,6})$/.exec(rest);
  if (!r || !(del || str('value') !== undefined)) return undefined;
  return {
    ...base,
    kind: del ? 'advanced.remove' : 'advanced.set',
    entity: 'advanced_setting',
    key: Number(r[1]),
    name: '',
    before: null,
    after: del ? null : new Secret(str('value') ?? ''),
  };
}

const CHANGE_ROUTES = [maintenanceRoute, partnerRoute, bifRoute, ftpRoute, datapumpRoute, advancedRoute];
