/**
 * A PNG reader for tests, written from the PNG specification with node:zlib: it checks the
 * signature, every chunk's CRC, the header and the chunk order, and inflates the pixels. It reads
 * what Atelier's encoder writes (8-bit RGB, no interlace, unfiltered rows) and refuses the rest,
 * so a test that decodes an image also proves it is a PNG any viewer opens.
 */
import { crc32, inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  /** The chunk types in order, e.g. ['IHDR', 'IDAT', 'IEND']. */
  chunks: string[];
  /** RGB bytes, row by row. */
  pixels: Uint8Array;
}

const signature = [137, 80, 78, 71, 13, 10, 26, 10];

export function decodePng(bytes: Uint8Array): DecodedPng {
  const data = Buffer.from(bytes);
  if (!signature.every((byte, at) => data[at] === byte)) throw new Error('not a PNG: the signature is wrong');
  const chunks: string[] = [];
  const compressed: Buffer[] = [];
  let header: { width: number; height: number; bitDepth: number; colourType: number; interlace: number } | undefined;
  for (let at = signature.length; at < data.length; ) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    if (crc32(data.subarray(at + 4, at + 8 + length)) !== data.readUInt32BE(at + 8 + length)) throw new Error(`chunk ${type} has a wrong CRC`);
    chunks.push(type);
    if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8] as number, colourType: body[9] as number, interlace: body[12] as number };
    if (type === 'IDAT') compressed.push(body);
    at += 12 + length;
  }
  if (!header || chunks[0] !== 'IHDR' || chunks.at(-1) !== 'IEND') throw new Error(`chunks out of order: ${chunks.join(', ')}`);
  if (header.bitDepth !== 8 || header.colourType !== 2 || header.interlace !== 0) throw new Error('this reader takes 8-bit RGB without interlace only');
  const stride = header.width * 3;
  const rows = inflateSync(Buffer.concat(compressed));
  if (rows.length !== (stride + 1) * header.height) throw new Error(`${rows.length} bytes of rows for ${header.width}×${header.height}`);
  const pixels = new Uint8Array(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    const filter = rows[y * (stride + 1)];
    if (filter !== 0) throw new Error(`row ${y} uses filter ${filter}; this reader takes unfiltered rows only`);
    pixels.set(rows.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
  }
  return { width: header.width, height: header.height, bitDepth: header.bitDepth, colourType: header.colourType, chunks, pixels };
}

/** How far apart two same-sized images are: the mean absolute difference per channel, 0 to 255. */
export function meanDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error('the images differ in size');
  let sum = 0;
  for (let at = 0; at < a.length; at++) sum += Math.abs((a[at] as number) - (b[at] as number));
  return sum / a.length;
}
