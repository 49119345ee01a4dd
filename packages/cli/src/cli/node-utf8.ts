import { isUtf8 } from 'node:buffer';
import { incompleteTail, type Utf8Decoder } from '../read/utf8.js';

/**
 * A UTF-8 decoder for Node that checks bytes with `buffer.isUtf8` and decodes them with
 * `Buffer#toString`, several times faster than `TextDecoder` on large files. Throws, like a fatal
 * `TextDecoder`, on bytes that are not UTF-8; the caller then finds and names the byte.
 */
export function createNodeUtf8Decoder(): Utf8Decoder {
  let carry: Buffer = Buffer.alloc(0);
  return {
    decode(bytes, options) {
      const chunk = bytes
        ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : Buffer.alloc(0);
      const joined = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      if (!options?.stream) {
        carry = Buffer.alloc(0);
        if (!isUtf8(joined)) throw new TypeError('The input is not UTF-8.');
        return joined.toString('utf8');
      }
      const tail = incompleteTail(joined).length;
      const complete = joined.subarray(0, joined.length - tail);
      carry = Buffer.from(joined.subarray(joined.length - tail));
      if (!isUtf8(complete)) throw new TypeError('The input is not UTF-8.');
      return complete.toString('utf8');
    },
  };
}
