/** The few words a page shows that are not the document's own (so a Portuguese site says them in Portuguese). */
export interface UiText {
  skipToContent: string;
  mainNavigation: string;
  footerNavigation: string;
  honeypot: string;
  home: string;
  email: string;
  phone: string;
  address: string;
  hours: string;
}

const texts: Record<string, UiText> = {
  en: { skipToContent: 'Skip to content', mainNavigation: 'Main', footerNavigation: 'Footer', honeypot: 'Leave this field empty', home: 'Home', email: 'Email', phone: 'Phone', address: 'Address', hours: 'Hours' },
  pt: { skipToContent: 'Saltar para o conteúdo', mainNavigation: 'Principal', footerNavigation: 'Rodapé', honeypot: 'Deixe este campo vazio', home: 'Início', email: 'Email', phone: 'Telefone', address: 'Morada', hours: 'Horário' },
  es: { skipToContent: 'Saltar al contenido', mainNavigation: 'Principal', footerNavigation: 'Pie de página', honeypot: 'Deja este campo vacío', home: 'Inicio', email: 'Correo', phone: 'Teléfono', address: 'Dirección', hours: 'Horario' },
  fr: { skipToContent: 'Aller au contenu', mainNavigation: 'Principale', footerNavigation: 'Pied de page', honeypot: 'Laissez ce champ vide', home: 'Accueil', email: 'E-mail', phone: 'Téléphone', address: 'Adresse', hours: 'Horaires' },
  de: { skipToContent: 'Zum Inhalt springen', mainNavigation: 'Hauptmenü', footerNavigation: 'Fußzeile', honeypot: 'Dieses Feld leer lassen', home: 'Start', email: 'E-Mail', phone: 'Telefon', address: 'Adresse', hours: 'Öffnungszeiten' },
  it: { skipToContent: 'Vai al contenuto', mainNavigation: 'Principale', footerNavigation: 'Piè di pagina', honeypot: 'Lascia vuoto questo campo', home: 'Home', email: 'Email', phone: 'Telefono', address: 'Indirizzo', hours: 'Orari' },
  nl: { skipToContent: 'Naar de inhoud', mainNavigation: 'Hoofdmenu', footerNavigation: 'Voettekst', honeypot: 'Laat dit veld leeg', home: 'Home', email: 'E-mail', phone: 'Telefoon', address: 'Adres', hours: 'Openingstijden' },
};

export function uiTextFor(language: string): UiText {
  const primary = language.toLowerCase().split('-')[0] ?? 'en';
  return texts[primary] ?? texts['en']!;
}
