/**
 * Minimal PNG decoder for screenshot comparison in tests (8-bit RGB/RGBA, non-interlaced: what
 * Chromium writes), using node:zlib. Returns RGBA pixels.
 */
import { inflateSync } from 'node:zlib';

/** A decoded image. */
export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Decodes a PNG (throws on unsupported formats). */
export function decodePng(buf: Uint8Array): Rgba {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 8;
  let width = 0, height = 0, colorType = 0, bitDepth = 0, interlace = 0;
  const idat: Uint8Array[] = [];
  while (off < buf.length) {
    const len = dv.getUint32(off);
    const type = String.fromCharCode(...buf.subarray(off + 4, off + 8));
    const body = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      const h = new DataView(body.buffer, body.byteOffset, body.byteLength);
      width = h.getUint32(0); height = h.getUint32(4); bitDepth = body[8] as number; colorType = body[9] as number; interlace = body[12] as number;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0) throw new Error(`unsupported PNG (depth ${bitDepth}, colour type ${colorType}, interlace ${interlace})`);
  const bpp = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const cur = new Uint8Array(stride);
  const prev = new Uint8Array(stride);
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const ft = raw[y * (stride + 1)] as number;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? (cur[i - bpp] as number) : 0;
      const b = prev[i] as number;
      const c = i >= bpp ? (prev[i - bpp] as number) : 0;
      const x = line[i] as number;
      let v: number;
      if (ft === 0) v = x;
      else if (ft === 1) v = x + a;
      else if (ft === 2) v = x + b;
      else if (ft === 3) v = x + ((a + b) >> 1);
      else {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      cur[i] = v & 255;
    }
    for (let xPix = 0; xPix < width; xPix++) {
      const o = (y * width + xPix) * 4;
      out[o] = cur[xPix * bpp] as number;
      out[o + 1] = cur[xPix * bpp + 1] as number;
      out[o + 2] = cur[xPix * bpp + 2] as number;
      out[o + 3] = bpp === 4 ? (cur[xPix * bpp + 3] as number) : 255;
    }
    prev.set(cur);
  }
  return { width, height, data: out };
}

/** Fraction of pixels in a rectangle whose RGB differs by more than `threshold` in any channel. */
export function diffFraction(a: Rgba, b: Rgba, rect: { x: number; y: number; w: number; h: number }, threshold = 24): number {
  const x0 = Math.max(0, Math.floor(rect.x)), y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(a.width, Math.ceil(rect.x + rect.w)), y1 = Math.min(a.height, Math.ceil(rect.y + rect.h));
  let n = 0, d = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const o = (y * a.width + x) * 4;
      n++;
      for (let c = 0; c < 3; c++) {
        if (Math.abs((a.data[o + c] as number) - (b.data[o + c] as number)) > threshold) {
          d++;
          break;
        }
      }
    }
  }
  return n === 0 ? 0 : d / n;
}
