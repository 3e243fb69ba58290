/** A tiny HTTP client for tests that keeps cookies like a browser and logs in through next-auth. */
export class HttpSession {
  private cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async fetch(
    path: string,
    init: {
      method?: string;
      json?: unknown;
      form?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...this.headers, ...init.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let body: string | undefined;
    if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      redirect: "manual",
    });
    this.store(res);
    return res;
  }

  /** Logs in with email and password the way next-auth's client does; returns the callback's status. */
  async login(email: string, password: string): Promise<number> {
    const csrf = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await this.fetch("/api/auth/callback/credentials", {
      form: { email, password, csrfToken: csrf.csrfToken, json: "true", callbackUrl: "/workspaces" },
    });
    return res.status;
  }

  get signedIn(): boolean {
    return [...this.cookies.keys()].some((k) => k.endsWith("next-auth.session-token"));
  }
}

/** Signs up a new account (with its own workspace unless an invite is given) and logs it in. */
export async function signUp(
  base: string,
  input: { email: string; password?: string; workspaceName?: string; inviteToken?: string; name?: string },
): Promise<{ session: HttpSession; workspace: { id: string; slug: string; name: string } }> {
  const session = new HttpSession(base);
  const password = input.password ?? "correct horse battery";
  const res = await session.fetch("/api/v1/signup", {
    json: {
      email: input.email,
      password,
      workspaceName: input.workspaceName,
      inviteToken: input.inviteToken,
      name: input.name ?? "",
    },
  });
  if (res.status !== 201)
    throw new Error(`sign-up of ${input.email} answered ${res.status}: ${await res.text()}`);
  const { workspace } = (await res.json()) as { workspace: { id: string; slug: string; name: string } };
  const status = await session.login(input.email, password);
  if (!session.signedIn) throw new Error(`login of ${input.email} answered ${status} without a session`);
  return { session, workspace };
}

/** The workspace's current project key (what the SDK is given), as its owner sees it. */
export async function projectKeyOf(session: HttpSession, slug: string): Promise<string> {
  const keys = (await (await session.fetch(`/api/v1/workspaces/${slug}/keys`)).json()) as {
    projectKey: { current: string };
  };
  return keys.projectKey.current;
}
