import { FORM_EVENT, formKey } from "@/lib/forms";

/**
 * Form submissions per form for the Analytics page (#23), from the sessions' "$form_submit" events:
 * how often each form was submitted, in how many sessions, what share of the sessions in view that
 * is, and in how many of them a submission came after the session's first exception (the form
 * still worked, or was retried, after something broke).
 */
export interface FormRow {
  /** The form as `form:` finds it: its name, else its id, else its action path, case folded. */
  form: string;
  submissions: number;
  sessions: number;
  /** Of all the sessions the figures cover. */
  share: number;
  afterErrorSessions: number;
  /** Of the sessions that submitted this form. */
  afterErrorRate: number;
}

export const FORM_ROWS = 15;

/** What the figures read of an event: its name, time, and a submission's form. */
export interface FormSignal {
  name: string;
  at: number;
  props: Record<string, unknown>;
}

/**
 * @param bySession each session's "$form_submit" and "$exception" events (others are ignored)
 * @param sessionCount the sessions the figures cover, with or without submissions
 */
export function formFigures(
  bySession: Iterable<FormSignal[]>,
  sessionCount: number,
  rows = FORM_ROWS,
): FormRow[] {
  const acc = new Map<string, FormRow>();
  for (const events of bySession) {
    const firstError = Math.min(...events.filter((e) => e.name === "$exception").map((e) => e.at));
    const seen = new Map<string, { submissions: number; afterError: boolean }>();
    for (const e of events) {
      if (e.name !== FORM_EVENT || typeof e.props.form !== "string") continue;
      const form = formKey(e.props.form);
      if (!form) continue;
      const s = seen.get(form) ?? { submissions: 0, afterError: false };
      s.submissions++;
      s.afterError ||= e.at > firstError;
      seen.set(form, s);
    }
    for (const [form, s] of seen) {
      const row = acc.get(form) ?? {
        form,
        submissions: 0,
        sessions: 0,
        share: 0,
        afterErrorSessions: 0,
        afterErrorRate: 0,
      };
      row.submissions += s.submissions;
      row.sessions++;
      if (s.afterError) row.afterErrorSessions++;
      acc.set(form, row);
    }
  }
  return [...acc.values()]
    .map((r) => ({
      ...r,
      share: sessionCount ? r.sessions / sessionCount : 0,
      afterErrorRate: r.afterErrorSessions / r.sessions,
    }))
    .sort((a, b) => b.sessions - a.sessions || b.submissions - a.submissions || (a.form < b.form ? -1 : 1))
    .slice(0, rows);
}
