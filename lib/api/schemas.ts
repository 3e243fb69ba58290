import { z } from "zod";
import { PASSWORD_MAX } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/permissions";
import { funnelDefinition } from "@/lib/data/funnels";
import { PERSON_SORTS } from "@/lib/data/persons";
import { recordingSettings } from "@/lib/data/settings";
import { normalizeTag, TAG_PATTERN } from "@/lib/data/tags";
import { MAX_RETENTION_DAYS } from "@/lib/data/workspaces";
import { HEAT_QUERY_LIMITS, HEAT_VIEW_LAYERS } from "@/lib/heatmaps/query";
import { WIDTH_BUCKETS } from "@/lib/ingest/heat";
import { SORT_OPTIONS } from "@/lib/search/engine";
import { regexCompiles } from "./regex-pattern";

/**
 * Wire formats of the API, one zod schema each: the routes parse with them and lib/api/openapi.ts
 * describes them, so the document cannot drift from what the handlers accept.
 */

export const email = z.string().trim().toLowerCase().max(320).pipe(z.email("Enter a valid email address."));
export const password = z.string().min(1, "Enter a password.").max(PASSWORD_MAX);
export const role = z.enum(ROLES, "Role must be one of owner, admin, member, viewer.");

export const signupBody = z.object({
  name: z.string().trim().max(100).default(""),
  email,
  password,
  workspaceName: z.string().trim().max(60).optional(),
  inviteToken: z.string().max(200).optional(),
});

export const createWorkspaceBody = z.object({
  name: z.string().trim().min(1, "Give the workspace a name.").max(60),
});

export const updateWorkspaceBody = z
  .object({ name: z.string().trim().max(60).optional(), slug: z.string().trim().max(40).optional() })
  .refine((b) => b.name !== undefined || b.slug !== undefined, "Send a new name or slug.");

export const deleteWorkspaceBody = z.object({
  confirm: z.string({ error: "Type the workspace name to confirm." }),
});

export const inviteBody = z.object({ email, role });

export const roleBody = z.object({ role });

export const personalKeyBody = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it.").max(60),
  scope: z.enum(["read", "write"], "Scope must be read or write."),
});

export const forgotBody = z.object({ email });
export const resetBody = z.object({ token: z.string().max(200), password });

export const commentText = z
  .string()
  .trim()
  .min(1, "Write something first.")
  .max(2000, "A comment holds at most 2,000 characters.");

export const tagName = z
  .string()
  .transform(normalizeTag)
  .refine((t) => TAG_PATTERN.test(t), {
    message:
      "A tag is 1–50 characters: letters, digits, spaces and _ . : / - (starting with a letter or digit).",
  });

export const newCommentBody = z.object({
  atMs: z.number().int().min(0, "atMs is milliseconds from the recording's start"),
  text: commentText,
});
export const editCommentBody = z.object({ text: commentText });
export const tagBody = z.object({ tag: tagName });

export const recordingsQuery = z.object({
  q: z.string().max(2000).default(""),
  sort: z.enum(SORT_OPTIONS, `sort must be one of ${SORT_OPTIONS.join(", ")}`).default("recent"),
  cursor: z
    .string()
    .regex(/^-?\d+(\.\d+)?:[A-Za-z0-9_-]{1,64}$/, "cursor must be one returned by a previous page")
    .nullish(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A range of a recording's chunks by their first timestamps (epoch ms), both ends included. */
export const chunkRangeQuery = z
  .object({
    from: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    to: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  })
  .refine((q) => q.to >= q.from, { message: "to must not be before from", path: ["to"] });

export const personsQuery = z.object({
  q: z.string().max(300).default(""),
  sort: z.enum(PERSON_SORTS, "sort must be last or sessions").default("last"),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const personEventsQuery = z.object({
  name: z.string().max(200).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const funnelPersonsBody = z.object({
  funnel: funnelDefinition.omit({ name: true }),
  /** 0-based step. */
  step: z.number().int().min(0),
  outcome: z.enum(["converted", "dropped"]),
  /** Only persons with this breakdown value. */
  breakdownValue: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const privacyPreviewQuery = z.object({
  path: z.string().startsWith("/", "path must start with /").max(300),
});

const retentionDays = z.coerce.number().int().min(1).max(MAX_RETENTION_DAYS);
export const retentionPreviewQuery = z.object({
  days: retentionDays.optional(),
  shortenExisting: z.enum(["0", "1", "true", "false"]).optional(),
});
export const retentionChangeBody = z
  .object({ days: retentionDays, shortenExisting: z.boolean().default(false) })
  .strict();

const ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i;

/** Any part of the settings; nested groups (masking, console, network, thresholds) are sent whole. */
export const recordingSettingsChange = recordingSettings
  .partial()
  .strict()
  .superRefine((input, ctx) => {
    for (const [i, origin] of (input.allowedOrigins ?? []).entries()) {
      if (!ORIGIN.test(origin)) {
        ctx.addIssue({
          code: "custom",
          path: ["allowedOrigins", i],
          message: `"${origin}" is not an origin such as https://shop.example or https://*.shop.example`,
        });
      }
    }
    for (const [i, pattern] of (input.masking?.blockUrls ?? []).entries()) {
      if (!regexCompiles(pattern)) {
        ctx.addIssue({
          code: "custom",
          path: ["masking", "blockUrls", i],
          message: `"${pattern}" is not a valid /regex/`,
        });
      }
    }
  });

const utcDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a UTC day as YYYY-MM-DD")
  .refine((d) => Number.isFinite(Date.parse(`${d}T00:00:00Z`)), "is not a calendar day");

/** A page's heatmap (lib/heatmaps/query.ts); `from` and `to` are UTC days, both included. */
export const heatmapQueryFields = z.object({
  path: z
    .string()
    .min(1, "path is required: the page's path, as the recordings list shows it (/pricing)")
    .max(2048)
    .refine((p) => p.startsWith("/"), "path must start with /"),
  from: utcDay.optional(),
  to: utcDay.optional(),
  width: z.enum(WIDTH_BUCKETS, "width must be mobile, tablet or desktop").default("desktop"),
  layer: z.enum(HEAT_VIEW_LAYERS, `layer must be one of ${HEAT_VIEW_LAYERS.join(", ")}`).default("clicks"),
  q: z.string().max(2000).default(""),
});

/** heatmapQuery's days as a [from, to) range in milliseconds (default: the last 7 days). */
export const heatmapQuery = heatmapQueryFields.transform((v, ctx) => {
  const DAY = 86_400_000;
  const to = v.to ? Date.parse(`${v.to}T00:00:00Z`) + DAY : Math.floor(Date.now() / DAY) * DAY + DAY;
  const from = v.from ? Date.parse(`${v.from}T00:00:00Z`) : to - 7 * DAY;
  if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must not be after to" });
  if (to - from > HEAT_QUERY_LIMITS.days * DAY) {
    ctx.addIssue({
      code: "custom",
      path: ["from"],
      message: `a heatmap spans at most ${HEAT_QUERY_LIMITS.days} days; pick a shorter range`,
    });
  }
  return { ...v, from, to };
});
