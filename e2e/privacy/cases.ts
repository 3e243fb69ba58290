import type { Page } from "playwright-core";

/**
 * The privacy corpus: each case is a piece of a page, the steps a visitor (or the page's own
 * script) takes there, and the secrets that must appear in no request and nowhere in the stored
 * data. Cases share a page load, in <section data-case="…"> blocks; the section's name must reach
 * the recording, which proves the case was really recorded and not left out.
 *
 * `secrets` must appear nowhere (requests, blobs, KV). `forbid` are fragments of recorded JSON
 * (a chosen value, a checked state) that must appear in no request and no stored blob.
 */
export interface PrivacyCase {
  name: string;
  /** The class of path to the wire (docs/PRIVACY.md). */
  kind: string;
  html: string;
  steps?: (page: Page, section: string) => Promise<void>;
  secrets: string[];
  forbid?: string[];
}

/** One page load: its cases, the script tag's extra attributes, the URL it is opened at. */
export interface CorpusPage {
  path: string;
  scriptAttributes?: string;
  /** Markup checked by its own test rather than as a case. */
  extraHtml?: string;
  cases: PrivacyCase[];
}

const at = (section: string, selector = "") => `[data-case="${section}"] ${selector}`.trim();

async function typeInto(page: Page, selector: string, text: string) {
  await page.locator(selector).first().click();
  await page.keyboard.type(text, { delay: 0 });
  await page.keyboard.press("Tab");
}

async function script(page: Page, body: string, arg: string) {
  await page.evaluate(({ body, arg }) => new Function("arg", body)(arg), { body, arg });
}

/** A case where the visitor types `secret` into the first element matching `selector` in `html`. */
const typed = (
  name: string,
  kind: string,
  html: string,
  secret: string,
  selector = "input",
): PrivacyCase => ({
  name,
  kind,
  html,
  secrets: [secret],
  steps: (page, s) => typeInto(page, at(s, selector), secret),
});

/** A case where the page's own script runs `body` (with `arg` = the secret) after the snapshot. */
const scripted = (name: string, kind: string, html: string, secret: string, body: string): PrivacyCase => ({
  name,
  kind,
  html,
  secrets: [secret],
  steps: (page, s) =>
    script(page, body.replaceAll("$S", `document.querySelector('[data-case="${s}"]')`), secret),
});

const CHOSEN_STATE = [
  '"checked":true',
  '"checked":""',
  '"isChecked":true',
  '"selected":true',
  '"selected":""',
];

export const DEFAULT_PAGE: CorpusPage = {
  path: "/shop/checkout",
  cases: [
    typed("text-typed", "input event", `<label>Name <input type="text"></label>`, "Quixote-Typed-Name-4411"),
    typed("email-typed", "input event", `<input type="email">`, "zeb.secret@typed-mail.test"),
    typed("tel-typed", "input event", `<input type="tel">`, "+44-7700-900-461"),
    typed("number-typed", "input event", `<input type="number">`, "90210777123"),
    typed("search-typed", "input event", `<input type="search">`, "searching-for-secret-cure"),
    typed("url-typed", "input event", `<input type="url">`, "https://private-blog.test/diary"),
    typed("untyped-input", "input event", `<input>`, "no-type-attr-secret-5521"),
    typed("unknown-type", "input event", `<input type="handle">`, "unknown-type-secret-8870"),
    typed("textarea-typed", "input event", `<textarea></textarea>`, "textarea-typed-secret-3390", "textarea"),
    typed("password-typed", "input event", `<input type="password">`, "Hunter2-Sup3rSecret!"),
    {
      name: "password-shown",
      kind: "attribute mutation",
      html: `<input type="password" value="">`,
      secrets: ["Shown-Pass-Secret-7"],
      steps: async (page, s) => {
        await typeInto(page, at(s, "input"), "Shown-Pass-Secret-7");
        await page.locator(at(s, "input")).evaluate((el) => el.setAttribute("type", "text"));
        await typeInto(page, at(s, "input"), "X");
      },
    },
    {
      name: "date-typed",
      kind: "input event",
      html: `<input type="date">`,
      secrets: ["2037-03-14"],
      steps: (page, s) => page.locator(at(s, "input")).fill("2037-03-14"),
    },
    {
      name: "file-chosen",
      kind: "input event",
      html: `<input type="file">`,
      secrets: ["passport-scan-zqx.pdf"],
      steps: (page, s) =>
        page.locator(at(s, "input")).setInputFiles({
          name: "passport-scan-zqx.pdf",
          mimeType: "application/pdf",
          buffer: Buffer.from("%PDF-1.4"),
        }),
    },
    {
      name: "textarea-default",
      kind: "full snapshot text",
      html: `<textarea>textarea-default-secret-1187</textarea>`,
      secrets: ["textarea-default-secret-1187"],
    },
    // Cleared before the last full snapshot, the default content is a text node again.
    scripted(
      "textarea-cleared",
      "full snapshot text",
      `<textarea>textarea-cleared-secret-2290</textarea>`,
      "textarea-cleared-secret-2290",
      `$S.querySelector("textarea").value = "";`,
    ),
    {
      name: "default-value-cleared",
      kind: "full snapshot attribute",
      html: `<input value="default-value-secret-6612">`,
      secrets: ["default-value-secret-6612"],
      steps: (page, s) => page.locator(at(s, "input")).fill(""),
    },
    {
      name: "hidden-at-load",
      kind: "full snapshot attribute",
      html: `<input type="hidden" name="ref" value="hidden-at-load-secret-0042">`,
      secrets: ["hidden-at-load-secret-0042"],
    },
    scripted(
      "hidden-set-by-script",
      "input event (setter)",
      `<input type="hidden" name="promo">`,
      "PROMO-HIDDEN-5521",
      `$S.querySelector("input").value = arg;`,
    ),
    scripted(
      "hidden-attribute-mutation",
      "attribute mutation",
      `<input type="hidden" name="promo2">`,
      "PROMO-ATTR-9931",
      `$S.querySelector("input").setAttribute("value", arg);`,
    ),
    scripted(
      "never-shown-input",
      "input event (setter)",
      `<input style="display:none" name="prefill">`,
      "prefilled-by-script-7719",
      `$S.querySelector("input").value = arg;`,
    ),
    {
      name: "csrf-hidden",
      kind: "full snapshot attribute",
      html: `<form><input type="hidden" name="authenticity_token" value="csrf-form-token-Zx81"></form>`,
      secrets: ["csrf-form-token-Zx81"],
    },
    scripted(
      "output-element",
      "text mutation",
      `<output>0</output>`,
      "output-total-secret-5540",
      `$S.querySelector("output").value = arg;`,
    ),
    {
      name: "select-chosen",
      kind: "selects and options",
      html: `<select><option>Standard</option><option>Express-Secret-Delivery</option></select>`,
      secrets: [],
      forbid: ['"value":"Express-Secret-Delivery"', '"text":"Express-Secret-Delivery"'],
      steps: (page, s) =>
        page
          .locator(at(s, "select"))
          .selectOption("Express-Secret-Delivery")
          .then(() => {}),
    },
    {
      name: "select-multiple",
      kind: "selects and options",
      html: `<select multiple><option>Red</option><option>Multi-Secret-Choice</option></select>`,
      secrets: [],
      forbid: ['"value":"Multi-Secret-Choice"', '"text":"Multi-Secret-Choice"'],
      steps: (page, s) =>
        page
          .locator(at(s, "select"))
          .selectOption("Multi-Secret-Choice")
          .then(() => {}),
    },
    {
      name: "option-selected-at-load",
      kind: "selects and options",
      html: `<select><option>One</option><option selected>Preselected-Secret-Option</option></select>`,
      secrets: [],
      forbid: ['"value":"Preselected-Secret-Option"'],
    },
    {
      name: "option-selected-by-script",
      kind: "attribute mutation",
      html: `<select><option>A</option><option>Scripted-Option-Secret</option></select>`,
      secrets: [],
      forbid: ['"value":"Scripted-Option-Secret"'],
      steps: (page, s) =>
        script(
          page,
          `const s = document.querySelector(arg); s.options[1].setAttribute("selected", ""); s.selectedIndex = 1;`,
          at(s, "select"),
        ),
    },
    {
      name: "radio-clicked",
      kind: "input event (isChecked)",
      html: `<label><input type="radio" name="plan" value="plan-basic-secret-1">Basic</label>
        <label><input type="radio" name="plan" value="plan-gold-secret-2">Gold</label>`,
      secrets: ["plan-gold-secret-2", "plan-basic-secret-1"],
      steps: (page, s) => page.locator(at(s, "input")).nth(1).check(),
    },
    {
      name: "checkbox-clicked",
      kind: "input event (isChecked)",
      html: `<label><input type="checkbox" value="newsletter-secret-opt">Newsletter</label>`,
      secrets: ["newsletter-secret-opt"],
      steps: (page, s) => page.locator(at(s, "input")).check(),
    },
    scripted(
      "checkbox-by-script",
      "input event (setter)",
      `<input type="checkbox" name="terms" value="terms-secret-flag">`,
      "terms-secret-flag",
      `$S.querySelector("input").checked = true;`,
    ),
    {
      name: "radio-checked-at-load",
      kind: "full snapshot attribute",
      html: `<input type="radio" name="gender" value="gender-secret-x" checked>`,
      secrets: ["gender-secret-x"],
    },
    scripted(
      "checked-attribute-mutation",
      "attribute mutation",
      `<input type="checkbox" value="mutated-check-secret">`,
      "mutated-check-secret",
      `$S.querySelector("input").setAttribute("checked", "");`,
    ),
    {
      name: "aria-radio",
      kind: "ARIA chosen state",
      html: `<div role="radiogroup"><div role="radio" aria-checked="false" tabindex="0">Yes</div></div>`,
      secrets: [],
      forbid: ['"aria-checked":"true"'],
      steps: (page, s) =>
        page.locator(at(s, "[role=radio]")).evaluate((el) => el.setAttribute("aria-checked", "true")),
    },
    {
      name: "aria-option",
      kind: "ARIA chosen state",
      html: `<ul role="listbox"><li role="option" aria-selected="true">Chosen</li></ul>`,
      secrets: [],
      forbid: ['"aria-selected":"true"'],
    },
    typed(
      "contenteditable-typed",
      "editable region",
      `<div contenteditable="true">x</div>`,
      "editable-typed-secret-1",
      "div",
    ),
    typed(
      "plaintext-only",
      "editable region",
      `<div contenteditable="plaintext-only"></div>`,
      "plaintext-typed-secret-2",
      "div",
    ),
    {
      name: "editable-new-paragraph",
      kind: "editable region",
      html: `<div contenteditable><p>Draft</p></div>`,
      secrets: ["second-paragraph-secret-3"],
      steps: async (page, s) => {
        await page.locator(at(s, "p")).click();
        await page.keyboard.press("End");
        await page.keyboard.press("Enter");
        await page.keyboard.type("second-paragraph-secret-3", { delay: 0 });
      },
    },
    {
      name: "editable-restored",
      kind: "editable region",
      html: `<div contenteditable><p>restored-draft-secret-4</p></div>`,
      secrets: ["restored-draft-secret-4"],
    },
    scripted(
      "aria-textbox",
      "editable region",
      `<div role="textbox" aria-multiline="true"></div>`,
      "aria-textbox-secret-5",
      `$S.querySelector("[role=textbox]").textContent = arg;`,
    ),
    {
      name: "aria-combobox",
      kind: "editable region",
      html: `<div role="combobox">combobox-value-secret-6</div>`,
      secrets: ["combobox-value-secret-6"],
    },
    {
      name: "design-mode-frame",
      kind: "editable region",
      html: `<iframe srcdoc="<p>frame</p>" style="height:60px"></iframe>`,
      secrets: ["design-mode-secret-7"],
      steps: async (page, s) => {
        const frame = page.frameLocator(at(s, "iframe"));
        await frame.locator("p").waitFor();
        await page.locator(at(s, "iframe")).evaluate((el) => {
          (el as HTMLIFrameElement).contentDocument!.designMode = "on";
        });
        await frame.locator("p").click();
        await page.keyboard.type(" design-mode-secret-7", { delay: 0 });
      },
    },
    {
      name: "shadow-input",
      kind: "shadow root",
      html: `<div class="host"></div><script>document.currentScript.previousElementSibling.attachShadow({mode:"open"}).innerHTML='<input aria-label="in shadow">';</script>`,
      secrets: ["shadow-typed-secret-8"],
      steps: (page, s) => typeInto(page, at(s, ".host input"), "shadow-typed-secret-8"),
    },
    {
      name: "shadow-editable",
      kind: "shadow root",
      html: `<div class="host"></div><script>document.currentScript.previousElementSibling.attachShadow({mode:"open"}).innerHTML='<div contenteditable>e</div>';</script>`,
      secrets: ["shadow-editable-secret-9"],
      steps: (page, s) => typeInto(page, at(s, ".host [contenteditable]"), "shadow-editable-secret-9"),
    },
    {
      name: "shadow-masked-host",
      kind: "shadow root",
      html: `<div class="host" data-rewind-mask></div><script>document.currentScript.previousElementSibling.attachShadow({mode:"open"}).innerHTML='<p>shadow-text-secret-10</p>';</script>`,
      secrets: ["shadow-text-secret-10"],
    },
    {
      name: "iframe-input",
      kind: "same-origin iframe",
      html: `<iframe srcdoc="<input>" style="height:40px"></iframe>`,
      secrets: ["iframe-typed-secret-11"],
      steps: async (page, s) => {
        await page.frameLocator(at(s, "iframe")).locator("input").fill("iframe-typed-secret-11");
        await page.keyboard.press("Tab");
      },
    },
    {
      name: "iframe-hidden",
      kind: "same-origin iframe",
      html: `<iframe srcdoc="<input type=hidden value=iframe-hidden-secret-12>" style="height:20px"></iframe>`,
      secrets: ["iframe-hidden-secret-12"],
    },
    {
      name: "iframe-masked",
      kind: "same-origin iframe",
      html: `<iframe data-rewind-mask srcdoc="<p>iframe-text-secret-13</p>" style="height:40px"></iframe>`,
      secrets: ["iframe-text-secret-13"],
    },
    {
      name: "link-query",
      kind: "href and src",
      html: `<a href="/reset?token=link-token-secret-14">reset</a>`,
      secrets: ["link-token-secret-14"],
    },
    {
      name: "link-fragment",
      kind: "href and src",
      html: `<a href="/cb#access_token=fragment-token-secret-15&state=1">cb</a>`,
      secrets: ["fragment-token-secret-15"],
    },
    {
      name: "link-credentials",
      kind: "href and src",
      html: `<a href="https://admin:userinfo-secret-16@example.test/">ftp</a>`,
      secrets: ["userinfo-secret-16"],
    },
    {
      name: "img-signed",
      kind: "href and src",
      html: `<img alt="" width="1" height="1" src="/pixel.gif?sig=img-sig-secret-17">`,
      secrets: ["img-sig-secret-17"],
    },
    {
      name: "srcset",
      kind: "href and src",
      html: `<img alt="" width="1" height="1" srcset="/a.png?auth=srcset-secret-18 1x, /b.png 2x">`,
      secrets: ["srcset-secret-18"],
    },
    {
      name: "form-action",
      kind: "href and src",
      html: `<form action="/submit?session=form-action-secret-19"></form>`,
      secrets: ["form-action-secret-19"],
    },
    {
      name: "data-url-link",
      kind: "data: URLs",
      html: `<a download="notes.txt" href="data:text/plain,data-url-secret-20">notes</a>`,
      secrets: ["data-url-secret-20"],
    },
    {
      name: "data-url-image",
      kind: "data: URLs",
      html: `<img alt="" width="10" height="10" src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Ctext%3Esvg-data-secret-21%3C/text%3E%3C/svg%3E">`,
      secrets: ["svg-data-secret-21"],
    },
    scripted(
      "data-attribute-mirror",
      "data-* attributes",
      `<input name="nick">`,
      "data-mirror-secret-22",
      `const i = $S.querySelector("input"); i.value = arg; i.setAttribute("data-value", arg);`,
    ),
    {
      name: "aria-valuetext",
      kind: "aria-* attributes",
      html: `<div role="slider" aria-valuenow="71" aria-valuetext="salary-secret-23" tabindex="0"></div>`,
      secrets: ["salary-secret-23"],
    },
    {
      name: "meta-csrf",
      kind: "full snapshot attribute",
      // Spring Security's name (rrweb itself drops only Rails' csrf-token).
      html: `<script>const m=document.createElement("meta");m.name="_csrf";m.content="meta-csrf-secret-24";document.head.append(m);</script>`,
      secrets: ["meta-csrf-secret-24"],
    },
    {
      name: "custom-event",
      kind: "custom-event properties",
      html: `<p>checkout</p>`,
      secrets: ["custom-prop-secret-25"],
      steps: (page) =>
        script(
          page,
          `window.rewind.capture("checkout", { plan: "pro", password: arg });`,
          "custom-prop-secret-25",
        ),
    },
    {
      name: "identify-properties",
      kind: "identify properties",
      html: `<p>account</p>`,
      secrets: ["4929123456781234"],
      steps: (page) =>
        script(
          page,
          `window.rewind.identify("corpus-person", { plan: "pro", card_number: arg });`,
          "4929123456781234",
        ),
    },
    {
      name: "pushstate-url",
      kind: "page URLs",
      html: `<p>router</p>`,
      secrets: ["pushstate-token-secret-26"],
      steps: (page) =>
        script(
          page,
          `history.pushState({}, "", "/shop/reset?reset_token=" + arg);`,
          "pushstate-token-secret-26",
        ),
    },
  ],
};

export const CHOSEN_STATE_FRAGMENTS = [...CHOSEN_STATE, '"aria-checked":"true"', '"aria-selected":"true"'];

/** The page URL itself carries secrets in its query and fragment. */
export const PAGE_URL_SECRETS = ["page-query-secret-27", "page-fragment-secret-28"];
export const DEFAULT_PAGE_URL = `${DEFAULT_PAGE.path}?email_token=${PAGE_URL_SECRETS[0]}#access_token=${PAGE_URL_SECRETS[1]}`;

/** Level 2 from the script tag (data-level="2"): text people read in attributes is masked too. */
export const LEVEL2_PAGE: CorpusPage = {
  path: "/account",
  scriptAttributes: `data-level="2"`,
  extraHtml: `<label data-rewind-unmask><input type="checkbox" value="revealed-choice" checked>ok</label>`,
  cases: [
    {
      name: "l2-title",
      kind: "readable attributes (level 2)",
      html: `<span title="title-secret-29">i</span>`,
      secrets: ["title-secret-29"],
    },
    {
      name: "l2-alt",
      kind: "readable attributes (level 2)",
      html: `<img width="1" height="1" src="/x.png" alt="alt-secret-30">`,
      secrets: ["alt-secret-30"],
    },
    {
      name: "l2-aria-label",
      kind: "readable attributes (level 2)",
      html: `<button aria-label="aria-label-secret-31">x</button>`,
      secrets: ["aria-label-secret-31"],
    },
    {
      name: "l2-placeholder",
      kind: "readable attributes (level 2)",
      html: `<input placeholder="placeholder-secret-32">`,
      secrets: ["placeholder-secret-32"],
    },
    {
      name: "l2-text",
      kind: "full snapshot text (level 2)",
      html: `<p>Balance: page-text-secret-33</p>`,
      secrets: ["page-text-secret-33"],
    },
    scripted(
      "l2-text-mutation",
      "text mutation (level 2)",
      `<p>-</p>`,
      "text-mutation-secret-34",
      `$S.querySelector("p").textContent = arg;`,
    ),
    {
      name: "l2-submit-value",
      kind: "readable attributes (level 2)",
      html: `<input type="submit" value="submit-label-secret-35">`,
      secrets: ["submit-label-secret-35"],
    },
    {
      name: "l2-document-title",
      kind: "page URLs and titles (level 2)",
      html: `<script>document.title = "Account of doc-title-secret-36";</script>`,
      secrets: ["doc-title-secret-36"],
    },
  ],
};

/**
 * Console and network capture, off by default: here the workspace turns them on (with headers and
 * bodies) and so does the tag, and what they record must still carry no secret.
 */
export const CAPTURE_PAGE: CorpusPage = {
  path: "/api-console",
  scriptAttributes: `data-console="log warn error" data-network="headers bodies"`,
  cases: [
    {
      name: "console-string",
      kind: "console payloads",
      html: `<p>console</p>`,
      secrets: ["console-token-secret-37"],
      steps: (page) => script(page, `console.log("retrying with token=" + arg);`, "console-token-secret-37"),
    },
    {
      name: "console-object",
      kind: "console payloads",
      html: `<p>console object</p>`,
      secrets: ["console-object-secret-38"],
      steps: (page) =>
        script(
          page,
          `console.warn("login failed", { user: "bob", password: arg });`,
          "console-object-secret-38",
        ),
    },
    {
      name: "network-query",
      kind: "network URLs",
      html: `<p>fetch</p>`,
      secrets: ["network-query-secret-39"],
      steps: (page) =>
        script(page, `return fetch("/api/items?api_key=" + arg).catch(() => {});`, "network-query-secret-39"),
    },
    {
      name: "network-fragment",
      kind: "network URLs",
      html: `<p>fetch fragment</p>`,
      secrets: ["network-fragment-secret-40"],
      steps: (page) =>
        script(
          page,
          `return fetch("/api/cb#access_token=" + arg).catch(() => {});`,
          "network-fragment-secret-40",
        ),
    },
    {
      name: "network-headers",
      kind: "network payloads",
      html: `<p>headers</p>`,
      secrets: ["bearer-header-secret-41", "custom-header-secret-42"],
      steps: (page) =>
        script(
          page,
          `return fetch("/api/me", { headers: { Authorization: "Bearer bearer-header-secret-41", "X-Session-Token": arg } }).catch(() => {});`,
          "custom-header-secret-42",
        ),
    },
    {
      name: "network-body",
      kind: "network payloads",
      html: `<p>body</p>`,
      secrets: ["network-body-secret-43"],
      steps: (page) =>
        script(
          page,
          `return fetch("/api/login", { method: "POST", body: JSON.stringify({ email: "a@b.test", password: arg }) }).catch(() => {});`,
          "network-body-secret-43",
        ),
    },
    {
      name: "xhr-query",
      kind: "network URLs",
      html: `<p>xhr</p>`,
      secrets: ["xhr-session-secret-44"],
      steps: (page) =>
        script(
          page,
          `return new Promise((done) => { const x = new XMLHttpRequest(); x.open("GET", "/api/x?session=" + arg); x.onloadend = done; x.send(); });`,
          "xhr-session-secret-44",
        ),
    },
  ],
};
