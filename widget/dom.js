/**
 * The one DOM helper: elements from createElement + textContent only. There is deliberately no way
 * to pass HTML, event handler attributes or inline styles through it.
 */
import { linkify } from './messages.js';

/**
 * @param {string} tag
 * @param {{className?: string, text?: string, attrs?: Record<string, string>}} [opts]
 * @param {Array<Node|null|false|undefined>} [children]
 */
export function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [name, value] of Object.entries(attrs || {})) {
    if (/^on/i.test(name) || name === 'style') throw new Error(`attribute ${name} is not allowed`);
    node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Visually hidden text for screen readers. */
export const srOnly = (text) => el('span', { className: 'vl-sr', text });

/** A link that opens outside the widget; `href` must already be a checked http(s) URL. */
export const externalLink = (href, text) => el('a', { text, attrs: { href, target: '_blank',
  rel: 'noopener noreferrer' } });

/** Plain text with its http(s) URLs as links; line breaks are kept by CSS (white-space: pre-wrap). */
export function richText(text, className = 'vl-text') {
  const node = el('div', { className });
  for (const seg of linkify(text)) node.append(seg.href ? externalLink(seg.href, seg.text) : seg.text);
  return node;
}

/** The two fixed numbers are the only tel: links the widget builds from its own text. */
export const emergencyLink = (number) => el('a', { className: 'vl-tel', text: number, attrs: { href: `tel:${number}` } });
