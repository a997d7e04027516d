/**
 * devorg's fault injection (`/dev/api/faults`, SSWS): the org answers one test's requests with an
 * error, late, or not at all. Scope every fault to the test's own user (`login`) or transaction so
 * parallel tests never meet it; the `faults` fixture deletes the test's faults when it ends. A real org
 * has none: the fixture declares `requires('faults')`.
 */
import { expect, type APIRequestContext } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { RETRY_ON_RESET } from './retries';

export interface FaultSpec {
  match: { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; login?: string; transaction?: string };
  respond: { status: number } | { delayMs: number } | { drop: true };
  times?: number;
}

export interface FaultState {
  id: string;
  remaining: number | null;
  hits: number;
}

const URL_BASE = `${E2E.orgUrl}/dev/api/faults`;

export class Faults {
  private readonly added: string[] = [];

  constructor(private readonly request: APIRequestContext) {}

  private get headers() {
    return { Authorization: `SSWS ${E2E.apiToken}` };
  }

  /** Registers a fault; returns its id. */
  async add(spec: FaultSpec): Promise<string> {
    const res = await this.request.post(URL_BASE, { headers: this.headers, data: spec });
    expect(res.status(), await res.text()).toBe(201);
    const { id } = (await res.json()) as FaultState;
    this.added.push(id);
    return id;
  }

  /** A fault's uses so far, or undefined once it is used up or deleted. */
  async state(id: string): Promise<FaultState | undefined> {
    const res = await this.request.get(URL_BASE, { headers: this.headers, ...RETRY_ON_RESET });
    expect(res.status()).toBe(200);
    return ((await res.json()) as FaultState[]).find((f) => f.id === id);
  }

  async remove(id: string): Promise<void> {
    const res = await this.request.delete(`${URL_BASE}/${encodeURIComponent(id)}`, { headers: this.headers, ...RETRY_ON_RESET });
    // 404: it was used up already.
    expect([204, 404], await res.text()).toContain(res.status());
  }

  /** Deletes what this test added (the fixture calls it at the end). */
  async removeAll(): Promise<void> {
    for (const id of this.added.splice(0)) await this.remove(id);
  }
}
