import { json, type Received, type Scripted, startFake } from "./server";

/**
 * Jira Cloud REST v3 as documented: `POST /rest/api/3/issue` with Basic auth (email:API token) and
 * `{ fields: { project: { key }, issuetype: { name }, summary, description } }` where the
 * description is an Atlassian Document Format document; answers 201 `{ id, key, self }`.
 * `GET /rest/api/3/project/{key}` answers the project.
 */
export function startJiraFake(opts: { email: string; apiToken: string; projectKey: string }) {
  let next = 1;
  const wanted = `Basic ${Buffer.from(`${opts.email}:${opts.apiToken}`).toString("base64")}`;
  return startFake((r: Received): Scripted => {
    if (r.headers.authorization !== wanted)
      return { status: 401, body: "Client must be authenticated to access this resource." };
    if (r.method === "GET" && r.path === `/rest/api/3/project/${opts.projectKey}`)
      return { status: 200, body: { key: opts.projectKey, name: "Web" } };
    if (r.method !== "POST" || r.path !== "/rest/api/3/issue")
      return { status: 404, body: { errorMessages: ["Not found"] } };
    const { fields } = json(r) as {
      fields: {
        project?: { key?: string };
        summary?: string;
        issuetype?: { name?: string };
        description?: { type?: string; version?: number; content?: unknown[] };
      };
    };
    const errors: Record<string, string> = {};
    if (fields.project?.key !== opts.projectKey) errors.project = "valid project is required";
    if (!fields.summary) errors.summary = "You must specify a summary of the issue.";
    if (!fields.issuetype?.name) errors.issuetype = "Specify an issue type";
    if (
      fields.description &&
      (fields.description.type !== "doc" ||
        fields.description.version !== 1 ||
        !Array.isArray(fields.description.content))
    )
      errors.description = "Operation value must be an Atlassian Document.";
    if (Object.keys(errors).length) return { status: 400, body: { errorMessages: [], errors } };
    const key = `${opts.projectKey}-${next++}`;
    return {
      status: 201,
      body: { id: String(10000 + next), key, self: `https://acme.atlassian.net/rest/api/3/issue/${key}` },
    };
  });
}
