/**
 * A small reader of the renderer's own output for tests: every tag with its attributes (the
 * renderer always double-quotes values), and what is left between tags. Not a general HTML
 * parser; a test fails if the page holds anything it cannot read.
 */

export interface ScannedTag {
  name: string;
  attributes: Record<string, string>;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
export const decodeEntities = (value: string) => value.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => entities[name]!);

const tagPattern = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*(\/?)>/g;
const attributePattern = /\s+([^\s"'>/=]+)(?:="([^"]*)")?/g;

export function scanHtml(html: string): { tags: ScannedTag[]; text: string } {
  const body = html.replace(/^<!DOCTYPE html>/, '');
  const tags: ScannedTag[] = [];
  let text = '';
  let last = 0;
  let rawUntil: string | null = null;
  for (const match of body.matchAll(tagPattern)) {
    const [whole, closing, rawName, rawAttributes] = match;
    const name = rawName!.toLowerCase();
    if (rawUntil !== null) {
      // Inside <style>: only its end tag counts.
      if (!(closing && name === rawUntil)) continue;
      rawUntil = null;
      last = match.index + whole.length;
      continue;
    }
    text += body.slice(last, match.index);
    last = match.index + whole.length;
    if (closing) continue;
    const attributes: Record<string, string> = {};
    for (const attribute of rawAttributes!.matchAll(attributePattern)) attributes[attribute[1]!.toLowerCase()] = decodeEntities(attribute[2] ?? '');
    tags.push({ name, attributes });
    if (name === 'style' || name === 'script') rawUntil = name;
  }
  text += body.slice(last);
  return { tags, text };
}
