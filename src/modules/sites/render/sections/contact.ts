import { contactFormFields, contactStatusAnchor, type SectionProps } from '../../contract.ts';
import { html, type Markup } from '../escape.ts';
import { icon } from '../icons.ts';
import { mailtoHref, telHref } from '../safe-url.ts';
import { type SectionContext, sectionHead } from './parts.ts';

const idPart = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '-');

/**
 * The contact block and its form: a plain POST to `formAction` that works without a script
 * (the server answers with a 303 to `#contact-sent-…`, shown by CSS `:target`), enhanced by
 * the site script when it runs. The honeypot field is moved off-screen by CSS and skipped by
 * keyboard and screen readers; people leave it empty, bots fill it in.
 */
export function renderContact(props: SectionProps<'contact'>, context: SectionContext): Markup {
  const id = idPart(context.sectionId);
  const mail = props.email ? mailtoHref(props.email) : null;
  const tel = props.phone ? telHref(props.phone) : null;
  const details = [
    props.email ? html`<li><span class="feature-icon">${icon('mail')}</span><div><strong>${context.ui.email}</strong><p>${mail ? html`<a href="${mail}">${props.email}</a>` : props.email}</p></div></li>` : '',
    props.phone ? html`<li><span class="feature-icon">${icon('phone')}</span><div><strong>${context.ui.phone}</strong><p>${tel ? html`<a href="${tel}">${props.phone}</a>` : props.phone}</p></div></li>` : '',
    props.address ? html`<li><span class="feature-icon">${icon('map-pin')}</span><div><strong>${context.ui.address}</strong><p>${props.address}</p></div></li>` : '',
    props.hours ? html`<li><span class="feature-icon">${icon('clock')}</span><div><strong>${context.ui.hours}</strong><p>${props.hours}</p></div></li>` : '',
  ];
  const form = props.form;
  const disabled = context.formAction === null;
  const field = (name: string) => `${id}-${name}`;
  return html`<div class="container"><div class="contact-grid">
<div>${sectionHead(context, props.heading, props.intro)}<ul class="contact-info">${details}</ul></div>
<div class="card">
<p class="form-status" id="${contactStatusAnchor(context.sectionId, 'sent')}" data-form-status="sent" role="status" tabindex="-1" hidden>${form.successMessage}</p>
<p class="form-status" id="${contactStatusAnchor(context.sectionId, 'failed')}" data-form-status="failed" role="alert" tabindex="-1" hidden>${form.errorMessage}</p>
<form class="contact-form" method="post"${context.formAction ? html` action="${context.formAction}"` : ''} data-contact-form>
<input type="hidden" name="${contactFormFields.page}" value="${context.pageSlug}">
<input type="hidden" name="${contactFormFields.section}" value="${context.sectionId}">
<div class="field"><label for="${field('name')}">${form.nameLabel}</label><input id="${field('name')}" name="${contactFormFields.name}" type="text" autocomplete="name" maxlength="200" required></div>
<div class="field"><label for="${field('email')}">${form.emailLabel}</label><input id="${field('email')}" name="${contactFormFields.email}" type="email" autocomplete="email" maxlength="254" required></div>
<div class="field"><label for="${field('message')}">${form.messageLabel}</label><textarea id="${field('message')}" name="${contactFormFields.message}" rows="5" maxlength="5000" required></textarea></div>
<div class="honeypot" aria-hidden="true"><label for="${field('website')}">${context.ui.honeypot}</label><input id="${field('website')}" name="${contactFormFields.honeypot}" type="text" tabindex="-1" autocomplete="off"></div>
<button class="button button-primary" type="submit"${disabled ? ' disabled' : ''}>${form.submitLabel}</button>
</form>
</div>
</div></div>`;
}
