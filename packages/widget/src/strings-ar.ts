import type { Strings } from './strings.js';

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Intl.PluralRules('ar');
/** The form for `count` among Arabic's six: zero, one, two, few (3–10), many (11–99), other (100…). */
const plural = (count: number, forms: PluralForms) => forms[rules.select(count)] ?? forms.other;

/** "N unread messages", the counted noun agreeing with N. */
const unread = (count: number) =>
  plural(count, {
    zero: 'لا توجد رسائل غير مقروءة',
    one: 'رسالة واحدة غير مقروءة',
    two: 'رسالتان غير مقروءتين',
    few: `${count} رسائل غير مقروءة`,
    other: `${count} رسالة غير مقروءة`,
  });

/**
 * The Arabic strings (ar, right to left), in Modern Standard Arabic, loaded as a separate chunk
 * by `loadStrings('ar')`. `launcher` repeats `LAUNCHER_LABELS.ar`.
 */
export const strings: Strings = {
  lang: 'ar',
  dir: 'rtl',
  launcher: 'تحدث معنا',
  launcherUnread: (count) => `تحدث معنا، ${unread(count)}`,
  panel: 'الدردشة',
  title: 'خدمة العملاء',
  close: 'إغلاق الدردشة',
  messages: 'الرسائل',
  greeting: 'مرحبًا! اسألنا عن أي شيء يخص هذا المنتج أو طلبك أو التوصيل.',
  input: 'الرسالة',
  placeholder: 'اكتب رسالة…',
  send: 'إرسال',
  typing: (name) => (name ? `${name} يكتب…` : 'موظف الدعم يكتب…'),
  authors: { visitor: 'أنت', agent: 'موظف الدعم', bot: 'المساعد الآلي', system: 'إشعار' },
  status: { pending: 'جارٍ الإرسال…', sent: 'تم الإرسال', read: 'تمت القراءة', failed: 'لم يتم الإرسال' },
  newMessages: 'رسائل جديدة',
  reconnecting: 'انقطع الاتصال. جارٍ إعادة الاتصال…',
  offline: 'أنت غير متصل بالإنترنت. سيتم إرسال رسائلك عند عودة الاتصال.',
  unavailable: 'الدردشة غير متاحة حاليًا. يُرجى المحاولة مرة أخرى لاحقًا.',
  closed: 'انتهت هذه المحادثة. اكتب رسالة لبدء محادثة جديدة.',
  tooLong: (max) =>
    `هذه الرسالة طويلة جدًا. الحد الأقصى هو ${plural(max, {
      one: 'حرف واحد',
      two: 'حرفان',
      few: `${max} أحرف`,
      many: `${max} حرفًا`,
      other: `${max} حرف`,
    })}.`,
  invalidText: 'تحتوي هذه الرسالة على أحرف لا يمكن إرسالها.',
  quickReplies: 'ردود مقترحة',
  away: (when) => `نحن غير متاحين الآن، وسنرد عليك ${when}.`,
  awayNoTime: 'نحن غير متاحين الآن، وسنرد عليك في أقرب وقت ممكن.',
  openingTime: (day, time) => `${day} الساعة ${time}`,
  emailPrompt: 'اترك بريدك الإلكتروني وسنرد عليك عبره، حتى لو أغلقت هذه الصفحة.',
  emailPlaceholder: 'name@example.com',
  emailSubmit: 'أبلغني',
  emailInvalid: 'يُرجى إدخال عنوان بريد إلكتروني صحيح مثل ana@example.com.',
  emailSaved: (email) => `شكرًا لك! سنراسلك على ${email}.`,
  requestFailed: 'تعذّر الإرسال. يُرجى المحاولة مرة أخرى.',
  ratingQuestion: 'ما تقييمك لهذه المحادثة؟',
  ratingScores: ['نجمة واحدة، سيئة جدًا', 'نجمتان، سيئة', '3 نجوم، مقبولة', '4 نجوم، جيدة', '5 نجوم، ممتازة'],
  ratingComment: 'هل تود إضافة شيء؟ (اختياري)',
  ratingSubmit: 'إرسال التقييم',
  ratingChooseScore: 'يُرجى اختيار تقييم أولًا.',
  ratingThanks: 'شكرًا على ملاحظاتك!',
  attach: 'إرفاق ملف',
  dropFiles: 'أفلت الملفات هنا لإرفاقها',
  removeAttachment: (name) => `إزالة ${name}`,
  attachmentTooLarge: (name, max) => `حجم ${name} كبير جدًا. الحد الأقصى هو ${max}.`,
  attachmentTypeRefused: (name) => `لا يمكننا قبول هذا النوع من الملفات (${name}). جرّب صورة أو ملف PDF أو ملفًا نصيًا.`,
  attachmentFailed: (name) => `تعذّر رفع ${name}. يُرجى المحاولة مرة أخرى.`,
  uploading: 'جارٍ الرفع…',
  tooManyFiles: (max) => `يمكنك إرسال ${max} ملفات كحد أقصى في المرة الواحدة.`,
  download: (name, size) => `تنزيل ${name}، ${size}`,
  viewProduct: 'عرض المنتج',
  preChatTitle: 'قبل أن نبدأ، عرّفنا بنفسك.',
  preChatName: 'الاسم',
  preChatEmail: 'البريد الإلكتروني',
  optional: '(اختياري)',
  required: (label) => `يُرجى ملء حقل ${label}.`,
  preChatSubmit: 'بدء المحادثة',
  titleUnread: (count) =>
    `(${count}) ${plural(count, { two: 'رسالتان جديدتان', few: 'رسائل جديدة', other: 'رسالة جديدة' })}`,
  notificationTitle: (name) => `رسالة جديدة من ${name}`,
  enableNotifications: 'أبلغني بالردود',
  dismiss: 'إغلاق',
};
