import { env } from "@/lib/env";

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

/** An absolute link into the app: NEXTAUTH_URL when set, else the host the request came to. */
export function appUrl(request: Request, path: string): string {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(path, configured).toString();
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return new URL(path, `${proto}://${host}`).toString();
}
