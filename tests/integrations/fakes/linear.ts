import { json, type Received, type Scripted, startFake } from "./server";

/**
 * Linear's GraphQL API as documented: `POST /graphql`, the personal API key as the bare
 * Authorization header, `issueCreate(input: { teamId, title, description })` answering
 * `{ success, issue { id identifier url } }`. A wrong key answers 400 with an
 * "authentication error" in `errors`, as Linear does.
 */
export function startLinearFake(opts: { apiKey: string; teamId: string; teamKey: string }) {
  let next = 1;
  return startFake((r: Received): Scripted => {
    if (r.method !== "POST" || r.path !== "/graphql") return { status: 404, body: "not found" };
    if (r.headers.authorization !== opts.apiKey)
      return {
        status: 400,
        body: {
          errors: [
            {
              message: "Authentication required, not authenticated",
              extensions: { type: "authentication error", code: "AUTHENTICATION_ERROR" },
            },
          ],
        },
      };
    const { query, variables } = json(r) as { query: string; variables: Record<string, unknown> };
    if (/team\(id:/.test(query)) {
      return variables.id === opts.teamId
        ? { status: 200, body: { data: { team: { id: opts.teamId, name: "Web" } } } }
        : { status: 200, body: { data: null, errors: [{ message: "Entity not found: Team" }] } };
    }
    if (!/issueCreate\(input: \$input\)/.test(query))
      return { status: 400, body: { errors: [{ message: "Unknown query" }] } };
    const input = variables.input as { teamId?: string; title?: string; description?: string };
    if (input.teamId !== opts.teamId)
      return { status: 200, body: { data: null, errors: [{ message: "Entity not found: Team" }] } };
    if (!input.title)
      return { status: 200, body: { data: null, errors: [{ message: "title must not be empty" }] } };
    const identifier = `${opts.teamKey}-${next++}`;
    return {
      status: 200,
      body: {
        data: {
          issueCreate: {
            success: true,
            issue: {
              id: `uuid-${identifier}`,
              identifier,
              url: `https://linear.app/acme/issue/${identifier}`,
            },
          },
        },
      },
    };
  });
}
