"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClass } from "@/components/ui/control";
import { Alert, Field } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import type { RecordingSettings } from "@/lib/data/settings";
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

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

const textareaClass = controlClass("md", "block w-full font-mono text-xs");

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
  const router = useRouter();
  const [level, setLevel] = useState(initial.masking.level);
  const [maskSel, setMaskSel] = useState(initial.masking.maskTextSelector ?? "");
  const [unmaskSel, setUnmaskSel] = useState(initial.masking.unmaskTextSelector ?? "");
  const [blockSel, setBlockSel] = useState(initial.masking.blockSelector ?? "");
  const [blockUrls, setBlockUrls] = useState(initial.masking.blockUrls.join("\n"));
  const [blockPersons, setBlockPersons] = useState(
    initial.masking.blockPersons.map((p) => `${p.property}=${p.value}`).join("\n"),
  );
  const [consoleOn, setConsoleOn] = useState(initial.console.enabled);
  const [consoleLevels, setConsoleLevels] = useState<string[]>(initial.console.levels);
  const [network, setNetwork] = useState(initial.network);
  const [denylist, setDenylist] = useState(initial.network.denylist.join("\n"));
  const [origins, setOrigins] = useState(initial.allowedOrigins.join("\n"));
  const [localError, setLocalError] = useState<string | null>(null);

  const masking = useMemo(
    () => ({
      level,
      maskTextSelector: maskSel.trim() || null,
      unmaskTextSelector: unmaskSel.trim() || null,
      blockSelector: blockSel.trim() || null,
      blockUrls: lines(blockUrls),
      blockPersons: lines(blockPersons).map((l) => {
        const i = l.indexOf("=");
        return i > 0
          ? { property: l.slice(0, i).trim(), value: l.slice(i + 1).trim() }
          : { property: "", value: l };
      }),
    }),
    [level, maskSel, unmaskSel, blockSel, blockUrls, blockPersons],
  );

  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/workspaces/${workspace}/settings/recording`, {
        method: "PATCH",
        body: {
          masking,
          console: { enabled: consoleOn, levels: consoleLevels },
          network: { ...network, denylist: lines(denylist) },
          allowedOrigins: lines(origins),
        },
      }),
    onSuccess: () => router.refresh(),
  });

  const invalidSelector = (sel: string) => {
    if (!sel.trim()) return null;
    try {
      document.createDocumentFragment().querySelector(sel);
      return null;
    } catch {
      return "Not a valid CSS selector.";
    }
  };

  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        setLocalError(null);
        if (masking.blockPersons.some((p) => !p.property)) {
          setLocalError("Write each person rule as property=value, for example email=ceo@shop.example.");
          return;
        }
        save.mutate();
      }}
    >
      <fieldset disabled={!canWrite} className="space-y-6">
        <Card
          title="Masking"
          description="What recordings may show. Inputs are always masked. Changes reach your site's SDK within a minute; options set on the page that are stricter always win."
        >
          <div className="space-y-2" role="radiogroup" aria-label="Masking level">
            {LEVELS.map(([n, name, text]) => (
              <label key={n} className="flex gap-2 text-sm">
                <input
                  type="radio"
                  name="level"
                  checked={level === n}
                  onChange={() => setLevel(n)}
                  data-level={n}
                />
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
            <Field
              label="Also mask text in"
              value={maskSel}
              onChange={(e) => setMaskSel(e.target.value)}
              placeholder=".account, [data-private]"
              error={invalidSelector(maskSel)}
              hint="At any level."
            />
            <Field
              label="Show text in (unmask)"
              value={unmaskSel}
              onChange={(e) => setUnmaskSel(e.target.value)}
              placeholder="nav, .product-title"
              error={invalidSelector(unmaskSel)}
              hint="From level 2; never unmasks inputs."
            />
            <Field
              label="Block sections"
              value={blockSel}
              onChange={(e) => setBlockSel(e.target.value)}
              placeholder=".card-form, iframe"
              error={invalidSelector(blockSel)}
              hint="Recorded as grey blocks."
            />
          </div>
          <div className="mt-3 grid gap-3 md:grid-cols-2">
            <label className="space-y-1.5 text-sm">
              <span className="block font-medium">Pages not recorded (one per line)</span>
              <textarea
                rows={3}
                className={textareaClass}
                value={blockUrls}
                onChange={(e) => setBlockUrls(e.target.value)}
                placeholder={"/account/billing\n/^https:\\/\\/admin\\./"}
              />
              <span className="block text-xs text-zinc-500">
                A part of the URL, or a /regex/. Applies at level 4.
              </span>
            </label>
            <label className="space-y-1.5 text-sm">
              <span className="block font-medium">People not recorded (property=value per line)</span>
              <textarea
                rows={3}
                className={textareaClass}
                value={blockPersons}
                onChange={(e) => setBlockPersons(e.target.value)}
                placeholder={"plan=enterprise\ndistinctId=ceo@shop.example"}
              />
              <span className="block text-xs text-zinc-500">Checked when the page calls identify().</span>
            </label>
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
              <input type="checkbox" checked={consoleOn} onChange={(e) => setConsoleOn(e.target.checked)} />
              Capture console messages
            </label>
            <div className="flex flex-wrap gap-3 pl-6">
              {CONSOLE_LEVELS.map((l) => (
                <label key={l} className="flex gap-1.5">
                  <input
                    type="checkbox"
                    disabled={!consoleOn}
                    checked={consoleLevels.includes(l)}
                    onChange={(e) =>
                      setConsoleLevels((xs) => (e.target.checked ? [...xs, l] : xs.filter((x) => x !== l)))
                    }
                  />
                  {l}
                </label>
              ))}
            </div>
            <label className="flex gap-2">
              <input
                type="checkbox"
                checked={network.enabled}
                onChange={(e) => setNetwork({ ...network, enabled: e.target.checked })}
              />
              Capture network requests (method, URL, status, timing)
            </label>
            <div className="flex flex-wrap gap-3 pl-6">
              <label className="flex gap-1.5">
                <input
                  type="checkbox"
                  disabled={!network.enabled}
                  checked={network.headers}
                  onChange={(e) => setNetwork({ ...network, headers: e.target.checked })}
                />
                headers
              </label>
              <label className="flex gap-1.5">
                <input
                  type="checkbox"
                  disabled={!network.enabled}
                  checked={network.bodies}
                  onChange={(e) => setNetwork({ ...network, bodies: e.target.checked })}
                />
                bodies
              </label>
            </div>
            <label className="block space-y-1.5">
              <span className="block font-medium">Redact these names (one per line)</span>
              <textarea
                rows={4}
                className={textareaClass}
                value={denylist}
                onChange={(e) => setDenylist(e.target.value)}
              />
            </label>
          </div>
        </Card>

        <Card
          title="Allowed origins"
          description="Only these sites may send recordings with your project key (one per line, e.g. https://shop.example or https://*.shop.example). Empty: any site."
        >
          <textarea
            rows={3}
            className={textareaClass}
            value={origins}
            onChange={(e) => setOrigins(e.target.value)}
            aria-label="Allowed origins"
          />
        </Card>
      </fieldset>
      {(localError || save.isError) && <Alert>{localError ?? errorMessage(save.error)}</Alert>}
      {save.isSuccess && <Alert tone="success">Saved. SDKs pick this up within a minute.</Alert>}
      {canWrite ? (
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save privacy settings"}
        </Button>
      ) : (
        <p className="text-sm text-zinc-500">
          You can read these settings; only admins and owners change them.
        </p>
      )}
    </form>
  );
}
