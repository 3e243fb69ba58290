import { z } from "zod";

/** An event's property values, as the SDK may send them. */
export const eventProps = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/**
 * An event as its sorted-set member stores it (lib/data/events.ts):
 * `[id, sessionId, name, url, props, distinctId?]`; older members may lack props. Read here by
 * the events and by the funnel snapshots (./event-hours.ts) alike.
 */
export const storedEventMember = z.tuple(
  [z.string(), z.string(), z.string(), z.string().nullable(), eventProps.nullish()],
  z.string().nullish(),
);
