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

/** The element a shadow root or a same-origin frame hangs from, so rules set outside reach inside. */
function hostOf(element: Element): Element | null {
  const root = element.getRootNode?.() as
    | (Node & { host?: Element; defaultView?: Window | null })
    | undefined;
  try {
    return root?.host ?? (root?.defaultView?.frameElement as Element | null | undefined) ?? null;
  } catch {
    return null;
  }
}

/** Whether element or an ancestor (across shadow roots and frames) matches; an invalid selector answers `onInvalid`. */
function within(element: Element | null, selector: string | null, onInvalid: boolean): boolean {
  if (!selector) return false;
  try {
    for (let e = element; e; e = hostOf(e)) if (e.closest(selector)) return true;
    return false;
  } catch {
    return onInvalid;
  }
}

// Invalid selectors fail closed: a broken mask selector masks, a broken unmask selector unmasks nothing.
const masks = (element: Element | null, selector: string | null) => within(element, selector, true);
const unmasks = (element: Element | null, selector: string | null) => within(element, selector, false);

/**
 * Elements whose text is a value a person typed or chose, not text the page wrote. Editable
 * regions are found by their attribute, not `isContentEditable`: that brings the page's styles up
 * to date first, and asked for each text node a burst added it was a style recalculation inside
 * the page's own task, per burst. (So a region made editable by CSS alone, -webkit-user-modify, is
 * not seen; a non-editable island inside an editable region is masked with it.)
 */
const TYPED =
  "textarea,output,[role=textbox],[role=searchbox],[role=combobox],[role=spinbutton],[contenteditable]:not([contenteditable=false])";

/** Whether element's text is typed by a person: editable regions, design mode, ARIA textboxes. */
export function isTypedText(element: Element | null): boolean {
  if (!element) return false;
  return element.ownerDocument?.designMode === "on" || masks(element, TYPED);
}

const explicitlyMasked = (s: MaskingSide, element: Element | null) =>
  masks(element, ATTRIBUTE_MASK) || masks(element, s.maskTextSelector);
const sideUnmasks = (s: MaskingSide, element: Element | null) =>
  unmasks(element, s.unmaskTextSelector) || unmasks(element, ATTRIBUTE_UNMASK);

/** Whether one side masks the page's own text (and readable attributes) at element. */
function sideMasks(s: MaskingSide, element: Element | null): boolean {
  if (explicitlyMasked(s, element)) return true;
  return s.level >= 2 && !sideUnmasks(s, element);
}

/** Whether the page's own text at element is masked: level 2 and up, or a mask selector. */
export function masksPageText(m: EffectiveMasking, element: Element | null): boolean {
  return m.sides.some((s) => sideMasks(s, element));
}

/** Whether a text node under element is masked: typed text always, page text per the levels. */
export function shouldMaskText(m: EffectiveMasking, element: Element | null): boolean {
  return isTypedText(element) || masksPageText(m, element);
}

/**
 * Whether the chosen state of a radio, checkbox or option (and a select's value) may be recorded:
 * only where both sides unmask it and neither masks it.
 */
export function revealsChoice(m: EffectiveMasking, element: Element | null): boolean {
  return m.sides.every((s) => !explicitlyMasked(s, element) && sideUnmasks(s, element));
}

/**
 * Split and joined, not replaced: V8 builds a replace's (and a repeat's) result as a chain of
 * concatenated pieces, ~30 bytes a character, and every masked text sits in the event buffer until
 * its batch leaves; a join is one flat string.
 */
export const maskChars = (text: string) => text.split(/\S/).join("*");

/** A choice masked to one fixed mark, so the length of an option's value does not tell which it was. */
export const maskChoice = (text: string) => (text ? "***" : text);

export function inputType(element: Element): string {
  return (
    element.getAttribute?.("data-rr-is-password") ? "password" : (element as HTMLInputElement).type || ""
  ).toLowerCase();
}

/** Input types whose value is a choice among the page's options. */
export const CHOICE_TYPES: Record<string, true> = {
  radio: true,
  checkbox: true,
  "select-one": true,
  "select-multiple": true,
};
/** Input types whose value is a label the page wrote (a button's text). */
export const LABEL_TYPES: Record<string, true> = { submit: true, button: true, reset: true, image: true };

/**
 * rrweb's maskInputOptions keyed by tag: every input whatever its type, every textarea and select.
 * (Passing maskAllInputs instead would replace these with rrweb's list of types, which leaves
 * hidden inputs out.)
 */
export const MASKED_INPUTS = {
  input: true,
  textarea: true,
  select: true,
  password: true,
  hidden: true,
} as const;

type MaskFn<E> = (text: string, element: E) => string;

/** The value rrweb may record for a form control. */
export function maskValue(
  m: EffectiveMasking,
  text: string,
  element: HTMLElement,
  custom?: MaskFn<HTMLElement>,
): string {
  const type = inputType(element);
  if (type === "password" || type === "hidden") return Array(text.length + 1).join("*");
  if (CHOICE_TYPES[type]) return revealsChoice(m, element) ? text : maskChoice(text);
  if (LABEL_TYPES[type]) return masksPageText(m, element) ? maskChars(text) : text;
  return customMask(text, element, custom);
}

/** A custom mask's answer, unless it failed or returned the text unmasked. */
function customMask<E>(text: string, element: E, custom: MaskFn<E> | undefined): string {
  if (!custom) return maskChars(text);
  try {
    const out = custom(text, element);
    return typeof out === "string" && out !== text ? out : maskChars(text);
  } catch {
    return maskChars(text);
  }
}

/** The masking part of rrweb's record() options. */
export function recordMaskingOptions(
  m: EffectiveMasking,
  custom: { maskInputFn?: MaskFn<HTMLElement>; maskTextFn?: MaskFn<HTMLElement | null> } = {},
) {
  return {
    maskInputOptions: MASKED_INPUTS,
    maskInputFn: (text: string, element: HTMLElement) => maskValue(m, text, element, custom.maskInputFn),
    // Every text node is offered to maskTextFn, which applies the merged rule exactly.
    maskTextSelector: "*",
    maskTextFn: (text: string, element: HTMLElement | null) =>
      shouldMaskText(m, element) ? customMask(text, element, custom.maskTextFn) : text,
    blockSelector: m.blockSelector,
  };
}
