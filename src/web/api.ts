// The typed client of the server's routes (hc<AppType>), and problem details turned into errors the UI can show.
import { type ClientResponse, hc } from "hono/client";
import type { AppType } from "../server/app";
import type { FieldError } from "../shared/app-errors";

export const client = hc<AppType>("/", { init: { credentials: "same-origin" } });

/** An RFC 9457 problem answered by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type ProblemBody = { detail?: string; title?: string; errors?: FieldError[] };

async function errorFrom(res: Response): Promise<ApiError> {
  let body: ProblemBody = {};
  try {
    body = (await res.json()) as ProblemBody;
  } catch {
    // not JSON: keep the status alone
  }
  return new ApiError(res.status, body.detail ?? body.title ?? res.statusText, body.errors ?? []);
}

/** The body type of a call's success responses. */
type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, string> ? (S extends 200 | 201 ? T : never) : never;

/** Awaits a client call; returns its JSON on 2xx and throws ApiError otherwise. */
export async function unwrap<R extends ClientResponse<unknown, number, string>>(
  call: Promise<R>,
): Promise<SuccessBody<R>> {
  const res = await call;
  if (!res.ok) throw await errorFrom(res as unknown as Response);
  return (await res.json()) as SuccessBody<R>;
}

/** For calls that answer 204 or whose body the caller does not need. */
export async function expectOk(call: Promise<Response>): Promise<Response> {
  const res = await call;
  if (!res.ok) throw await errorFrom(res);
  return res;
}

/** The ETag header to send back as If-Match. */
export const ifMatch = (version: number) => ({ "if-match": `"${version}"` });

/** Password sign-in; `secondFactor` when the account asks for its TOTP (or backup) code next. */
export async function signIn(email: string, password: string): Promise<{ secondFactor: boolean }> {
  const res = await expectOk(
    fetch("/api/auth/sign-in/email", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    }),
  );
  const body = (await res.json().catch(() => ({}))) as { twoFactorRedirect?: boolean };
  return { secondFactor: body.twoFactorRedirect === true };
}

/** better-auth's endpoints for the second factor (TOTP and backup codes), as JSON posts. */
export async function postAuth<T>(path: string, body: unknown): Promise<T> {
  const res = await expectOk(
    fetch(`/api/auth${path}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  return (await res.json().catch(() => ({}))) as T;
}

export async function signOut(): Promise<void> {
  await expectOk(
    fetch("/api/auth/sign-out", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: "{}",
    }),
  );
}

/** "Forgot password": the server answers the same whether or not an account has this email. */
export async function requestPasswordReset(email: string): Promise<void> {
  await expectOk(
    fetch("/api/auth/request-password-reset", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email }),
    }),
  );
}

/** Sets a new password with the emailed one-time token; the account's other sessions end. */
export async function resetPassword(token: string, newPassword: string): Promise<void> {
  await expectOk(
    fetch("/api/auth/reset-password", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, newPassword }),
    }),
  );
}
