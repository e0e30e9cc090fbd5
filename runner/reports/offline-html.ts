/**
 * A report for a regulated firm must make no request to any host but the one serving it. The
 * Allure Awesome report embeds a Google Analytics tag (ALLURE_NO_ANALYTICS does not remove it
 * there); this removes it and any other element that would fetch from elsewhere, and finds what
 * is left. Links a reader may click (`<a href>`) are not requests and stay.
 */

/** Elements that fetch their `src`/`href` as soon as the page loads. */
const REMOTE_ELEMENT = /<(script|link|img|iframe|source|embed|object|audio|video|track)\b[^>]*?\s(?:src|href|data)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+[^>]*>(?:[\s\S]*?<\/\1\s*>)?/gi;
/** Inline scripts that only exist to feed an analytics tag. */
const ANALYTICS_SCRIPT = /<script\b[^>]*>(?:(?!<\/script>)[\s\S])*?(?:gtag\(|googletagmanager|google-analytics|dataLayer)(?:(?!<\/script>)[\s\S])*?<\/script\s*>/gi;
/** CSS fetches: url(//host…) and @import of a remote sheet. */
const REMOTE_CSS = /url\(\s*["']?(?:https?:)?\/\/[^)"']+|@import\s+["'](?:https?:)?\/\//gi;

export interface OfflineHtml {
  html: string;
  /** What was removed, shortened, for the log. */
  removed: string[];
}

export function removeExternalRequests(html: string): OfflineHtml {
  const removed: string[] = [];
  const cleaned = html
    .replace(REMOTE_ELEMENT, (element) => {
      removed.push(shorten(element));
      return '';
    })
    .replace(ANALYTICS_SCRIPT, (element) => {
      removed.push(shorten(element));
      return '';
    });
  return { html: cleaned, removed };
}

/** Remote references that would be fetched on load; empty when the page is self-contained. */
export function findExternalRequests(html: string): string[] {
  const found = [...html.matchAll(REMOTE_ELEMENT), ...html.matchAll(REMOTE_CSS)].map((match) => shorten(match[0]));
  if (/googletagmanager|google-analytics\.com/i.test(html)) found.push('analytics tag (googletagmanager / google-analytics)');
  return found;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}
