import { expect, request } from "@playwright/test";
import { mailApiPort } from "../../ports";

interface MaildevEmail {
  subject: string;
  text: string;
  to: { address: string }[];
}

/** The inbox of the maildev SMTP server the app sends to, read through maildev's REST API. */
export class Mailbox {
  private readonly url = `http://127.0.0.1:${mailApiPort}`;

  /** Waits for the newest email to `address` with `subject`, and returns its text. */
  async latestTo(address: string, subject: string): Promise<string> {
    const api = await request.newContext({ baseURL: this.url });
    let found: MaildevEmail | undefined;
    await expect
      .poll(async () => {
        const emails = (await (await api.get("/email")).json()) as MaildevEmail[];
        found = emails
          .filter((email) => email.subject === subject && email.to.some((to) => to.address === address))
          .at(-1);
        return found !== undefined;
      }, { message: `an email "${subject}" to ${address}` })
      .toBe(true);
    await api.dispose();
    return found?.text ?? "";
  }
}

/** The first link in an email's text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const match = text.split(/\s+/).find((word) => word.startsWith(prefix));
  expect(match, `a link starting with ${prefix}`).toBeDefined();
  return match ?? "";
}
