import type { MaskingLevel, MaskingOptions, PersonRule } from "./types";

/**
 * Masking is the stricter of what the server says and what the page says: text is masked when
 * either side masks it, a section is blocked when either side blocks it, a page is skipped when
 * either side skips it. Nothing either side adds can unmask passwords or hidden inputs.
 */

export interface MaskingSide {
  level: MaskingLevel;
  maskTextSelector: string | null;
  unmaskTextSelector: string | null;
  blockSelector: string | null;
  blockUrls: string[];
}

export interface EffectiveMasking {
  sides: MaskingSide[];
  level: MaskingLevel;
  blockSelector: string;
  blockUrls: string[];
  /** People not recorded, from either side. */
  blockPersons: PersonRule[];
}

const ATTRIBUTE_MASK = "[data-rewind-mask]";
const ATTRIBUTE_BLOCK = "[data-rewind-block]";
const ATTRIBUTE_UNMASK = "[data-rewind-unmask]";

const clampLevel = (level: unknown): MaskingLevel => (level === 2 || level === 3 || level === 4 ? level : 1);

export function side(options: MaskingOptions | undefined | null): MaskingSide {
  return {
    level: clampLevel(options?.level),
    maskTextSelector: options?.maskTextSelector || null,
    unmaskTextSelector: options?.unmaskTextSelector || null,
    blockSelector: options?.blockSelector || null,
    blockUrls: options?.blockUrls ?? [],
  };
}

export function mergeMasking(
  local: MaskingOptions | undefined,
  remote: MaskingOptions | undefined | null,
): EffectiveMasking {
  const sides = [side(remote), side(local)];
  const level = Math.max(...sides.map((s) => s.level)) as MaskingLevel;
  const blocks = [
    ATTRIBUTE_BLOCK,
    ...sides.map((s) => s.blockSelector).filter((s): s is string => Boolean(s)),
  ];
  return {
    sides,
    level,
    blockSelector: blocks.join(", "),
    blockUrls: level >= 4 || sides.some((s) => s.blockUrls.length) ? sides.flatMap((s) => s.blockUrls) : [],
    blockPersons: [...(remote?.blockPersons ?? []), ...(local?.blockPersons ?? [])],
  };
}

/** Whether a person identified with these properties must not be recorded. */
export function personBlocked(
  rules: PersonRule[],
  distinctId: string,
  properties: Record<string, unknown>,
): boolean {
  return rules.some((r) => {
    const actual = r.property === "distinctId" ? distinctId : properties[r.property];
    return actual !== undefined && actual !== null && String(actual) === r.value;
  });
}

/** Whether element or an ancestor matches; an invalid selector answers `onInvalid`. */
function within(element: Element | null, selector: string | null, onInvalid: boolean): boolean {
  if (!element || !selector) return false;
  try {
    return Boolean(element.closest(selector));
  } catch {
    return onInvalid;
  }
}

// Invalid selectors fail closed: a broken mask selector masks, a broken unmask selector unmasks nothing.
const masks = (element: Element | null, selector: string | null) => within(element, selector, true);
const unmasks = (element: Element | null, selector: string | null) => within(element, selector, false);

/** Whether one side masks the text inside element. */
function sideMasks(s: MaskingSide, element: Element | null): boolean {
  if (masks(element, ATTRIBUTE_MASK) || masks(element, s.maskTextSelector)) return true;
  if (s.level < 2) return false;
  const unmasked = unmasks(element, s.unmaskTextSelector) || unmasks(element, ATTRIBUTE_UNMASK);
  return !unmasked;
}

export function shouldMaskText(m: EffectiveMasking, element: Element | null): boolean {
  return m.sides.some((s) => sideMasks(s, element));
}

export const maskChars = (text: string) => text.replace(/\S/g, "*");

/** Input types whose values are always masked, hidden ones included. */
export const MASKED_INPUTS = {
  color: true,
  date: true,
  "datetime-local": true,
  email: true,
  month: true,
  number: true,
  range: true,
  search: true,
  tel: true,
  text: true,
  time: true,
  url: true,
  week: true,
  textarea: true,
  select: true,
  password: true,
  hidden: true,
} as const;

/** The masking part of rrweb's record() options. */
export function recordMaskingOptions(
  m: EffectiveMasking,
  custom: {
    maskInputFn?: (t: string, e: HTMLElement) => string;
    maskTextFn?: (t: string, e: HTMLElement | null) => string;
  } = {},
) {
  return {
    maskAllInputs: true,
    maskInputOptions: MASKED_INPUTS,
    maskInputFn: (text: string, element: HTMLElement) => {
      const type = (
        element.getAttribute("data-rr-is-password") ? "password" : (element as HTMLInputElement).type || ""
      ).toLowerCase();
      if (type === "password" || type === "hidden") return "*".repeat(text.length);
      if (!custom.maskInputFn) return maskChars(text);
      try {
        const out = custom.maskInputFn(text, element);
        return typeof out === "string" && out !== text ? out : maskChars(text);
      } catch {
        return maskChars(text);
      }
    },
    // Every text node is offered to maskTextFn, which applies the merged rule exactly.
    maskTextSelector: "*",
    maskTextFn: (text: string, element: HTMLElement | null) => {
      if (!shouldMaskText(m, element)) return text;
      if (!custom.maskTextFn) return maskChars(text);
      try {
        const out = custom.maskTextFn(text, element);
        return typeof out === "string" && out !== text ? out : maskChars(text);
      } catch {
        return maskChars(text);
      }
    },
    blockSelector: m.blockSelector,
  };
}
