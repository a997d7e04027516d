import { describe, expect, it } from 'vitest';
import { parseIonErrorBody } from './ion-errors';

const expiredIdx = { version: '1.0.0', messages: { type: 'array', value: [{ message: 'The session has expired.', class: 'ERROR' }] } };

describe('parseIonErrorBody', () => {
  it('parses an ion+json error body into responseJSON', () => {
    const xhr = {
      status: 401,
      responseText: JSON.stringify(expiredIdx),
      headers: { 'content-type': 'application/ion+json; okta-version=1.0.0' },
    };
    expect(parseIonErrorBody(xhr)).toMatchObject({ responseJSON: expiredIdx });
  });

  it('keeps a responseJSON auth-js already parsed', () => {
    const responseJSON = { error: 'invalid_grant' };
    const xhr = { responseText: '{"other":1}', responseJSON, headers: { 'content-type': 'application/ion+json' } };
    expect(parseIonErrorBody(xhr)).toMatchObject({ responseJSON });
  });

  it.each([
    ['another content type', { responseText: '{"a":1}', headers: { 'content-type': 'text/html' } }],
    ['a body that is not JSON', { responseText: '<html>', headers: { 'content-type': 'application/ion+json' } }],
    ['no headers (network error)', { status: 0, responseText: '' }],
  ])('leaves %s alone', (_, xhr) => {
    expect(parseIonErrorBody(xhr)).not.toHaveProperty('responseJSON');
  });
});
