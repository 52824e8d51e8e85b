/**
 * Reading the PNG pages pdftoppm prints from our PDFs, to check that no page came out blank: enough of
 * zlib and the PNG row filters to get grey levels, without an image library.
 */
import { inflateSync } from 'node:zlib';
import { expect } from 'vitest';

/** Grey levels of an 8-bit greyscale or RGB PNG (pdftoppm's): inflate the IDAT stream, undo the row filters. */
export function pngGrey(buffer: Buffer): { width: number; height: number; pixels: Uint8Array } {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 1;
  const idat: Buffer[] = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('ascii', offset + 4, offset + 8);
    const data = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8], 'bit depth').toBe(8);
      expect([0, 2], 'colour type: grey or RGB').toContain(data[9]);
      channels = data[9] === 2 ? 3 : 1;
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const bytes = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? bytes[y * stride + x - channels]! : 0;
      const b = y > 0 ? bytes[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? bytes[(y - 1) * stride + x - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      bytes[y * stride + x] = (v + predictor) & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    let sum = 0;
    for (let k = 0; k < channels; k++) sum += bytes[i * channels + k]!;
    pixels[i] = Math.round(sum / channels);
  }
  return { width, height, pixels };
}

/** Share of dark pixels (grey below 160) of the page: ink. */
export function inkShare(png: Buffer): number {
  const { width, height, pixels } = pngGrey(png);
  let ink = 0;
  for (const v of pixels) if (v < 160) ink++;
  return ink / (width * height);
}
