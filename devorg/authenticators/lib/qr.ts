/**
 * The QR code on the Google Authenticator enrollment screen. Okta embeds it in the response
 * (`contextualData.qrcode.href` = `data:image/png;base64,…`, rendered as `<img src>`), so the
 * widget needs no extra request and the secret never travels in a separate image URL.
 */
import { toDataURL } from 'qrcode';

/** Okta's enrollment QR code is a 200×200 PNG; the widget lays it out for that size. */
export const QR_SIZE_PX = 200;

/** A `data:image/png;base64,…` PNG encoding `text` (normally an `otpauth://` URI). */
export function qrDataUrl(text: string): Promise<string> {
  if (text.length === 0) return Promise.reject(new RangeError('qrDataUrl: text must be non-empty'));
  return toDataURL(text, {
    type: 'image/png',
    // 'M' keeps an otpauth URI (~120 chars) at a size phone cameras read easily, with some damage tolerance.
    errorCorrectionLevel: 'M',
    width: QR_SIZE_PX,
    margin: 2,
  });
}
