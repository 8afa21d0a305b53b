/**
 * Reading a member's brief ("a bakery in Lisbon that sells sourdough and runs weekend baking
 * classes") the way the local generator needs it: what kind of business, where, what it does,
 * for whom, and what it is called if the brief says so. Plain pattern matching on English; a
 * brief it cannot read still gets the generic vocabulary and its own words back.
 */

export type BusinessKind =
  | 'bakery'
  | 'cafe'
  | 'restaurant'
  | 'fitness'
  | 'clinic'
  | 'law'
  | 'photography'
  | 'agency'
  | 'software'
  | 'trades'
  | 'salon'
  | 'bookshop'
  | 'florist'
  | 'architect'
  | 'consultant'
  | 'school'
  | 'generic';

/** What an offering is, which decides how it is described and priced. */
export type OfferingCategory = 'learning' | 'product' | 'service' | 'event' | 'feature';

export interface Offering {
  /** The verb as the brief has it ("sells"). */
  verb: string;
  /** The same verb as "we …" says it ("sell"). */
  weVerb: string;
  /** What is offered ("weekend baking classes"). */
  object: string;
  category: OfferingCategory;
}

export interface ParsedBrief {
  text: string;
  kind: BusinessKind;
  /** The noun the brief used for the business ("bakery", "yoga studio"). */
  noun: string;
  place: string | null;
  offerings: Offering[];
  /** Who it is for ("families", "small businesses"). */
  audience: string | null;
  /** The words before the noun: "wedding" of "wedding photographer". */
  qualifier: string | null;
  /** A name the brief gives ("called Pão Quente"). */
  name: string | null;
  seed: number;
}

/** FNV-1a, 32 bits: the seed of everything the local generator picks. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (const character of text) {
    hash ^= character.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A small deterministic random source (mulberry32). */
export function randomFrom(seed: number): { next(): number; pick<T>(values: readonly T[]): T; shuffle<T>(values: readonly T[]): T[] } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!,
    shuffle: <T>(values: readonly T[]) => {
      const copy = [...values];
      for (let index = copy.length - 1; index > 0; index -= 1) {
        const other = Math.floor(next() * (index + 1));
        [copy[index], copy[other]] = [copy[other]!, copy[index]!];
      }
      return copy;
    },
  };
}

/** Kinds in the order they are tried: the more specific first ("dental clinic" before "clinic", "café" before "bakery" only when it says café). */
const kindPatterns: [BusinessKind, RegExp][] = [
  ['software', /\b(saas|software|app|apps|platform|startup|start-up|api|developer tools?|dashboard|crm|plugin|web ?app|mobile app)\b/],
  ['law', /\b(law ?firm|lawyers?|attorneys?|solicitors?|legal|barristers?|notary|immigration law|family law)\b/],
  ['clinic', /\b(dentists?|dental|orthodont\w*|clinic|physio\w*|doctors?|medical|osteopath\w*|chiropract\w*|therap(y|ist)|veterinar\w*|vet|optician|pharmacy|counsell?ing)\b/],
  ['architect', /\b(architects?|architecture|architectural|interior design(er)?)\b/],
  ['photography', /\b(photograph\w*|photo studio|photos|videograph\w*|portraits?)\b/],
  ['agency', /\b(design (agency|studio)|branding|creative (agency|studio)|agency|web design|graphic design|marketing studio|illustrat\w*)\b/],
  ['bakery', /\b(baker(y|ies)?|bakehouse|sourdough|boulangerie|patisserie|pâtisserie|pastr(y|ies)|cakes?|bread|croissants?|doughnuts?|donuts?)\b/],
  ['cafe', /\b(caf[eé]s?|coffee|espresso|roaster(y|s)?|tea ?room|tea house|brunch)\b/],
  ['restaurant', /\b(restaurants?|bistro|trattoria|pizzeria|tapas|sushi|ramen|diner|eatery|brasserie|taverna|tavern|gastropub|pub|bar|food truck|kitchen|cuisine|dining|steakhouse|vegan food)\b/],
  ['fitness', /\b(yoga|pilates|gym|fitness|crossfit|personal train\w*|boxing|martial arts?|dance studio|spin|cycling studio|climbing|bootcamp|barre|meditation)\b/],
  ['salon', /\b(salon|hair ?dress\w*|hair|barber\w*|nails?|beauty|spa|massage|lashes|brows|skincare|tattoo)\b/],
  ['bookshop', /\b(book ?shops?|book ?stores?|bookseller|books|library|comics?)\b/],
  ['florist', /\b(florists?|flowers?|bouquets?|floral|plants? shop|garden cent(er|re))\b/],
  ['trades', /\b(plumb\w*|electrician|electrical|carpent\w*|joiner\w*|handyman|roof\w*|builders?|building|construction|renovat\w*|hvac|heating|boiler|locksmith|painter|decorator|landscap\w*|gardener|cleaning|cleaners|removals?|movers|tiling|glazier)\b/],
  ['school', /\b(tutor\w*|school|lessons?|academy|courses?|language classes|teach\w*|coaching for exams|music teacher|driving school|kindergarten|nursery|daycare)\b/],
  ['consultant', /\b(consult\w*|advis\w*|coach(ing)?|accountan\w*|bookkeep\w*|financial planning|strategy|hr services|recruit\w*|agency for)\b/],
];

/** The words a brief may call each kind of business, most specific first. */
const nouns: Partial<Record<BusinessKind, string[]>> = {
  bakery: ['bakehouse', 'boulangerie', 'patisserie', 'pâtisserie', 'cake shop', 'bakery'],
  cafe: ['coffee roastery', 'coffee shop', 'coffee bar', 'roastery', 'tea room', 'tea house', 'café', 'cafe'],
  restaurant: ['tapas bar', 'sushi bar', 'ramen bar', 'wine bar', 'cocktail bar', 'food truck', 'restaurant', 'bistro', 'trattoria', 'pizzeria', 'diner', 'eatery', 'brasserie', 'taverna', 'gastropub', 'pub', 'bar'],
  fitness: ['yoga studio', 'pilates studio', 'fitness studio', 'crossfit box', 'boxing gym', 'dance studio', 'climbing gym', 'personal trainer', 'gym', 'studio'],
  clinic: ['dental clinic', 'dental practice', 'physiotherapy clinic', 'physio clinic', 'veterinary clinic', 'dentist', 'clinic', 'practice', 'surgery', 'pharmacy', 'optician'],
  law: ['law firm', 'law practice', 'legal practice', 'solicitors', 'solicitor', 'attorneys', 'attorney', 'lawyers', 'lawyer', 'firm'],
  photography: ['photography studio', 'photo studio', 'photographer', 'videographer', 'studio'],
  agency: ['design agency', 'design studio', 'creative agency', 'creative studio', 'branding studio', 'branding agency', 'agency', 'studio'],
  software: ['platform', 'app', 'tool', 'software', 'startup', 'saas'],
  trades: ['plumbing company', 'cleaning company', 'removals company', 'plumber', 'electrician', 'carpenter', 'joiner', 'handyman', 'roofer', 'builder', 'locksmith', 'decorator', 'landscaper', 'gardener', 'cleaners'],
  salon: ['hair salon', 'beauty salon', 'nail salon', 'barbershop', 'barber shop', 'tattoo studio', 'barber', 'salon', 'spa'],
  bookshop: ['bookshop', 'bookstore', 'book shop', 'book store', 'comic shop'],
  florist: ['flower shop', 'garden centre', 'garden center', 'plant shop', 'florist'],
  architect: ['architecture studio', 'architecture practice', 'architecture firm', 'interior design studio', 'architects', 'architect'],
  consultant: ['consulting firm', 'consultancy', 'consultant', 'advisory', 'accountancy', 'accountant', 'coach'],
  school: ['language school', 'music school', 'driving school', 'tutoring service', 'tutoring', 'tutor', 'academy', 'school', 'nursery'],
};

const defaultNoun: Record<BusinessKind, string> = {
  bakery: 'bakery',
  cafe: 'café',
  restaurant: 'restaurant',
  fitness: 'studio',
  clinic: 'clinic',
  law: 'law firm',
  photography: 'photographer',
  agency: 'design studio',
  software: 'platform',
  trades: 'local trades business',
  salon: 'salon',
  bookshop: 'bookshop',
  florist: 'florist',
  architect: 'architecture studio',
  consultant: 'consultancy',
  school: 'school',
  generic: 'business',
};

export function detectKind(text: string): BusinessKind {
  const lower = text.toLowerCase();
  // The business is usually named first ("a café that sells cakes" is a café): take the kind whose word comes first.
  let best: { kind: BusinessKind; at: number } | null = null;
  for (const [kind, pattern] of kindPatterns) {
    const match = new RegExp(pattern.source, 'g').exec(lower);
    if (match && (best === null || match.index < best.at)) best = { kind, at: match.index };
  }
  return best?.kind ?? 'generic';
}

const verbs = [
  'sells', 'runs', 'offers', 'makes', 'bakes', 'serves', 'provides', 'teaches', 'helps', 'builds', 'repairs', 'fixes', 'designs',
  'specialises in', 'specializes in', 'focuses on', 'hosts', 'organises', 'organizes', 'creates', 'delivers', 'roasts', 'brews',
  'grows', 'arranges', 'photographs', 'shoots', 'installs', 'cleans', 'coaches', 'trains', 'treats', 'cooks', 'crafts', 'handles',
  'manages', 'writes', 'plans', 'stocks', 'imports', 'restores', 'tunes', 'cuts', 'styles', 'paints', 'brings', 'supports',
  'automates', 'tracks', 'lets', 'turns', 'sell', 'run', 'offer', 'make', 'bake', 'serve', 'provide', 'teach', 'help', 'build',
  'repair', 'fix', 'design', 'specialise in', 'specialize in', 'focus on', 'host', 'organise', 'organize', 'create', 'deliver',
  'roast', 'brew', 'grow', 'arrange', 'photograph', 'shoot', 'install', 'clean', 'coach', 'train', 'treat', 'cook', 'craft',
  'handle', 'manage', 'write', 'plan', 'stock', 'import', 'restore', 'cut', 'style', 'paint', 'support', 'automate', 'track',
  'offering', 'selling', 'making', 'serving', 'teaching', 'running', 'specialising in', 'specializing in', 'focusing on', 'hosting',
  'providing', 'helping', 'building', 'designing', 'repairing', 'with',
];
const verbPattern = new RegExp(`(?:^|\\s)(${verbs.sort((a, b) => b.length - a.length).map((verb) => verb.replace(/ /g, '\\s+')).join('|')})\\b\\s*(.*)$`, 'i');
const helpsPattern = /^(.+?)\s+(?:to\s+)?(manage|track|run|plan|book|sell|grow|automate|organi[sz]e|find|build|create|send|handle|keep|get|save|learn|understand|launch|share|schedule)\s+(.+)$/i;

/** "we …" form of a verb: sells → sell, teaches → teach, specialises in → specialise in, offering → offer. */
export function weForm(verb: string): string {
  const [head, ...rest] = verb.toLowerCase().split(/\s+/);
  const word = head!;
  let base = word;
  if (word === 'with') base = 'have';
  else if (word === 'lets') base = 'let';
  else if (word.endsWith('ing')) base = { offering: 'offer', selling: 'sell', making: 'make', serving: 'serve', teaching: 'teach', running: 'run', specialising: 'specialise', specializing: 'specialize', focusing: 'focus', hosting: 'host', providing: 'provide', helping: 'help', building: 'build', designing: 'design', repairing: 'repair' }[word] ?? word.slice(0, -3);
  else if (/(ches|shes|sses|xes|zes)$/.test(word)) base = word.slice(0, -2);
  else if (word.endsWith('ies')) base = `${word.slice(0, -3)}y`;
  else if (word.endsWith('s') && !word.endsWith('ss')) base = word.slice(0, -1);
  return [base, ...rest].join(' ');
}

const facilities = /\b(terrace|garden|corner|room|space|parking|wi-?fi|views?|patio|lounge|sauna|pool|showers?|kitchen|library|playground|courtyard|fireplace|bar|lockers|changing rooms?|oven|grill|rooftop|balcony|fireplace|piano|studio|workshop space|shop floor|reading nook)\b/i;

function categoryOf(verb: string, object: string, kind: BusinessKind): OfferingCategory {
  const text = `${verb} ${object}`.toLowerCase();
  if (verb === 'with' && facilities.test(object)) return 'feature';
  if (/\b(class(es)?|workshops?|courses?|lessons?|tutoring|training|sessions?|masterclass(es)?|bootcamps?|retreats?|teach\w*|coach\w*|train\w*)\b/.test(text)) return 'learning';
  if (/\b(events?|tastings?|parties|party|weddings?|supper clubs?|readings?|concerts?|host\w*|organi[sz]\w*|nights?|markets?|festivals?)\b/.test(text)) return 'event';
  if (verb === 'with') return kind === 'fitness' || kind === 'school' ? 'learning' : kind === 'salon' || kind === 'clinic' || kind === 'trades' ? 'service' : 'product';
  if (/\b(sell\w*|bake\w*|roast\w*|brew\w*|grow\w*|stock\w*|import\w*|craft\w*|make\w*|cook\w*|serve\w*|with|have)\b/.test(verb.toLowerCase())) return 'product';
  return 'service';
}

const stopPlaces = new Set(['the', 'a', 'an', 'our', 'my', 'their', 'your', 'town', 'city', 'centre', 'center', 'downtown', 'english', 'spanish', 'french', 'german', 'portuguese', 'italian', 'person', 'house', 'store', 'stock', 'business', 'order', 'addition', 'particular', 'general', 'mind', 'time']);

/** "in Lisbon", "based in São Paulo", "near Lake Como": capitalised words after a place preposition. */
export function findPlace(text: string): string | null {
  const capitalised = /\b(?:in|based in|near|from|located in|serving|across|around)\s+((?:the\s+)?\p{Lu}[\p{L}'’.-]*(?:[ -](?:\p{Lu}[\p{L}'’.-]*|de|da|do|dos|das|del|la|le|upon|on|am|of))*)/u;
  const match = capitalised.exec(text);
  if (match) {
    const place = match[1]!.replace(/\s+(?:de|da|do|dos|das|del|la|le|upon|on|am|of)$/u, '').replace(/[.'’-]+$/u, '').trim();
    const first = place.split(/\s+/)[0]!.toLowerCase();
    if (!stopPlaces.has(first) || place.split(/\s+/).length > 1) return place.replace(/^the\s+/i, (article) => article);
  }
  // An all-lower-case brief: "a bakery in lisbon that …".
  if (text === text.toLowerCase()) {
    const lower = /\b(?:in|based in|near|located in)\s+([a-z][a-z'’-]{2,}(?:\s+[a-z][a-z'’-]{2,})?)(?=\s+(?:that|which|who|and|with|for|offering|selling|where|,)|[,.;]|$)/.exec(text);
    if (lower) {
      const words = lower[1]!.split(/\s+/).filter((word) => !stopPlaces.has(word));
      if (words.length > 0 && !/(ing|ed|s)$/.test(words[0]!)) return words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
    }
  }
  return null;
}

/** "called Pão Quente", "named \"Blue Door\"". */
function findName(text: string): string | null {
  const quoted = /\b(?:called|named)\s+["“'‘]([^"”'’]{2,60})["”'’]/i.exec(text);
  if (quoted) return quoted[1]!.trim();
  const plain = /\b(?:called|named)\s+((?:\p{Lu}[\p{L}\p{N}'’&.-]*)(?:\s+(?:&|and|of|the|de|da|\p{Lu}[\p{L}\p{N}'’&.-]*))*)/u.exec(text);
  return plain ? plain[1]!.replace(/\s+(?:and|of|the|de|da)$/i, '').trim() : null;
}

const trimObject = (object: string) =>
  object
    .replace(/\s+\b(?:in|near|based in|located in|around|across)\s+\p{Lu}[\p{L}'’ .-]*$/u, '')
    .replace(/\s+\bfor\s+.*$/i, '')
    .replace(/^(?:a|an|the|our|their|its)\s+/i, '')
    .replace(/[.!;:,\s]+$/u, '')
    .trim();

/** The brief, read. Same text, same reading. */
export function parseBrief(brief: string): ParsedBrief {
  const text = brief.replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  const kind = detectKind(text);
  const nounMatch = (nouns[kind] ?? []).map((candidate) => ({ candidate, at: new RegExp(`\\b${candidate}\\b`).exec(lower)?.index ?? -1 })).find(({ at }) => at >= 0);
  const noun = nounMatch?.candidate ?? defaultNoun[kind];
  // The words before the noun say what kind of it ("wedding photographer", "family dental clinic").
  const before = nounMatch ? text.slice(0, nounMatch.at).split(/[,.;:!?]/).pop()!.trim() : '';
  const qualifierWords = before.replace(/^(?:(?:we|i)\s+(?:are|am|run|own)\s+)?(?:an?|the|our|my)\s+/i, '').split(/\s+/).filter((word) => word !== '' && !/^(?:an?|the|our|my|we|are|i|am|is|it|for|site|website|web|page|landing)$/i.test(word));
  const qualifier = qualifierWords.length > 0 && qualifierWords.length <= 3 ? qualifierWords.join(' ') : null;
  const place = findPlace(text);
  const name = findName(text);
  const audienceMatch = /\bfor\s+((?:busy\s+|young\s+|small\s+|local\s+|first-time\s+|new\s+)?[a-z][a-z -]{2,40}?)(?=\s+(?:in|who|that|and|with|near|across)\b|[,.;]|$)/i.exec(text);

  // The offerings: clauses after the business noun, each led by a verb ("sells sourdough"), or
  // carrying on the last verb ("sells sourdough and pastries").
  const afterNoun = nounMatch ? text.slice(nounMatch.at + noun.length) : text;
  const clauses = afterNoun.split(/\s*(?:,|;|\band\b|\bthat\b|\bwhich\b|\bwho\b|\bplus\b|\balso\b|\bwhere (?:we|you|they)\b|\bwe\b|\bthey\b|\bit\b|—|–)\s*/i).map((clause) => clause.trim()).filter(Boolean);
  const offerings: Offering[] = [];
  let audience = audienceMatch ? audienceMatch[1]!.replace(/^(?:a|an|the)\s+/i, '').trim() : null;
  let last: { verb: string; weVerb: string } | null = null;
  for (const clause of clauses) {
    const stripped = clause.replace(/^(?:also|both|even|mainly|mostly|and)\s+/i, '');
    const match = verbPattern.exec(stripped);
    let said: { verb: string; weVerb: string } | null = null;
    let object = '';
    if (match) {
      const verb = match[1]!.replace(/\s+/g, ' ').toLowerCase();
      said = { verb, weVerb: weForm(verb) };
      object = match[2]!;
      // "helps small restaurants manage reservations": the audience, then what it helps them do.
      const helped = /^help/.test(verb) ? helpsPattern.exec(object) : null;
      if (helped) {
        audience ??= helped[1]!.replace(/^(?:a|an|the)\s+/i, '');
        said = { verb: helped[2]!.toLowerCase(), weVerb: `help you ${helped[2]!.toLowerCase()}` };
        object = helped[3]!;
      }
    } else if (last && !/^(?:in|near|based|located|for|by|on|at)\b/i.test(stripped)) {
      said = last;
      object = stripped;
    }
    if (!said) continue;
    last = said;
    object = trimObject(object);
    if (object.length < 3 || object.length > 80 || /^(?:in|at|on|to|by|from)\b/i.test(object)) continue;
    offerings.push({ ...said, object, category: categoryOf(said.verb, object, kind) });
  }
  return { text, kind, noun, qualifier, place, offerings: offerings.slice(0, 5), audience, name, seed: hashText(lower) };
}
