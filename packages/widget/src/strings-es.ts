import type { Strings } from './strings.js';

const rules = new Intl.PluralRules('es');
/** `one` for 1, else `other` (CLDR's `many`, for millions, reads fine with `other` here). */
const plural = (count: number, one: string, other: string) => (rules.select(count) === 'one' ? one : other);

/**
 * The Spanish strings (es), addressing the shopper as "usted", loaded as a separate chunk by
 * `loadStrings('es')`. `launcher` repeats `LAUNCHER_LABELS.es`.
 */
export const strings: Strings = {
  lang: 'es',
  dir: 'ltr',
  launcher: 'Chat en vivo',
  launcherUnread: (count) => `Chat en vivo, ${count} ${plural(count, 'mensaje sin leer', 'mensajes sin leer')}`,
  panel: 'Chat',
  title: 'Atención al cliente',
  close: 'Cerrar el chat',
  messages: 'Mensajes',
  greeting: '¡Hola! Pregúntenos lo que quiera sobre este producto, su pedido o el envío.',
  input: 'Mensaje',
  placeholder: 'Escriba un mensaje…',
  send: 'Enviar',
  typing: (name) => (name ? `${name} está escribiendo…` : 'Un agente está escribiendo…'),
  authors: { visitor: 'Usted', agent: 'Agente', bot: 'Asistente', system: 'Aviso' },
  status: { pending: 'Enviando…', sent: 'Enviado', read: 'Leído', failed: 'No enviado' },
  newMessages: 'Mensajes nuevos',
  reconnecting: 'Se perdió la conexión. Reconectando…',
  offline: 'No tiene conexión. Sus mensajes se enviarán cuando vuelva a estar en línea.',
  unavailable: 'El chat no está disponible en este momento. Inténtelo de nuevo más tarde.',
  closed: 'Esta conversación ha terminado. Escriba un mensaje para iniciar una nueva.',
  tooLong: (max) => `Este mensaje es demasiado largo. El límite es de ${max} ${plural(max, 'carácter', 'caracteres')}.`,
  invalidText: 'Este mensaje contiene caracteres que no se pueden enviar.',
  quickReplies: 'Respuestas sugeridas',
  away: (when) => `Ahora no estamos disponibles; le responderemos ${when}.`,
  awayNoTime: 'Ahora no estamos disponibles; le responderemos lo antes posible.',
  // "hoy"/"mañana" stand alone; a weekday or date takes "el"; one o'clock is "a la 1:00".
  openingTime: (day, time) =>
    `${/^(hoy|mañana)$/.test(day) ? day : `el ${day}`} a ${/^1:/.test(time) ? 'la' : 'las'} ${time}`,
  emailPrompt: 'Déjenos su correo electrónico y le responderemos, aunque cierre esta página.',
  emailPlaceholder: 'nombre@example.com',
  emailSubmit: 'Avisarme',
  emailInvalid: 'Introduzca una dirección de correo electrónico como ana@example.com.',
  emailSaved: (email) => `¡Gracias! Le escribiremos a ${email}.`,
  requestFailed: 'No se pudo enviar. Inténtelo de nuevo.',
  ratingQuestion: '¿Cómo valoraría esta conversación?',
  ratingScores: ['1 estrella, muy mala', '2 estrellas, mala', '3 estrellas, regular', '4 estrellas, buena', '5 estrellas, excelente'],
  ratingComment: '¿Desea añadir algo? (opcional)',
  ratingSubmit: 'Enviar valoración',
  ratingChooseScore: 'Elija primero una puntuación.',
  ratingThanks: '¡Gracias por su opinión!',
  attach: 'Adjuntar un archivo',
  dropFiles: 'Suelte los archivos para adjuntarlos',
  removeAttachment: (name) => `Quitar ${name}`,
  attachmentTooLarge: (name, max) => `${name} es demasiado grande. El límite es de ${max}.`,
  attachmentTypeRefused: (name) => `No aceptamos archivos del tipo de ${name}. Pruebe con una imagen, un PDF o un archivo de texto.`,
  attachmentFailed: (name) => `No se pudo subir ${name}. Inténtelo de nuevo.`,
  uploading: 'Subiendo…',
  tooManyFiles: (max) => `Puede enviar hasta ${max} archivos a la vez.`,
  download: (name, size) => `Descargar ${name}, ${size}`,
  viewProduct: 'Ver producto',
  preChatTitle: 'Antes de empezar, díganos quién es.',
  preChatName: 'Nombre',
  preChatEmail: 'Correo electrónico',
  optional: '(opcional)',
  required: (label) => `Rellene el campo ${label}.`,
  preChatSubmit: 'Iniciar chat',
  titleUnread: (count) => `(${count}) ${plural(count, 'Mensaje nuevo', 'Mensajes nuevos')}`,
  notificationTitle: (name) => `Nuevo mensaje de ${name}`,
  enableNotifications: 'Avisarme de las respuestas',
  dismiss: 'Cerrar',
};
