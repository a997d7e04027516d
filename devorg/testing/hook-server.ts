/**
 * An external service for inline hook tests: a real HTTP server on 127.0.0.1 (an ephemeral port unless
 * one is given) that answers each POST with what `answer` returns for it, and keeps every request it got
 * (path, headers, JSON body) for the test to read.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HookRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** `body` is sent as JSON unless it is a string (sent as it is); `delayMs` holds the answer back. */
export interface HookAnswer {
  status?: number;
  body?: unknown;
  delayMs?: number;
}

export interface HookServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: HookRequest[];
  close(): Promise<void>;
}

export async function startHookServer(answer: (req: HookRequest) => HookAnswer, port = 0): Promise<HookServer> {
  const requests: HookRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text: the test sees what was sent.
      }
      const got: HookRequest = { path: req.url ?? '/', headers: req.headers, body };
      requests.push(got);
      const a = answer(got);
      const send = () => {
        const payload = typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? {});
        res.writeHead(a.status ?? 200, { 'Content-Type': 'application/json' }).end(payload);
      };
      if (!a.delayMs) return send();
      const t = setTimeout(() => {
        timers.delete(t);
        if (!res.destroyed) send();
      }, a.delayMs);
      timers.add(t);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${bound}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A registration inline hook with a rule of its own, as a customer's would be: registrants from
 * `denied.example` are denied with a cause on the email field; for `broken.example` the service fails
 * (a 500); `renamed.example` registrants are allowed with their first name replaced and a `department`
 * added; anyone else is allowed as they are.
 */
export function emailDomainRule(req: HookRequest): HookAnswer {
  const sent = (req.body as { data?: { userProfile?: { email?: unknown } } }).data?.userProfile?.email;
  const email = typeof sent === 'string' ? sent : '';
  const domain = email.split('@')[1] ?? '';
  if (domain === 'denied.example')
    return {
      body: {
        commands: [{ type: 'com.okta.action.update', value: { registration: 'DENY' } }],
        error: {
          errorSummary: 'Incorrect email address.',
          errorCauses: [
            {
              errorSummary: 'Registrations from denied.example are not accepted.',
              reason: 'INVALID_EMAIL_DOMAIN',
              locationType: 'body',
              location: 'data.userProfile.email',
              domain: 'end-user',
            },
          ],
        },
      },
    };
  if (domain === 'broken.example') return { status: 500, body: { message: 'the service is down' } };
  if (domain === 'renamed.example')
    return { body: { commands: [{ type: 'com.okta.user.profile.update', value: { firstName: 'Renamed', department: 'Hooks' } }] } };
  return { body: { commands: [{ type: 'com.okta.action.update', value: { registration: 'ALLOW' } }] } };
}
