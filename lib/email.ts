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

export function appUrl(request: Request, path: string): string {
  const base = env().NEXTAUTH_URL ?? new URL(request.url).origin;
  return new URL(path, base).toString();
}
