"use client";

import { controlClass } from "@/components/ui/control";
import { formatCountry, formatNumber } from "@/lib/format";
import { formKey } from "@/lib/forms";
import { findTerm, type Match, setTerm } from "@/lib/search/edit";
import {
  type Comparison,
  type Condition,
  type Filter,
  type NumberField,
  VITAL_FIELDS,
} from "@/lib/search/filter";
import { printSearch } from "@/lib/search/print";
import { formatDuration } from "./format";
import { PathPicker } from "./path-picker";
import { type PersonOption, PersonPicker } from "./person-picker";
import { type PropertyOptions, PropertyPicker } from "./property-picker";

type Control = {
  label: string;
  match: Match;
  options: [string, string][];
  read: (c: Condition) => string;
  /** The term after choosing `value`; it replaces the term the control matched. */
  make?: (value: string) => Condition;
  /** How a value typed in the search box but not among the options reads in the menu. */
  describe?: (value: string) => string;
  /**
   * For controls that own one part of a condition (the request menus): the term after choosing
   * `value` ("" for any) over the current one; null removes it. Used instead of `make`.
   */
  edit?: (value: string, current: Condition | null) => Condition | null;
};

type PickedField = "device" | "browser" | "os" | "country";

/** The values recordings in this workspace have, most sessions first (lib/data/sessions facetValuesOf). */
export type FacetOptions = Partial<
  Record<
    PickedField | "page" | "event" | "request" | "form" | "tag" | "error",
    { value: string; sessions: number }[]
  >
> & {
  /** The persons seen most recently (lib/data/facets.ts personValuesOf); typing searches them all. */
  person?: PersonOption[];
  /** Person property keys, each with its values (propertyValuesOf). */
  prop?: PropertyOptions[];
  /** Saved cohorts' names. */
  cohort?: string[];
};

const facet = (field: PickedField, label: string, options: [string, string][]): Control => ({
  label,
  match: (c) => c.kind === "facet" && c.field === field,
  options,
  read: (c) => (c.kind === "facet" ? c.value.toLowerCase() : ""),
  make: (value) => ({ kind: "facet", field, value: field === "country" ? value.toUpperCase() : value }),
});

/** "microsoft-edge" → "Microsoft Edge"; "us" → "United States". */
function labelOf(field: PickedField, value: string): string {
  if (field === "country") return formatCountry(value);
  if (field === "os" && value === "macos") return "macOS";
  if (field === "os" && value === "ios") return "iOS";
  return value.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => (dash ? " " : "") + c.toUpperCase());
}

/** Offered when the workspace has recorded nothing with that facet yet. */
const FALLBACK: Record<PickedField, string[]> = {
  device: ["desktop", "mobile", "tablet"],
  browser: ["chrome", "safari", "firefox", "microsoft-edge"],
  os: ["windows", "macos", "linux", "android", "ios"],
  country: [],
};

const FACET_LABELS: [PickedField, string][] = [
  ["device", "Device"],
  ["browser", "Browser"],
  ["os", "OS"],
  ["country", "Country"],
];

function facetControls(present: FacetOptions): Control[] {
  return FACET_LABELS.map(([field, label]) => {
    const seen = present[field] ?? [];
    const options: [string, string][] = seen.length
      ? seen.map(({ value, sessions }) => [value, `${labelOf(field, value)} (${formatNumber(sessions)})`])
      : FALLBACK[field].map((value) => [value, labelOf(field, value)]);
    return facet(field, label, options);
  });
}

/** A long error message cut to what a menu shows. */
const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** Pages, events and error messages recorded, with sessions (lib/data/facets.ts); shown once there are some. */
function recordedControls(present: FacetOptions): Control[] {
  const counted = (list: { value: string; sessions: number }[]): [string, string][] =>
    list.map(({ value, sessions }) => [value, `${value} (${formatNumber(sessions)})`]);
  const out: Control[] = [];
  if (present.page?.length)
    out.push({
      label: "Page",
      match: (c) => c.kind === "page" && c.mode === "equals",
      options: counted(present.page),
      read: (c) => (c.kind === "page" ? c.value.toLowerCase() : ""),
      make: (value) => ({ kind: "page", mode: "equals", value }),
    });
  if (present.event?.length)
    out.push({
      label: "Event",
      match: (c) => c.kind === "event",
      options: counted(present.event),
      read: (c) => (c.kind === "event" ? c.name : ""),
      make: (value) => ({ kind: "event", name: value }),
    });
  if (present.error?.length)
    out.push({
      label: "Error",
      match: (c) => c.kind === "error",
      options: present.error.map(({ value, sessions }) => [
        value,
        `${clip(value)} (${formatNumber(sessions)})`,
      ]),
      read: (c) => (c.kind === "error" ? c.value : ""),
      make: (value) => ({ kind: "error", value }),
      describe: (value) => `Error “${clip(value)}”`,
    });
  if (present.tag?.length)
    out.push({
      label: "Tag",
      match: (c) => c.kind === "tag",
      options: counted(present.tag),
      read: (c) => (c.kind === "tag" ? c.value.toLowerCase() : ""),
      make: (value) => ({ kind: "tag", value }),
    });
  if (present.cohort?.length)
    out.push({
      label: "Cohort",
      match: (c) => c.kind === "cohort",
      options: present.cohort.map((name) => [name.toLowerCase(), name]),
      read: (c) => (c.kind === "cohort" ? c.value.toLowerCase() : ""),
      make: (value) => ({
        kind: "cohort",
        value: present.cohort?.find((n) => n.toLowerCase() === value) ?? value,
      }),
    });
  return out;
}

/**
 * Requests (network capture on): what was requested, how it answered and how long it took — three
 * menus over ONE request term, as the search box writes it (`request:"POST /api/cart" status:5xx
 * slow:>1s`): each sets its part and keeps the others. Shown once requests were recorded, or the
 * search names one.
 */
type RequestTerm = Extract<Condition, { kind: "request" }>;

const isRequest = (c: Condition): c is RequestTerm => c.kind === "request";

/** The request term with `part` replaced; null once it names nothing. */
function withRequestPart(current: Condition | null, part: Partial<RequestTerm>): Condition | null {
  const next: RequestTerm = { ...(current && isRequest(current) ? current : { kind: "request" }), ...part };
  for (const k of ["method", "path", "status", "slow"] as const) if (next[k] === undefined) delete next[k];
  return next.method || next.path || next.status || next.slow ? next : null;
}

const slowText = (op: string, ms: number) =>
  `${op === ">=" ? "At least" : "Slower than"} ${ms < 1000 ? `${formatNumber(ms)} ms` : formatDuration(ms)}`;

export function requestControls(present: FacetOptions, filter: Filter | null): Control[] {
  const recorded = present.request ?? [];
  if (recorded.length === 0 && !(filter && findTerm(filter, isRequest))) return [];
  return [
    {
      label: "Request",
      match: isRequest,
      options: recorded.map(({ value, sessions }) => [value, `${value} (${formatNumber(sessions)})`]),
      read: (c) => (isRequest(c) ? [c.method, c.path].filter(Boolean).join(" ") : ""),
      edit: (value, current) => {
        const [method, path] = value.split(" ");
        return withRequestPart(current, { method: method || undefined, path: path || undefined });
      },
    },
    {
      label: "Status",
      match: isRequest,
      options: [
        ["2xx", "Answered 2xx"],
        ["3xx", "Answered 3xx"],
        ["4xx", "Answered 4xx"],
        ["5xx", "Answered 5xx"],
        ["failed", "Failed (no answer)"],
      ],
      read: (c) => (isRequest(c) ? (c.status ?? "") : ""),
      edit: (value, current) =>
        withRequestPart(current, { status: (value || undefined) as RequestTerm["status"] }),
    },
    {
      label: "Slow",
      match: isRequest,
      options: [300, 1000, 3000, 10_000].map((ms) => [`>${ms}`, slowText(">", ms)]),
      read: (c) => (isRequest(c) && c.slow ? `${c.slow.op}${c.slow.value}` : ""),
      edit: (value, current) => {
        const m = /^(>=?)(\d+)$/.exec(value);
        return withRequestPart(current, {
          slow: m ? { op: m[1] as ">" | ">=", value: Number(m[2]) } : undefined,
        });
      },
      describe: (value) => {
        const m = /^(>=?)(\d+)$/.exec(value);
        return m ? slowText(m[1]!, Number(m[2])) : value;
      },
    },
  ];
}

/** Any form submitted, or one of the forms recorded (by name, id or action path), with sessions. */
export function formsControl(present: FacetOptions): Control {
  return {
    label: "Forms",
    match: (c) => (c.kind === "has" && c.value === "form_submit") || c.kind === "form",
    options: [
      ["form_submit", "Submitted a form"],
      ...(present.form ?? []).map(({ value, sessions }): [string, string] => [
        `form:${value}`,
        `Submitted ${value} (${formatNumber(sessions)})`,
      ]),
    ],
    read: (c) => (c.kind === "form" ? `form:${formKey(c.value)}` : c.kind === "has" ? c.value : ""),
    make: (value) =>
      value.startsWith("form:")
        ? { kind: "form", value: value.slice(5) }
        : { kind: "has", value: "form_submit" },
    describe: (value) => (value.startsWith("form:") ? `Submitted ${value.slice(5)}` : value),
  };
}

/**
 * A time with preset lower bounds (`duration:>5m`): any other bound typed in the search box shows
 * as itself. Options are milliseconds.
 */
function durationControl(field: NumberField, label: string, options: [string, string][]): Control {
  return {
    label,
    match: (c) => c.kind === "number" && c.field === field,
    options,
    read: (c) => (c.kind === "number" && c.op === ">" ? String(c.value) : ""),
    make: (value) => ({ kind: "number", field, op: ">", value: Number(value) }),
    describe: (value) => `Over ${formatDuration(Number(value))}`,
  };
}

/** A count with preset "at least" bounds (`pages:>=3`); other comparisons typed show as written. */
function countControl(field: NumberField, label: string, noun: string, bounds: number[]): Control {
  return {
    label,
    match: (c) => c.kind === "number" && c.field === field,
    options: bounds.map((n) => [`>=${n}`, `${formatNumber(n)}+ ${noun}`]),
    read: (c) => (c.kind === "number" ? `${c.op}${c.value}` : ""),
    make: (value) => {
      const [, op, n] = /^(>=|<=|>|<|=)(.*)$/.exec(value) ?? [];
      return { kind: "number", field, op: (op ?? ">=") as Comparison, value: Number(n) };
    },
    describe: (value) => `${label} ${value}`,
  };
}

/** Numeric keys: no values to suggest, but each has a control (docs/SEARCH.md lists which key has which). */
const NUMBER_CONTROLS: Control[] = [
  durationControl("active", "Active time", [
    ["10000", "Active over 10 s"],
    ["30000", "Active over 30 s"],
    ["60000", "Active over 1 min"],
    ["300000", "Active over 5 min"],
  ]),
  durationControl("interaction", "First interaction", [
    ["1000", "First interaction after 1 s"],
    ["3000", "First interaction after 3 s"],
    ["10000", "First interaction after 10 s"],
    ["30000", "First interaction after 30 s"],
  ]),
  countControl("pages", "Pages", "pages", [2, 3, 5, 10]),
  countControl("clicks", "Clicks", "clicks", [1, 5, 10, 25, 50]),
  countControl("errors", "Error count", "errors", [2, 5, 10]),
  countControl("events", "Events", "events", [10, 100, 1000, 10000]),
];

const FIXED_CONTROLS: Control[] = [
  {
    label: "Errors",
    match: (c) => c.kind === "has" && c.value !== "poor_vitals" && c.value !== "form_submit",
    options: [
      ["errors", "Has errors"],
      ["console_errors", "Has console errors"],
      ["error_then_exit", "Left within 30 s of an error"],
    ],
    read: (c) => (c.kind === "has" ? c.value : ""),
    make: (value) => ({ kind: "has", value: value as "errors" | "console_errors" | "error_then_exit" }),
  },
  {
    label: "Signal",
    match: (c) => c.kind === "signal",
    options: [
      ["rage", "Rage click"],
      ["dead", "Dead click"],
      ["thrash", "Thrashing"],
      ["uturn", "U-turn"],
      ["errorclick", "Error click"],
    ],
    read: (c) => (c.kind === "signal" ? c.value : ""),
    make: (value) => ({ kind: "signal", value: value as "rage" }),
  },
  {
    // p75 of the session's page loads, against the Web Vitals thresholds.
    label: "Web Vitals",
    match: (c) =>
      (c.kind === "has" && c.value === "poor_vitals") ||
      (c.kind === "number" && VITAL_FIELDS.includes(c.field)),
    options: [
      ["poor", "Any poor metric"],
      ["lcp:2500", "LCP over 2.5 s"],
      ["lcp:4000", "LCP over 4 s"],
      ["inp:200", "INP over 200 ms"],
      ["inp:500", "INP over 500 ms"],
      ["cls:0.1", "CLS over 0.1"],
      ["cls:0.25", "CLS over 0.25"],
      ["fcp:1800", "FCP over 1.8 s"],
      ["fcp:3000", "FCP over 3 s"],
      ["ttfb:800", "TTFB over 800 ms"],
      ["ttfb:1800", "TTFB over 1.8 s"],
    ],
    read: (c) =>
      c.kind === "has" ? "poor" : c.kind === "number" && c.op === ">" ? `${c.field}:${c.value}` : "",
    make: (value) => {
      if (value === "poor") return { kind: "has", value: "poor_vitals" };
      const [field, limit] = value.split(":");
      return { kind: "number", field: field as "lcp", op: ">", value: Number(limit) };
    },
  },
  // Any other length is typed in the search box (duration:>90s, duration:>"2m 30s") and shown here.
  durationControl("duration", "Duration", [
    ["10000", "Over 10 s"],
    ["30000", "Over 30 s"],
    ["60000", "Over 1 min"],
    ["120000", "Over 2 min"],
    ["300000", "Over 5 min"],
    ["600000", "Over 10 min"],
    ["1800000", "Over 30 min"],
    ["3600000", "Over 1 h"],
  ]),
];

/**
 * Filter menus over the same filter object as the search box: choosing one rewrites its term in
 * the search, and typing a term in the box shows up here.
 */
export function FilterControls({
  filter,
  onChange,
  present = {},
  workspace,
}: {
  filter: Filter | null;
  onChange: (q: string) => void;
  present?: FacetOptions;
  /** The workspace slug, for the person picker's typed search. */
  workspace?: string;
}) {
  const controls = [
    ...facetControls(present),
    ...recordedControls(present),
    ...requestControls(present, filter),
    formsControl(present),
    ...FIXED_CONTROLS,
    ...NUMBER_CONTROLS,
  ];
  return (
    <fieldset className="flex flex-wrap gap-2" disabled={!filter} aria-label="Filters">
      <PersonPicker workspace={workspace} filter={filter} recent={present.person ?? []} onChange={onChange} />
      {present.prop?.length ? (
        <PropertyPicker filter={filter} properties={present.prop} onChange={onChange} />
      ) : null}
      {present.page?.length ? <PathPicker filter={filter} pages={present.page} onChange={onChange} /> : null}
      {controls.map((control) => {
        const current = filter ? findTerm(filter, control.match) : null;
        const value = current ? control.read(current) : "";
        const known = control.options.some(([v]) => v === value);
        return (
          <label key={control.label} className="flex items-center gap-1 text-sm">
            <span className="sr-only">{control.label}</span>
            <select
              value={value}
              aria-label={control.label}
              onChange={(e) =>
                filter &&
                onChange(
                  printSearch(
                    setTerm(
                      filter,
                      control.match,
                      control.edit
                        ? control.edit(e.target.value, current)
                        : e.target.value && control.make
                          ? control.make(e.target.value)
                          : null,
                    ),
                  ),
                )
              }
              className={controlClass("sm", "", Boolean(value))}
            >
              <option value="">{control.label}: any</option>
              {!known && value && <option value={value}>{control.describe?.(value) ?? value}</option>}
              {control.options.map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </fieldset>
  );
}
