import type { Page } from "playwright-core";

/**
 * The privacy corpus: each case is a piece of a page, the steps a visitor (or the page's own
 * script) takes there, and the secrets that must appear in no request and nowhere in the stored
 * data. Cases share a page load, in <section data-case="…"> blocks; the section's name must reach
 * the recording, which proves the case was really recorded and not left out.
 *
 * `secrets` must appear nowhere (requests, blobs, KV). `forbid` are fragments of recorded JSON
 * (a chosen value, a checked state) that must appear in no request and no stored blob. `sent` are
 * fragments that must be in the events sent: proof the path was really taken (the event, redacted,
 * or the frame's content), so a case cannot pass because nothing was recorded.
 */
export interface PrivacyCase {
  name: string;
  /** The class of path to the wire (docs/PRIVACY.md). */
  kind: string;
  html: string;
  steps?: (page: Page, section: string) => Promise<void>;
  secrets: string[];
  forbid?: string[];
  sent?: string[];
}

/** One page load: its cases, the script tag's extra attributes, the URL it is opened at. */
export interface CorpusPage {
  path: string;
  /** The page is opened from this URL (its document.referrer). */
  referer?: string;
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
  // Same-origin, so Chromium's default referrer policy leaves its query in document.referrer.
  referer: "http://localhost:8123/search?q=boots&session=referrer-secret-67",
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
      html: `<iframe srcdoc="<p class=frame-design-content>frame</p>" style="height:60px"></iframe>`,
      sent: ['"class":"frame-design-content"'],
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
      html: `<iframe srcdoc="<input class=frame-input-content>" style="height:40px"></iframe>`,
      sent: ['"class":"frame-input-content"'],
      secrets: ["iframe-typed-secret-11"],
      steps: async (page, s) => {
        await page.frameLocator(at(s, "iframe")).locator("input").fill("iframe-typed-secret-11");
        await page.keyboard.press("Tab");
      },
    },
    {
      name: "iframe-hidden",
      kind: "same-origin iframe",
      html: `<iframe srcdoc="<input type=hidden class=frame-hidden-content value=iframe-hidden-secret-12>" style="height:20px"></iframe>`,
      sent: ['"class":"frame-hidden-content"'],
      secrets: ["iframe-hidden-secret-12"],
    },
    {
      name: "iframe-masked",
      kind: "same-origin iframe",
      html: `<iframe data-rewind-mask srcdoc="<p class=frame-masked-content>iframe-text-secret-13</p>" style="height:40px"></iframe>`,
      sent: ['"class":"frame-masked-content"'],
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
      sent: ['"tag":"checkout","payload":{"plan":"pro","password":"[redacted]"}'],
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
      sent: ['"properties":{"plan":"pro","card_number":"[redacted]"}'],
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
      sent: ["/shop/reset?reset_token=%5Bredacted%5D"],
      steps: (page) =>
        script(
          page,
          `history.pushState({}, "", "/shop/reset?reset_token=" + arg);`,
          "pushstate-token-secret-26",
        ),
    },
    {
      name: "aria-pressed",
      kind: "ARIA chosen state",
      html: `<button aria-pressed="true">Bold</button><button aria-pressed="false">Italic</button>`,
      secrets: [],
      forbid: ['"aria-pressed":"true"', '"aria-pressed":"false"'],
      steps: (page, s) =>
        page
          .locator(at(s, "button"))
          .nth(1)
          .evaluate((el) => el.setAttribute("aria-pressed", "true")),
    },
    {
      name: "aria-valuenow",
      kind: "aria-* attributes",
      html: `<div role="slider" aria-valuenow="99173.31337" aria-valuemin="0" tabindex="0"></div>`,
      secrets: ["99173.31337"],
    },
    {
      name: "srcdoc-attribute",
      kind: "srcdoc of frames",
      html: `<iframe data-rewind-mask srcdoc="<p class=srcdoc-content>srcdoc-text-secret-45</p>" style="height:30px"></iframe>`,
      secrets: ["srcdoc-text-secret-45"],
      forbid: ['"srcdoc":'],
      sent: ['"class":"srcdoc-content"'],
    },
    {
      ...scripted(
        "href-set-later",
        "attribute mutation (URL)",
        `<a href="/plain">later</a>`,
        "later-href-secret-46",
        `$S.querySelector("a").setAttribute("href", "/later-reset?token=" + arg);`,
      ),
      sent: ["later-reset?token=%5Bredacted%5D"],
    },
    scripted(
      "data-url-set-later",
      "attribute mutation (data: URL)",
      `<img alt="" width="10" height="10" src="/a.png">`,
      "later-data-secret-47",
      `$S.querySelector("img").setAttribute("src", "data:image/svg+xml," + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg"><text>' + arg + "</text></svg>"));`,
    ),
    {
      name: "style-attribute-url",
      kind: "CSS: style attribute",
      html: `<div style="width:10px;height:10px;background-image:url('/corpus-bg.png?token=css-style-secret-48')"></div>`,
      secrets: ["css-style-secret-48"],
      sent: ["corpus-bg.png?token=%5Bredacted%5D"],
    },
    {
      name: "style-attribute-data-url",
      kind: "CSS: data: URLs",
      html: `<div class="css-data" style="width:10px;height:10px;background:url(data:text/plain,css-data-secret-49)"></div>`,
      secrets: ["css-data-secret-49"],
      sent: ["url(data:,)"],
    },
    {
      name: "style-element-url",
      kind: "CSS: <style> text",
      html: `<style>.corpus-css{background:url("/corpus-sheet.png?auth=style-element-secret-50")}</style>`,
      secrets: ["style-element-secret-50"],
      sent: ["corpus-sheet.png?auth=%5Bredacted%5D"],
    },
    {
      ...scripted(
        "style-set-by-script",
        "CSS: style attribute mutation",
        `<div style="width:10px;height:10px">s</div>`,
        "style-script-secret-51",
        `$S.querySelector("div").style.backgroundImage = "url(/late.png?session=" + arg + ")";`,
      ),
      sent: ["late.png?session=%5Bredacted%5D"],
    },
    {
      ...scripted(
        "style-text-later",
        "CSS: <style> text mutation",
        `<style></style>`,
        "style-text-secret-52",
        `$S.querySelector("style").textContent = ".later-sheet{background:url(/later-sheet.png?sig=" + arg + ")}";`,
      ),
      sent: ["later-sheet.png?sig=%5Bredacted%5D"],
    },
    {
      ...scripted(
        "cssom-insert-rule",
        "CSS: CSSOM rules",
        `<style></style>`,
        "cssom-rule-secret-53",
        `$S.querySelector("style").sheet.insertRule(".corpus-rule{background:url(/rule.png?token=" + arg + ")}");`,
      ),
      sent: ["rule.png?token=%5Bredacted%5D"],
    },
    {
      name: "uncaught-error",
      kind: "$exception message and stack",
      // Defined by the page, so the stack names the page's URL (its query carries PAGE_URL_SECRETS).
      html: `<script>window.corpusFail = (s) => { throw new Error("failed for token=" + s); };</script>`,
      secrets: ["error-message-secret-54"],
      sent: ['"tag":"$exception"', "failed for token=[redacted]"],
      steps: (page) =>
        script(page, `setTimeout(() => window.corpusFail(arg));`, "error-message-secret-54").then(() =>
          page.waitForTimeout(200),
        ),
    },
    {
      name: "unhandled-rejection",
      kind: "$exception message and stack",
      html: `<script>window.corpusReject = (s) => Promise.reject(new Error("could not load https://api.corpus.test/v1/report?sig=" + s + "&page=2"));</script>`,
      secrets: ["rejection-url-secret-55"],
      sent: ['"source":"unhandledrejection"', "report?sig=%5Bredacted%5D&page=2"],
      steps: (page) =>
        script(page, `window.corpusReject(arg);`, "rejection-url-secret-55").then(() =>
          page.waitForTimeout(200),
        ),
    },
    {
      name: "form-submitted",
      kind: "form submissions",
      html: `<form name="corpus-form" action="/subscribe?token=form-submit-secret-56#step" onsubmit="event.preventDefault()">
        <input name="email"><button class="go">Go</button></form>`,
      secrets: ["form-submit-secret-56", "form-typed-secret-57"],
      sent: ['"form":"corpus-form"', '"action":"/subscribe"'],
      steps: async (page, s) => {
        await typeInto(page, at(s, "input"), "form-typed-secret-57");
        await page.locator(at(s, "button")).click();
      },
    },
    {
      name: "vitals-blocked-lcp",
      kind: "Web Vitals",
      // The page's largest paint, in a blocked section: the vitals name it by its tag alone.
      html: `<div data-rewind-block style="position:fixed;top:0;left:0;pointer-events:none;font-size:150px;line-height:1;color:#ddd"><p id="lcp-blocked-secret-58" style="margin:0">Largest</p></div>`,
      secrets: ["lcp-blocked-secret-58"],
      sent: ['"plugin":"rewind/vitals@1","payload":{"name":"LCP"'],
    },
    {
      name: "click-offset",
      kind: "click offsets",
      html: `<button class="offset-target" data-rewind-mask>click-text-secret-66</button>`,
      secrets: ["click-text-secret-66"],
      sent: ['"plugin":"rewind/click@1"'],
      steps: (page, s) => page.locator(at(s, "button")).click({ position: { x: 3, y: 3 } }),
    },
    {
      name: "canvas-off",
      kind: "canvas frames",
      // Off by default: neither our sampled frames nor rrweb's inlined canvas pixels are sent.
      html: `<canvas width="60" height="20"></canvas><script>document.currentScript.previousElementSibling.getContext("2d").fillText("canvas", 2, 12);</script>`,
      secrets: [],
      forbid: ['"source":9', "rr_dataURL"],
    },
    {
      name: "page-referrer",
      kind: "page URLs (referrer)",
      html: `<p>referred</p>`,
      secrets: ["referrer-secret-67"],
      sent: ['"referrer":"http://localhost:8123/search?q=boots&session=%5Bredacted%5D"'],
    },
    {
      name: "scripts-and-comments",
      kind: "scripts, comments",
      html: `<script>window.corpusScript = "script-secret-59";</script><!-- comment-secret-60 --><script type="application/json">{"token":"json-island-secret-61"}</script>`,
      secrets: ["script-secret-59", "comment-secret-60", "json-island-secret-61"],
    },
  ],
};

export const CHOSEN_STATE_FRAGMENTS = [
  ...CHOSEN_STATE,
  '"aria-checked":"true"',
  '"aria-selected":"true"',
  '"aria-pressed":"true"',
];

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
      name: "l2-attributes-set-later",
      kind: "readable attributes changed by script (level 2)",
      html: `<img width="1" height="1" src="/y.png" alt=""><input><span title="">t</span><button aria-label="x">b</button>`,
      secrets: [
        "later-alt-secret-62",
        "later-placeholder-secret-63",
        "later-title-secret-64",
        "later-label-secret-65",
      ],
      steps: (page, s) =>
        script(
          page,
          `const q = (x) => document.querySelector(arg + " " + x);
          q("img").setAttribute("alt", "later-alt-secret-62");
          q("input").setAttribute("placeholder", "later-placeholder-secret-63");
          q("span").setAttribute("title", "later-title-secret-64");
          q("button").setAttribute("aria-label", "later-label-secret-65");`,
          at(s),
        ),
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
