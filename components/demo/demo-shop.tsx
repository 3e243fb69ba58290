"use client";

import { type FormEvent, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";

type Section = "shop" | "checkout" | "account";
const PRODUCTS = ["Trail shoes", "Rain jacket", "Wool socks", "Headlamp", "Water bottle", "Compass"];

/** The demo shop's sections are in-page routes (history.pushState), like a single-page app. */
export function DemoShop() {
  const [section, setSection] = useState<Section>("shop");
  const [items, setItems] = useState<string[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [slow, setSlow] = useState(false);

  useEffect(() => {
    const fromPath = () => {
      const part = location.pathname.split("/")[2] as Section | undefined;
      setSection(part === "checkout" || part === "account" ? part : "shop");
    };
    fromPath();
    addEventListener("popstate", fromPath);
    return () => removeEventListener("popstate", fromPath);
  }, []);

  function go(next: Section) {
    history.pushState(null, "", `/demo${next === "shop" ? "" : `/${next}`}${location.search}`);
    setSection(next);
  }

  function pay(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // A custom event for funnels ("started checkout → submitted payment"); the SDK may not be loaded.
    const shipping = new FormData(event.currentTarget).get("shipping");
    (window as { rewind?: { capture?: (name: string, props: object) => void } }).rewind?.capture?.(
      "payment_submitted",
      { shipping },
    );
    setStatus("Payment failed: the card was declined.");
    throw new Error("Payment declined by the demo gateway");
  }

  return (
    <div className="space-y-6">
      <nav className="flex gap-2" aria-label="Demo sections">
        {(["shop", "checkout", "account"] as Section[]).map((s) => (
          <Button key={s} variant={section === s ? "primary" : "secondary"} onClick={() => go(s)}>
            {s[0]!.toUpperCase() + s.slice(1)}
          </Button>
        ))}
      </nav>

      {section === "shop" && (
        <section className="space-y-4">
          <h1 className="text-2xl font-semibold">Outdoor shop</h1>
          <ul className="grid gap-3 sm:grid-cols-3">
            {PRODUCTS.map((p) => (
              <li
                key={p}
                className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
              >
                <div className="font-medium">{p}</div>
                <Button className="mt-3" variant="secondary" onClick={() => setItems((x) => [...x, p])}>
                  Add to cart
                </Button>
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" data-testid="dead-button">
              Apply coupon
            </Button>
            <Button
              variant="secondary"
              data-testid="slow-button"
              onClick={() => {
                setSlow(true);
                setTimeout(() => setSlow(false), 3000);
              }}
            >
              {slow ? "Loading recommendations…" : "Show recommendations"}
            </Button>
            <Button
              variant="danger"
              data-testid="broken-button"
              onClick={() => {
                throw new Error("Recommendation service is down");
              }}
            >
              Broken button
            </Button>
          </div>
          <div>
            <h2 className="font-medium">Cart ({items.length})</h2>
            <ul className="mt-2 list-inside list-disc text-sm" data-testid="cart">
              {items.map((item, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the same product may be added twice
                <li key={`${item}-${i}`}>{item}</li>
              ))}
            </ul>
          </div>
        </section>
      )}

      {section === "checkout" && (
        <form className="max-w-md space-y-4" onSubmit={pay}>
          <h1 className="text-2xl font-semibold">Checkout</h1>
          <Field label="Full name" name="name" autoComplete="name" />
          <Field label="Email" name="email" type="email" autoComplete="email" />
          <Field label="Card number" name="card" inputMode="numeric" autoComplete="cc-number" />
          <Select label="Shipping" name="shipping" defaultValue="standard">
            <option value="standard">Standard</option>
            <option value="express">Express</option>
            <option value="pickup">Pick-up point</option>
          </Select>
          <div className="space-y-1.5">
            <label htmlFor="notes" className="block text-sm font-medium">
              Delivery notes
            </label>
            <textarea
              id="notes"
              name="notes"
              rows={3}
              className="block w-full rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
          </div>
          <input type="hidden" name="promo" defaultValue="" data-testid="hidden-input" />
          {status && (
            <p role="alert" className="text-sm text-red-600">
              {status}
            </p>
          )}
          <Button type="submit">Pay now</Button>
        </form>
      )}

      {section === "account" && (
        <form className="max-w-md space-y-4" onSubmit={(e) => e.preventDefault()}>
          <h1 className="text-2xl font-semibold">Account</h1>
          <Field label="Username" name="username" autoComplete="username" />
          <Field label="Password" name="password" type="password" autoComplete="current-password" />
          <Button type="submit">Save</Button>
        </form>
      )}
    </div>
  );
}
