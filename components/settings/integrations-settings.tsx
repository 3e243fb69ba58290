"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { Alert, Field } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import type { Delivery } from "@/lib/data/deliveries";
import type { NotificationRules, PublicIntegration } from "@/lib/data/integrations";
import { formatDateTime } from "@/lib/format";

/**
 * Settings → Integrations (admins): issue trackers, Slack, webhooks, which notifications go out,
 * and the delivery log. Secrets are typed in and sent once; the page only ever shows their last
 * four characters, and leaving a secret empty when changing other settings keeps the stored one.
 */

type Tracker = "github" | "linear" | "jira";
interface FieldSpec {
  name: string;
  label: string;
  secret?: boolean;
  placeholder?: string;
  hint?: string;
}

const FORMS: Record<Tracker | "slack", { title: string; description: string; fields: FieldSpec[] }> = {
  github: {
    title: "GitHub",
    description:
      "Issues are created in one repository with a fine-grained token allowed to write issues there.",
    fields: [
      { name: "repo", label: "Repository", placeholder: "acme/webshop" },
      { name: "token", label: "Token", secret: true, placeholder: "github_pat_…" },
      {
        name: "apiUrl",
        label: "API URL",
        placeholder: "https://api.github.com",
        hint: "Change only for GitHub Enterprise Server.",
      },
    ],
  },
  linear: {
    title: "Linear",
    description: "Issues are created in one team with a personal API key.",
    fields: [
      { name: "teamId", label: "Team id", placeholder: "9cfb482a-…" },
      { name: "apiKey", label: "API key", secret: true, placeholder: "lin_api_…" },
    ],
  },
  jira: {
    title: "Jira",
    description: "Issues are created in one Jira Cloud project with an Atlassian API token.",
    fields: [
      { name: "siteUrl", label: "Site URL", placeholder: "https://acme.atlassian.net" },
      { name: "email", label: "Account email", placeholder: "you@acme.com" },
      { name: "apiToken", label: "API token", secret: true },
      { name: "projectKey", label: "Project key", placeholder: "WEB" },
      { name: "issueType", label: "Issue type", placeholder: "Bug" },
    ],
  },
  slack: {
    title: "Slack",
    description: "Notifications are posted by an incoming webhook to the channel it was made for.",
    fields: [
      {
        name: "webhookUrl",
        label: "Incoming webhook URL",
        secret: true,
        placeholder: "https://hooks.slack.com/services/…",
      },
    ],
  },
};

function IntegrationCard({
  workspace,
  provider,
  state,
}: {
  workspace: string;
  provider: Tracker | "slack";
  state: PublicIntegration;
}) {
  const router = useRouter();
  const form = FORMS[provider];
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(form.fields.map((f) => [f.name, f.secret ? "" : (state.settings[f.name] ?? "")])),
  );
  const [note, setNote] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/v1/workspaces/${workspace}/integrations/${provider}`;

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setNote(null);
    try {
      setNote({ tone: "success", text: await action() });
    } catch (e) {
      setNote({ tone: "error", text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title={form.title}
      description={form.description}
      actions={
        <span className="text-xs text-zinc-500" data-testid={`${provider}-state`}>
          {state.configured ? `Connected · secret ${state.hint}` : "Not connected"}
        </span>
      }
    >
      <form
        className="space-y-3"
        data-testid={`${provider}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ""));
            await api(base, { method: "PUT", body });
            setValues((v) =>
              Object.fromEntries(
                Object.entries(v).map(([k, x]) => [
                  k,
                  form.fields.find((f) => f.name === k)?.secret ? "" : x,
                ]),
              ),
            );
            router.refresh();
            return "Saved.";
          });
        }}
      >
        {form.fields.map((f) => (
          <Field
            key={f.name}
            name={f.name}
            label={f.label}
            type={f.secret ? "password" : "text"}
            autoComplete="off"
            placeholder={
              f.secret && state.configured ? `Stored (${state.hint}); type to replace` : f.placeholder
            }
            hint={f.hint}
            value={values[f.name] ?? ""}
            onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
          />
        ))}
        {note && <Alert tone={note.tone}>{note.text}</Alert>}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={busy}>
            Save
          </Button>
          {state.configured && (
            <>
              <Button
                variant="secondary"
                disabled={busy}
                onClick={() =>
                  run(
                    async () => (await api<{ message: string }>(`${base}/test`, { method: "POST" })).message,
                  )
                }
              >
                Test
              </Button>
              <Button
                variant="ghost"
                disabled={busy}
                onClick={() =>
                  run(async () => {
                    await api(base, { method: "DELETE" });
                    router.refresh();
                    return "Disconnected; the stored secret is deleted.";
                  })
                }
              >
                Disconnect
              </Button>
            </>
          )}
        </div>
      </form>
    </Card>
  );
}

function Webhooks({
  workspace,
  webhooks,
}: {
  workspace: string;
  webhooks: { id: string; name: string; host: string; createdAt: number }[];
}) {
  const router = useRouter();
  const [url, setUrl] = useState("");
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [note, setNote] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const base = `/api/v1/workspaces/${workspace}/integrations/webhooks`;
  const run = async (action: () => Promise<string>) => {
    setNote(null);
    try {
      setNote({ tone: "success", text: await action() });
    } catch (e) {
      setNote({ tone: "error", text: errorMessage(e) });
    }
  };
  return (
    <Card
      title="Webhooks"
      description="Each event is POSTed as JSON, signed with HMAC-SHA256 (docs/INTEGRATIONS.md shows how to check it)."
    >
      <ul className="mb-3 space-y-2 text-sm">
        {webhooks.length === 0 && <li className="text-zinc-500">No webhooks.</li>}
        {webhooks.map((w) => (
          <li key={w.id} className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{w.name || w.host}</span>
            <span className="text-zinc-500">{w.host}</span>
            <Button
              variant="secondary"
              className="ml-auto !px-2 !py-1"
              onClick={() =>
                run(
                  async () =>
                    (await api<{ message: string }>(`${base}/${w.id}/test`, { method: "POST" })).message,
                )
              }
            >
              Test
            </Button>
            <Button
              variant="ghost"
              className="!px-2 !py-1"
              onClick={() =>
                run(async () => {
                  await api(`${base}/${w.id}`, { method: "DELETE" });
                  router.refresh();
                  return "Removed.";
                })
              }
            >
              Remove
            </Button>
          </li>
        ))}
      </ul>
      {secret && (
        <Alert tone="success">
          Signing secret (shown once, copy it now): <code data-testid="signing-secret">{secret}</code>
        </Alert>
      )}
      <form
        className="mt-3 grid gap-2 sm:grid-cols-[1fr_10rem_auto] sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const r = await api<{ signingSecret: string }>(base, { method: "POST", body: { url, name } });
            setSecret(r.signingSecret);
            setUrl("");
            setName("");
            router.refresh();
            return "Webhook added.";
          });
        }}
      >
        <Field
          label="URL"
          placeholder="https://ops.example.com/rewind"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} />
        <Button type="submit" disabled={!url.trim()}>
          Add webhook
        </Button>
      </form>
      {note && (
        <div className="mt-2">
          <Alert tone={note.tone}>{note.text}</Alert>
        </div>
      )}
    </Card>
  );
}

function Notifications({
  workspace,
  rules,
  playlists,
}: {
  workspace: string;
  rules: NotificationRules;
  playlists: { id: string; name: string }[];
}) {
  const [draft, setDraft] = useState(rules);
  const [note, setNote] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const toggle = (id: string) =>
    setDraft({
      ...draft,
      playlistIds: draft.playlistIds.includes(id)
        ? draft.playlistIds.filter((p) => p !== id)
        : [...draft.playlistIds, id],
    });
  return (
    <Card title="Notifications" description="What is announced to Slack and every webhook.">
      <div className="space-y-2 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={draft.errorClicks}
            onChange={(e) => setDraft({ ...draft, errorClicks: e.target.checked })}
          />
          A recording's first error click (an exception soon after a click)
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={draft.mentions}
            onChange={(e) => setDraft({ ...draft, mentions: e.target.checked })}
          />
          A comment mentioning a member (@email or @name)
        </label>
        <fieldset>
          <legend className="mb-1">New recordings matching these playlists:</legend>
          {playlists.length === 0 && <p className="text-zinc-500">No saved playlists yet.</p>}
          {playlists.map((p) => (
            <label key={p.id} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={draft.playlistIds.includes(p.id)}
                onChange={() => toggle(p.id)}
              />
              {p.name}
            </label>
          ))}
        </fieldset>
        {note && <Alert tone={note.tone}>{note.text}</Alert>}
        <Button
          onClick={async () => {
            setNote(null);
            try {
              await api(`/api/v1/workspaces/${workspace}/integrations/notifications`, {
                method: "PUT",
                body: draft,
              });
              setNote({ tone: "success", text: "Saved." });
            } catch (e) {
              setNote({ tone: "error", text: errorMessage(e) });
            }
          }}
        >
          Save notifications
        </Button>
      </div>
    </Card>
  );
}

const EVENT_LABELS: Record<Delivery["event"], string> = {
  "playlist.matched": "Playlist match",
  "recording.error_click": "Error click",
  "comment.mention": "Mention",
  test: "Test",
};

const DELIVERY_COLUMNS: TableColumn[] = [
  { id: "when", header: "When", sortable: true },
  { id: "event", header: "Event", sortable: true },
  { id: "to", header: "To", sortable: true },
  { id: "outcome", header: "Outcome", sortable: true },
];

const OUTCOME: Record<Delivery["status"], string> = {
  delivered: "Delivered",
  failed: "Failed",
  pending: "Retrying",
};

function DeliveryLog({
  deliveries,
  webhookNames,
}: {
  deliveries: Delivery[];
  webhookNames: Record<string, string>;
}) {
  const rows = deliveries.map((d) => {
    const to = d.target.kind === "slack" ? "Slack" : (webhookNames[d.target.webhookId] ?? "removed webhook");
    const outcome = `${OUTCOME[d.status]}${d.lastStatus !== null ? ` (${d.lastStatus})` : ""} · ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}`;
    return {
      id: d.id,
      cells: {
        when: formatDateTime(d.createdAt),
        event: EVENT_LABELS[d.event],
        to,
        outcome: <span title={d.lastError ?? undefined}>{outcome}</span>,
      },
      sort: { when: d.createdAt, event: EVENT_LABELS[d.event], to, outcome: OUTCOME[d.status] },
    };
  });
  return (
    <Card
      title="Delivery log"
      description="The last notifications sent, with their attempts. Failed ones were retried with backoff first."
    >
      <DataTable
        label="Deliveries"
        columns={DELIVERY_COLUMNS}
        rows={rows}
        sort={{ id: "when", desc: true }}
        pageSize={20}
        empty="Nothing sent yet."
        testId="delivery-log"
      />
    </Card>
  );
}

export function IntegrationsSettings({
  workspace,
  view,
  playlists,
  deliveries,
}: {
  workspace: string;
  view: {
    github: PublicIntegration;
    linear: PublicIntegration;
    jira: PublicIntegration;
    slack: PublicIntegration;
    webhooks: { id: string; name: string; host: string; createdAt: number }[];
    notifications: NotificationRules;
  };
  playlists: { id: string; name: string }[];
  deliveries: Delivery[];
}) {
  return (
    <div className="space-y-6">
      <IntegrationCard workspace={workspace} provider="github" state={view.github} />
      <IntegrationCard workspace={workspace} provider="linear" state={view.linear} />
      <IntegrationCard workspace={workspace} provider="jira" state={view.jira} />
      <IntegrationCard workspace={workspace} provider="slack" state={view.slack} />
      <Webhooks workspace={workspace} webhooks={view.webhooks} />
      <Notifications workspace={workspace} rules={view.notifications} playlists={playlists} />
      <DeliveryLog
        deliveries={deliveries}
        webhookNames={Object.fromEntries(view.webhooks.map((w) => [w.id, w.name || w.host]))}
      />
    </div>
  );
}
