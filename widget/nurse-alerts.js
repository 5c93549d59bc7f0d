/**
 * Emergency alerts in the console (`alert` frames): a red `.nc-alert` (role=alert) per alert, newest
 * first, kept until the nurse presses "Kvittera".
 */
import { el } from './dom.js';

const button = (className, text) => el('button', { className, text, attrs: { type: 'button' } });

export class AlertsView {
  /**
   * @param {HTMLElement} container
   * @param {{describe(id: string): string, goTo(id: string): void, changed(id: string): void,
   *          fallbackFocus(): HTMLElement}} handlers
   */
  constructor(container, handlers) {
    this.container = container;
    this.handlers = handlers;
    this.alerts = []; // {conversation, node}
  }

  has(id) { return this.alerts.some((a) => a.conversation === id); }

  /** @param {{conversation: string, level: string, title: string, text: string}} f */
  add(f) {
    const ack = button('nc-alert-ack', 'Kvittera');
    const go = button('nc-alert-goto', 'Gå till samtalet');
    const node = el('div', { className: 'nc-alert', attrs: { role: 'alert', 'data-conversation': f.conversation,
      'data-level': f.level } }, [
      el('p', { className: 'nc-alert-text', text: `AKUT: ${f.title}${f.text ? ` – ${f.text}` : ''}` }),
      el('p', { className: 'nc-alert-conv', text: this.handlers.describe(f.conversation) }),
      el('div', { className: 'nc-alert-actions' }, [go, ack]),
    ]);
    const alert = { conversation: f.conversation, node };
    go.addEventListener('click', () => this.handlers.goTo(f.conversation));
    ack.addEventListener('click', () => this.acknowledge(alert));
    this.alerts.push(alert);
    this.container.prepend(node);
    this.handlers.changed(f.conversation);
  }

  acknowledge(alert) {
    const hadFocus = alert.node.contains(document.activeElement);
    alert.node.remove();
    this.alerts = this.alerts.filter((a) => a !== alert);
    this.handlers.changed(alert.conversation);
    if (hadFocus) (this.container.querySelector('.nc-alert-ack') || this.handlers.fallbackFocus()).focus();
  }
}
