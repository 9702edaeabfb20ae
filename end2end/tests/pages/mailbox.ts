import { expect, request } from "@playwright/test";
import { mailApiPort } from "../../ports";

/** An email as maildev's REST API gives it. */
export interface MaildevEmail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string }[];
  from: { address: string; name: string }[];
  replyTo?: { address: string }[];
  attachments?: { fileName?: string; generatedFileName?: string; contentType: string }[];
}

/** The inbox of the maildev SMTP server the app sends to, read through maildev's REST API. */
export class Mailbox {
  private readonly url = `http://127.0.0.1:${mailApiPort}`;

  /** Waits for the newest email to `address` whose subject starts with `subject`; a failure
   * names the subjects that address did get. */
  async latestEmailTo(address: string, subject: string): Promise<MaildevEmail> {
    const api = await request.newContext({ baseURL: this.url });
    let found: MaildevEmail | undefined;
    let received: string[] = [];
    try {
      await expect
        .poll(async () => {
          const emails = (await (await api.get("/email")).json()) as MaildevEmail[];
          const theirs = emails.filter((email) => email.to.some((to) => to.address === address));
          received = theirs.map((email) => email.subject);
          found = theirs.filter((email) => email.subject.startsWith(subject)).at(-1);
          return found !== undefined;
        })
        .toBe(true);
    } catch {
      // Fall through to the message below, which says what did arrive.
    } finally {
      await api.dispose();
    }
    if (found === undefined) throw new Error(`no email "${subject}…" to ${address}; it got ${JSON.stringify(received)}`);
    return found;
  }

  /** The text of the newest email to `address` whose subject starts with `subject`. */
  async latestTo(address: string, subject: string): Promise<string> {
    return (await this.latestEmailTo(address, subject)).text;
  }

  /** The content of one attachment of an email. */
  async attachment(email: MaildevEmail, fileName: string): Promise<string> {
    const api = await request.newContext({ baseURL: this.url });
    const response = await api.get(`/email/${email.id}/attachment/${encodeURIComponent(fileName)}`);
    expect(response.ok(), `attachment ${fileName}`).toBe(true);
    const content = await response.text();
    await api.dispose();
    return content;
  }
}

/** The first link in an email's text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const match = text.split(/\s+/).find((word) => word.startsWith(prefix));
  expect(match, `a link starting with ${prefix}`).toBeDefined();
  return match ?? "";
}
