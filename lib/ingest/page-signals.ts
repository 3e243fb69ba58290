import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { rateVital, type VitalRating } from "@/lib/vitals";
import {
  CLICK_PLUGIN,
  CLICK_TARGET,
  type ClickOffsetPayload,
  FORM_PLUGIN,
  type FormSubmitPayload,
  VITAL_NAMES,
  VITALS_PLUGIN,
  type VitalName,
  type VitalPayload,
} from "@/sdk/src/wire";

/**
 * The SDK's page signals (sdk/src/page-signals.ts) as ingest reads them: Web Vitals and form
 * submissions, each a plugin event whose payload is checked here. A payload that does not fit is
 * a client bug or a forgery: the batch is refused with a 400 naming the event, like a bad envelope.
 */

export { CLICK_PLUGIN, FORM_PLUGIN, VITALS_PLUGIN };

/** The largest value each metric may have: beyond it the measurement is broken, not slow. */
export const VITAL_MAX: Record<VitalName, number> = {
  LCP: 600_000,
  FCP: 600_000,
  TTFB: 600_000,
  INP: 60_000,
  CLS: 100,
};

const short = (max: number) => z.string().max(max, `must be at most ${max} characters`);

const vitalPayload = z
  .object({
    name: z.enum(VITAL_NAMES),
    value: z.number().min(0, "must not be negative"),
    rating: z.enum(["good", "needs-improvement", "poor"]).optional(),
    view: z
      .string()
      .regex(/^[\w.-]{1,64}$/, "must be 1–64 letters, digits, '.', '_' or '-'")
      .optional(),
    url: short(2048).optional(),
    target: short(200).optional(),
    interaction: z.enum(["pointer", "keyboard"]).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.value > VITAL_MAX[v.name])
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `${v.name} must be at most ${VITAL_MAX[v.name].toLocaleString("en-US")}${v.name === "CLS" ? "" : " ms"}`,
      });
  }) satisfies z.ZodType<VitalPayload>;

const formPayload = z.object({
  form: z.string().trim().min(1, "must name the form").max(200, "must be at most 200 characters"),
  name: short(200).optional(),
  id: short(200).optional(),
  action: short(2048).optional(),
  submitter: short(200).optional(),
  via: z.enum(["submit", "fetch", "xhr"]),
}) satisfies z.ZodType<FormSubmitPayload>;

const fraction = z.number().min(0, "must be from 0 to 1").max(1, "must be from 0 to 1");
const boxSide = z
  .number()
  .int("must be whole CSS pixels")
  .min(1, "must be at least 1")
  .max(100_000, "must be at most 100,000");

const clickPayload = z.object({
  id: z
    .number()
    .int("must be a node id")
    .min(1, "must be a node id")
    .max(2 ** 31, "must be a node id"),
  up: z
    .number()
    .int("must be a whole number of levels")
    .min(0, "must not be negative")
    .max(CLICK_TARGET.depth - 1, `must be below ${CLICK_TARGET.depth}`),
  x: fraction,
  y: fraction,
  w: boxSide,
  h: boxSide,
}) satisfies z.ZodType<ClickOffsetPayload>;

/** One page load's measurement, as the summary and the session keep it. */
export interface PageVital {
  name: VitalName;
  value: number;
  rating: VitalRating;
  at: number;
  /** The page view's id: the five metrics of one page load share it. */
  view: string;
  /** The page (origin and path). */
  url?: string;
  target?: string;
  interaction?: "pointer" | "keyboard";
}

/** `index` finds the event's place in the batch, for the message (only asked when it is wrong). */
function parsed<T>(schema: z.ZodType<T>, payload: unknown, index: () => number, what: string): T {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const at = ["events", index(), "data", "payload", ...issue.path].join(".");
  throw new ApiError("bad_request", `Invalid batch: ${at}: ${what}: ${issue.message}`);
}

/** A vital event's payload, or a 400. */
export function readVital(payload: unknown, at: number, index: () => number, pageUrl?: string): PageVital {
  const v = parsed(vitalPayload, payload, index, "a Web Vital");
  return {
    name: v.name,
    value: v.name === "CLS" ? Math.round(v.value * 10_000) / 10_000 : Math.round(v.value),
    // Rated here by the official thresholds: the client's own rating is not trusted.
    rating: rateVital(v.name, v.value),
    at,
    view: v.view ?? String(at),
    url: pageUrl,
    target: v.target || undefined,
    interaction: v.interaction,
  };
}

/** A form submission's payload, or a 400; the action keeps only its path. */
export function readFormSubmit(payload: unknown, index: () => number): FormSubmitPayload {
  const f = parsed(formPayload, payload, index, "a form submission");
  const action = f.action ? actionPath(f.action) : undefined;
  return { ...f, action };
}

/** A click offset's payload, or a 400 (ingest joins it to its click: lib/ingest/heat.ts). */
export function readClickOffset(payload: unknown, index: () => number): ClickOffsetPayload {
  return parsed(clickPayload, payload, index, "a click offset");
}

function actionPath(raw: string): string | undefined {
  try {
    return new URL(raw, "http://x").pathname.slice(0, 500);
  } catch {
    return undefined;
  }
}
