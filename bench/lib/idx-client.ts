/**
 * A minimal IDX client over node:http with keep-alive, doing what the widget + auth-js do on the wire
 * for a password sign-in: interact → introspect → identify → challenge/answer → token. Each step's
 * latency is the time from sending the request to having read the whole response body.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { CLIENT_ID, DEVORG_PORT, PORTAL_ORIGIN, REDIRECT_URI } from './devorg-proc';

export const STEPS = ['interact', 'introspect', 'identify', 'answer', 'token'] as const;
export type Step = (typeof STEPS)[number];

interface HttpReply {
  status: number;
  body: string;
}

/** Thrown when the org wants more than a password (e.g. an email code after it): the flow isn't measured. */
export class MoreThanPasswordError extends Error {
  override name = 'MoreThanPasswordError';
}

type IdxDoc = {
  stateHandle?: string;
  remediation?: { value?: { name: string; href: string }[] };
  successWithInteractionCode?: { value?: { name: string; value?: unknown }[] };
  messages?: unknown;
};

export class IdxClient {
  readonly agent: Agent;

  constructor(
    maxSockets: number,
    private readonly port = DEVORG_PORT,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  close(): void {
    this.agent.destroy();
  }

  private send(method: 'GET' | 'POST', path: string, contentType: string | undefined, payload: string | undefined): Promise<HttpReply> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Origin: PORTAL_ORIGIN, Accept: 'application/json' };
      if (contentType && payload !== undefined) {
        headers['Content-Type'] = contentType;
        headers['Content-Length'] = String(Buffer.byteLength(payload));
      }
      const req = request({ host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  form(path: string, fields: Record<string, string>): Promise<HttpReply> {
    return this.send('POST', path, 'application/x-www-form-urlencoded', new URLSearchParams(fields).toString());
  }

  json(path: string, body: unknown): Promise<HttpReply> {
    // The widget sends IDX bodies as application/ion+json; devorg's JSON reader accepts either.
    return this.send('POST', path, 'application/json', JSON.stringify(body));
  }

  /**
   * One complete sign-in. `record(step, ms)` gets each step's latency. Throws on any unexpected
   * status, and MoreThanPasswordError if the password did not finish the sign-in.
   */
  async signIn(login: string, password: string, record: (step: Step, ms: number) => void): Promise<void> {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const timed = async (step: Step, call: () => Promise<HttpReply>): Promise<HttpReply> => {
      const t0 = performance.now();
      const reply = await call();
      record(step, performance.now() - t0);
      return reply;
    };

    const interact = await timed('interact', () =>
      this.form('/oauth2/default/v1/interact', {
        client_id: CLIENT_ID,
        scope: 'openid profile email',
        redirect_uri: REDIRECT_URI,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: randomBytes(16).toString('base64url'),
        nonce: randomBytes(16).toString('base64url'),
      }),
    );
    expectStatus('interact', interact, 200);
    const { interaction_handle } = JSON.parse(interact.body) as { interaction_handle: string };

    const intro = await timed('introspect', () => this.json('/idp/idx/introspect', { interactionHandle: interaction_handle }));
    expectStatus('introspect', intro, 200);
    const introDoc = JSON.parse(intro.body) as IdxDoc;

    const identify = await timed('identify', () =>
      this.json(pathOf(introDoc, 'identify'), { identifier: login, stateHandle: introDoc.stateHandle }),
    );
    expectStatus('identify', identify, 200);
    const idDoc = JSON.parse(identify.body) as IdxDoc;

    const answer = await timed('answer', () =>
      this.json(pathOf(idDoc, 'challenge-authenticator'), { credentials: { passcode: password }, stateHandle: idDoc.stateHandle }),
    );
    expectStatus('answer', answer, 200);
    const ansDoc = JSON.parse(answer.body) as IdxDoc;
    const code = ansDoc.successWithInteractionCode?.value?.find((f) => f.name === 'interaction_code')?.value;
    if (typeof code !== 'string') {
      const offered = (ansDoc.remediation?.value ?? []).map((r) => r.name).join(', ');
      throw new MoreThanPasswordError(`after the password devorg asks for more (${offered || 'no remediation'})`);
    }

    const token = await timed('token', () =>
      this.form('/oauth2/default/v1/token', {
        client_id: CLIENT_ID,
        redirect_uri: REDIRECT_URI,
        grant_type: 'interaction_code',
        code_verifier: verifier,
        interaction_code: code,
      }),
    );
    expectStatus('token', token, 200);
  }
}

function pathOf(doc: IdxDoc, remediation: string): string {
  const r = (doc.remediation?.value ?? []).find((v) => v.name === remediation);
  if (!r) {
    const offered = (doc.remediation?.value ?? []).map((v) => v.name).join(', ');
    if (remediation === 'challenge-authenticator')
      throw new MoreThanPasswordError(`no password challenge after identify (offered: ${offered})`);
    throw new Error(`no "${remediation}" remediation (offered: ${offered})`);
  }
  return new URL(r.href).pathname;
}

function expectStatus(step: Step, reply: HttpReply, status: number): void {
  if (reply.status !== status) throw new Error(`${step}: HTTP ${reply.status} ${reply.body.slice(0, 300)}`);
}
