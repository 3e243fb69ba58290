import { env } from "@/lib/env";
import { requestOrigin } from "@/lib/request-origin";

export interface Email {
  to: string;
  subject: string;
  text: string;
}

/** Sends through SMTP_URL when set; otherwise the message is written to the server log. Returns whether it was sent. */
export async function sendEmail(message: Email): Promise<boolean> {
  const url = env().SMTP_URL;
  if (!url) {
    console.log(
      `[rewind] email (SMTP_URL not set, not sent) to ${message.to}: ${message.subject}\n${message.text}`,
    );
    return false;
  }
  const { createTransport } = await import("nodemailer");
  const from = new URL(url).searchParams.get("from") ?? "Rewind <no-reply@localhost>";
  await createTransport(url).sendMail({ from, ...message });
  return true;
}

/**
 * An absolute link into the app. Emails carry only NEXTAUTH_URL links (required when SMTP_URL is
 * set), so no request header can point a reset link elsewhere. Without email the link is shown to
 * the person asking or written to the server log, and the request's own origin is used.
 */
export function appUrl(request: Request, path: string): string {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(path, configured).toString();
  return new URL(path, requestOrigin(request.headers)).toString();
}
