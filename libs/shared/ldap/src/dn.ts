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
