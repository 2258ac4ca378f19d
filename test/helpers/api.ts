import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Caller {
  token: string;
  workspaceId?: string;
}

/** Sends one JSON request through `app.inject` as `caller`, and returns status and parsed body. */
export async function call(
  app: App,
  method: Method,
  url: string,
  options: { as?: Caller; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) headers.authorization = `Bearer ${options.as.token}`;
  if (options.as?.workspaceId) headers['x-workspace-id'] = options.as.workspaceId;
  const response = await app.inject({
    method,
    url,
    headers,
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
  const text = response.body;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response fields freely
  const body: any =
    text && String(response.headers['content-type']).includes('json') ? JSON.parse(text) : text;
  return { status: response.statusCode, body, headers: response.headers };
}

export interface TestUser {
  token: string;
  refreshToken: string;
  userId: string;
  workspaceId: string;
  email: string;
  password: string;
}

/** Registers a user (a fresh email unless given) and returns their tokens and personal workspace. */
export async function registerUser(
  app: App,
  name = 'Test Agent',
  email = `agent-${randomUUID()}@example.com`,
): Promise<TestUser> {
  const password = 'correct horse battery';
  const response = await call(app, 'POST', '/api/v1/auth/register', { body: { email, password, name } });
  if (response.status !== 201)
    throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  return {
    token: response.body.accessToken,
    refreshToken: response.body.refreshToken,
    userId: response.body.user.id,
    workspaceId: response.body.workspace.id,
    email,
    password,
  };
}
