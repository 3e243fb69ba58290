import { json, type Received, type Scripted, startFake } from "./server";

/**
 * GitHub REST as documented: `POST /repos/{owner}/{repo}/issues` with `Authorization: Bearer`,
 * a JSON body with `title` (required) and `body`; answers 201 with `number` and `html_url`.
 * `GET /repos/{owner}/{repo}` answers the repository. A wrong token gets 401 "Bad credentials".
 */
export function startGithubFake(opts: { token: string; repo: string }) {
  let next = 1;
  return startFake((r: Received): Scripted => {
    if (r.headers.authorization !== `Bearer ${opts.token}`)
      return {
        status: 401,
        body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" },
      };
    if (r.method === "GET" && r.path === `/repos/${opts.repo}`)
      return { status: 200, body: { full_name: opts.repo } };
    if (r.method !== "POST" || r.path !== `/repos/${opts.repo}/issues`)
      return { status: 404, body: { message: "Not Found" } };
    if (r.headers["content-type"] !== "application/json")
      return { status: 415, body: { message: "JSON please" } };
    const body = json(r);
    if (typeof body.title !== "string" || !body.title)
      return {
        status: 422,
        body: { message: "Validation Failed", errors: [{ field: "title", code: "missing_field" }] },
      };
    const number = next++;
    return {
      status: 201,
      body: { number, html_url: `https://github.com/${opts.repo}/issues/${number}`, title: body.title },
    };
  });
}
