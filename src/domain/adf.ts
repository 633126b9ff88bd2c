/**
 * Atlassian Document Format (the tree REST v3 returns for descriptions) to plain text. The agile API sends plain
 * strings instead, and either may be null. Walks iteratively so a deeply nested document cannot overflow the stack.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BLOCKS = new Set(['paragraph', 'heading', 'listItem', 'blockquote', 'codeBlock', 'tableCell', 'tableHeader', 'panel']);

export function adfToText(doc: unknown): string {
  if (doc === null || doc === undefined) return '';
  if (typeof doc === 'string') return doc;
  const out: string[] = [];
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === '\n') {
      out.push('\n');
      continue;
    }
    if (!isRecord(node)) continue;
    const type = node['type'];
    const attrs = isRecord(node['attrs']) ? node['attrs'] : {};
    if (type === 'text' && typeof node['text'] === 'string') out.push(node['text']);
    else if (type === 'hardBreak') out.push('\n');
    else if ((type === 'mention' || type === 'emoji' || type === 'status') && typeof attrs['text'] === 'string') out.push(attrs['text']);
    else if (type === 'inlineCard' && typeof attrs['url'] === 'string') out.push(attrs['url']);
    const content = node['content'];
    if (Array.isArray(content)) {
      if (typeof type === 'string' && BLOCKS.has(type)) stack.push('\n');
      for (let i = content.length - 1; i >= 0; i--) stack.push(content[i]);
    }
  }
  return out.join('').replace(/[ \t]*\n+[ \t]*/g, '\n').trim();
}
