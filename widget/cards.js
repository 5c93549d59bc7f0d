/**
 * Cards for a bot message's `custom` payload (shared/contract/payloads.schema.json), built from the
 * checked model of messages.js. Urgency is always said in words; colour only repeats it.
 */
import { el, externalLink, richText } from './dom.js';
import { bookingLines, formatKm, formatTime, handoverLines, telHref, unitTypeLabel,
  urgencyLabel } from './messages.js';

const section = (title, text) => text && el('div', { className: 'vl-card-section' }, [
  el('h4', { className: 'vl-card-subtitle', text: title }), richText(text)]);

/** The answers that decided the urgency, behind a toggle so the card stays short on a phone. */
function decidedBy(answers) {
  if (!answers.length) return null;
  const list = el('ul', { className: 'vl-decided-list', attrs: { hidden: '' } },
    answers.map((d) => el('li', { text: d.question ? `${d.question} – ${d.answer}` : d.answer })));
  const toggle = el('button', { className: 'vl-decided-toggle', text: 'Visa vad som avgjorde bedömningen',
    attrs: { type: 'button', 'aria-expanded': 'false' } });
  toggle.addEventListener('click', () => {
    const open = list.hidden;
    list.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Dölj vad som avgjorde bedömningen' : 'Visa vad som avgjorde bedömningen';
  });
  return el('div', { className: 'vl-decided' }, [toggle, list]);
}

export function triageCard(t) {
  const decided = decidedBy(t.decided_by);
  const call = t.urgency === '112' && el('p', { className: 'vl-call' }, [
    el('a', { className: 'vl-call-link', text: 'Ring 112', attrs: { href: 'tel:112' } })]);
  return el('div', { className: 'vl-card vl-triage', attrs: { 'data-urgency': t.urgency } }, [
    el('h3', { className: 'vl-card-title', text: urgencyLabel(t.urgency) }),
    call,
    t.reason_text && richText(t.reason_text, 'vl-text vl-reason'),
    section('Råd', t.advice),
    section('Sök vård om…', t.worsening_advice),
    decided,
    t.protocol_title && el('p', { className: 'vl-protocol', text: `Bedömning enligt: ${t.protocol_title}` }),
  ]);
}

function openingText(u) {
  if (u.open_now) return 'Öppet nu';
  const when = formatTime(u.opens_at);
  return when ? `Stängt – öppnar ${when}` : 'Stängt just nu';
}

function unitItem(u) {
  const href = u.phone && telHref(u.phone);
  const phone = u.phone && el('p', { className: 'vl-unit-phone' }, [
    'Telefon: ', href ? el('a', { text: u.phone, attrs: { href } }) : u.phone]);
  return el('li', { className: 'vl-unit' }, [
    el('p', { className: 'vl-unit-name' }, [
      el('strong', { text: u.name }),
      u.example_data && el('span', { className: 'vl-badge', text: 'exempeldata' }),
    ]),
    u.type && el('p', { className: 'vl-unit-type', text: unitTypeLabel(u.type) }),
    el('p', { className: u.open_now ? 'vl-unit-open vl-open' : 'vl-unit-open vl-closed', text: openingText(u) }),
    u.address && el('p', { className: 'vl-unit-address', text: u.address }),
    phone,
    u.distance_km !== null && el('p', { className: 'vl-unit-distance', text: formatKm(u.distance_km) }),
    u.digital.length > 0 && el('p', { className: 'vl-unit-digital', text: `Digitalt: ${u.digital.join(', ')}` }),
    u.why && el('p', { className: 'vl-unit-why', text: u.why }),
  ]);
}

export const careUnitsCard = (units) => el('div', { className: 'vl-card vl-care-units' }, [
  el('h3', { className: 'vl-card-title', text: units.length === 1 ? 'Mottagning' : 'Mottagningar' }),
  el('ul', { className: 'vl-units' }, units.map(unitItem)),
]);

function linesCard(className, lines, attrs) {
  const [title, ...rest] = lines;
  return el('div', { className: `vl-card ${className}`, attrs }, [
    el('h3', { className: 'vl-card-title', text: title }),
    ...rest.map((line) => el('p', { text: line })),
  ]);
}

/** The booking card; a confirmed or moved one links to the video visit and to its calendar file. */
export function bookingCard(b, origin) {
  const card = linesCard('vl-booking', bookingLines(b), { 'data-status': b.status });
  if (b.link) card.append(el('p', {}, [externalLink(b.link, 'Öppna videosamtalet')]));
  if (b.calendar_url && origin) {
    card.append(el('p', {}, [el('a', { className: 'vl-calendar', text: 'Lägg till i kalendern',
      attrs: { href: new URL(b.calendar_url, origin).href, download: '' } })]));
  }
  return card;
}

export const handoverCard = (h) => linesCard('vl-handover', handoverLines(h), { 'data-status': h.status });

/** All cards for one entry's custom payload, in a fixed order. */
export function renderCustom(custom, origin = null) {
  if (!custom) return [];
  return [
    custom.triage && triageCard(custom.triage),
    custom.care_units && careUnitsCard(custom.care_units),
    custom.booking && bookingCard(custom.booking, origin),
    custom.handover && handoverCard(custom.handover),
  ].filter(Boolean);
}
