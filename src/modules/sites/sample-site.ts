import type { Section, SiteDocument } from './contract.ts';

/**
 * A hand-written site with every section type and every optional field filled in: the
 * renderer's and the editor's tests start from it (and benches can copy its pages).
 */
export function sampleSections(): Section[] {
  return [
    {
      id: 'hero-1',
      type: 'hero',
      props: {
        eyebrow: 'Bakery · Lisbon',
        heading: 'Slow bread, baked by hand',
        subheading: 'Sourdough every morning & weekend baking classes.',
        primaryAction: { label: 'See the menu', href: '/menu' },
        secondaryAction: { label: 'Book a class', href: '#contact' },
        image: { url: 'https://images.example.com/loaves.jpg', alt: 'Loaves cooling on a rack' },
        layout: 'split',
      },
    },
    {
      id: 'features-1',
      type: 'features',
      props: {
        heading: 'Why people queue',
        intro: 'Three reasons, baked daily.',
        items: [
          { icon: 'clock', title: '48-hour dough', body: 'Long fermentation for flavour.' },
          { icon: 'wheat', title: 'Stone-milled flour', body: 'From small mills we know.' },
          { icon: 'heart', title: 'Made by people', body: 'Who know your name.' },
        ],
      },
    },
    {
      id: 'services-1',
      type: 'services',
      props: {
        heading: 'Menu & prices',
        intro: 'Baked in small batches.',
        items: [
          { name: 'Country sourdough', description: 'Our everyday loaf.', price: '€5.50', badge: 'Signature', details: ['1 kg', 'Baked daily'], action: { label: 'Reserve', href: 'mailto:hello@bakery.example' } },
          { name: 'Baking class', description: 'Learn to bake.', price: '€60 / person', badge: null, details: [], action: null },
        ],
      },
    },
    {
      id: 'testimonials-1',
      type: 'testimonials',
      props: { heading: 'Kind words', items: [{ quote: 'The best bread in town.', author: 'Inês Carvalho', role: 'Regular' }, { quote: 'Worth the queue.', author: 'João', role: null }] },
    },
    {
      id: 'gallery-1',
      type: 'gallery',
      props: {
        heading: 'A look inside',
        intro: 'Moments from the bakery.',
        items: [
          { image: { url: 'https://images.example.com/oven.jpg', alt: 'The wood-fired oven' }, caption: 'The oven' },
          { image: { url: 'data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%2F%3E', alt: 'Abstract artwork' }, caption: null },
        ],
      },
    },
    {
      id: 'faq-1',
      type: 'faq',
      props: { heading: 'Questions', intro: 'Good to know.', items: [{ question: 'Can I reserve a loaf?', answer: 'Yes, by 6 pm the day before.' }] },
    },
    {
      id: 'rich-1',
      type: 'richText',
      props: { heading: 'Our story', body: 'It started with a jar of starter.\n\n## What we bake\n\n- **Bread** every day\n- *Pastries* at weekends\n\n> Good bread takes time.\n\nRead [the menu](/menu).' },
    },
    {
      id: 'cta-1',
      type: 'cta',
      props: { heading: 'Come by while it’s warm', body: 'Open early every day but Monday.', primaryAction: { label: 'Get directions', href: 'https://maps.example.com/?q=bakery' }, secondaryAction: { label: 'Call us', href: 'tel:+351 912 345 678' } },
    },
    {
      id: 'contact-1',
      type: 'contact',
      props: {
        heading: 'Say hello',
        intro: 'We answer the same day.',
        email: 'hello@bakery.example',
        phone: '+351 912 345 678',
        address: 'Rua do Pão 1\nLisbon',
        hours: 'Tue–Fri 7:00–15:00\nSat–Sun 7:30–14:00',
        form: { nameLabel: 'Your name', emailLabel: 'Email', messageLabel: 'Message', submitLabel: 'Send', successMessage: 'Thank you! We’ll reply soon.', errorMessage: 'Sorry, that did not work.' },
      },
    },
    {
      id: 'footer-1',
      type: 'footer',
      props: { tagline: 'Sourdough in Lisbon', links: [{ label: 'Menu', href: '/menu' }, { label: 'Instagram', href: 'https://instagram.example.com/bakery' }], legal: '© Crumb & Hearth · Lisbon' },
    },
  ];
}

export function sampleSiteDocument(): SiteDocument {
  return {
    schemaVersion: 1,
    name: 'Crumb & Hearth',
    language: 'en',
    theme: {
      palette: { primary: '#b5532b', accent: '#e0a33a', background: '#fffaf4', surface: '#f7efe4', text: '#2a1f17', muted: '#6b5a4c' },
      fontPairing: 'classic',
      radius: 'medium',
      mode: 'light',
    },
    pages: [
      { id: 'page-home', slug: '', title: 'Home', seo: { title: 'Crumb & Hearth · Sourdough in Lisbon', description: 'A neighbourhood bakery in Lisbon.', ogImage: 'https://images.example.com/og.jpg' }, sections: sampleSections() },
      {
        id: 'page-menu',
        slug: 'menu',
        title: 'Menu',
        seo: { title: 'Menu · Crumb & Hearth', description: 'Bread and pastries.', ogImage: null },
        sections: [
          { id: 'menu-services', type: 'services', props: { heading: 'Bread', intro: null, items: [{ name: 'Rye', description: 'Dark and seeded.', price: null, badge: null, details: [], action: null }] } },
          { id: 'menu-footer', type: 'footer', props: { tagline: null, links: [], legal: '© Crumb & Hearth' } },
        ],
      },
    ],
  };
}

/** Briefs of many kinds of business, as members write them: the generator's and the HTML checker's tests use them. */
export const sampleBriefs = [
  'a bakery in Lisbon that sells sourdough and runs weekend baking classes',
  'A family dental clinic in Leeds offering check-ups, whitening and emergency appointments',
  'yoga studio in brooklyn with hot yoga, prenatal classes and a rooftop terrace',
  'SaaS tool that helps small restaurants manage reservations and staff rotas',
  'a plumber in Manchester who fixes boilers, installs bathrooms and offers 24/7 emergency callouts',
  'Independent bookshop called "The Blue Door" in Edinburgh that hosts author readings and sells rare books',
  'wedding photographer based in Tuscany',
  'We are a small design agency for startups',
  'an employment law firm in Berlin',
  'a florist in Porto that makes wedding bouquets and runs wreath-making workshops',
  'neighbourhood café in Melbourne serving specialty coffee and brunch',
  'hair salon in Paris specialising in curly hair',
  'maths tutoring for secondary school students in Dublin',
  'architecture studio in Copenhagen designing timber houses',
  'restaurant in Rome with a wood-fired oven and a terrace',
  'independent consultant helping nonprofits with fundraising strategy',
  'handmade ceramics',
];
