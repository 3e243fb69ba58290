"use client";

import { useMemo } from "react";
import { z } from "zod";
import { Card } from "@/components/ui/card";
import { Form, FormError, SubmitButton, TextAreaField, TextField, useZodForm } from "@/components/ui/form";
import { api } from "@/lib/api/client";
import type { RecordingSettings } from "@/lib/data/settings";
import { useApiMutation } from "@/lib/queries/mutation";
import { MaskingPreview } from "./masking-preview";

type Privacy = Pick<RecordingSettings, "masking" | "console" | "network" | "allowedOrigins">;

const LEVELS = [
  [1, "Inputs", "Every form field is masked; passwords and hidden fields always are. Page text is recorded."],
  [
    2,
    "Inputs and all text",
    "Every text on the page is recorded as *** unless an unmask selector below lets it through.",
  ],
  [
    3,
    "Sections by selector",
    "As level 2, and the elements matching the block selector are replaced by grey placeholder blocks.",
  ],
  [
    4,
    "Pages and people not recorded",
    "As level 3, and pages matching the URL patterns, and people matching the properties, are not recorded at all.",
  ],
] as const;
const CONSOLE_LEVELS = ["log", "info", "warn", "error", "debug", "assert"] as const;

const lines = (text: string | undefined) =>
  (text ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** A CSS selector the browser accepts, or nothing; the SDK would otherwise skip the rule. */
const selector = z.string().refine((sel) => {
  if (!sel.trim() || typeof document === "undefined") return true;
  try {
    document.createDocumentFragment().querySelector(sel);
    return true;
  } catch {
    return false;
  }
}, "Not a valid CSS selector.");

const personRules = z
  .string()
  .refine(
    (text) => lines(text).every((l) => l.indexOf("=") > 0),
    "Write each person rule as property=value, for example email=ceo@shop.example.",
  );

/** What the form edits, as text where the settings hold lists; the server checks again. */
const privacyFields = z.object({
  level: z.enum(["1", "2", "3", "4"]),
  maskTextSelector: selector,
  unmaskTextSelector: selector,
  blockSelector: selector,
  blockUrls: z.string(),
  blockPersons: personRules,
  consoleEnabled: z.boolean(),
  // A disabled checkbox has no value in the submit: the stored levels and flags stay then.
  consoleLevels: z.array(z.string()).optional(),
  network: z.object({
    enabled: z.boolean(),
    headers: z.boolean().optional(),
    bodies: z.boolean().optional(),
  }),
  denylist: z.string(),
  origins: z.string(),
});
type PrivacyFields = z.infer<typeof privacyFields>;

const fieldsOf = (p: Privacy): PrivacyFields => ({
  level: String(p.masking.level) as PrivacyFields["level"],
  maskTextSelector: p.masking.maskTextSelector ?? "",
  unmaskTextSelector: p.masking.unmaskTextSelector ?? "",
  blockSelector: p.masking.blockSelector ?? "",
  blockUrls: p.masking.blockUrls.join("\n"),
  blockPersons: p.masking.blockPersons.map((r) => `${r.property}=${r.value}`).join("\n"),
  consoleEnabled: p.console.enabled,
  consoleLevels: p.console.levels,
  network: { enabled: p.network.enabled, headers: p.network.headers, bodies: p.network.bodies },
  denylist: p.network.denylist.join("\n"),
  origins: p.allowedOrigins.join("\n"),
});

/** The masking the fields describe: what the preview applies and the save sends. */
const maskingOf = (v: Partial<PrivacyFields>) => ({
  level: Number(v.level ?? 1) as 1 | 2 | 3 | 4,
  maskTextSelector: v.maskTextSelector?.trim() || null,
  unmaskTextSelector: v.unmaskTextSelector?.trim() || null,
  blockSelector: v.blockSelector?.trim() || null,
  blockUrls: lines(v.blockUrls),
  blockPersons: lines(v.blockPersons).flatMap((l) => {
    const i = l.indexOf("=");
    return i > 0 ? [{ property: l.slice(0, i).trim(), value: l.slice(i + 1).trim() }] : [];
  }),
});

const mono = "font-mono text-xs";

/**
 * Settings → Privacy: what the SDK masks, blocks and captures, and which sites may send
 * recordings. Admins edit; everyone else reads. SDKs pick changes up with the remote config within
 * a minute, and a page's own stricter options always win.
 */
export function PrivacySettings({
  workspace,
  initial,
  canWrite,
  pages,
}: {
  workspace: string;
  initial: Privacy;
  canWrite: boolean;
  pages: string[];
}) {
  const form = useZodForm(privacyFields, fieldsOf(initial));
  // The page's server component read the settings: refresh it there after a save.
  const save = useApiMutation({
    mutationFn: (v: PrivacyFields) =>
      api(`/api/v1/workspaces/${workspace}/settings/recording`, {
        method: "PATCH",
        body: {
          masking: maskingOf(v),
          console: { enabled: v.consoleEnabled, levels: v.consoleLevels ?? initial.console.levels },
          network: {
            ...initial.network,
            enabled: v.network.enabled,
            headers: v.network.headers ?? initial.network.headers,
            bodies: v.network.bodies ?? initial.network.bodies,
            denylist: lines(v.denylist),
          },
          allowedOrigins: lines(v.origins),
        },
      }),
    refreshServer: true,
    success: () => "Saved. SDKs pick this up within a minute.",
  });
  const watched = form.watch();
  const consoleOn = watched.consoleEnabled;
  const networkOn = watched.network?.enabled;
  const maskingKey = JSON.stringify(maskingOf(watched));
  // One object per distinct proposal: the preview re-applies it only when it really changed.
  const masking = useMemo(() => JSON.parse(maskingKey) as ReturnType<typeof maskingOf>, [maskingKey]);

  return (
    <Form form={form} className="space-y-6" onSubmit={(v) => save.mutateAsync(v)}>
      <fieldset disabled={!canWrite} className="space-y-6">
        <Card
          title="Masking"
          description="What recordings may show. Inputs are always masked. Changes reach your site's SDK within a minute; options set on the page that are stricter always win."
        >
          <div className="space-y-2" role="radiogroup" aria-label="Masking level">
            {LEVELS.map(([n, name, text]) => (
              <label key={n} className="flex gap-2 text-sm">
                <input type="radio" value={String(n)} data-level={n} {...form.register("level")} />
                <span>
                  <strong className="font-medium">
                    Level {n} · {name}
                  </strong>{" "}
                  — {text}
                </span>
              </label>
            ))}
          </div>
          <div className="mt-4 grid gap-3 md:grid-cols-3">
            <TextField
              name="maskTextSelector"
              label="Also mask text in"
              placeholder=".account, [data-private]"
              hint="At any level."
            />
            <TextField
              name="unmaskTextSelector"
              label="Show text in (unmask)"
              placeholder="nav, .product-title"
              hint="From level 2; never unmasks inputs."
            />
            <TextField
              name="blockSelector"
              label="Block sections"
              placeholder=".card-form, iframe"
              hint="Recorded as grey blocks."
            />
          </div>
          <div className="mt-3 grid gap-3 md:grid-cols-2">
            <TextAreaField
              name="blockUrls"
              label="Pages not recorded (one per line)"
              rows={3}
              className={mono}
              placeholder={"/account/billing\n/^https:\\/\\/admin\\./"}
              hint="A part of the URL, or a /regex/. Applies at level 4."
            />
            <TextAreaField
              name="blockPersons"
              label="People not recorded (property=value per line)"
              rows={3}
              className={mono}
              placeholder={"plan=enterprise\ndistinctId=ceo@shop.example"}
              hint="Checked when the page calls identify()."
            />
          </div>
        </Card>

        <Card
          title="Masking preview"
          description="See what the settings above would hide on a recently recorded page, before saving them."
        >
          <MaskingPreview workspace={workspace} pages={pages} masking={masking} />
        </Card>

        <Card
          title="Console and network"
          description="Off by default. Values of the denylisted names are redacted in the browser before sending."
        >
          <div className="space-y-3 text-sm">
            <label className="flex gap-2">
              <input type="checkbox" {...form.register("consoleEnabled")} />
              Capture console messages
            </label>
            <div className="flex flex-wrap gap-3 pl-6">
              {CONSOLE_LEVELS.map((l) => (
                <label key={l} className="flex gap-1.5">
                  <input
                    type="checkbox"
                    value={l}
                    disabled={!consoleOn}
                    {...form.register("consoleLevels")}
                  />
                  {l}
                </label>
              ))}
            </div>
            <label className="flex gap-2">
              <input type="checkbox" {...form.register("network.enabled")} />
              Capture network requests (method, URL, status, timing)
            </label>
            <div className="flex flex-wrap gap-3 pl-6">
              <label className="flex gap-1.5">
                <input type="checkbox" disabled={!networkOn} {...form.register("network.headers")} />
                headers
              </label>
              <label className="flex gap-1.5">
                <input type="checkbox" disabled={!networkOn} {...form.register("network.bodies")} />
                bodies
              </label>
            </div>
            <TextAreaField
              name="denylist"
              label="Redact these names (one per line)"
              rows={4}
              className={mono}
            />
          </div>
        </Card>

        <Card
          title="Allowed origins"
          description="Only these sites may send recordings with your project key (one per line, e.g. https://shop.example or https://*.shop.example). Empty: any site."
        >
          <TextAreaField name="origins" label="Allowed origins" rows={3} className={mono} />
        </Card>
      </fieldset>
      <FormError />
      {canWrite ? (
        <SubmitButton pending="Saving…">Save privacy settings</SubmitButton>
      ) : (
        <p className="text-sm text-zinc-500">
          You can read these settings; only admins and owners change them.
        </p>
      )}
    </Form>
  );
}
