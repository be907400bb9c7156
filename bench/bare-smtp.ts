// The raw limit under sending: a pooled nodemailer transport, configured as the product's SMTP adapter
// configures its own (pool: true, nodemailer's defaults), sending a message of the same shape (subject,
// HTML, text, List-Unsubscribe headers, parsed from a mail the product sent) in a tight loop into the
// same sink. No Temporal, no MongoDB, no rendering: only MIME building and SMTP.
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { callLoop } from './bare-temporal';

export interface SampleMail {
  from: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** The parts of a raw message the product sent, to send the same message again. */
export async function sampleFromRaw(raw: string): Promise<SampleMail> {
  const parsed: ParsedMail = await simpleParser(raw);
  const headers: Record<string, string> = {};
  for (const line of parsed.headerLines) {
    if (line.key.startsWith('list-')) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
  }
  return {
    from: parsed.from?.text ?? 'bench <bench@bench.example>',
    subject: parsed.subject ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    text: parsed.text ?? '',
    headers,
  };
}

/** Sends `recipients.length` copies of `sample`; resolves with the rate (messages per second). */
export async function bareNodemailerLoop(options: {
  smtpUrl: string;
  sample: SampleMail;
  recipients: string[];
  /** Messages handed to the pool at once; the pool itself keeps 5 connections, as the product's does. */
  inFlight?: number;
}) {
  const transport = nodemailer.createTransport({ url: options.smtpUrl, pool: true });
  try {
    const { sample } = options;
    return await callLoop(options.recipients.length, options.inFlight ?? 50, async (i) => {
      await transport.sendMail({
        from: sample.from,
        to: options.recipients[i],
        subject: sample.subject,
        html: sample.html,
        text: sample.text,
        headers: sample.headers,
      });
    });
  } finally {
    transport.close();
  }
}
