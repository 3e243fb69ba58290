import { zodResolver } from "@hookform/resolvers/zod";
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { type FieldErrors, type FieldValues, FormProvider, useForm } from "react-hook-form";
import { expect, test } from "vitest";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { controlClass } from "@/components/ui/control";
import { FormError, SelectField, TextField } from "@/components/ui/form";

const schema = z.object({
  name: z.string().trim().min(1, "Give it a name."),
  role: z.enum(["viewer", "owner"]),
});

function Harness({ errors }: { errors?: FieldErrors }) {
  const form = useForm<FieldValues>({ defaultValues: { name: "", role: "viewer" }, errors });
  return h(
    FormProvider,
    // biome-ignore lint/correctness/noChildrenProp: the type wants it; the real children follow
    { ...form, children: null },
    h(TextField, { name: "name", label: "Name", hint: "Shown to your team." }),
    h(SelectField, {
      name: "role",
      label: "Role",
      options: [
        { value: "viewer", label: "Viewer" },
        { value: "owner", label: "Owner" },
      ],
    }),
    h(FormError),
  );
}

test("a field without an error is described by its hint and not marked invalid", () => {
  const html = renderToStaticMarkup(h(Harness, {}));
  const input = html.match(/<input[^>]*>/)?.[0] ?? "";
  expect(input).not.toContain("aria-invalid");
  const hintId = /aria-describedby="([^"]+)"/.exec(input)?.[1];
  expect(hintId).toMatch(/-hint$/);
  expect(html).toContain(`id="${hintId}"`);
  expect(html).toContain("Shown to your team.");
  expect(html).not.toContain('role="alert"');
  // The label names the control.
  const id = /<input[^>]*id="([^"]+)"/.exec(html)?.[1];
  expect(html).toContain(`<label for="${id}"`);
});

test("a field's error replaces its hint, marks it invalid and describes it; a server error is an alert", () => {
  const html = renderToStaticMarkup(
    h(Harness, {
      errors: {
        name: { type: "too_small", message: "Give it a name." },
        root: { server: { type: "server", message: "A key with that name exists." } },
      },
    }),
  );
  const input = html.match(/<input[^>]*>/)?.[0] ?? "";
  expect(input).toContain('aria-invalid="true"');
  const errorId = /aria-describedby="([^"]+)"/.exec(input)?.[1];
  expect(errorId).toMatch(/-error$/);
  expect(html).toMatch(new RegExp(`id="${errorId}"[^>]*>Give it a name\\.<`));
  expect(html).not.toContain("Shown to your team.");
  expect(html).toMatch(/role="alert"[^>]*>A key with that name exists\.</);
  // The select without an error stays valid.
  expect(html.match(/<select[^>]*>/)?.[0]).not.toContain("aria-invalid");
});

test("the zod resolver turns a schema's issues into per-field messages", async () => {
  const resolve = zodResolver(schema);
  const bad = await resolve({ name: "  ", role: "admin" as "owner" }, undefined, {
    fields: {},
    shouldUseNativeValidation: false,
  });
  expect(bad.errors.name?.message).toBe("Give it a name.");
  expect(bad.errors.role).toBeDefined();
  const good = await resolve({ name: " Ada ", role: "owner" }, undefined, {
    fields: {},
    shouldUseNativeValidation: false,
  });
  expect(good).toEqual({ values: { name: "Ada", role: "owner" }, errors: {} });
});

test("controls share one class string; badges carry their tone", () => {
  expect(controlClass("md")).toContain("border-zinc-300");
  expect(controlClass("sm", "w-24")).toMatch(/px-2 py-1 text-sm w-24$/);
  expect(controlClass("md", "font-mono text-xs")).not.toContain("text-sm");
  const badge = renderToStaticMarkup(Badge({ tone: "danger", children: "expired" }));
  expect(badge).toContain("text-red-700");
  expect(badge).toContain(">expired<");
});
