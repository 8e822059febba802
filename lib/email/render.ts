// Every email is plain text and HTML, written from one description, so the two always say the
// same. The HTML is a single column with inline styles (mail clients drop <style> and classes) and
// every piece of text escaped.

export interface EmailContent {
  /** Opening line, e.g. "Hello Ada,". */
  greeting: string;
  /** Paragraphs before the button. */
  paragraphs: string[];
  /** The one thing to do. */
  action?: { label: string; url: string };
  /** Small print after the button (expiry, why you got this, how to stop). */
  footer: string[];
  /** A link in the footer: unsubscribe. */
  footerLink?: { label: string; url: string };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

export function renderText(content: EmailContent): string {
  const lines = [content.greeting, "", ...content.paragraphs.flatMap((p) => [p, ""])];
  if (content.action) lines.push(`${content.action.label}:`, content.action.url, "");
  lines.push("--", ...content.footer);
  if (content.footerLink) lines.push(`${content.footerLink.label}: ${content.footerLink.url}`);
  return `${lines.join("\n")}\n`;
}

export function renderHtml(subject: string, content: EmailContent, siteName: string): string {
  const p = (text: string) => `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`;
  const action = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:#1a1a1a;color:#ffffff;padding:12px 20px;border-radius:4px;text-decoration:none;font-weight:bold">${escapeHtml(content.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:14px;color:#444444">Or paste this address into your browser: <span style="word-break:break-all">${escapeHtml(content.action.url)}</span></p>`
    : "";
  const footerLink = content.footerLink
    ? `<p style="margin:8px 0 0"><a href="${escapeHtml(content.footerLink.url)}" style="color:#444444">${escapeHtml(content.footerLink.label)}</a></p>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#ffffff;color:#1a1a1a;font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;padding:24px 16px">
<p style="margin:0 0 24px;font-size:24px;font-weight:bold">${escapeHtml(siteName)}</p>
${p(content.greeting)}
${content.paragraphs.map(p).join("\n")}
${action}
<div style="margin-top:32px;padding-top:16px;border-top:1px solid #cccccc;font-size:14px;color:#444444">
${content.footer.map((line) => `<p style="margin:0 0 8px">${escapeHtml(line)}</p>`).join("\n")}${footerLink}
</div>
</div>
</body></html>
`;
}
