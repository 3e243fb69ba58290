import {
  CHOICE_TYPES,
  type EffectiveMasking,
  inputType,
  isTypedText,
  LABEL_TYPES,
  maskChars,
  maskChoice,
  masksPageText,
  maskValue,
  revealsChoice,
} from "./privacy";
import { redactUrl } from "./shared";
import { EventType, IncrementalSource, NodeType } from "./wire";

/**
 * The second pass over what rrweb emits, for what its options cannot express: which radio,
 * checkbox or option was chosen, a form control's default value, text people read in attributes,
 * secrets in URLs and data: URLs. Every value reaching the wire passes through maskTextFn,
 * maskInputFn (sdk/src/privacy.ts) or here; docs/PRIVACY.md lists the paths.
 */

type Attributes = Record<string, unknown>;
interface SerializedNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Attributes;
  childNodes?: SerializedNode[];
  textContent?: string;
}
export interface RecordedEvent {
  type: number;
  data: Record<string, unknown>;
}

const ELEMENT = NodeType.Element;
const FULL_SNAPSHOT = EventType.FullSnapshot;
const INCREMENTAL = EventType.IncrementalSnapshot;
const MUTATION = IncrementalSource.Mutation;
const INPUT = IncrementalSource.Input;

const URL_ATTRIBUTES: Record<string, true> = {
  href: true,
  src: true,
  action: true,
  formaction: true,
  poster: true,
  cite: true,
  background: true,
  data: true,
  ping: true,
  rr_src: true,
  "xlink:href": true,
};
/** Attributes whose text a person reads: masked with the page's text. */
const READABLE: Record<string, true> = {
  title: true,
  alt: true,
  placeholder: true,
  label: true,
  "aria-label": true,
  "aria-description": true,
  "aria-placeholder": true,
  "aria-roledescription": true,
};
/** Attributes that carry a control's value or a widget's chosen state. */
const CHOSEN: Record<string, true> = {
  checked: true,
  selected: true,
  "aria-checked": true,
  "aria-pressed": true,
};
const VALUE_ARIA: Record<string, true> = { "aria-valuenow": true, "aria-valuetext": true };
const CONTROLS: Record<string, true> = { input: true, textarea: true, select: true, option: true };
const SECRET_META = /csrf|xsrf|token|secret|key|auth|session|nonce|sig/i;

/** A URL attribute with data: payloads dropped and secret parameters redacted. */
export function redactAttributeUrl(value: string): string {
  if (/^\s*data:/i.test(value)) return "data:,";
  return /[?#@]/.test(value) ? redactUrl(value) : value;
}

/**
 * CSS with every `url(…)` redacted like a URL attribute (data: payloads dropped): style
 * attributes (a string, or rrweb's object of changed properties), stylesheets' text and CSSOM
 * rules. A fragment of the document itself (`url(#clip)`) is left as it is.
 */
export function redactCss<T>(css: T): T {
  if (typeof css === "string")
    return css.replace(
      /url\(\s*(?!['"]?#)(['"]?)(.*?)\1\s*\)/gi,
      (_, q, url: string) => `url(${q}${redactAttributeUrl(url)}${q})`,
    ) as T;
  if (css && typeof css === "object") for (const k in css) css[k] = redactCss(css[k]);
  return css;
}

function redactSrcset(value: string): string {
  if (/data:/i.test(value)) return "";
  return value
    .split(",")
    .map((candidate) => candidate.replace(/\S+/, redactAttributeUrl))
    .join(",");
}

type NodeOf = (id: number) => Node | null;

/** Masks one element's recorded attributes in place. `snapshot`: they came from a fresh serialization. */
function scrubAttributes(
  m: EffectiveMasking,
  tag: string,
  attributes: Attributes,
  element: Element | null,
  snapshot: boolean,
): void {
  const control = CONTROLS[tag] === true;
  // Data attributes of what people type into often mirror its value (asked only when one is there).
  const typed = () =>
    control ||
    (element
      ? isTypedText(element)
      : attributes.contenteditable != null || /textbox|searchbox|combobox/.test(String(attributes.role)));
  for (const name in attributes) {
    const value = attributes[name];
    if (name === "style" || name === "_cssText") attributes[name] = redactCss(value);
    if (value == null || typeof value === "object") continue;
    const text = String(value);
    // A frame's srcdoc is its document's markup, recorded (and masked) as the frame's own nodes.
    if (name === "srcdoc") delete attributes[name];
    else if (CHOSEN[name] || (name === "aria-selected" && role(attributes, element) !== "tab")) {
      if (!revealsChoice(m, element)) delete attributes[name];
    } else if (name === "value" && control) {
      attributes.value = controlValue(m, tag, text, element, snapshot);
    } else if (READABLE[name]) {
      if (masksPageText(m, element)) attributes[name] = maskChars(text);
    } else if (VALUE_ARIA[name] || (name.startsWith("data-") && typed())) {
      attributes[name] = maskChars(text);
    } else if (URL_ATTRIBUTES[name]) {
      attributes[name] = redactAttributeUrl(text);
    } else if (name === "srcset") {
      attributes[name] = redactSrcset(text);
    } else if (name === "content" && tag === "meta" && SECRET_META.test(metaName(attributes, element))) {
      attributes[name] = maskChars(text);
    }
  }
}

const role = (attributes: Attributes, element: Element | null) =>
  attributes.role ?? element?.getAttribute("role");
const metaName = (attributes: Attributes, element: Element | null) =>
  String(attributes.name ?? attributes.property ?? element?.getAttribute("name") ?? "");

/**
 * A form control's value attribute. rrweb masks the live value; what it leaves is the default
 * value when the live one is empty, the values of checkboxes, radios and buttons, and options'.
 */
function controlValue(
  m: EffectiveMasking,
  tag: string,
  text: string,
  element: Element | null,
  snapshot: boolean,
): string {
  // An option's value is never shown (its text is) and may name the visitor's own things (a saved card).
  if (tag === "option") return maskChars(text);
  if (!element) return maskChoice(text);
  const type = inputType(element);
  // Already masked by maskInputFn: mutations of a control's value, and a snapshot's non-empty live value.
  const maskedByRrweb =
    !snapshot || ((element as HTMLInputElement).value && !CHOICE_TYPES[type] && !LABEL_TYPES[type]);
  return maskedByRrweb ? text : maskValue(m, text, element as HTMLElement);
}

function scrubTree(m: EffectiveMasking, node: SerializedNode, nodeOf: NodeOf): void {
  // A <style>'s text added after the snapshot (its CSS is in its _cssText when serialized whole).
  if (node.textContent) node.textContent = redactCss(node.textContent);
  if (node.type === ELEMENT && node.attributes && node.tagName) {
    scrubAttributes(m, node.tagName, node.attributes, nodeOf(node.id) as Element | null, true);
  }
  if (node.childNodes) for (const child of node.childNodes) scrubTree(m, child, nodeOf);
}

/**
 * Makes one rrweb event safe in place. False: the event must not be sent at all (an input event
 * that would tell which radio or checkbox was chosen).
 */
export function scrubEvent(event: RecordedEvent, m: EffectiveMasking, nodeOf: NodeOf): boolean {
  const { data } = event;
  if (event.type === FULL_SNAPSHOT) scrubTree(m, data.node as SerializedNode, nodeOf);
  if (event.type !== INCREMENTAL) return true;
  if (data.source === INPUT) {
    const element = nodeOf(data.id as number) as Element | null;
    return Boolean(element) && (!CHOICE_TYPES[inputType(element!)] || revealsChoice(m, element));
  }
  if (data.source !== MUTATION) {
    // CSSOM: inserted rules, set declarations, adopted style sheets (the other sources hold no CSS).
    redactCss(data);
    return true;
  }
  for (const add of (data.adds ?? []) as { node: SerializedNode }[]) scrubTree(m, add.node, nodeOf);
  redactCss(data.texts);
  for (const change of (data.attributes ?? []) as { id: number; attributes: Attributes }[]) {
    const element = nodeOf(change.id) as Element | null;
    scrubAttributes(m, element?.tagName.toLowerCase() ?? "", change.attributes, element, false);
  }
  return true;
}
