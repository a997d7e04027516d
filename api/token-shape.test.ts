import { describe, expect, it } from 'vitest';
import { InvalidToken } from './errors';
import { assertJwtShape, MAX_KID_LENGTH, MAX_TOKEN_LENGTH } from './token-shape';

const encode = (json: string) => Buffer.from(json).toString('base64url');
const HEADER = '{"alg":"RS256","kid":"k1","typ":"JWT"}';
const CLAIMS = '{"sub":"someone","exp":1900000000}';
const SIGNATURE = encode('not really a signature, but well-formed');
const jws = (header = HEADER, claims = CLAIMS, signature = SIGNATURE) => `${encode(header)}.${encode(claims)}.${signature}`;

function refusal(token: string): string {
  try {
    assertJwtShape(token);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidToken);
    return (err as InvalidToken).description;
  }
  return 'accepted';
}

describe('assertJwtShape', () => {
  it('accepts a well-formed RS256 JWS with a kid and a numeric exp', () => {
    expect(refusal(jws())).toBe('accepted');
    expect(refusal(jws('{"alg":"RS256","kid":"k1"}', '{"exp":1900000000,"nbf":1}'))).toBe('accepted');
  });

  it.each([
    ['an empty signature', jws(HEADER, CLAIMS, ''), /not a signed JWT/],
    ['two segments', `${encode(HEADER)}.${encode(CLAIMS)}`, /not a signed JWT/],
    ['four segments', `${jws()}.${SIGNATURE}`, /not a signed JWT/],
    ['an empty payload', `${encode(HEADER)}..${SIGNATURE}`, /payload is not a base64url JSON object/],
    ['an empty header', `.${encode(CLAIMS)}.${SIGNATURE}`, /header is not a base64url JSON object/],
    ['padding', `${jws()}=`, /not a signed JWT/],
    ['standard base64', `${Buffer.from(HEADER).toString('base64')}.${encode(CLAIMS)}.${SIGNATURE}`, /header is not/],
    ['a non-canonical last character', jws(HEADER, CLAIMS, 'AB'), /not a signed JWT/],
    ['a header that is an array', jws('[{"alg":"RS256","kid":"k1"}]'), /header is not/],
    ['a header that is null', jws('null'), /header is not/],
    ['a header that is not JSON', jws('{"alg":"RS256"'), /header is not/],
    [
      'a header that is not UTF-8',
      `${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.${encode(CLAIMS)}.${SIGNATURE}`,
      /header is not/,
    ],
    ['a header with a __proto__ member', jws('{"alg":"RS256","kid":"k1","__proto__":null}'), /header is not/],
    ['claims that are a number', jws(HEADER, '42'), /payload is not/],
    ['claims with a __proto__ member', jws(HEADER, '{"exp":1900000000,"__proto__":{"exp":1}}'), /payload is not/],
    ['alg none', jws('{"alg":"none","kid":"k1"}', CLAIMS, ''), /not signed with RS256/],
    ['alg HS256', jws('{"alg":"HS256","kid":"k1"}'), /not signed with RS256/],
    ['alg as an array', jws('{"alg":["RS256"],"kid":"k1"}'), /not signed with RS256/],
    ['no kid', jws('{"alg":"RS256"}'), /not signed by a key of the expected/],
    ['an object kid', jws('{"alg":"RS256","kid":{"toString":1,"valueOf":1}}'), /not signed by a key of the expected/],
    ['a huge kid', jws(`{"alg":"RS256","kid":"${'k'.repeat(MAX_KID_LENGTH + 1)}"}`), /not signed by a key of the expected/],
    ['a non-string typ', jws('{"alg":"RS256","kid":"k1","typ":1}'), /non-string typ/],
    ['crit', jws('{"alg":"RS256","kid":"k1","crit":["exp"]}'), /critical extensions/],
    ['no exp', jws(HEADER, '{"sub":"someone"}'), /no numeric expiry/],
    ['a string exp', jws(HEADER, '{"exp":"1900000000"}'), /no numeric expiry/],
    ['a string nbf', jws(HEADER, '{"exp":1900000000,"nbf":"now"}'), /not-before/],
    ['a token over the size limit', jws(HEADER, `{"exp":1900000000,"pad":"${'x'.repeat(MAX_TOKEN_LENGTH)}"}`), /longer than 8192/],
  ])('refuses %s', (_name, token, description) => {
    expect(refusal(token)).toMatch(description);
  });
});
