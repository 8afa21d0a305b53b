import type { FontPairing, IconName, Palette } from './contract.ts';
import type { BusinessKind, OfferingCategory } from './local-site-brief.ts';

/**
 * What the local generator knows about each kind of business: words for names, palettes and
 * fonts that suit it, and sentences with slots (`{name}`, `{place}`, `{inPlace}`, `{noun}`,
 * `{aNoun}`, `{offer}`, `{Offer}`, `{offersSentence}`, `{offersPlain}`, `{audience}`) that
 * `local-site-generator.ts` fills from the brief.
 * Written as a person would write a small business's site: concrete, short, no filler.
 */

export interface Item {
  icon: IconName;
  title: string;
  body: string;
}

export interface Product {
  name: string;
  description: string;
  /** In the site's currency's usual unit (euros, pounds, dollars); `null` for "ask us". */
  price: number | null;
  /** Wording around the price: "from {price}", "{price} / person". */
  priceFormat: string;
  details: string[];
}

export interface KindVocabulary {
  /** What the business does, as "we …" would say it, when the brief does not say. */
  does: string;
  /** The eyebrow's word ("Bakery"). */
  label: string;
  motif: IconName;
  names: { first: string[]; second: string[]; patterns: string[] };
  palettes: Palette[];
  fonts: FontPairing[];
  radius: ('none' | 'small' | 'medium' | 'large')[];
  /** How often a site of this kind is dark (0–1). */
  darkChance: number;
  heroHeadings: string[];
  heroLeads: string[];
  /** The main button: what a visitor does first. */
  primaryAction: string;
  featuresHeadings: string[];
  features: Item[];
  servicesHeading: string;
  servicesIntro: string;
  products: Product[];
  /** Price ranges for the brief's own offerings, by category. */
  prices: Partial<Record<OfferingCategory, [number, number, string]>>;
  /** How this kind describes an offering of each category: `{offer}` is the brief's words. */
  describe: Partial<Record<OfferingCategory, string>>;
  testimonials: { quote: string; role: string }[];
  faq: { question: string; answer: string }[];
  story: string[];
  ctaHeadings: string[];
  ctaBodies: string[];
  hours: string | null;
  gallery: { caption: string; alt: string }[];
  /** The page this kind of site has besides home, about and contact. */
  extraPage: { slug: string; title: string; description: string } | null;
  contactIntro: string;
}

const warmNeutrals = { background: '#fffaf4', surface: '#f7efe4', text: '#2a1f17', muted: '#6b5a4c' };
const coolNeutrals = { background: '#ffffff', surface: '#f3f6fa', text: '#121826', muted: '#556070' };
const softNeutrals = { background: '#fcfcfa', surface: '#f2f3ee', text: '#1d211c', muted: '#5d635a' };

export const vocabularies: Record<BusinessKind, KindVocabulary> = {
  bakery: {
    does: 'bake bread, pastries and cakes by hand every morning',
    label: 'Bakery',
    motif: 'wheat',
    names: {
      first: ['Crumb', 'Hearth', 'Levain', 'Rye', 'Ember', 'Golden', 'Rising', 'Flour', 'Little Oven', 'Stone'],
      second: ['Loaf', 'Crust', 'Grain', 'Mill', 'Oven', 'Bakehouse', 'Rye', 'Hearth'],
      patterns: ['{A} & {B}', 'The {A} Bakehouse', '{A} {B} Bakery', '{Place} {B} Co.'],
    },
    palettes: [
      { primary: '#b5532b', accent: '#e0a33a', ...warmNeutrals },
      { primary: '#7a4a2a', accent: '#d98e48', background: '#fffbf5', surface: '#f5ebdd', text: '#2b1e14', muted: '#6e5b4b' },
      { primary: '#9c3d2e', accent: '#c8a24a', background: '#fdf9f2', surface: '#f4ece0', text: '#291b16', muted: '#6c5a50' },
    ],
    fonts: ['classic', 'elegant', 'friendly'],
    radius: ['medium', 'large'],
    darkChance: 0.1,
    heroHeadings: ['{Offer}, baked {inPlace} every morning', 'Slow bread, baked by hand{inPlace}', 'Good bread takes time. We give it all night.'],
    heroLeads: [
      '{name} is a neighbourhood {noun}{inPlace}. We {offersSentence}',
      'Long-fermented dough, a wood-fired oven and a counter full of things worth getting up early for. At {name} we {offersSentence}',
    ],
    primaryAction: 'See what’s on the counter',
    featuresHeadings: ['Why people queue on Saturday mornings', 'What goes into every loaf'],
    features: [
      { icon: 'clock', title: '48-hour fermentation', body: 'Our dough rests for two days before it meets the oven, for a crust that crackles and a crumb that keeps.' },
      { icon: 'wheat', title: 'Stone-milled flour', body: 'We buy organic grain from small mills and taste the difference in every batch.' },
      { icon: 'sun', title: 'Out of the oven at 7', body: 'The first loaves come out at seven. Come early for the warm ones.' },
      { icon: 'leaf', title: 'Nothing you can’t pronounce', body: 'Flour, water, salt and wild yeast. No improvers, no shortcuts.' },
      { icon: 'heart', title: 'Baked by people who care', body: 'A small team of bakers who know every regular’s favourite by name.' },
      { icon: 'gift', title: 'Leftovers never wasted', body: 'What we don’t sell by closing goes to a local food bank the same evening.' },
    ],
    servicesHeading: 'From our counter',
    servicesIntro: 'Baked in small batches every day. When it’s gone, it’s gone.',
    products: [
      { name: 'Country sourdough', description: 'Our everyday loaf: a blistered crust, an open crumb and a gentle tang.', price: 5.5, priceFormat: '{price}', details: ['Baked daily', '1 kg loaf'] },
      { name: 'Butter croissants', description: 'Laminated over three days with cultured butter. Flaky, never greasy.', price: 2.4, priceFormat: '{price}', details: ['From 7:30 each morning'] },
      { name: 'Seeded rye', description: 'Dense, dark and packed with sunflower, flax and pumpkin seeds.', price: 6, priceFormat: '{price}', details: ['Keeps for a week', 'Wholegrain'] },
      { name: 'Cinnamon buns', description: 'Cardamom dough, brown-butter cinnamon filling, a sticky glaze.', price: 3.2, priceFormat: '{price}', details: ['Weekends only'] },
    ],
    prices: { product: [3, 7, '{price}'], learning: [45, 85, '{price} / person'], event: [15, 30, '{price} / person'], service: [20, 60, 'from {price}'] },
    describe: {
      product: 'Our {offer}, shaped by hand and baked in small batches every morning.',
      learning: 'Hands-on {offer} in our bakery: you mix, shape and bake, and take home everything you make.',
      event: '{Offer} around our big table, with bread warm from the oven.',
      service: '{Offer}, made to order in our kitchen.',
    },
    testimonials: [
      { quote: 'The best sourdough I’ve had outside of San Francisco, and I’ve looked. I now plan my weekends around it.', role: 'Regular since the first week' },
      { quote: 'I came for a loaf and left with a bag of pastries and a new favourite place.', role: 'Neighbour' },
      { quote: 'They remember how I like my bread sliced. That says everything about this place.', role: 'Saturday regular' },
      { quote: 'Our office orders from them every Friday. The cinnamon buns have become a tradition.', role: 'Office manager' },
    ],
    faq: [
      { question: 'What time should I come for fresh bread?', answer: 'Our first loaves come out at 7:00 and most of the bread is on the shelves by 8:30. Pastries go fastest on weekends.' },
      { question: 'Can I reserve a loaf?', answer: 'Yes. Send us a message by 6 pm the day before and we’ll put it aside with your name on it.' },
      { question: 'Do you make anything gluten-free?', answer: 'Our kitchen handles wheat all day, so we can’t promise anything is free of gluten. Ask us about our low-gluten rye.' },
      { question: 'Do you supply cafés and restaurants?', answer: 'We bake for a handful of local cafés and restaurants. Get in touch and we’ll send you our wholesale list.' },
    ],
    story: [
      'It started with a jar of starter and too many loaves for one kitchen. Friends asked for bread, then their friends did, and one day the queue reached the end of the street.',
      'Today {name} is a small team of bakers{inPlace} who still do things the slow way: wild yeast, long fermentation and flour from mills we know by name.',
      'We bake what we love to eat, and we’re happiest when you tell us what you’d like to see on the counter next.',
    ],
    ctaHeadings: ['Come by while it’s still warm', 'Your Saturday loaf is waiting'],
    ctaBodies: ['Open early every day but Monday. Reserve ahead and skip the queue.', 'Order by 6 pm and we’ll have it ready for you in the morning.'],
    hours: 'Tue–Fri 7:00–15:00\nSat–Sun 7:30–14:00\nMonday closed',
    gallery: [
      { caption: 'First bake of the day', alt: 'Loaves of sourdough cooling on a wooden rack' },
      { caption: 'Shaping by hand', alt: 'A baker shaping dough on a floured bench' },
      { caption: 'The morning counter', alt: 'Croissants and buns lined up behind the glass' },
      { caption: 'Wild yeast at work', alt: 'A jar of bubbling sourdough starter' },
      { caption: 'Rye, seeded and dark', alt: 'Sliced seeded rye bread on a board' },
      { caption: 'Saturday queue', alt: 'Customers waiting outside the bakery in the morning sun' },
    ],
    extraPage: { slug: 'menu', title: 'Menu', description: 'Bread, pastries and cakes, baked every morning.' },
    contactIntro: 'Questions, wholesale orders or a loaf to put aside? Write to us and we’ll answer the same day.',
  },

  cafe: {
    does: 'serve good coffee, simple food made from scratch and a warm welcome',
    label: 'Café',
    motif: 'cup',
    names: {
      first: ['Common', 'Little', 'Slow', 'Corner', 'Kindred', 'Morning', 'Half', 'Good', 'Second'],
      second: ['Ground', 'Cup', 'Bean', 'Table', 'Pour', 'Room', 'Roast', 'Sip'],
      patterns: ['{A} {B}', '{A} {B} Coffee', 'The {A} {B}', '{B} & Co. {Place}'],
    },
    palettes: [
      { primary: '#3f5b4b', accent: '#d98c5f', background: '#fbfaf6', surface: '#f1eee6', text: '#1f2420', muted: '#5c645d' },
      { primary: '#6b3e26', accent: '#e3b15e', ...warmNeutrals },
      { primary: '#2d4b73', accent: '#e09a5a', background: '#fbfbf8', surface: '#eff1ef', text: '#1a2130', muted: '#56606e' },
    ],
    fonts: ['humanist', 'friendly', 'classic'],
    radius: ['medium', 'large'],
    darkChance: 0.25,
    heroHeadings: ['Good coffee and a seat by the window{inPlace}', 'Your morning ritual, done properly', 'Coffee worth slowing down for'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Single-origin espresso, a kitchen that cooks from scratch and a room that feels like a second home. We {offersSentence}'],
    primaryAction: 'See the menu',
    featuresHeadings: ['Why you’ll stay for a second cup', 'What makes a good café'],
    features: [
      { icon: 'cup', title: 'Roasted down the road', body: 'Our beans are roasted in small batches a few streets away and used within three weeks.' },
      { icon: 'leaf', title: 'Oat, soy or whole', body: 'Every milk at no extra charge, because nobody should pay more for their coffee the way they like it.' },
      { icon: 'wheat', title: 'Baked this morning', body: 'Pastries and bread from the bakery next door, delivered before we open.' },
      { icon: 'users', title: 'Room to stay', body: 'Big tables, good light, plugs under the bench. Stay as long as you like.' },
      { icon: 'heart', title: 'Dogs welcome', body: 'Water bowl by the door, biscuits behind the counter.' },
      { icon: 'sun', title: 'Brunch all weekend', body: 'Eggs, seasonal plates and proper toast until 3 pm on Saturdays and Sundays.' },
    ],
    servicesHeading: 'On the menu',
    servicesIntro: 'A short menu, made well, changing with the seasons.',
    products: [
      { name: 'Flat white', description: 'A double shot of our house espresso with silky steamed milk.', price: 3.2, priceFormat: '{price}', details: ['Any milk, same price'] },
      { name: 'Filter of the week', description: 'A rotating single origin, brewed by hand so you taste what makes it different.', price: 3.8, priceFormat: '{price}', details: ['Ask us what’s on'] },
      { name: 'Weekend brunch', description: 'Eggs your way on sourdough with seasonal sides and good butter.', price: 12, priceFormat: 'from {price}', details: ['Sat–Sun until 15:00', 'Vegetarian options'] },
      { name: 'Beans to take home', description: '250 g bags of whatever we’re loving right now, ground for your method if you like.', price: 11, priceFormat: '{price}', details: ['Roasted this month'] },
    ],
    prices: { product: [3, 12, '{price}'], learning: [25, 60, '{price} / person'], event: [10, 25, '{price} / person'], service: [15, 50, 'from {price}'] },
    describe: {
      product: '{Offer}, made to order by people who care how it tastes.',
      learning: '{Offer} at our bar after closing: small groups, plenty of tasting, no jargon.',
      event: '{Offer} in the café, with coffee and something sweet from the kitchen.',
      service: '{Offer}, arranged with you and delivered by our team.',
      feature: 'A {offer}, kept for people who like to linger.',
    },
    testimonials: [
      { quote: 'I’ve tried every café in the neighbourhood. This is the one I keep coming back to, for the coffee and for the people.', role: 'Regular' },
      { quote: 'The kind of place where the barista starts your order when you walk in.', role: 'Works around the corner' },
      { quote: 'Best brunch in town and they never rush you out. We spend whole Sunday mornings here.', role: 'Weekend regular' },
      { quote: 'Quiet enough to work, lively enough to feel part of something.', role: 'Freelance designer' },
    ],
    faq: [
      { question: 'Do you have Wi-Fi?', answer: 'Yes, and plugs along the bench. On weekend mornings we ask laptop users to share the big tables.' },
      { question: 'Can I book a table?', answer: 'We keep most tables for walk-ins, but groups of six or more can book for brunch. Send us a message.' },
      { question: 'Do you cater for vegans?', answer: 'Always. Every drink comes with plant milk at no extra cost and there are vegan plates on the brunch menu.' },
      { question: 'Can I buy your beans?', answer: 'Yes: whole or ground for your method, by the bag at the counter.' },
    ],
    story: [
      '{name} began with a simple idea: a place where the coffee is taken seriously and nobody else is.',
      'We work with a small roaster, buy our bread from bakers we know, and change the menu when the market does. The rest is about making a room people want to be in.',
      'Come in for a quick espresso or stay for the afternoon. Either way, we’re glad you’re here.',
    ],
    ctaHeadings: ['Pull up a chair', 'The kettle’s on'],
    ctaBodies: ['Open every day from early until mid-afternoon. No booking needed.', 'Drop by for a coffee, or send us a message about events and group bookings.'],
    hours: 'Mon–Fri 7:30–17:00\nSat–Sun 8:30–16:00',
    gallery: [
      { caption: 'Morning light', alt: 'Sunlight across wooden tables in the café' },
      { caption: 'The espresso bar', alt: 'A barista pouring latte art' },
      { caption: 'Weekend brunch', alt: 'Eggs on toast with herbs and coffee on a table' },
      { caption: 'Fresh from the roaster', alt: 'Coffee beans in a copper scoop' },
      { caption: 'The window seat', alt: 'A cup of coffee by a rainy window' },
      { caption: 'Pastry shelf', alt: 'Pastries on the counter' },
    ],
    extraPage: { slug: 'menu', title: 'Menu', description: 'Coffee, tea, brunch and things to take home.' },
    contactIntro: 'Group bookings, events or just a question about our beans: we’d love to hear from you.',
  },

  restaurant: {
    does: 'cook seasonal food for sharing, with wines from small producers',
    label: 'Restaurant',
    motif: 'utensils',
    names: {
      first: ['Salt', 'Olive', 'Fig', 'Ember', 'Saffron', 'Juniper', 'Laurel', 'Copper', 'Vine'],
      second: ['Table', 'Kitchen', 'House', 'Room', 'Fire', 'Garden', 'Cellar'],
      patterns: ['{A} & {B}', 'The {A} {B}', '{A} {B}', '{A} {Place}'],
    },
    palettes: [
      { primary: '#8c2f39', accent: '#d4a24c', background: '#fffaf5', surface: '#f6ede6', text: '#24181a', muted: '#6a5659' },
      { primary: '#2f4a3a', accent: '#c9803d', ...softNeutrals },
      { primary: '#c4622d', accent: '#2e6e6a', background: '#fffaf3', surface: '#f6ece0', text: '#22190f', muted: '#6a5a48' },
    ],
    fonts: ['elegant', 'editorial', 'classic'],
    radius: ['small', 'medium'],
    darkChance: 0.4,
    heroHeadings: ['Seasonal cooking, shared at the table{inPlace}', 'Come hungry, leave happy', 'A kitchen that follows the seasons'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Small plates, a short wine list and a kitchen that cooks what the market brings in. We {offersSentence}'],
    primaryAction: 'Book a table',
    featuresHeadings: ['What to expect', 'How we cook'],
    features: [
      { icon: 'leaf', title: 'From the market', body: 'Our menu changes with what local growers and fishermen bring to the door each week.' },
      { icon: 'utensils', title: 'Made to share', body: 'Plates for the middle of the table, so everyone tries a bit of everything.' },
      { icon: 'star', title: 'A wine list with stories', body: 'Natural and small-producer wines, chosen to go with the food, many by the glass.' },
      { icon: 'users', title: 'Private dining', body: 'A room for up to 16 guests for birthdays, dinners and celebrations.' },
      { icon: 'heart', title: 'Every diet welcome', body: 'Tell us when you book and the kitchen will cook for you, not around you.' },
      { icon: 'clock', title: 'Open late on weekends', body: 'Kitchen open until 23:00 on Fridays and Saturdays.' },
    ],
    servicesHeading: 'The menu',
    servicesIntro: 'A taste of what’s cooking this season. The full menu changes weekly.',
    products: [
      { name: 'Small plates', description: 'Charred greens, cured fish, house bread with cultured butter and whatever the market is proud of this week.', price: 7, priceFormat: 'from {price}', details: ['Best shared', 'Changes weekly'] },
      { name: 'From the grill', description: 'Whole fish, aged beef and seasonal vegetables cooked over wood.', price: 19, priceFormat: 'from {price}', details: ['Served with sides'] },
      { name: 'Tasting menu', description: 'Seven courses chosen by the chef for the whole table.', price: 55, priceFormat: '{price} / person', details: ['Wine pairing available', 'Book 24 h ahead'] },
      { name: 'Sunday lunch', description: 'A long, slow lunch for family and friends with a roast for the table.', price: 32, priceFormat: '{price} / person', details: ['Sundays 12:00–16:00'] },
    ],
    prices: { product: [8, 28, 'from {price}'], learning: [60, 120, '{price} / person'], event: [35, 80, '{price} / person'], service: [25, 60, 'from {price}'] },
    describe: {
      product: '{Offer}, cooked to order from what’s best this week.',
      learning: '{Offer} in our kitchen with the chef: cook, taste, then sit down to eat what you made.',
      event: '{Offer} with a set menu and wine chosen to match.',
      service: '{Offer}, planned with you down to the last plate.',
      feature: 'A {offer} for long evenings and good company.',
    },
    testimonials: [
      { quote: 'Every plate was a little surprise. We’ve already booked again for my mother’s birthday.', role: 'Dinner guest' },
      { quote: 'Warm, unfussy and seriously good. The kind of place you recommend to everyone.', role: 'Local food writer' },
      { quote: 'They handled my allergies with such care I forgot I had them.', role: 'Regular' },
      { quote: 'The tasting menu is the best value in the city. Go hungry.', role: 'Guest' },
    ],
    faq: [
      { question: 'Do I need to book?', answer: 'We recommend it, especially on weekends. We keep a few tables and the bar for walk-ins every night.' },
      { question: 'Can you cater for allergies?', answer: 'Yes. Tell us when you book and our kitchen will adapt the menu for you.' },
      { question: 'Do you host private events?', answer: 'Our private room seats up to 16. Write to us with your date and we’ll send menus.' },
      { question: 'Is there a children’s menu?', answer: 'Children are welcome and the kitchen happily makes smaller plates for them.' },
    ],
    story: [
      '{name} opened with one idea: cook what is good right now, and serve it to people as if they were guests at home.',
      'Our chef buys from growers and fishermen we know by name, and the menu changes whenever they bring us something better. Nothing is complicated; everything is done with care.',
      'We’d love to cook for you, whether it’s a quick bowl at the bar or a long dinner that runs late.',
    ],
    ctaHeadings: ['Save yourself a seat', 'Hungry yet?'],
    ctaBodies: ['Book online or call us. Walk-ins are always welcome at the bar.', 'Tables fill up fast at the weekend. Reserve yours today.'],
    hours: 'Tue–Thu 18:00–22:30\nFri–Sat 12:00–15:00, 18:00–23:00\nSun 12:00–16:00',
    gallery: [
      { caption: 'The dining room', alt: 'Candle-lit tables in the restaurant' },
      { caption: 'From the grill', alt: 'A whole fish on a plate with charred lemon' },
      { caption: 'Market greens', alt: 'A plate of charred seasonal vegetables' },
      { caption: 'The pass', alt: 'Chefs plating dishes in the open kitchen' },
      { caption: 'Wine by the glass', alt: 'Glasses of red and orange wine on the bar' },
      { caption: 'Something sweet', alt: 'A slice of tart with cream' },
    ],
    extraPage: { slug: 'menu', title: 'Menu', description: 'What’s cooking this season, from small plates to Sunday lunch.' },
    contactIntro: 'Bookings for large groups, private dining or a question for the kitchen: send us a message.',
  },

  fitness: {
    does: 'teach small, friendly classes for every level and every body',
    label: 'Studio',
    motif: 'activity',
    names: {
      first: ['Root', 'Flow', 'Still', 'Balance', 'Lotus', 'Core', 'North', 'Breathe', 'Rise'],
      second: ['Studio', 'Yoga', 'Movement', 'Collective', 'Space', 'House', 'Club'],
      patterns: ['{A} {B}', '{A} & {B}', 'The {A} {B}', '{Place} {A} {B}'],
    },
    palettes: [
      { primary: '#3d6b5a', accent: '#e0a96d', ...softNeutrals },
      { primary: '#6a4c93', accent: '#f2b880', background: '#fdfbff', surface: '#f3eff8', text: '#1e1a26', muted: '#5f5868' },
      { primary: '#d1495b', accent: '#2b9aa0', background: '#fffdfc', surface: '#f8f0ee', text: '#231a1c', muted: '#675a5d' },
    ],
    fonts: ['geometric', 'humanist', 'modern'],
    radius: ['large', 'medium'],
    darkChance: 0.3,
    heroHeadings: ['Move well, breathe deeply, feel at home{inPlace}', 'A studio for every body', 'Make time for yourself'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Small classes, teachers who learn your name and a space that feels calm from the moment you arrive. We {offersSentence}'],
    primaryAction: 'Book your first class',
    featuresHeadings: ['Why people stay', 'What makes our studio different'],
    features: [
      { icon: 'users', title: 'Small classes', body: 'Never more than 14 people, so every teacher can see, help and adjust.' },
      { icon: 'smile', title: 'Beginners welcome', body: 'Every class has options for first-timers, and our intro week is made for you.' },
      { icon: 'calendar', title: 'Early to late', body: 'Classes from 6:30 before work to 20:00 after it, seven days a week.' },
      { icon: 'leaf', title: 'A calm space', body: 'Natural light, warm floors, showers and everything you need to arrive straight from work.' },
      { icon: 'heart', title: 'Experienced teachers', body: 'Every teacher has years of training and a style of their own.' },
      { icon: 'shield', title: 'Care for injuries', body: 'Tell us before class and we’ll adapt every pose to what your body needs.' },
    ],
    servicesHeading: 'Classes and memberships',
    servicesIntro: 'Start with a single class or make it a habit. No joining fees, cancel any time.',
    products: [
      { name: 'Drop-in class', description: 'Any class on the timetable, whenever suits you.', price: 18, priceFormat: '{price}', details: ['Mat and props included'] },
      { name: 'Intro week', description: 'Seven days of unlimited classes for newcomers, to find the ones you love.', price: 29, priceFormat: '{price}', details: ['First visit only', 'Unlimited classes'] },
      { name: 'Unlimited monthly', description: 'As many classes as you like, plus 10% off workshops.', price: 110, priceFormat: '{price} / month', details: ['Cancel any time', 'Guest pass each month'] },
      { name: 'Private session', description: 'One-to-one time with a teacher to work on what matters to you.', price: 70, priceFormat: '{price} / hour', details: ['At the studio or online'] },
    ],
    prices: { learning: [15, 30, '{price} / class'], event: [30, 60, '{price}'], service: [50, 90, '{price} / session'], product: [15, 40, '{price}'] },
    describe: {
      learning: '{Offer} for all levels, led by teachers who’ll meet you where you are.',
      event: '{Offer}: a longer session to go deeper, with time for questions.',
      service: '{Offer}, tailored to your body and your goals.',
      product: '{Offer}, chosen by our teachers.',
      feature: 'Our {offer}, yours to enjoy before or after class.',
    },
    testimonials: [
      { quote: 'I was nervous walking in for the first time. Ten minutes later I felt like I’d been coming for years.', role: 'Member since spring' },
      { quote: 'The teachers actually notice you. My back hasn’t felt this good in a decade.', role: 'Morning regular' },
      { quote: 'It’s become the best hour of my week. Calm, friendly and never competitive.', role: 'Member' },
      { quote: 'I’ve tried bigger studios. This is the one where I finally kept going.', role: 'Evening class regular' },
    ],
    faq: [
      { question: 'I’m a complete beginner. Where should I start?', answer: 'Our intro week is made for you: try any class for seven days and ask your teacher which suits you best.' },
      { question: 'What should I bring?', answer: 'Just comfortable clothes and water. Mats, blocks, straps and towels are here for you.' },
      { question: 'How do I book?', answer: 'Book online or send us a message. Classes are small, so booking ahead guarantees you a place.' },
      { question: 'Can I cancel a class?', answer: 'Cancel up to six hours before and the class goes straight back on your account.' },
    ],
    story: [
      '{name} started as a handful of classes in a borrowed room and grew into a studio of our own{inPlace}.',
      'We believe movement should feel good, not like a test. Our teachers come from different traditions but share the same aim: help you leave class a little better than you arrived.',
      'Whether it’s your first class or your five-hundredth, there’s a mat here with your name on it.',
    ],
    ctaHeadings: ['Your first class is on us', 'Start this week'],
    ctaBodies: ['New here? Try the intro week and find the classes that fit your life.', 'Pick a class, bring yourself, and we’ll take care of the rest.'],
    hours: 'Mon–Fri 6:30–21:00\nSat–Sun 8:00–18:00',
    gallery: [
      { caption: 'Morning flow', alt: 'A yoga class in a bright studio' },
      { caption: 'The studio', alt: 'An empty studio with mats laid out' },
      { caption: 'Hands-on help', alt: 'A teacher adjusting a student’s pose' },
      { caption: 'Props for everyone', alt: 'Blocks and bolsters stacked on shelves' },
      { caption: 'After class', alt: 'Students chatting over tea after class' },
      { caption: 'Evening calm', alt: 'Candles at the front of the studio' },
    ],
    extraPage: { slug: 'classes', title: 'Classes', description: 'The timetable, class styles and prices.' },
    contactIntro: 'Questions about classes, private sessions or memberships? Send us a note and a teacher will reply.',
  },

  clinic: {
    does: 'look after patients of every age with gentle, modern care',
    label: 'Clinic',
    motif: 'tooth',
    names: {
      first: ['Bright', 'Clear', 'Harbour', 'Parkside', 'Riverside', 'Kind', 'Willow', 'Oak'],
      second: ['Dental', 'Health', 'Clinic', 'Care', 'Practice', 'Smiles'],
      patterns: ['{A} {B}', '{Place} {B} Clinic', '{A} {B} Studio', '{A} Family {B}'],
    },
    palettes: [
      { primary: '#1f6f8b', accent: '#5cc2b0', ...coolNeutrals },
      { primary: '#2a5db0', accent: '#7cc6a8', background: '#fbfdff', surface: '#eef4fb', text: '#14213a', muted: '#52617a' },
      { primary: '#0f766e', accent: '#f4a259', background: '#ffffff', surface: '#eff7f6', text: '#122726', muted: '#4f6664' },
    ],
    fonts: ['modern', 'humanist', 'geometric'],
    radius: ['medium', 'large'],
    darkChance: 0,
    heroHeadings: ['Gentle, modern care for the whole family{inPlace}', 'Care that puts you at ease', 'Healthy smiles start here'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Unhurried appointments, clear prices and a team that explains everything before we begin. We {offersSentence}'],
    primaryAction: 'Book an appointment',
    featuresHeadings: ['Why patients choose us', 'Care without the worry'],
    features: [
      { icon: 'smile', title: 'Nervous patients welcome', body: 'We take our time, explain every step and stop whenever you raise a hand.' },
      { icon: 'calendar', title: 'Evening and Saturday slots', body: 'Appointments until 19:00 on weekdays and Saturday mornings.' },
      { icon: 'shield', title: 'Clear prices up front', body: 'You get a written plan and a price before any treatment starts.' },
      { icon: 'bolt', title: 'Same-day emergencies', body: 'In pain? Call before 10:00 and we’ll see you today.' },
      { icon: 'users', title: 'Care for all ages', body: 'From a toddler’s first check-up to grandparents, the whole family in one place.' },
      { icon: 'check', title: 'Modern equipment', body: 'Digital X-rays with a fraction of the radiation, and scans you can see on screen.' },
    ],
    servicesHeading: 'Treatments',
    servicesIntro: 'Everything you need to keep healthy, explained in plain words.',
    products: [
      { name: 'Check-up and clean', description: 'A thorough examination, X-rays when needed and a professional clean.', price: 65, priceFormat: '{price}', details: ['45 minutes', 'Children under 12 free'] },
      { name: 'Emergency appointment', description: 'Same-day care for pain, swelling or a broken tooth.', price: 80, priceFormat: 'from {price}', details: ['Call before 10:00'] },
      { name: 'Teeth whitening', description: 'Professional whitening with custom trays you can use at home.', price: 290, priceFormat: '{price}', details: ['Results in two weeks'] },
      { name: 'Invisible aligners', description: 'Straighten your teeth discreetly, with check-ins every six weeks.', price: 2400, priceFormat: 'from {price}', details: ['Monthly payments available'] },
    ],
    prices: { service: [50, 300, 'from {price}'], learning: [20, 60, '{price}'], product: [10, 60, '{price}'], event: [0, 0, 'free'] },
    describe: {
      service: '{Offer}, with a clear plan and price before we begin.',
      learning: '{Offer}, run by our clinicians in plain language.',
      product: '{Offer}, recommended by our team.',
      event: '{Offer}, open to everyone in the community.',
      feature: 'A {offer}, so your visit feels easy.',
    },
    testimonials: [
      { quote: 'I hadn’t been to a dentist in eight years. They never once made me feel judged.', role: 'Patient' },
      { quote: 'My kids actually look forward to their check-ups now. That’s a small miracle.', role: 'Parent of two' },
      { quote: 'Seen within an hour of calling with a cracked tooth. Calm, quick and kind.', role: 'Emergency patient' },
      { quote: 'Everything explained, every price clear. It’s how healthcare should be.', role: 'Patient for five years' },
    ],
    faq: [
      { question: 'Are you taking new patients?', answer: 'Yes. Book online or call us and we’ll find you a first appointment within two weeks.' },
      { question: 'What if I’m anxious?', answer: 'Tell us when you book. We’ll give you a longer appointment, explain everything and go at your pace.' },
      { question: 'Do you offer payment plans?', answer: 'Treatments over 500 can be spread over up to 12 months with no interest.' },
      { question: 'What should I do in an emergency?', answer: 'Call us as early as you can. We keep slots free every day for people in pain.' },
    ],
    story: [
      '{name} was founded by clinicians who wanted a practice they would send their own families to.',
      'That means unhurried appointments, honest advice and modern, gentle treatment. We explain your options, give you a clear price and never push anything you don’t need.',
      'Our team has cared for patients{inPlace} for years, and many of them have become friends along the way.',
    ],
    ctaHeadings: ['Ready when you are', 'Book your visit'],
    ctaBodies: ['New patients welcome. Most first appointments within two weeks.', 'Book online in a minute, or call us and we’ll find a time that works.'],
    hours: 'Mon–Fri 8:00–19:00\nSat 9:00–13:00',
    gallery: [],
    extraPage: { slug: 'treatments', title: 'Treatments', description: 'Treatments and prices, explained in plain words.' },
    contactIntro: 'Book, ask a question or tell us about an emergency. We reply within one working day.',
  },

  law: {
    does: 'advise individuals, families and businesses with clarity and care',
    label: 'Law firm',
    motif: 'scale',
    names: {
      first: ['Harlow', 'Bennett', 'Ashford', 'Whitmore', 'Calder', 'Moreno', 'Lindqvist', 'Okafor', 'Reyes'],
      second: ['Hale', 'Grant', 'Price', 'Quinn', 'Shaw', 'Fox', 'Ward'],
      patterns: ['{A} & {B}', '{A} {B} Legal', '{A} & {B} Solicitors', '{A} Law'],
    },
    palettes: [
      { primary: '#1d3557', accent: '#b08d57', background: '#fdfcf9', surface: '#f3f1eb', text: '#141a24', muted: '#555d6b' },
      { primary: '#3b2f4a', accent: '#b3925a', background: '#fcfbfa', surface: '#f2eff0', text: '#1c1820', muted: '#5d5762' },
      { primary: '#24423a', accent: '#a88a4d', ...softNeutrals },
    ],
    fonts: ['classic', 'elegant', 'editorial'],
    radius: ['none', 'small'],
    darkChance: 0.15,
    heroHeadings: ['Clear legal advice when it matters most', 'Straight answers to serious questions', 'On your side, from the first call{inPlace}'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'We explain your options in plain language, agree the fee before we start, and stay with you until it’s resolved. We {offersSentence}'],
    primaryAction: 'Book a consultation',
    featuresHeadings: ['How we work', 'What you can expect from us'],
    features: [
      { icon: 'chat', title: 'Plain language', body: 'No jargon. You’ll always know where your case stands and what happens next.' },
      { icon: 'scale', title: 'Fixed fees where possible', body: 'We agree the cost in writing before we start, so there are no surprises.' },
      { icon: 'clock', title: 'Replies within a day', body: 'Every call and email answered within one working day, by someone who knows your file.' },
      { icon: 'shield', title: 'Confidential from the start', body: 'What you tell us stays with us, including at the first free conversation.' },
      { icon: 'briefcase', title: 'Decades of experience', body: 'Our partners have handled thousands of cases and know how courts and counterparts think.' },
      { icon: 'users', title: 'A named lawyer', body: 'One lawyer leads your matter from the first meeting to the last signature.' },
    ],
    servicesHeading: 'Practice areas',
    servicesIntro: 'We focus on a few areas of law and know them thoroughly.',
    products: [
      { name: 'Family law', description: 'Separation, divorce, children arrangements and financial settlements, handled with care.', price: null, priceFormat: '{price}', details: ['Free 30-minute first call'] },
      { name: 'Employment', description: 'Advice for employees and employers on contracts, disputes and dismissals.', price: null, priceFormat: '{price}', details: ['Fixed-fee contract reviews'] },
      { name: 'Property', description: 'Buying, selling and leasing homes and commercial premises.', price: 950, priceFormat: 'from {price}', details: ['Fixed fees'] },
      { name: 'Wills and estates', description: 'Wills, powers of attorney and guidance for families after a loss.', price: 350, priceFormat: 'from {price}', details: ['Home visits available'] },
    ],
    prices: { service: [300, 1500, 'from {price}'], learning: [50, 150, '{price}'], event: [0, 0, 'free'], product: [100, 500, 'from {price}'] },
    describe: {
      service: 'Advice and representation on {offer}, with the fee agreed before we start.',
      learning: '{Offer} for individuals and businesses, in plain language.',
      event: '{Offer}: free sessions where you can ask our lawyers anything.',
      product: '{Offer}, prepared and checked by a qualified lawyer.',
      feature: 'A {offer} for clients who need it.',
    },
    testimonials: [
      { quote: 'They made a frightening situation manageable. I always knew what was happening and why.', role: 'Family law client' },
      { quote: 'Sharp, honest advice and a fixed fee they stuck to. I wouldn’t go anywhere else.', role: 'Business owner' },
      { quote: 'Our purchase completed in five weeks. Every question answered the same day.', role: 'First-time buyers' },
      { quote: 'Calm, thorough and genuinely kind at the hardest time of our lives.', role: 'Estate client' },
    ],
    faq: [
      { question: 'Is the first conversation free?', answer: 'Yes. A 30-minute call to understand your situation and tell you honestly whether we can help.' },
      { question: 'How are your fees set?', answer: 'Wherever we can, we agree a fixed fee in writing. Otherwise we give you an estimate and update it before it changes.' },
      { question: 'Do I need to come to your office?', answer: 'Not unless you want to. Most meetings can happen by phone or video.' },
      { question: 'How long will my case take?', answer: 'It depends on the matter, but we give you a realistic timeline at the start and keep you updated.' },
    ],
    story: [
      '{name} was founded on a simple belief: good legal advice should be clear, honest and within reach.',
      'Our lawyers have worked in large firms and small ones. We kept what works, like rigour and experience, and left behind what doesn’t, like jargon, surprise invoices and being passed from desk to desk.',
      'Today we advise individuals, families and businesses{inPlace}, and most of our new clients come to us through people we’ve already helped.',
    ],
    ctaHeadings: ['Talk to a lawyer today', 'Let’s look at your situation together'],
    ctaBodies: ['The first 30-minute conversation is free and confidential.', 'Tell us what’s happening and we’ll tell you honestly how we can help.'],
    hours: 'Mon–Fri 9:00–18:00',
    gallery: [],
    extraPage: { slug: 'practice-areas', title: 'Practice areas', description: 'The areas of law we advise on, and how we charge.' },
    contactIntro: 'Tell us briefly what it’s about. Everything you send is confidential, and we reply within one working day.',
  },

  photography: {
    does: 'photograph weddings, families and portraits in natural light, wherever you are',
    label: 'Photography',
    motif: 'camera',
    names: {
      first: ['Golden Hour', 'Silver', 'Light', 'Frame', 'Still', 'Quiet', 'Wild'],
      second: ['Studio', 'Photography', 'Pictures', 'Light', 'Stories'],
      patterns: ['{A} {B}', '{A} & {B}', '{Place} {A} {B}', '{A} {B} Co.'],
    },
    palettes: [
      { primary: '#c2703d', accent: '#e8c07d', background: '#fbf9f6', surface: '#f0ece6', text: '#1d1a17', muted: '#625b53' },
      { primary: '#8a6f4e', accent: '#c9a66b', background: '#fcfbf9', surface: '#f1eee9', text: '#1b1916', muted: '#615a52' },
      { primary: '#4a6670', accent: '#d9a87e', background: '#fafbfb', surface: '#eef1f1', text: '#1a1f21', muted: '#59636b' },
    ],
    fonts: ['editorial', 'elegant', 'classic'],
    radius: ['none', 'small'],
    darkChance: 0.6,
    heroHeadings: ['Honest pictures of the moments that matter', 'Photographs that feel like the day felt', 'Your story, in natural light{inPlace}'],
    heroLeads: ['I’m the photographer behind {name}{inPlace}. I {offersSentence}', 'Relaxed, unposed and full of light: pictures you’ll want on your walls, not hidden in a drive. I {offersSentence}'],
    primaryAction: 'Check my availability',
    featuresHeadings: ['How I work', 'What it’s like to work with me'],
    features: [
      { icon: 'camera', title: 'Natural, not posed', body: 'I guide gently and then get out of the way, so the pictures look like you.' },
      { icon: 'calendar', title: 'One event per day', body: 'Your day is the only one I’m photographing. No rushing off to the next.' },
      { icon: 'clock', title: 'Previews in 48 hours', body: 'A first selection within two days, the full gallery within three weeks.' },
      { icon: 'globe', title: 'Happy to travel', body: 'Based locally, available anywhere. Travel is included within 100 km.' },
      { icon: 'heart', title: 'Carefully edited', body: 'Every image edited by hand in a warm, timeless style.' },
      { icon: 'gift', title: 'Prints and albums', body: 'Handmade albums and archival prints, designed with you.' },
    ],
    servicesHeading: 'Packages',
    servicesIntro: 'Every package includes a planning call, edited high-resolution images and an online gallery to share.',
    products: [
      { name: 'Portrait session', description: 'An hour outdoors or at home for couples, families or just you.', price: 250, priceFormat: '{price}', details: ['1 hour', '40+ edited images'] },
      { name: 'Half day', description: 'Ideal for elopements, small ceremonies and events.', price: 950, priceFormat: '{price}', details: ['4 hours', '250+ edited images'] },
      { name: 'Full day', description: 'From getting ready to the first dance, the whole story.', price: 1900, priceFormat: '{price}', details: ['10 hours', '600+ edited images', 'Second photographer'] },
      { name: 'Heirloom album', description: 'A linen-bound album of your favourite images, made to last.', price: 450, priceFormat: 'from {price}', details: ['30 spreads'] },
    ],
    prices: { service: [250, 2000, 'from {price}'], learning: [90, 250, '{price} / person'], product: [40, 400, 'from {price}'], event: [500, 1500, 'from {price}'] },
    describe: {
      service: '{Offer}, photographed in a natural, unposed style.',
      learning: '{Offer}: small groups, real shoots, and honest feedback on your pictures.',
      product: '{Offer}, printed on archival paper.',
      event: '{Offer}, photographed from start to finish.',
      feature: 'A {offer} for relaxed sessions.',
    },
    testimonials: [
      { quote: 'We barely noticed the camera, and every photo looks exactly like our day felt.', role: 'Married last summer' },
      { quote: 'The gallery made my mother cry happy tears. Worth every cent.', role: 'Family session' },
      { quote: 'Calm, funny, and so good with our nervous guests. The pictures are stunning.', role: 'Wedding couple' },
      { quote: 'I finally have portraits I actually like of myself.', role: 'Portrait client' },
    ],
    faq: [
      { question: 'How far ahead should we book?', answer: 'Weddings often book 9–12 months ahead; portraits a few weeks. Ask about your date, as gaps do open up.' },
      { question: 'Do you travel?', answer: 'Yes. Travel within 100 km is included, and I’m happy to quote for anywhere further.' },
      { question: 'When will we see our photos?', answer: 'A preview within 48 hours and the full gallery within three weeks.' },
      { question: 'Can we print the images?', answer: 'Of course. You get high-resolution files with a personal printing licence.' },
    ],
    story: [
      'I picked up my first camera to photograph my grandparents, and I still photograph every couple and family the way I photographed them: with patience and a lot of affection.',
      'At {name} I work in natural light, with a gentle approach and an eye for the small moments between the big ones.',
      'If that sounds like you, I’d love to hear about your plans.',
    ],
    ctaHeadings: ['Tell me about your day', 'Let’s make something beautiful'],
    ctaBodies: ['Send me your date and a little about you, and I’ll reply within two days.', 'Dates fill up quickly. Check availability today.'],
    hours: null,
    gallery: [
      { caption: 'First look', alt: 'A couple seeing each other for the first time on their wedding day' },
      { caption: 'Golden hour', alt: 'Silhouettes of two people against a low sun' },
      { caption: 'Family, unposed', alt: 'Children laughing with their parents in a field' },
      { caption: 'The details', alt: 'Rings resting on a bouquet' },
      { caption: 'On the dance floor', alt: 'Guests dancing under string lights' },
      { caption: 'Quiet moments', alt: 'A bride looking out of a window' },
    ],
    extraPage: { slug: 'portfolio', title: 'Portfolio', description: 'Selected weddings, portraits and stories.' },
    contactIntro: 'Tell me your date, where it’s happening and a little about you. I reply to every message within two days.',
  },

  agency: {
    does: 'design brands, websites and products for teams who care about the details',
    label: 'Design studio',
    motif: 'palette',
    names: {
      first: ['Northwind', 'Field', 'Paper', 'Signal', 'Common', 'Studio', 'Open', 'Brightside', 'Kin'],
      second: ['& Form', 'Works', 'Studio', 'Office', 'Collective', 'Lab'],
      patterns: ['{A} {B}', '{A} Studio', 'Studio {A}', '{A} & Co.'],
    },
    palettes: [
      { primary: '#3d3bf3', accent: '#ff7a59', ...coolNeutrals },
      { primary: '#111827', accent: '#f5c518', background: '#ffffff', surface: '#f4f4f2', text: '#111111', muted: '#5a5a5a' },
      { primary: '#e4572e', accent: '#29335c', background: '#fffdfa', surface: '#f6f1ea', text: '#1d1b1a', muted: '#5e5953' },
    ],
    fonts: ['geometric', 'editorial', 'modern'],
    radius: ['none', 'small', 'large'],
    darkChance: 0.5,
    heroHeadings: ['Brands and websites people remember', 'Design that does the work', 'We make small companies look like they mean it'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Strategy, identity and websites for teams who care about the details. We {offersSentence}'],
    primaryAction: 'Start a project',
    featuresHeadings: ['How we work', 'Why teams hire us'],
    features: [
      { icon: 'users', title: 'Senior people only', body: 'The people you meet in the pitch are the people doing the work.' },
      { icon: 'calendar', title: 'Fixed scope, fixed dates', body: 'A clear plan and price before we start, and weekly check-ins until launch.' },
      { icon: 'palette', title: 'Design with reasons', body: 'Every choice ties back to what your customers need and what your business wants.' },
      { icon: 'code', title: 'Built to last', body: 'Fast, accessible websites your team can update without calling us.' },
      { icon: 'chart', title: 'Measured results', body: 'We agree what success looks like up front, and measure it after launch.' },
      { icon: 'sparkle', title: 'Small on purpose', body: 'We take a handful of projects at a time, so each gets our full attention.' },
    ],
    servicesHeading: 'What we do',
    servicesIntro: 'From the first workshop to launch day, and beyond.',
    products: [
      { name: 'Brand identity', description: 'Strategy, naming, logo, colours and type, with guidelines your team will actually use.', price: 8000, priceFormat: 'from {price}', details: ['6–8 weeks', 'Workshop included'] },
      { name: 'Website design and build', description: 'A fast, accessible site designed around your customers and built to grow.', price: 12000, priceFormat: 'from {price}', details: ['8–12 weeks', 'Easy to edit'] },
      { name: 'Design partnership', description: 'A monthly retainer for teams who need design help every week.', price: 3500, priceFormat: '{price} / month', details: ['Cancel with a month’s notice'] },
    ],
    prices: { service: [2000, 15000, 'from {price}'], learning: [150, 600, '{price} / person'], product: [50, 500, '{price}'], event: [0, 0, 'free'] },
    describe: {
      service: '{Offer}, from the first workshop to launch day.',
      learning: '{Offer} for in-house teams: practical, hands-on and tailored to your product.',
      product: '{Offer}, designed in our studio.',
      event: '{Offer}: open evenings for our community.',
      feature: 'A {offer} for working sessions with clients.',
    },
    testimonials: [
      { quote: 'They understood our business faster than we did. The new brand doubled our enquiries.', role: 'Founder, coffee roaster' },
      { quote: 'On time, on budget, and the site is a joy to update. Rare on all three counts.', role: 'Head of marketing' },
      { quote: 'The workshop alone was worth it: for the first time the whole team agreed on who we are.', role: 'CEO, software company' },
      { quote: 'Thoughtful, fast and honest. They told us what not to build, too.', role: 'Product lead' },
    ],
    faq: [
      { question: 'What size of company do you work with?', answer: 'Mostly founders and teams of 5 to 200 who want senior attention and a partner, not a supplier.' },
      { question: 'How long does a project take?', answer: 'An identity takes six to eight weeks; a website eight to twelve. We agree dates before we start.' },
      { question: 'Can we update the website ourselves?', answer: 'Yes. Every site comes with training and a simple editor your team can use.' },
      { question: 'Do you work remotely?', answer: 'We work with clients around the world and meet in person whenever it helps.' },
    ],
    story: [
      '{name} is a small, senior team of designers and developers{inPlace}.',
      'We started the studio because we wanted to do fewer projects, better: to sit with our clients, understand what makes them different, and design work that makes it obvious.',
      'We’ve worked with startups, cultural institutions and family businesses, and we’d love to hear what you’re working on.',
    ],
    ctaHeadings: ['Have a project in mind?', 'Let’s make something good together'],
    ctaBodies: ['Tell us about it. We reply within two working days with honest thoughts and next steps.', 'We take on a few new projects each quarter. Tell us about yours.'],
    hours: null,
    gallery: [
      { caption: 'Identity for a coffee roaster', alt: 'Coffee packaging with a bold new logo' },
      { caption: 'Website for an architecture firm', alt: 'A website shown on a laptop and a phone' },
      { caption: 'Signage system', alt: 'Wayfinding signs in a modern building' },
      { caption: 'Editorial design', alt: 'An open magazine with a striking layout' },
      { caption: 'App interface', alt: 'Screens of a mobile app laid out side by side' },
      { caption: 'Workshop day', alt: 'Sticky notes on a studio wall' },
    ],
    extraPage: { slug: 'work', title: 'Work', description: 'Selected identities, websites and products.' },
    contactIntro: 'Tell us what you’re working on, your timing and a rough budget. We’ll reply within two working days.',
  },

  software: {
    does: 'help teams get more done with less effort',
    label: 'Software',
    motif: 'bolt',
    names: {
      first: ['Flow', 'Tally', 'Relay', 'Brisk', 'Nimbus', 'Orbit', 'Kite', 'Lumen', 'Pylon', 'Quill'],
      second: ['ly', 'base', 'desk', 'hub', 'flow', 'stack', 'wise', 'line'],
      patterns: ['{A}{b}', '{A}', '{A}{b}', 'Get{A}'],
    },
    palettes: [
      { primary: '#4f46e5', accent: '#06b6d4', ...coolNeutrals },
      { primary: '#0f766e', accent: '#f59e0b', background: '#ffffff', surface: '#f2f7f6', text: '#0f1b1a', muted: '#52625f' },
      { primary: '#7c3aed', accent: '#22c55e', background: '#ffffff', surface: '#f5f3fb', text: '#161326', muted: '#5b5670' },
      { primary: '#2563eb', accent: '#f97316', background: '#ffffff', surface: '#f2f5fb', text: '#0f172a', muted: '#51607a' },
    ],
    fonts: ['modern', 'geometric', 'technical'],
    radius: ['medium', 'large'],
    darkChance: 0.5,
    heroHeadings: ['{Offer}, without the spreadsheets', 'Spend less time on admin and more on the work', 'The simple way to {weOffer}'],
    heroLeads: ['{name} is {aNoun} that helps {audience} {offersPlain}. Set up in minutes, no training needed.', 'Built for {audience}: {name} lets you {offersPlain} from one calm, fast app.'],
    primaryAction: 'Start free trial',
    featuresHeadings: ['Everything you need, nothing you don’t', 'Why teams switch to us'],
    features: [
      { icon: 'bolt', title: 'Set up in minutes', body: 'Import what you have, invite your team and you’re running before lunch.' },
      { icon: 'phone', title: 'Works on any device', body: 'A fast web app and native apps for iOS and Android, always in sync.' },
      { icon: 'chart', title: 'Reports that make sense', body: 'See what’s working at a glance, and export anything to a spreadsheet.' },
      { icon: 'lock', title: 'Secure by default', body: 'Encrypted in transit and at rest, daily backups and single sign-on.' },
      { icon: 'code', title: 'Connects to your tools', body: 'Integrations with the apps you already use, and an open API for the rest.' },
      { icon: 'chat', title: 'Humans in support', body: 'Real people answer within an hour during working hours.' },
    ],
    servicesHeading: 'Simple, honest pricing',
    servicesIntro: 'Start free for 14 days. No credit card, cancel any time.',
    products: [
      { name: 'Starter', description: 'For small teams getting organised.', price: 0, priceFormat: 'Free', details: ['Up to 3 users', 'Core features', 'Email support'] },
      { name: 'Team', description: 'Everything a growing team needs.', price: 12, priceFormat: '{price} / user / month', details: ['Unlimited users', 'Reports and exports', 'Integrations', 'Priority support'] },
      { name: 'Business', description: 'For larger organisations with extra needs.', price: 29, priceFormat: '{price} / user / month', details: ['Single sign-on', 'Audit log', 'Dedicated success manager'] },
    ],
    prices: { service: [0, 0, 'Included'], learning: [0, 0, 'Free'], product: [0, 0, 'Included'], event: [0, 0, 'Free'] },
    describe: {
      service: '{Verb} {offer} in a few clicks, with everything in one place.',
      product: '{Offer}, built in and ready from day one.',
      learning: '{Offer} to get your team up to speed fast.',
      event: '{Offer}: live sessions with our team.',
      feature: '{Offer}, built in.',
    },
    testimonials: [
      { quote: 'We replaced three tools and a shared spreadsheet. Everyone actually uses it.', role: 'Operations lead' },
      { quote: 'Set up on a Monday, running the whole team by Wednesday. Support answered every question within the hour.', role: 'Founder' },
      { quote: 'It saves me about five hours a week. I don’t know how we managed before.', role: 'Team manager' },
      { quote: 'Simple enough for the newest hire, powerful enough for me.', role: 'Head of operations' },
    ],
    faq: [
      { question: 'Is there a free trial?', answer: 'Yes: 14 days of everything, no credit card needed.' },
      { question: 'Can I import my existing data?', answer: 'Upload a spreadsheet or connect your current tool, and we’ll bring your data across in minutes.' },
      { question: 'Where is my data stored?', answer: 'In the EU, encrypted at rest and in transit, with daily backups. You can export everything at any time.' },
      { question: 'Can I cancel any time?', answer: 'Yes. Monthly plans can be cancelled with one click, and you keep your data for 30 days.' },
    ],
    story: [
      '{name} started when we watched friends run their businesses on sticky notes, group chats and a spreadsheet nobody trusted.',
      'We built the tool we wished they had: fast, simple and honest about what it costs. No sales calls, no lock-in, no features for the sake of features.',
      'Today teams use {name} every day to {offersPlain}, and we keep improving it with every piece of feedback they send us.',
    ],
    ctaHeadings: ['Try it free for 14 days', 'Ready to get your time back?'],
    ctaBodies: ['No credit card, no sales call. Set up in minutes.', 'Join teams who spend less time on admin and more on the work.'],
    hours: null,
    gallery: [],
    extraPage: { slug: 'pricing', title: 'Pricing', description: 'Plans for teams of every size, with a free trial.' },
    contactIntro: 'Questions about plans, security or a demo for your team? Send us a message, a real person replies within the hour.',
  },

  trades: {
    does: 'fix, fit and maintain homes and small businesses, properly and on time',
    label: 'Local trades',
    motif: 'wrench',
    names: {
      first: ['Reliable', 'Swift', 'Trusty', 'Northside', 'Keystone', 'Summit', 'Anchor', 'Greenline', 'Blue Pipe'],
      second: ['Plumbing', 'Services', 'Repairs', 'Home Services', '& Sons', 'Trades'],
      patterns: ['{A} {B}', '{Place} {B}', '{A} {B} Co.', '{A} & Sons'],
    },
    palettes: [
      { primary: '#1e5aa8', accent: '#f2a007', ...coolNeutrals },
      { primary: '#c2410c', accent: '#1e3a5f', background: '#ffffff', surface: '#f6f3ef', text: '#1c1714', muted: '#5f5650' },
      { primary: '#166534', accent: '#facc15', background: '#ffffff', surface: '#f1f6f2', text: '#111c14', muted: '#54615a' },
    ],
    fonts: ['modern', 'geometric'],
    radius: ['small', 'medium'],
    darkChance: 0.05,
    heroHeadings: ['Fast, tidy and fairly priced{inPlace}', 'Problems fixed properly, the first time', 'Your local experts, on call when you need us'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Qualified, insured and on time, with a fixed price before we start. We {offersSentence}'],
    primaryAction: 'Get a free quote',
    featuresHeadings: ['Why locals call us first', 'What you get with us'],
    features: [
      { icon: 'clock', title: 'On time, every time', body: 'We give you a two-hour window and a text when we’re on our way.' },
      { icon: 'shield', title: 'Qualified and insured', body: 'Fully certified, insured, and every job guaranteed for 12 months.' },
      { icon: 'scale', title: 'Fixed prices', body: 'A clear quote before any work starts. No call-out charge within the area.' },
      { icon: 'home', title: 'We leave it spotless', body: 'Dust sheets down, shoes off, everything tidied before we leave.' },
      { icon: 'bolt', title: 'Emergency callouts', body: 'Burst pipe or no heating? We answer the phone day and night.' },
      { icon: 'star', title: 'Local and recommended', body: 'Most of our work comes from neighbours who recommended us.' },
    ],
    servicesHeading: 'Services',
    servicesIntro: 'Domestic and small commercial work, quoted up front.',
    products: [
      { name: 'Repairs and leaks', description: 'Dripping taps, leaks, blocked drains and noisy pipes, fixed quickly.', price: 60, priceFormat: 'from {price}', details: ['Same-week visits'] },
      { name: 'Boilers and heating', description: 'Servicing, repairs and new boiler installation with a long warranty.', price: 90, priceFormat: 'from {price}', details: ['Annual service plans'] },
      { name: 'Bathroom fitting', description: 'From a new shower to a full bathroom, planned and fitted by one team.', price: null, priceFormat: '{price}', details: ['Free home visit and quote'] },
      { name: '24/7 emergencies', description: 'Burst pipes, floods and no heating, day or night.', price: 120, priceFormat: 'from {price}', details: ['Answered around the clock'] },
    ],
    prices: { service: [60, 250, 'from {price}'], product: [20, 200, 'from {price}'], learning: [20, 60, '{price}'], event: [0, 0, 'free'] },
    describe: {
      service: '{Offer}, done properly, with a fixed price before we start and a 12-month guarantee.',
      product: '{Offer}, supplied and fitted by our team.',
      learning: '{Offer}, run by our qualified engineers.',
      event: '{Offer}, open to everyone.',
      feature: '{Offer} as standard.',
    },
    testimonials: [
      { quote: 'Arrived within the hour on a Sunday, fixed the leak and charged exactly what they quoted.', role: 'Homeowner' },
      { quote: 'Tidy, polite and the new bathroom is perfect. Our neighbours have already booked them.', role: 'Bathroom renovation' },
      { quote: 'Honest advice: they repaired our old boiler instead of selling us a new one.', role: 'Customer for 6 years' },
      { quote: 'Finally, a tradesperson who turns up when they say they will.', role: 'Landlord' },
    ],
    faq: [
      { question: 'Do you charge for a quote?', answer: 'No. Quotes are free, and for most jobs we can give you a price over the phone.' },
      { question: 'Which areas do you cover?', answer: 'We work across the city{inPlace} and the surrounding area, with no call-out charge within 15 km.' },
      { question: 'Are you insured?', answer: 'Yes: fully insured and certified, and all our work is guaranteed for 12 months.' },
      { question: 'What counts as an emergency?', answer: 'Anything that can’t wait: flooding, burst pipes, no heating or hot water. Call us and we’ll tell you honestly how fast we can be there.' },
    ],
    story: [
      '{name} is a local, family-run business{inPlace}. We started with one van and a simple rule: do the job as if it were in our own home.',
      'Years later we have a team of qualified engineers, but the rule hasn’t changed. We turn up on time, explain what needs doing, give you a fixed price and leave the place cleaner than we found it.',
      'Most of our customers find us through their neighbours. We’d like to keep it that way.',
    ],
    ctaHeadings: ['Need a hand? Call us today', 'Get your free quote'],
    ctaBodies: ['Free quotes, fixed prices and work guaranteed for 12 months.', 'Tell us what’s wrong and we’ll give you a price, usually the same day.'],
    hours: 'Mon–Fri 7:30–18:00\nSat 8:00–13:00\nEmergencies 24/7',
    gallery: [],
    extraPage: { slug: 'services', title: 'Services', description: 'Repairs, installations and emergency callouts, with prices.' },
    contactIntro: 'Describe the job and where you are. We’ll reply with a price or a time to visit, usually the same day.',
  },

  salon: {
    does: 'cut, colour and care for every type of hair',
    label: 'Salon',
    motif: 'scissors',
    names: {
      first: ['Velvet', 'Gloss', 'Amber', 'Luxe', 'Willow', 'Bloom', 'Honey', 'Maison', 'Sable'],
      second: ['Salon', 'Hair', 'Studio', 'House', 'Beauty', 'Rooms'],
      patterns: ['{A} {B}', '{A} & {B}', 'The {A} {B}', '{A} {Place}'],
    },
    palettes: [
      { primary: '#9d4b73', accent: '#e3b5a4', background: '#fffbfa', surface: '#f8efee', text: '#261a20', muted: '#6a5962' },
      { primary: '#2b2b2b', accent: '#c9a227', background: '#fdfcfa', surface: '#f3f0ea', text: '#1a1a1a', muted: '#5f5b55' },
      { primary: '#5e7d6e', accent: '#e4a08a', background: '#fcfcfa', surface: '#f1f2ed', text: '#1c211e', muted: '#5b625d' },
    ],
    fonts: ['elegant', 'editorial', 'geometric'],
    radius: ['large', 'medium'],
    darkChance: 0.3,
    heroHeadings: ['Leave feeling like yourself, only better', 'Great hair, good company{inPlace}', 'Take an hour for yourself'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Experienced stylists, honest advice and products that are kind to your hair. We {offersSentence}'],
    primaryAction: 'Book an appointment',
    featuresHeadings: ['Why clients keep coming back', 'The salon experience'],
    features: [
      { icon: 'chat', title: 'A proper consultation', body: 'Every visit starts with a conversation about what you want and what suits you.' },
      { icon: 'leaf', title: 'Kind products', body: 'Vegan, cruelty-free colour and care that treats your hair and the planet well.' },
      { icon: 'cup', title: 'Coffee while you wait', body: 'Good coffee, herbal tea or a glass of something on Friday afternoons.' },
      { icon: 'calendar', title: 'Late nights', body: 'Open until 20:00 on Thursdays and Fridays for after-work appointments.' },
      { icon: 'star', title: 'Senior stylists', body: 'Every stylist has at least five years behind the chair.' },
      { icon: 'heart', title: 'Everyone welcome', body: 'All hair types, all genders, priced by time and service, not by who you are.' },
    ],
    servicesHeading: 'Services and prices',
    servicesIntro: 'Prices depend on your hair length and your stylist. We’ll confirm before we start.',
    products: [
      { name: 'Cut and finish', description: 'Consultation, wash, precision cut and blow-dry.', price: 45, priceFormat: 'from {price}', details: ['60 minutes'] },
      { name: 'Colour', description: 'Roots, all-over colour or glossing, tailored to your skin tone.', price: 65, priceFormat: 'from {price}', details: ['Patch test 48 h before'] },
      { name: 'Balayage', description: 'Soft, hand-painted highlights that grow out beautifully.', price: 130, priceFormat: 'from {price}', details: ['Includes toner and finish'] },
      { name: 'Treatments', description: 'Deep conditioning and repair rituals for tired or coloured hair.', price: 25, priceFormat: 'from {price}', details: ['Add to any service'] },
    ],
    prices: { service: [25, 120, 'from {price}'], product: [15, 45, '{price}'], learning: [40, 150, '{price}'], event: [20, 60, '{price}'] },
    describe: {
      service: '{Offer} by an experienced stylist, with a consultation first.',
      product: '{Offer}, the ones we use in the salon.',
      learning: '{Offer} with our senior team.',
      event: '{Offer} at the salon, with drinks and a little pampering.',
      feature: 'A {offer} to relax in.',
    },
    testimonials: [
      { quote: 'They listened, gave honest advice and I’ve never had so many compliments.', role: 'Client' },
      { quote: 'My colour has never looked this natural. Worth every minute.', role: 'Balayage client' },
      { quote: 'Relaxed, friendly and not a bit intimidating. My favourite hour of the month.', role: 'Regular' },
      { quote: 'Finally a salon that knows how to cut curly hair.', role: 'Client for 3 years' },
    ],
    faq: [
      { question: 'How do I book?', answer: 'Online any time, or call us during opening hours. We keep a few same-day slots too.' },
      { question: 'Do I need a patch test for colour?', answer: 'Yes, for new colour clients: pop in for two minutes at least 48 hours before your appointment.' },
      { question: 'What is your cancellation policy?', answer: 'Please give us 24 hours’ notice so we can offer your slot to someone else.' },
      { question: 'Do you do wedding hair?', answer: 'We do: trials in the salon and styling on the day, at the salon or on location.' },
    ],
    story: [
      '{name} opened to be the salon we always wanted to visit: relaxed, honest and really good at hair.',
      'Our stylists take the time to understand your hair and your life, then cut and colour for how you’ll wear it every day, not just for the moment you leave.',
      'Come in for a consultation, it’s free and there’s always coffee.',
    ],
    ctaHeadings: ['Treat yourself this week', 'Ready for a change?'],
    ctaBodies: ['Book online in a minute, or ask us for a free consultation.', 'New clients get a free consultation before their first appointment.'],
    hours: 'Tue–Wed 9:00–18:00\nThu–Fri 9:00–20:00\nSat 9:00–17:00',
    gallery: [
      { caption: 'The salon', alt: 'Styling chairs in front of round mirrors' },
      { caption: 'Soft balayage', alt: 'Long hair with soft, warm highlights' },
      { caption: 'Sharp cuts', alt: 'A short, modern haircut from the side' },
      { caption: 'Curls, cared for', alt: 'Natural curly hair after styling' },
    ],
    extraPage: { slug: 'services', title: 'Services', description: 'Cuts, colour and treatments, with prices.' },
    contactIntro: 'Questions about a service, a wedding or a gift voucher? Send us a message.',
  },

  bookshop: {
    does: 'sell new and second-hand books, chosen by people who read them',
    label: 'Bookshop',
    motif: 'book',
    names: {
      first: ['Chapter', 'Margins', 'Paperback', 'Folio', 'Lantern', 'Dog-Eared', 'Ink', 'Owl'],
      second: ['Books', 'Bookshop', '& Verse', 'Press', 'Reading Room'],
      patterns: ['{A} {B}', 'The {A} Bookshop', '{A} & Verse', '{Place} {A} Books'],
    },
    palettes: [
      { primary: '#2f4858', accent: '#d88c3a', background: '#fdfbf6', surface: '#f4efe4', text: '#1e2428', muted: '#5d6368' },
      { primary: '#7b2d26', accent: '#3b7a57', ...warmNeutrals },
      { primary: '#35524a', accent: '#e0a458', background: '#fcfbf7', surface: '#f0eee6', text: '#1b211f', muted: '#5a615e' },
    ],
    fonts: ['classic', 'elegant', 'editorial'],
    radius: ['small', 'medium'],
    darkChance: 0.2,
    heroHeadings: ['A good book, and someone to talk to about it', 'Books chosen by people who read them', 'Your neighbourhood bookshop{inPlace}'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Shelves chosen by hand, reading chairs by the window and booksellers who love to recommend. We {offersSentence}'],
    primaryAction: 'See what’s new',
    featuresHeadings: ['More than a shop', 'Why readers love it here'],
    features: [
      { icon: 'book', title: 'Hand-picked shelves', body: 'Every book on our shelves was chosen by someone on our team.' },
      { icon: 'chat', title: 'Ask a bookseller', body: 'Tell us the last book you loved and we’ll find your next one.' },
      { icon: 'truck', title: 'Any book, fast', body: 'If we don’t have it, we can usually order it for you within two days.' },
      { icon: 'users', title: 'Book clubs', body: 'Three monthly book clubs: fiction, non-fiction and one for young readers.' },
      { icon: 'gift', title: 'Gift wrapping', body: 'Free, lovely and done while you wait.' },
      { icon: 'calendar', title: 'Readings and events', body: 'Author evenings, launches and story time for children.' },
    ],
    servicesHeading: 'What we offer',
    servicesIntro: 'Come for a book, stay for the conversation.',
    products: [
      { name: 'New and notable', description: 'The best new fiction and non-fiction, chosen by our booksellers each month.', price: null, priceFormat: '{price}', details: ['Signed copies when we can'] },
      { name: 'Book subscription', description: 'A hand-picked book every month, chosen for you after a short chat about what you like.', price: 22, priceFormat: '{price} / month', details: ['Gift it for 3, 6 or 12 months'] },
      { name: 'Special orders', description: 'Any book in print, ordered for you and ready in a couple of days.', price: null, priceFormat: '{price}', details: ['No extra charge'] },
    ],
    prices: { product: [8, 30, '{price}'], event: [0, 10, '{price}'], learning: [10, 40, '{price}'], service: [0, 0, 'free'] },
    describe: {
      product: '{Offer}, chosen and shelved by our booksellers.',
      event: '{Offer} in the shop, with a glass of something and good company.',
      learning: '{Offer} for curious readers of every age.',
      service: '{Offer}, free for our customers.',
      feature: 'A {offer} to read in.',
    },
    testimonials: [
      { quote: 'I asked for “something like that book I loved last summer” and walked out with my new favourite.', role: 'Reader' },
      { quote: 'The author evenings are the best nights out in the neighbourhood.', role: 'Book club member' },
      { quote: 'My kids beg to go to story time. So do I, honestly.', role: 'Parent' },
      { quote: 'A proper bookshop, with people who read. Rare and precious.', role: 'Regular' },
    ],
    faq: [
      { question: 'Can you order a book for me?', answer: 'Yes, any book in print. Most arrive within two days and we’ll let you know when it’s here.' },
      { question: 'Do you buy second-hand books?', answer: 'We buy a small number of second-hand and rare books. Bring them in and we’ll take a look.' },
      { question: 'How do I hear about events?', answer: 'Sign up at the counter or send us a message and we’ll add you to our monthly letter.' },
      { question: 'Do you sell gift cards?', answer: 'Yes, in any amount, and they never expire.' },
    ],
    story: [
      '{name} is {aNoun}{inPlace}, opened by readers for readers.',
      'We’re small on purpose. Every book on our shelves earned its place, and every bookseller here is happiest when someone asks, “What should I read next?”',
      'Drop in, stay a while, and let us know what you’re looking for.',
    ],
    ctaHeadings: ['Find your next favourite book', 'Come in and browse'],
    ctaBodies: ['Open seven days a week. Ask us anything.', 'Tell us what you loved last and we’ll do the rest.'],
    hours: 'Mon–Sat 10:00–19:00\nSun 11:00–17:00',
    gallery: [
      { caption: 'The front table', alt: 'New books displayed on a wooden table' },
      { caption: 'Reading corner', alt: 'An armchair beside tall bookshelves' },
      { caption: 'Author evening', alt: 'An author reading to a small audience in the shop' },
      { caption: 'Story time', alt: 'Children sitting on cushions around a storyteller' },
    ],
    extraPage: { slug: 'events', title: 'Events', description: 'Readings, launches, book clubs and story time.' },
    contactIntro: 'Looking for a particular book or planning an event with us? Send a message.',
  },

  florist: {
    does: 'arrange seasonal flowers for every occasion, and deliver them by hand',
    label: 'Florist',
    motif: 'flower',
    names: {
      first: ['Wildflower', 'Petal', 'Fern', 'Poppy', 'Bloom', 'Sage', 'Marigold', 'Foxglove', 'Meadow'],
      second: ['& Stem', 'Flowers', 'Floral', 'Studio', 'House', 'Garden'],
      patterns: ['{A} {B}', '{A} & Stem', 'The {A} Florist', '{A} {Place}'],
    },
    palettes: [
      { primary: '#b83b5e', accent: '#6a8d73', background: '#fffbfb', surface: '#f9eff0', text: '#2a1a1f', muted: '#6c5a60' },
      { primary: '#4c6b3c', accent: '#e88d67', ...softNeutrals },
      { primary: '#7d5ba6', accent: '#f4a261', background: '#fdfbff', surface: '#f4f0f8', text: '#221c2a', muted: '#635b6c' },
    ],
    fonts: ['elegant', 'editorial', 'friendly'],
    radius: ['large', 'medium'],
    darkChance: 0.1,
    heroHeadings: ['Seasonal flowers, arranged with love{inPlace}', 'Flowers that say it better', 'Fresh from the market this morning'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Loose, natural arrangements of seasonal, locally grown flowers, delivered by hand. We {offersSentence}'],
    primaryAction: 'Order flowers',
    featuresHeadings: ['Why our flowers last', 'The way we work'],
    features: [
      { icon: 'leaf', title: 'Seasonal and local', body: 'We buy from growers nearby whenever we can, so stems travel less and last longer.' },
      { icon: 'truck', title: 'Same-day delivery', body: 'Order before noon for delivery the same afternoon.' },
      { icon: 'flower', title: 'Never two alike', body: 'Each bouquet is arranged by hand with what’s most beautiful that day.' },
      { icon: 'gift', title: 'Wrapped without plastic', body: 'Paper, twine and a handwritten card. Nothing to throw away but the paper.' },
      { icon: 'heart', title: 'Weddings and events', body: 'From a single buttonhole to a whole venue, designed with you.' },
      { icon: 'calendar', title: 'Flower subscriptions', body: 'Fresh flowers at your door every week, fortnight or month.' },
    ],
    servicesHeading: 'Flowers for every occasion',
    servicesIntro: 'Arranged by hand on the day, in the colours of the season.',
    products: [
      { name: 'Seasonal bouquet', description: 'A generous, loose bouquet of whatever is most beautiful this week.', price: 45, priceFormat: 'from {price}', details: ['Same-day delivery'] },
      { name: 'Flower subscription', description: 'A fresh bouquet every week, fortnight or month, delivered to your door.', price: 39, priceFormat: '{price} / delivery', details: ['Pause any time'] },
      { name: 'Wedding flowers', description: 'Bouquets, buttonholes and installations, designed with you from the first idea.', price: 900, priceFormat: 'from {price}', details: ['Free consultation'] },
      { name: 'Sympathy flowers', description: 'Thoughtful, gentle arrangements delivered with care.', price: 55, priceFormat: 'from {price}', details: ['Delivered to homes and services'] },
    ],
    prices: { product: [30, 90, 'from {price}'], learning: [55, 95, '{price} / person'], event: [500, 2000, 'from {price}'], service: [40, 150, 'from {price}'] },
    describe: {
      product: '{Offer}, arranged by hand with the best of the season.',
      learning: '{Offer} in our studio: all flowers and tools provided, and you take your creation home.',
      event: '{Offer}, designed with you from the first idea to the last petal.',
      service: '{Offer}, handled with care from start to finish.',
      feature: 'A {offer} full of blooms.',
    },
    testimonials: [
      { quote: 'The bouquet lasted two weeks and people kept asking where it came from.', role: 'Customer' },
      { quote: 'Our wedding flowers were beyond anything we imagined, and they listened to every idea.', role: 'Married in June' },
      { quote: 'My weekly flowers are the best thing I’ve ever subscribed to.', role: 'Subscriber' },
      { quote: 'They delivered sympathy flowers to my aunt with such care. Thank you.', role: 'Customer' },
    ],
    faq: [
      { question: 'When do I need to order for same-day delivery?', answer: 'Before noon, Monday to Saturday. Later orders arrive the next morning.' },
      { question: 'Which areas do you deliver to?', answer: 'We deliver by hand across the city{inPlace}. For further away, ask us and we’ll find a way.' },
      { question: 'How do I keep my flowers fresh?', answer: 'Trim the stems, change the water every two days and keep them away from fruit and radiators.' },
      { question: 'Can I choose the flowers?', answer: 'Tell us colours, mood and anything you’d like to avoid; we’ll choose the best stems of the day.' },
    ],
    story: [
      '{name} started at a market stall with a bucket of flowers from a friend’s garden.',
      'Today we work from a small studio{inPlace}, but we still buy from local growers, arrange everything by hand and treat every bouquet as a little letter from the sender.',
      'Whatever you want to say, we’ll help you say it with flowers.',
    ],
    ctaHeadings: ['Send someone flowers today', 'Planning a wedding or event?'],
    ctaBodies: ['Order before noon for same-day delivery.', 'Tell us about your day and we’ll design flowers that fit it perfectly.'],
    hours: 'Mon–Fri 8:30–18:00\nSat 9:00–16:00',
    gallery: [
      { caption: 'This week’s bouquet', alt: 'A loose bouquet of peonies and garden roses' },
      { caption: 'Wedding arch', alt: 'An arch covered in white flowers and greenery' },
      { caption: 'At the studio', alt: 'Buckets of fresh flowers on the studio floor' },
      { caption: 'Table flowers', alt: 'Low arrangements along a long dinner table' },
      { caption: 'Wrapped to go', alt: 'A bouquet wrapped in brown paper and twine' },
      { caption: 'Dried and lasting', alt: 'A wreath of dried flowers on a door' },
    ],
    extraPage: { slug: 'weddings', title: 'Weddings', description: 'Wedding and event flowers, designed with you.' },
    contactIntro: 'Orders, weddings, events or a question about flowers: we’d love to hear from you.',
  },

  architect: {
    does: 'design homes, extensions and small public buildings',
    label: 'Architecture',
    motif: 'ruler',
    names: {
      first: ['Atelier', 'Studio', 'Form', 'Line', 'Plinth', 'Frame', 'Hollis', 'Mercer'],
      second: ['Architects', 'Architecture', 'Studio', '& Partners', 'Office'],
      patterns: ['{A} {B}', '{A} Architects', 'Studio {A}', '{A} & Partners'],
    },
    palettes: [
      { primary: '#2d2d2d', accent: '#c8553d', background: '#ffffff', surface: '#f3f2ef', text: '#151515', muted: '#5b5955' },
      { primary: '#375a7f', accent: '#d4a373', background: '#fcfcfb', surface: '#eff1f2', text: '#161b21', muted: '#565e67' },
      { primary: '#5a6b4a', accent: '#c9a66b', ...softNeutrals },
    ],
    fonts: ['geometric', 'editorial', 'modern'],
    radius: ['none', 'small'],
    darkChance: 0.4,
    heroHeadings: ['Buildings shaped around how people live', 'Quiet, light-filled spaces that last', 'Architecture for homes and the places we share{inPlace}'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Careful, sustainable architecture, from the first sketch to the day you move in. We {offersSentence}'],
    primaryAction: 'Start a conversation',
    featuresHeadings: ['Our approach', 'How we work with you'],
    features: [
      { icon: 'sun', title: 'Light first', body: 'We design around daylight, views and the way a place feels through the seasons.' },
      { icon: 'leaf', title: 'Low-carbon by default', body: 'Timber, reused materials and passive design, because the greenest energy is the energy you don’t use.' },
      { icon: 'ruler', title: 'Every detail drawn', body: 'Careful drawings mean fewer surprises on site and a building that works.' },
      { icon: 'users', title: 'You, involved', body: 'Workshops, models and visits, so you understand every decision.' },
      { icon: 'scale', title: 'Clear fees', body: 'A fixed fee per stage, agreed before we begin.' },
      { icon: 'home', title: 'From sketch to keys', body: 'Planning, builders and site visits handled by one team.' },
    ],
    servicesHeading: 'Services',
    servicesIntro: 'Homes, extensions and small public buildings, from feasibility to completion.',
    products: [
      { name: 'Feasibility study', description: 'What’s possible on your site, with sketches, planning advice and a budget range.', price: 1500, priceFormat: 'from {price}', details: ['2–3 weeks'] },
      { name: 'New homes', description: 'Houses designed around your life, from the first sketch to moving in.', price: null, priceFormat: '{price}', details: ['Full service'] },
      { name: 'Extensions and renovations', description: 'More light and space from the home you already love.', price: null, priceFormat: '{price}', details: ['Planning and building control'] },
    ],
    prices: { service: [1500, 8000, 'from {price}'], learning: [0, 0, 'free'], product: [0, 0, 'on request'], event: [0, 0, 'free'] },
    describe: {
      service: '{Offer}, from feasibility to completion.',
      learning: '{Offer}, open to everyone curious about architecture.',
      product: '{Offer}, designed in our studio.',
      event: '{Offer}: open studio evenings.',
      feature: 'A {offer} for clients and collaborators.',
    },
    testimonials: [
      { quote: 'They turned a dark terraced house into the brightest home we’ve ever lived in.', role: 'Homeowners' },
      { quote: 'Patient, precise and genuinely collaborative. The build came in on budget.', role: 'Client' },
      { quote: 'The community hall they designed is used every day. People love being in it.', role: 'Community trust' },
    ],
    faq: [
      { question: 'How do projects start?', answer: 'With a free first conversation, then a feasibility study so you know what’s possible before committing.' },
      { question: 'How are your fees calculated?', answer: 'A fixed fee per stage, agreed in writing, so you always know what comes next and what it costs.' },
      { question: 'Do you handle planning permission?', answer: 'Yes: drawings, applications and conversations with the planners are part of what we do.' },
      { question: 'Can you recommend builders?', answer: 'We work with trusted builders and run the tender so you can compare prices fairly.' },
    ],
    story: [
      '{name} is a small architecture studio{inPlace}.',
      'We design homes, extensions and small public buildings with a focus on light, materials and how people really use space. We believe good architecture should be calm, durable and kind to the planet.',
      'Every project starts with listening. We’d love to hear about yours.',
    ],
    ctaHeadings: ['Tell us about your project', 'Have a site or a space in mind?'],
    ctaBodies: ['The first conversation is free and without obligation.', 'We’ll help you understand what’s possible before you commit to anything.'],
    hours: 'Mon–Fri 9:00–18:00',
    gallery: [
      { caption: 'Garden room extension', alt: 'A timber extension opening onto a garden' },
      { caption: 'House in the hills', alt: 'A low house with large windows facing a valley' },
      { caption: 'Community hall', alt: 'A bright hall with exposed timber beams' },
      { caption: 'Kitchen renovation', alt: 'A kitchen with a skylight and concrete counters' },
    ],
    extraPage: { slug: 'projects', title: 'Projects', description: 'Selected homes, extensions and public buildings.' },
    contactIntro: 'Tell us about your site, your plans and your timing. We reply within a few days.',
  },

  consultant: {
    does: 'help growing businesses make better decisions, faster',
    label: 'Consulting',
    motif: 'briefcase',
    names: {
      first: ['Clearpath', 'Northstar', 'Keel', 'Bridge', 'Compass', 'True North', 'Fulcrum', 'Meridian'],
      second: ['Consulting', 'Advisory', 'Partners', 'Group', 'Associates'],
      patterns: ['{A} {B}', '{A} {B}', '{A} & Co.', '{A} Advisory'],
    },
    palettes: [
      { primary: '#1f4e79', accent: '#2bb3a3', ...coolNeutrals },
      { primary: '#243b53', accent: '#e07a5f', background: '#ffffff', surface: '#f1f4f8', text: '#102a43', muted: '#52606d' },
      { primary: '#3a5a40', accent: '#dda15e', ...softNeutrals },
    ],
    fonts: ['modern', 'classic', 'geometric'],
    radius: ['small', 'medium'],
    darkChance: 0.2,
    heroHeadings: ['Clear thinking for growing businesses', 'Practical advice that moves the numbers', 'A steady partner for your next step'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Hands-on advice from people who have run businesses themselves. We {offersSentence}'],
    primaryAction: 'Book a free call',
    featuresHeadings: ['How we help', 'Why clients work with us'],
    features: [
      { icon: 'chart', title: 'Results you can measure', body: 'We agree the goals and the numbers up front, and report against them every month.' },
      { icon: 'users', title: 'Senior and hands-on', body: 'You work directly with experienced consultants, not juniors with templates.' },
      { icon: 'clock', title: 'Quick to start', body: 'A first diagnosis within two weeks, with practical next steps.' },
      { icon: 'scale', title: 'Independent advice', body: 'We don’t sell software or take commissions, so our advice is only about you.' },
      { icon: 'chat', title: 'Plain words', body: 'No jargon or 80-page decks. Clear recommendations you can act on.' },
      { icon: 'shield', title: 'Confidential', body: 'Your numbers and plans stay with us.' },
    ],
    servicesHeading: 'How we work together',
    servicesIntro: 'Three simple ways to start, each with a clear scope and price.',
    products: [
      { name: 'Strategy session', description: 'A focused half-day on your biggest question, with a written summary and next steps.', price: 900, priceFormat: '{price}', details: ['Half a day', 'Written summary'] },
      { name: 'Growth review', description: 'A four-week review of your numbers, customers and operations, with a practical plan.', price: 4800, priceFormat: '{price}', details: ['4 weeks', 'Plan and roadmap'] },
      { name: 'Ongoing advisory', description: 'A monthly partner for your leadership team, on call between meetings.', price: 2000, priceFormat: '{price} / month', details: ['Monthly sessions', 'Cancel any time'] },
    ],
    prices: { service: [500, 5000, 'from {price}'], learning: [200, 900, '{price} / person'], event: [0, 50, '{price}'], product: [100, 500, '{price}'] },
    describe: {
      service: '{Offer}, shaped around your goals and measured against them.',
      learning: '{Offer} for leaders and teams: practical, interactive and built on real cases.',
      event: '{Offer}: practical sessions with peers and our consultants.',
      product: '{Offer}, written from real client work.',
      feature: '{Offer} for our clients.',
    },
    testimonials: [
      { quote: 'In three months we fixed our pricing and grew margins by eight points.', role: 'Managing director' },
      { quote: 'Honest, practical and easy to work with. They told us what we needed to hear.', role: 'Founder' },
      { quote: 'The best investment we made last year, and the numbers prove it.', role: 'CFO' },
    ],
    faq: [
      { question: 'Who do you work with?', answer: 'Mostly owner-led and growing businesses with 10 to 250 people.' },
      { question: 'How do we start?', answer: 'With a free 30-minute call to understand your situation and see if we’re the right fit.' },
      { question: 'How do you charge?', answer: 'Fixed fees per project or a monthly retainer, always agreed in writing before we begin.' },
      { question: 'Do you work remotely?', answer: 'Yes, and we visit whenever being in the room makes the difference.' },
    ],
    story: [
      '{name} was founded by people who have run businesses and know how lonely the big decisions can feel.',
      'We bring a clear head, honest questions and practical tools. We roll up our sleeves, work with your team and stay until the change sticks.',
      'If you’re facing a decision that matters, we’d be glad to think it through with you.',
    ],
    ctaHeadings: ['Let’s talk about what’s next', 'Start with a free call'],
    ctaBodies: ['Thirty minutes, no obligation, and you’ll leave with at least one useful idea.', 'Tell us where you are and where you want to be.'],
    hours: 'Mon–Fri 9:00–18:00',
    gallery: [],
    extraPage: { slug: 'services', title: 'Services', description: 'How we work with clients, with clear scopes and prices.' },
    contactIntro: 'Tell us a little about your business and what’s on your mind. We reply within one working day.',
  },

  school: {
    does: 'teach students of every age in small groups and one-to-one',
    label: 'Learning',
    motif: 'graduation',
    names: {
      first: ['Bright', 'Open', 'Lighthouse', 'Little', 'Clever', 'Maple', 'Next Step', 'Spark'],
      second: ['Academy', 'Tutoring', 'School', 'Learning', 'Lessons', 'Tutors'],
      patterns: ['{A} {B}', '{Place} {B}', 'The {A} {B}', '{A} {B}'],
    },
    palettes: [
      { primary: '#2c5aa0', accent: '#f4b942', ...coolNeutrals },
      { primary: '#0e7c7b', accent: '#f28f3b', background: '#ffffff', surface: '#eff8f7', text: '#112322', muted: '#4f6564' },
      { primary: '#6d3fc0', accent: '#ffb703', background: '#fdfcff', surface: '#f3effa', text: '#1c1629', muted: '#5c5568' },
    ],
    fonts: ['friendly', 'humanist', 'modern'],
    radius: ['large', 'medium'],
    darkChance: 0.05,
    heroHeadings: ['Confidence grows one lesson at a time', 'Learning that finally clicks', 'Patient teachers, real progress{inPlace}'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'Small groups and one-to-one lessons with teachers who adapt to how each student learns. We {offersSentence}'],
    primaryAction: 'Book a free trial lesson',
    featuresHeadings: ['Why families choose us', 'How we teach'],
    features: [
      { icon: 'users', title: 'Small groups', body: 'Never more than six students, so everyone gets attention.' },
      { icon: 'graduation', title: 'Qualified teachers', body: 'Experienced, checked and trained in how children and adults really learn.' },
      { icon: 'chart', title: 'Progress you can see', body: 'A short report after every month, with what’s improved and what’s next.' },
      { icon: 'calendar', title: 'Flexible times', body: 'After school, evenings and Saturday mornings, in person or online.' },
      { icon: 'smile', title: 'Confidence first', body: 'We make mistakes safe, because that’s where learning happens.' },
      { icon: 'book', title: 'Materials included', body: 'Workbooks, practice papers and online exercises at no extra cost.' },
    ],
    servicesHeading: 'Lessons and courses',
    servicesIntro: 'Start with a free trial lesson, then choose what suits you.',
    products: [
      { name: 'One-to-one lessons', description: 'Tailored lessons focused on exactly what the student needs.', price: 40, priceFormat: '{price} / hour', details: ['In person or online'] },
      { name: 'Small-group classes', description: 'Weekly classes of up to six, grouped by level.', price: 20, priceFormat: '{price} / class', details: ['Termly booking'] },
      { name: 'Exam preparation', description: 'Focused courses with practice papers and exam technique.', price: 240, priceFormat: '{price} / course', details: ['8 sessions', 'Mock exam included'] },
    ],
    prices: { learning: [18, 45, '{price} / lesson'], service: [30, 60, '{price} / hour'], event: [0, 20, '{price}'], product: [10, 30, '{price}'] },
    describe: {
      learning: '{Offer} with patient, qualified teachers, in small groups or one-to-one.',
      service: '{Offer}, tailored to each student.',
      event: '{Offer}, open to students and families.',
      product: '{Offer}, written by our teachers.',
      feature: 'A {offer} for students.',
    },
    testimonials: [
      { quote: 'My daughter went from dreading maths to asking for extra homework. I still can’t believe it.', role: 'Parent' },
      { quote: 'Patient, encouraging and so well organised. I passed with a grade I didn’t think possible.', role: 'Former student' },
      { quote: 'The monthly reports are brilliant: we always know exactly how he’s doing.', role: 'Parent of a Year 9 student' },
    ],
    faq: [
      { question: 'Is the first lesson really free?', answer: 'Yes. It’s a chance for the student and teacher to meet and for us to find the right level.' },
      { question: 'Do you teach online?', answer: 'Yes, every course is available online as well as in person.' },
      { question: 'What ages do you teach?', answer: 'From primary school to adult learners. Tell us about the student and we’ll suggest the right course.' },
      { question: 'How do I pay?', answer: 'Monthly or per term, by card or bank transfer. Sibling discounts available.' },
    ],
    story: [
      '{name} began with one teacher, one kitchen table and a student who thought they were “just bad at maths”. They weren’t.',
      'Today we’re a small team of teachers{inPlace}, and we still believe every student can do more than they think with the right support.',
      'Tell us about the student and what they’re aiming for, and we’ll take it from there.',
    ],
    ctaHeadings: ['Book a free trial lesson', 'Ready to make progress?'],
    ctaBodies: ['Meet a teacher, find the right level, and decide with no obligation.', 'Places in small groups fill quickly each term.'],
    hours: 'Mon–Fri 15:00–20:00\nSat 9:00–13:00',
    gallery: [],
    extraPage: { slug: 'courses', title: 'Courses', description: 'Lessons, courses and exam preparation, with prices.' },
    contactIntro: 'Tell us about the student, their level and what they’d like to achieve. We reply within a day.',
  },

  generic: {
    does: 'do good work for good people, with care',
    label: 'Welcome',
    motif: 'sparkle',
    names: {
      first: ['Blue', 'Bright', 'North', 'True', 'Open', 'Oak', 'Harbour', 'Evergreen'],
      second: ['& Co.', 'Works', 'Studio', 'House', 'Collective', 'Company'],
      patterns: ['{A} {B}', '{A} & Co.', '{Place} {B}', 'The {A} {B}'],
    },
    palettes: [
      { primary: '#2b59c3', accent: '#f2a541', ...coolNeutrals },
      { primary: '#2a6f6a', accent: '#e76f51', ...softNeutrals },
      { primary: '#8e3b46', accent: '#e1bb80', ...warmNeutrals },
    ],
    fonts: ['modern', 'humanist', 'classic', 'geometric'],
    radius: ['medium', 'large', 'small'],
    darkChance: 0.25,
    heroHeadings: ['{Offer}, done properly{inPlace}', 'Good work, done with care', 'Here to help{inPlace}'],
    heroLeads: ['{name} is {aNoun}{inPlace}. We {offersSentence}', 'A small, friendly team that takes pride in doing things well. We {offersSentence}'],
    primaryAction: 'Get in touch',
    featuresHeadings: ['Why work with us', 'What we care about'],
    features: [
      { icon: 'heart', title: 'Care in every detail', body: 'We take the time to do things properly, and it shows.' },
      { icon: 'chat', title: 'Easy to reach', body: 'Quick, friendly answers from people who know your name.' },
      { icon: 'shield', title: 'Honest and reliable', body: 'Clear prices, realistic promises and work we stand behind.' },
      { icon: 'star', title: 'Recommended locally', body: 'Most of our customers come to us through friends.' },
      { icon: 'clock', title: 'On time', body: 'We say when, and we mean it.' },
      { icon: 'leaf', title: 'Responsible', body: 'We choose local suppliers and waste as little as we can.' },
    ],
    servicesHeading: 'What we offer',
    servicesIntro: 'Simple, clear and tailored to what you need.',
    products: [
      { name: 'Getting started', description: 'A first conversation to understand what you need, free of charge.', price: null, priceFormat: '{price}', details: ['No obligation'] },
      { name: 'Our core service', description: 'What we do best, delivered with care and a clear price.', price: null, priceFormat: '{price}', details: ['Quoted up front'] },
      { name: 'Ongoing support', description: 'Help whenever you need it, from people who know you.', price: null, priceFormat: '{price}', details: ['Flexible'] },
    ],
    prices: { product: [10, 60, 'from {price}'], service: [40, 200, 'from {price}'], learning: [20, 80, '{price} / person'], event: [10, 40, '{price}'] },
    describe: {
      product: '{Offer}, made with care and good materials.',
      service: '{Offer}, tailored to you and priced clearly up front.',
      learning: '{Offer} for beginners and the curious, in small, friendly groups.',
      event: '{Offer}: good company, well organised.',
      feature: 'A {offer}, for everyone who visits.',
    },
    testimonials: [
      { quote: 'Friendly, reliable and really good at what they do. I recommend them to everyone.', role: 'Customer' },
      { quote: 'They went the extra mile without being asked. Rare these days.', role: 'Customer for 3 years' },
      { quote: 'Clear, honest and a pleasure to deal with from start to finish.', role: 'Customer' },
    ],
    faq: [
      { question: 'How do I get started?', answer: 'Send us a message or call us. We’ll ask a few questions and suggest the best next step.' },
      { question: 'How much does it cost?', answer: 'It depends on what you need, but we always give you a clear price before we start.' },
      { question: 'Where are you based?', answer: 'We’re based{inPlace} and happy to help people from further away too.' },
    ],
    story: [
      '{name} is a small, independent business{inPlace}.',
      'We started because we believed it could be done better: more personally, more honestly and with more care. That’s still what drives us every day.',
      'We’d love to hear from you.',
    ],
    ctaHeadings: ['Let’s get started', 'We’d love to hear from you'],
    ctaBodies: ['Send us a message and we’ll reply within a day.', 'Tell us what you need and we’ll take it from there.'],
    hours: 'Mon–Fri 9:00–17:30',
    gallery: [],
    extraPage: null,
    contactIntro: 'Questions, ideas or a quote? Send us a message and we’ll reply within one working day.',
  },
};

/** Where a place is, for money and names: currency symbol, position and the names people there often have. */
export interface Locale {
  currency: string;
  /** `€4.50` or `CHF 4.50`. */
  prefix: boolean;
  spaced: boolean;
  names: string[];
}

const names = {
  pt: ['Inês Carvalho', 'João Almeida', 'Marta Sousa', 'Tiago Ferreira', 'Beatriz Costa', 'Rui Martins', 'Ana Ribeiro', 'Miguel Lopes'],
  es: ['Lucía Martín', 'Javier Ortega', 'Carmen Ruiz', 'Pablo Navarro', 'Elena Castro', 'Diego Romero', 'Sofía Vidal', 'Marc Puig'],
  fr: ['Camille Bernard', 'Louis Martin', 'Chloé Lefèvre', 'Hugo Moreau', 'Léa Dubois', 'Julien Laurent', 'Manon Girard', 'Antoine Roux'],
  de: ['Lena Schmidt', 'Jonas Becker', 'Mia Wagner', 'Felix Hoffmann', 'Hannah Keller', 'Paul Richter', 'Clara Wolf', 'Lukas Braun'],
  it: ['Giulia Romano', 'Marco Ricci', 'Chiara Conti', 'Luca Greco', 'Francesca Bruno', 'Matteo Gallo', 'Sara Marino', 'Andrea Costa'],
  nl: ['Sanne de Vries', 'Daan Jansen', 'Emma Bakker', 'Lars Visser', 'Fleur Smit', 'Thijs Mulder', 'Anouk Bos', 'Sem de Boer'],
  en: ['Sarah Mitchell', 'James Carter', 'Priya Patel', 'Tom Harris', 'Amelia Wright', 'Daniel Okoye', 'Chloe Evans', 'Ben Murphy'],
  us: ['Emily Johnson', 'Marcus Lee', 'Sofia Ramirez', 'Jake Thompson', 'Aisha Brown', 'Ryan Chen', 'Hannah Miller', 'Carlos Diaz'],
  jp: ['Yuki Tanaka', 'Haruto Sato', 'Aiko Suzuki', 'Ren Takahashi', 'Mei Watanabe', 'Sora Ito'],
  nordic: ['Freja Nielsen', 'Oskar Lindqvist', 'Ingrid Hansen', 'Emil Johansson', 'Astrid Berg', 'Mikkel Larsen'],
};

const locales: [RegExp, Locale][] = [
  [/\b(portugal|lisbon|lisboa|porto|braga|coimbra|faro|algarve|sintra|cascais|madeira|azores)\b/i, { currency: '€', prefix: true, spaced: false, names: names.pt }],
  [/\b(spain|madrid|barcelona|valencia|seville|sevilla|málaga|malaga|bilbao|granada|mallorca|ibiza|mexico|buenos aires|bogotá|lima|santiago)\b/i, { currency: '€', prefix: true, spaced: false, names: names.es }],
  [/\b(france|paris|lyon|marseille|bordeaux|nice|toulouse|nantes|lille|strasbourg|montpellier)\b/i, { currency: '€', prefix: true, spaced: false, names: names.fr }],
  [/\b(germany|berlin|munich|münchen|hamburg|cologne|köln|frankfurt|stuttgart|leipzig|dresden|vienna|wien|austria)\b/i, { currency: '€', prefix: true, spaced: false, names: names.de }],
  [/\b(switzerland|zurich|zürich|geneva|basel|bern|lausanne)\b/i, { currency: 'CHF', prefix: true, spaced: true, names: names.de }],
  [/\b(italy|rome|roma|milan|milano|florence|firenze|naples|napoli|turin|torino|bologna|venice|venezia|tuscany|sicily|puglia)\b/i, { currency: '€', prefix: true, spaced: false, names: names.it }],
  [/\b(netherlands|amsterdam|rotterdam|utrecht|the hague|eindhoven|belgium|brussels|antwerp|ghent)\b/i, { currency: '€', prefix: true, spaced: false, names: names.nl }],
  [/\b(ireland|dublin|cork|galway|athens|greece|helsinki|finland|tallinn|riga|vilnius)\b/i, { currency: '€', prefix: true, spaced: false, names: names.en }],
  [/\b(copenhagen|denmark|aarhus)\b/i, { currency: 'kr', prefix: false, spaced: true, names: names.nordic }],
  [/\b(stockholm|sweden|gothenburg|oslo|norway|bergen)\b/i, { currency: 'kr', prefix: false, spaced: true, names: names.nordic }],
  [/\b(uk|united kingdom|england|scotland|wales|london|manchester|leeds|bristol|liverpool|birmingham|edinburgh|glasgow|cardiff|brighton|oxford|cambridge|york|bath|sheffield|newcastle|nottingham|belfast)\b/i, { currency: '£', prefix: true, spaced: false, names: names.en }],
  [/\b(japan|tokyo|osaka|kyoto)\b/i, { currency: '¥', prefix: true, spaced: false, names: names.jp }],
  [/\b(australia|sydney|melbourne|brisbane|perth|adelaide|new zealand|auckland|wellington|canada|toronto|vancouver|montreal|ottawa|calgary)\b/i, { currency: '$', prefix: true, spaced: false, names: names.en }],
];

const defaultLocale: Locale = { currency: '$', prefix: true, spaced: false, names: names.us };

export function localeFor(place: string | null): Locale {
  if (!place) return defaultLocale;
  return locales.find(([pattern]) => pattern.test(place))?.[1] ?? defaultLocale;
}

/** 4.5 → "€4.50", 1900 → "€1,900", 12 in yen → "¥1,800". */
export function formatPrice(amount: number, locale: Locale): string {
  const scaled = locale.currency === '¥' ? Math.round((amount * 150) / 10) * 10 : locale.currency === 'kr' ? Math.round(amount * 10) : amount;
  const whole = Number.isInteger(scaled);
  const number = whole ? scaled.toLocaleString('en-US') : scaled.toFixed(2);
  if (!locale.prefix) return `${number} ${locale.currency}`;
  return locale.spaced ? `${locale.currency} ${number}` : `${locale.currency}${number}`;
}
