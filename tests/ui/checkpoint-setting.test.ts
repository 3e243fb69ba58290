import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { CHECKPOINT_CHOICES_MIN, CheckpointSetting } from "@/components/settings/checkpoint-setting";
import { recordingSettingsChange } from "@/lib/api/schemas";

const render = (minutes: number) =>
  renderToStaticMarkup(h(CheckpointSetting, { minutes, onChange: () => {} }));
const options = (html: string) => [...html.matchAll(/<option value="([\d.]+)"/g)].map((m) => Number(m[1]));
const selected = (html: string) => Number(/<option value="([\d.]+)" selected=""/.exec(html)?.[1]);

test("the recording settings offer a select of checkpoint intervals with the saved one chosen", () => {
  const html = render(5);
  expect(html).toContain('data-testid="checkpoint-every"');
  expect(options(html)).toEqual([...CHECKPOINT_CHOICES_MIN]);
  expect(selected(html)).toBe(5);
  expect(html).toContain("after 5 minutes of activity");
  expect(selected(render(60))).toBe(60);
});

test("every offered interval is one the settings API accepts", () => {
  for (const m of CHECKPOINT_CHOICES_MIN) {
    expect(recordingSettingsChange.safeParse({ checkpointEveryMs: m * 60_000 }).success).toBe(true);
  }
  // The API's own bounds stay the guard for anything else sent.
  expect(recordingSettingsChange.safeParse({ checkpointEveryMs: 30_000 }).success).toBe(false);
});

test("an interval saved through the API that is not among the choices stays shown and chosen", () => {
  const html = render(3);
  expect(options(html)).toEqual([1, 2, 3, 5, 10, 15, 30, 60]);
  expect(selected(html)).toBe(3);
});
