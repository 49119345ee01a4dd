// Base64url without padding (RFC 4648, section 5), the text form of every byte string in
// encrypted values and key files. Written here because Node 20 has no `Uint8Array.fromBase64`
// and `atob` accepts text that is not canonical.

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const sextetOf = new Map([...alphabet].map((character, index) => [character, index]));

/** Encodes bytes as base64url without padding. */
export function toBase64url(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const chunk =
      ((bytes[index] as number) << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0);
    const characters = Math.min(4, Math.ceil(((bytes.length - index) * 8) / 6));
    for (let shift = 18, count = 0; count < characters; shift -= 6, count += 1) {
      text += alphabet[(chunk >> shift) & 63];
    }
  }
  return text;
}

/**
 * Decodes canonical base64url without padding, or returns undefined for anything else: a
 * character outside the alphabet, a length that no byte string has, or unused bits that are not zero.
 */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (const character of text) {
    const value = sextetOf.get(character);
    if (value === undefined) return undefined;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[written] = (buffer >> bits) & 0xff;
      written += 1;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return bytes;
}
