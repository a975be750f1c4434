/**
 * Escapes one attribute value for use inside a DN (RFC 4514): names from HR such as
 * `Anna, Jr` or `*)(` stay data and never change the DN's structure.
 */
export function escapeDnValue(value: string): string {
  // NUL is one of the characters RFC 4514 requires escaped.
  // eslint-disable-next-line no-control-regex
  let out = value.replace(/[\\,+"<>;=\u0000]/g, (c) => (c === '\u0000' ? '\\00' : `\\${c}`));
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}

export const rdn = (type: string, value: string): string => `${type}=${escapeDnValue(value)}`;

/** A DN split at its first unescaped comma: the first RDN (type and unescaped value) and the parent DN. */
export interface SplitDn {
  type: string;
  /** The RDN's value as data: `\,`, `\\` and hex escapes such as AD's `\3D` or `\C3\96` undone. */
  value: string;
  /** The RDN as written in the DN, escapes kept. */
  rdn: string;
  /** Everything after the first RDN; empty for a single RDN. */
  parent: string;
}

/**
 * Splits a DN as AD returns it. AD escapes values its own way (`=` as `\3D`, sometimes UTF-8 bytes
 * in hex), so values are compared after unescaping, never as strings.
 */
export function splitDn(dn: string): SplitDn {
  let end = -1;
  for (let i = 0; i < dn.length; i += 1) {
    if (dn[i] === '\\') i += 1;
    else if (dn[i] === ',') {
      end = i;
      break;
    }
  }
  const first = end === -1 ? dn : dn.slice(0, end);
  const equals = first.indexOf('=');
  if (equals <= 0) throw new Error(`'${first}' is not an RDN; expected type=value, e.g. CN=Anna Svensson`);
  return {
    type: first.slice(0, equals).trim(),
    value: unescapeDnValue(first.slice(equals + 1)),
    rdn: first,
    parent: end === -1 ? '' : dn.slice(end + 1).trim(),
  };
}

/** Undoes RFC 4514 escaping: `\c` for a special character, `\XX` for a byte (UTF-8 sequences decoded). */
export function unescapeDnValue(escaped: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i += 1) {
    const c = escaped[i];
    if (c === '\\' && /^[0-9a-fA-F]{2}$/.test(escaped.slice(i + 1, i + 3))) {
      bytes.push(parseInt(escaped.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '\\' && i + 1 < escaped.length) {
      bytes.push(...Buffer.from(escaped[i + 1], 'utf8'));
      i += 1;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Whether two DNs name the same entry: compared RDN by RDN, types and values without regard to case. */
export function sameDn(a: string, b: string): boolean {
  const parts = (dn: string): string[] => {
    const out: string[] = [];
    for (let rest = dn.trim(); rest !== ''; ) {
      const { type, value, parent } = splitDn(rest);
      out.push(`${type.toLowerCase()}=${value.toLowerCase()}`);
      rest = parent;
    }
    return out;
  };
  const [left, right] = [parts(a), parts(b)];
  return left.length === right.length && left.every((part, i) => part === right[i]);
}
