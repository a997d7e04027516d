import { describe, expect, it } from 'vitest';
import { qrDataUrl, QR_SIZE_PX } from './qr';

const PREFIX = 'data:image/png;base64,';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function png(dataUrl: string): Buffer {
  expect(dataUrl.startsWith(PREFIX)).toBe(true);
  const b64 = dataUrl.slice(PREFIX.length);
  expect(b64).toMatch(/^[A-Za-z0-9+/]+=*$/);
  return Buffer.from(b64, 'base64');
}

describe('qrDataUrl', () => {
  const uri = 'otpauth://totp/devorg:jane%40example.com?issuer=devorg&secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30';

  it('is a base64 PNG data URL', async () => {
    const bytes = png(await qrDataUrl(uri));
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // First chunk is IHDR: length(4) type(4) width(4) height(4).
    expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(bytes.readUInt32BE(16)).toBe(QR_SIZE_PX);
    expect(bytes.readUInt32BE(20)).toBe(QR_SIZE_PX);
    expect(bytes.subarray(-8, -4).toString('ascii')).toBe('IEND');
  });

  it('is deterministic and depends on the text', async () => {
    const a = await qrDataUrl(uri);
    expect(await qrDataUrl(uri)).toBe(a);
    expect(await qrDataUrl(uri.replace('JBSWY3DPEHPK3PXP', 'KRSXG5CTMVRXEZLU'))).not.toBe(a);
  });

  it('rejects empty text', async () => {
    await expect(qrDataUrl('')).rejects.toThrow(RangeError);
  });
});
