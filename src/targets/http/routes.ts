/**
 * The CRM REST contract's routes, in one place for the client and the loopback server: how a
 * change becomes a request, and how a request becomes a change. See docs/crm-api.md.
 */
import type { Change } from '../../core/change.js';
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

/** The route of a request path: the biller, and the change it carries (for the server). */
export function changeFor(
  method: string,
  path: string,
  body: Record<string, unknown> | undefined,
): { billerId: string; change?: Change; ftp: boolean } | undefined {
  const m = /^\/v1\/billers\/([^/]+)(\/.*)?$/.exec(path);
  if (!m?.[1]) return undefined;
  const billerId = decodeURIComponent(m[1]);
  const rest = m[2] ?? '';
  const del = method === 'DELETE';
  const base = { billerId, section: SECTION.webServices };
  const str = (k: string) => (typeof body?.[k] === 'string' ? body[k] : undefined);
  let r: RegExpExecArray | null;
  if (rest === '' || rest === '/advanced-settings') return { billerId, ftp: false };
  if (rest === '/maintenance' && !del && typeof body?.active === 'boolean')
    return {
      billerId,
      ftp: false,
      change: {
        ...base,
        kind: body.active ? 'maintenance.begin' : 'maintenance.end',
        entity: 'maintenance',
        key: 'active',
        before: !body.active,
        after: body.active,
      },
    };
  if (rest === '/profile/integration-partner' && !del && str('value'))
    return {
      billerId,
      ftp: false,
      change: {
        ...base,
        kind: 'partner.update',
        entity: 'profile',
        key: 'integration_partner',
        before: '',
        after: str('value') ?? '',
      },
    };
  if ((r = /^\/bif\/([^/]+)$/.exec(rest)) && (del || str('value') !== undefined))
    return {
      billerId,
      ftp: false,
      change: {
        ...base,
        kind: 'bif.set',
        entity: 'bif',
        key: decodeURIComponent(r[1] ?? ''),
        before: null,
        after: del ? null : (str('value') ?? ''),
      },
    };
  if ((r = /^\/ftp-users\/([^/]+)\/(pdf|zip)-setting$/.exec(rest))) {
    const user = decodeURIComponent(r[1] ?? '');
    const ok = (k: string, t: string) => typeof body?.[k] === t;
    if (
      r[2] === 'pdf' &&
      (del ||
        (ok('path', 'string') && ok('backup', 'boolean') && ok('moveAction', 'string') && ok('active', 'boolean')))
    ) {
      return {
        billerId,
        ftp: true,
        change: {
          ...base,
          kind: 'ftp.pdf.set',
          entity: 'ftp_pdf',
          key: user,
          before: null,
          after: del
            ? null
            : {
                path: str('path') ?? '',
                backup: body?.backup === true,
                moveAction: str('moveAction') ?? '',
                active: body?.active === true,
              },
        },
      };
    }
    if (
      r[2] === 'zip' &&
      (del ||
        (ok('path', 'string') && ok('backup', 'boolean') && ok('deleteZipFiles', 'boolean') && ok('active', 'boolean')))
    ) {
      return {
        billerId,
        ftp: true,
        change: {
          ...base,
          kind: 'ftp.zip.set',
          entity: 'ftp_zip',
          key: user,
          before: null,
          after: del
            ? null
            : {
                path: str('path') ?? '',
                backup: body?.backup === true,
                deleteZipFiles: body?.deleteZipFiles === true,
                active: body?.active === true,
              },
        },
      };
    }
    return undefined;
  }
  if ((r = /^\/datapump\/(payment|non-payment)\/([^/]+)$/.exec(rest)) && !del && typeof body?.selected === 'boolean') {
    return {
      billerId,
      ftp: false,
      change: {
        ...base,
        kind: 'datapump.select',
        entity: r[1] === 'payment' ? 'datapump_payment' : 'datapump_nonpayment',
        key: decodeURIComponent(r[2] ?? ''),
        before: !body.selected,
        after: body.selected,
      },
    };
  }
  if ((r = /^\/advanced-settings\/(\d{1,6})$/.exec(rest)) && (del || str('value') !== undefined)) {
    const n = Number(r[1]);
    return {
      billerId,
      ftp: false,
      change: {
        ...base,
        kind: del ? 'advanced.remove' : 'advanced.set',
        entity: 'advanced_setting',
        key: n,
        name: '',
        before: null,
        after: del ? null : new Secret(str('value') ?? ''),
      },
    };
  }
  return undefined;
}
