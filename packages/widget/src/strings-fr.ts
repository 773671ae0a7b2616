import type { Strings } from './strings.js';

const rules = new Intl.PluralRules('fr');
/** `one` for 0 and 1 (French counts zero as singular), else `other`. */
const plural = (count: number, one: string, other: string) => (rules.select(count) === 'one' ? one : other);

/**
 * The French strings (fr), addressing the shopper as "vous", loaded as a separate chunk by
 * `loadStrings('fr')`. `launcher` repeats `LAUNCHER_LABELS.fr`. French puts a no-break space
 * (U+00A0) before `! ? : »` and after `«`.
 */
export const strings: Strings = {
  lang: 'fr',
  dir: 'ltr',
  launcher: 'Chat en direct',
  launcherUnread: (count) => `Chat en direct, ${count} ${plural(count, 'message non lu', 'messages non lus')}`,
  panel: 'Chat',
  title: 'Service client',
  close: 'Fermer le chat',
  messages: 'Messages',
  greeting: 'Bonjour ! Posez-nous vos questions sur ce produit, votre commande ou la livraison.',
  input: 'Message',
  placeholder: 'Écrivez un message…',
  send: 'Envoyer',
  typing: (name) => (name ? `${name} est en train d’écrire…` : 'Un conseiller est en train d’écrire…'),
  authors: { visitor: 'Vous', agent: 'Conseiller', bot: 'Assistant', system: 'Information' },
  status: { pending: 'Envoi…', sent: 'Envoyé', read: 'Lu', failed: 'Non envoyé' },
  newMessages: 'Nouveaux messages',
  reconnecting: 'Connexion perdue. Reconnexion…',
  offline: 'Vous êtes hors ligne. Vos messages seront envoyés dès votre retour en ligne.',
  unavailable: 'Le chat est indisponible pour le moment. Veuillez réessayer plus tard.',
  closed: 'Cette conversation est terminée. Écrivez un message pour en commencer une nouvelle.',
  tooLong: (max) => `Ce message est trop long. La limite est de ${max} ${plural(max, 'caractère', 'caractères')}.`,
  invalidText: 'Ce message contient des caractères qui ne peuvent pas être envoyés.',
  quickReplies: 'Réponses suggérées',
  away: (when) => `Nous sommes absents pour le moment : nous vous répondrons ${when}.`,
  awayNoTime: 'Nous sommes absents pour le moment : nous vous répondrons dès que possible.',
  // "demain", "lundi" stand alone; a date ("8 décembre") takes "le".
  openingTime: (day, time) => `${/\d/.test(day) ? `le ${day}` : day} à ${time}`,
  emailPrompt: 'Laissez votre adresse e-mail : nous vous répondrons, même si vous fermez cette page.',
  emailPlaceholder: 'nom@example.com',
  emailSubmit: 'Me prévenir',
  emailInvalid: 'Veuillez saisir une adresse e-mail valide, par exemple ana@example.com.',
  emailSaved: (email) => `Merci ! Nous vous écrirons à ${email}.`,
  requestFailed: 'L’envoi a échoué. Veuillez réessayer.',
  ratingQuestion: 'Comment s’est passée cette conversation ?',
  ratingScores: ['1 étoile, très mauvais', '2 étoiles, mauvais', '3 étoiles, correct', '4 étoiles, bien', '5 étoiles, excellent'],
  ratingComment: 'Souhaitez-vous ajouter quelque chose ? (facultatif)',
  ratingSubmit: 'Envoyer la note',
  ratingChooseScore: 'Veuillez d’abord choisir une note.',
  ratingThanks: 'Merci pour votre avis !',
  attach: 'Joindre un fichier',
  dropFiles: 'Déposez vos fichiers ici pour les joindre',
  removeAttachment: (name) => `Retirer ${name}`,
  attachmentTooLarge: (name, max) => `${name} est trop volumineux. La limite est de ${max}.`,
  attachmentTypeRefused: (name) => `Ce type de fichier (${name}) n’est pas accepté. Essayez une image, un PDF ou un fichier texte.`,
  attachmentFailed: (name) => `${name} n’a pas pu être envoyé. Veuillez réessayer.`,
  uploading: 'Envoi en cours…',
  tooManyFiles: (max) => `Vous pouvez envoyer jusqu’à ${max} fichiers à la fois.`,
  download: (name, size) => `Télécharger ${name}, ${size}`,
  viewProduct: 'Voir le produit',
  preChatTitle: 'Avant de commencer, dites-nous qui vous êtes.',
  preChatName: 'Nom',
  preChatEmail: 'E-mail',
  optional: '(facultatif)',
  required: (label) => `Veuillez renseigner le champ « ${label} ».`,
  preChatSubmit: 'Démarrer la conversation',
  titleUnread: (count) => `(${count}) ${plural(count, 'Nouveau message', 'Nouveaux messages')}`,
  notificationTitle: (name) => `Nouveau message de ${name}`,
  enableNotifications: 'Me prévenir des réponses',
  dismiss: 'Fermer',
};
