import type { SectionProps } from '../../contract.ts';
import { html, type Markup } from '../escape.ts';
import { type SectionContext, sectionHead } from './parts.ts';

/** Questions as `<details>`: open and close without a script. */
export function renderFaq(props: SectionProps<'faq'>, context: SectionContext): Markup {
  return html`<div class="container">${sectionHead(context, props.heading, props.intro, { centered: true })}
<div class="faq">${props.items.map((item) => html`
<details><summary>${item.question}</summary><div class="answer"><p>${item.answer}</p></div></details>`)}
</div></div>`;
}
