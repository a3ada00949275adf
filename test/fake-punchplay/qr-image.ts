import { createHash } from 'node:crypto'
import { crc32, deflateSync } from 'node:zlib'

const GRID_SIZE = 25
const PIXELS_PER_CELL = 4
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/**
 * Creates the `verification_uri_qr` value: a `data:image/png;base64,` URI, as PunchPlay sends.
 * NOTE: the image is a pattern derived from the text, not a scannable QR code. Clients only
 * need a valid PNG to display, and encoding real QR codes would need another package.
 */
export function createQrDataUri(text: string): string {
  const cells = deriveCells(text)
  const width = GRID_SIZE * PIXELS_PER_CELL

  // Each PNG scanline starts with its filter type, and type 0 means the bytes are stored unfiltered.
  const scanlines = Buffer.alloc(width * (width + 1))
  for (let y = 0; y < width; y++) {
    const rowStart = y * (width + 1)
    scanlines[rowStart] = 0
    for (let x = 0; x < width; x++) {
      const dark = cells[Math.floor(y / PIXELS_PER_CELL) * GRID_SIZE + Math.floor(x / PIXELS_PER_CELL)]
      scanlines[rowStart + 1 + x] = dark === true ? 0x00 : 0xff
    }
  }

  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(width, 4)
  header[8] = 8 // bit depth
  header[9] = 0 // color type: grayscale
  header[10] = 0 // compression: deflate
  header[11] = 0 // filter method
  header[12] = 0 // no interlace

  const png = Buffer.concat([
    PNG_SIGNATURE,
    encodeChunk('IHDR', header),
    encodeChunk('IDAT', deflateSync(scanlines)),
    encodeChunk('IEND', Buffer.alloc(0)),
  ])
  return `data:image/png;base64,${png.toString('base64')}`
}

function deriveCells(text: string): boolean[] {
  const cells: boolean[] = []
  let digest = createHash('sha256').update(text).digest()
  while (cells.length < GRID_SIZE * GRID_SIZE) {
    for (const byte of digest) {
      for (let bit = 0; bit < 8; bit++) {
        cells.push(((byte >> bit) & 1) === 1)
      }
    }
    digest = createHash('sha256').update(digest).digest()
  }
  return cells
}

function encodeChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length, 0)
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const checksum = Buffer.alloc(4)
  checksum.writeUInt32BE(crc32(typeAndData), 0)
  return Buffer.concat([length, typeAndData, checksum])
}
