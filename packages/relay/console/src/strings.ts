/**
 * Every user-visible string of the console, in English and Simplified Chinese.
 *
 * Components receive a {@link Strings} object as a property instead of importing a global, so a
 * test can render either language and the root element picks one from `navigator.languages`.
 */

/** A connection state of the agent stream, as shown in the header. */
export type ConnectionLabel = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Which conversations the list shows. */
export type ConversationFilter = 'open' | 'closed' | 'all';

/** The console's strings in one language. */
export interface Strings {
  /** BCP 47 tag of these strings, used for `<html lang>`. */
  readonly lang: string;
  readonly appName: string;
  /** The document title, with the number of unread visitor messages when there are any. */
  documentTitle(unread: number): string;

  readonly signInHeading: string;
  readonly signInIntro: string;
  readonly tokenLabel: string;
  readonly tokenHint: string;
  readonly nameLabel: string;
  readonly nameHint: string;
  readonly signInSubmit: string;
  readonly tokenRequired: string;
  readonly nameRequired: string;
  readonly nameTooLong: string;
  /** Shown on the sign-in form after the relay refused the token (HTTP 401 or close 4003). */
  readonly tokenRejected: string;
  /** Shown on the sign-in form when the relay speaks no protocol version the console speaks. */
  readonly versionUnsupported: string;

  readonly headerLabel: string;
  signedInAs(name: string): string;
  readonly quickRepliesButton: string;
  readonly signOut: string;
  readonly connection: Readonly<Record<ConnectionLabel, string>>;

  readonly conversationsLabel: string;
  readonly filterLabel: string;
  readonly filters: Readonly<Record<ConversationFilter, string>>;
  readonly noConversations: string;
  readonly loadMoreConversations: string;
  readonly loadingConversations: string;
  /** The short name of a conversation in the list and header, from the last characters of its id. */
  visitorName(shortId: string): string;
  unreadCount(count: number): string;
  readonly online: string;
  readonly offline: string;
  readonly closedBadge: string;
  /** Joins the parts of a conversation's accessible name. */
  readonly nameSeparator: string;
  readonly noMessagesYet: string;
  readonly typingPreview: string;
  /** Preview of the last message in the list, prefixed with who wrote it when it was not the shopper. */
  previewFrom(author: string, text: string): string;

  readonly noConversationSelected: string;
  readonly transcriptLabel: string;
  readonly loadEarlier: string;
  readonly loadingEarlier: string;
  readonly loadingTranscript: string;
  readonly transcriptFailed: string;
  readonly retryLoad: string;
  readonly authorVisitor: string;
  readonly authorAgent: string;
  readonly authorBot: string;
  readonly authorSystem: string;
  readonly sending: string;
  readonly notSent: string;
  readonly retrySend: string;
  readonly discard: string;
  readonly seen: string;
  readonly beginning: string;
  /** The typing indicator, for one or more names. */
  typing(names: readonly string[]): string;

  readonly replyLabel: string;
  readonly replyPlaceholder: string;
  readonly replyHint: string;
  readonly send: string;
  readonly conversationClosedNote: string;
  readonly quickReplyMenuLabel: string;
  quickReplyMatches(count: number): string;
  readonly noQuickReplyMatches: string;

  readonly statusOpen: string;
  readonly statusClosed: string;
  readonly closeConversation: string;
  readonly closeConfirmTitle: string;
  readonly closeConfirmBody: string;
  readonly closeConfirm: string;
  readonly cancel: string;

  readonly visitorPanelLabel: string;
  readonly pageHeading: string;
  readonly pageUrl: string;
  readonly pageTitle: string;
  readonly referrer: string;
  readonly productHeading: string;
  readonly productName: string;
  readonly sku: string;
  readonly price: string;
  readonly availability: string;
  readonly brand: string;
  /** Known schema.org availability values, shortened ("InStock"). */
  readonly availabilityValues: Readonly<Record<string, string>>;
  readonly visitorHeading: string;
  readonly locale: string;
  readonly languages: string;
  readonly browser: string;
  /** A browser summary such as "Chrome 126 on Windows". */
  browserOn(browser: string, os: string): string;
  readonly unknownBrowser: string;
  readonly localTime: string;
  readonly timeZone: string;
  readonly screen: string;
  screenSize(width: number, height: number): string;
  readonly customHeading: string;
  readonly noContext: string;
  readonly startedAt: string;

  readonly quickRepliesHeading: string;
  readonly quickRepliesIntro: string;
  readonly noQuickReplies: string;
  readonly shortcutLabel: string;
  readonly shortcutHint: string;
  readonly textLabel: string;
  readonly addQuickReply: string;
  readonly editQuickReplyHeading: string;
  readonly newQuickReplyHeading: string;
  readonly save: string;
  readonly edit: string;
  readonly delete: string;
  deleteConfirm(shortcut: string): string;
  readonly close: string;
  readonly shortcutInvalid: string;
  readonly shortcutTaken: string;
  readonly textRequired: string;
  readonly textTooLong: string;
  readonly saving: string;

  /** Who answers a conversation now, when routing names a responder other than the agents. */
  handledBy(responder: string): string;
  /** A conversation handed to the agents whose shopper waits for an answer. */
  readonly needsPerson: string;
  /** Above the reply box while a bot or another desk answers: replying takes it over. */
  takeOverHint(responder: string): string;
  readonly followUpHeading: string;
  readonly leftEmail: string;
  readonly rating: string;
  ratingValue(score: number): string;
  readonly ratingComment: string;

  /** The side panel's section on who the shopper is, from the shop's login. */
  readonly identityHeading: string;
  readonly identityName: string;
  readonly identityEmail: string;
  readonly identityUserId: string;
  readonly verified: string;
  readonly notVerified: string;
  /** Title of the "verified" badge: what it means. */
  readonly verifiedHint: string;
  /** Title of the "not verified" badge: why to be careful. */
  readonly notVerifiedHint: string;
  /** The shopper's answers to the pre-chat form. */
  readonly profileHeading: string;
  /** The label of a pre-chat answer: the known keys in words, others as the key itself. */
  profileLabel(key: string): string;

  /** The accessible name of a message's files. */
  readonly attachmentsLabel: string;
  /** The link around an image thumbnail. */
  openImage(name: string): string;
  /** A file chip's link: the name and size. */
  downloadFile(name: string, size: string): string;
  readonly productsLabel: string;
  readonly linkButtonsLabel: string;
  readonly attachFile: string;
  readonly filesToSend: string;
  removeFile(name: string): string;
  readonly uploading: string;

  readonly addProduct: string;
  readonly addLinkButton: string;
  readonly productFormHeading: string;
  readonly linkButtonFormHeading: string;
  readonly productNameLabel: string;
  readonly productPriceLabel: string;
  readonly productPriceHint: string;
  readonly productCurrencyLabel: string;
  readonly productCurrencyHint: string;
  readonly productImageLabel: string;
  readonly productUrlLabel: string;
  readonly optional: string;
  /** The one-click prefill from the shopper's visitor context. */
  useShopperProduct(name: string): string;
  readonly linkLabelLabel: string;
  readonly linkUrlLabel: string;
  readonly linkUrlHint: string;
  readonly addCard: string;
  readonly cardsToSend: string;
  /** A product card waiting to be sent, as its chip reads. */
  productChip(name: string, price: string | undefined): string;
  /** A link button waiting to be sent, as its chip reads. */
  linkChip(label: string): string;
  removeCard(name: string): string;
  /** Inline errors of the product and link-button forms. */
  readonly cardErrors: Readonly<{
    nameRequired: string;
    nameTooLong: string;
    priceInvalid: string;
    priceTooLong: string;
    priceRequired: string;
    currencyInvalid: string;
    webUrlInvalid: string;
    urlTooLong: string;
    labelRequired: string;
    labelTooLong: string;
    linkUrlRequired: string;
    linkUrlInvalid: string;
  }>;
  /** Why the relay refused a reply, next to "Not sent." (its CONFAB_* code). */
  refusedWith(code: string): string;

  readonly deliveriesButton: string;
  readonly deliveriesHeading: string;
  readonly deliveriesIntro: string;
  readonly noDeliveries: string;
  readonly loadingDeliveries: string;
  readonly refresh: string;
  readonly replay: string;
  readonly replaying: string;
  readonly replayed: string;
  /** The event a delivery carries, such as "message" or "handover". */
  deliveryEvent(type: string): string;
  deliveryAttempts(count: number): string;
  readonly deliveryAdapter: string;
  readonly deliveryConversation: string;
  readonly deliveryError: string;
  readonly deliveryCreated: string;

  /** Error notices, by the action that failed. */
  readonly errors: Readonly<{
    load: string;
    send: string;
    close: string;
    quickReply: string;
    deliveries: string;
    replay: string;
    generic: string;
  }>;
  readonly dismiss: string;
}

/** English strings. */
export const en: Strings = {
  lang: 'en',
  appName: 'Confab console',
  documentTitle: (unread) => (unread > 0 ? `(${unread}) Confab console` : 'Confab console'),

  signInHeading: 'Sign in to the agent console',
  signInIntro: 'Paste the agent token the relay printed at start-up or that your administrator gave you.',
  tokenLabel: 'Agent token',
  tokenHint: 'Kept in this tab only; it is forgotten when you close the tab.',
  nameLabel: 'Your name',
  nameHint: 'Shoppers see it next to your replies.',
  signInSubmit: 'Sign in',
  tokenRequired: 'Enter the agent token.',
  nameRequired: 'Enter the name shoppers will see.',
  nameTooLong: 'Use at most 100 characters.',
  tokenRejected: 'The relay refused this agent token. Check it and sign in again.',
  versionUnsupported: 'This console is too old or too new for the relay. Reload the page after the relay is updated.',

  headerLabel: 'Confab agent console',
  signedInAs: (name) => `Signed in as ${name}`,
  quickRepliesButton: 'Quick replies',
  signOut: 'Sign out',
  connection: {
    idle: 'Not connected',
    connecting: 'Connecting…',
    open: 'Live',
    reconnecting: 'Reconnecting…',
    closed: 'Disconnected',
  },

  conversationsLabel: 'Conversations',
  filterLabel: 'Show',
  filters: { open: 'Open', closed: 'Closed', all: 'All' },
  noConversations: 'No conversations yet.',
  loadMoreConversations: 'Load more conversations',
  loadingConversations: 'Loading conversations…',
  visitorName: (shortId) => `Visitor ${shortId}`,
  unreadCount: (count) => (count === 1 ? '1 unread message' : `${count} unread messages`),
  online: 'online',
  offline: 'offline',
  closedBadge: 'closed',
  nameSeparator: ', ',
  noMessagesYet: 'No messages yet',
  typingPreview: 'typing…',
  previewFrom: (author, text) => `${author}: ${text}`,

  noConversationSelected: 'Choose a conversation from the list.',
  transcriptLabel: 'Messages',
  loadEarlier: 'Load earlier messages',
  loadingEarlier: 'Loading earlier messages…',
  loadingTranscript: 'Loading messages…',
  transcriptFailed: 'The messages could not be loaded.',
  retryLoad: 'Try again',
  authorVisitor: 'Visitor',
  authorAgent: 'Agent',
  authorBot: 'Bot',
  authorSystem: 'System',
  sending: 'Sending…',
  notSent: 'Not sent.',
  retrySend: 'Retry',
  discard: 'Discard',
  seen: 'Seen',
  beginning: 'This is the beginning of the conversation.',
  typing: (names) =>
    names.length === 1 ? `${names[0]} is typing…` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`,

  replyLabel: 'Reply',
  replyPlaceholder: 'Write a reply… (type / for quick replies)',
  replyHint: 'Enter sends, Shift+Enter adds a line.',
  send: 'Send',
  conversationClosedNote: 'This conversation is closed. The shopper can reopen it by writing again.',
  quickReplyMenuLabel: 'Quick replies',
  quickReplyMatches: (count) => (count === 1 ? '1 quick reply' : `${count} quick replies`),
  noQuickReplyMatches: 'No quick reply matches.',

  statusOpen: 'Open',
  statusClosed: 'Closed',
  closeConversation: 'Close conversation',
  closeConfirmTitle: 'Close this conversation?',
  closeConfirmBody: 'It moves to the closed list. The shopper can reopen it by writing again.',
  closeConfirm: 'Close conversation',
  cancel: 'Cancel',

  visitorPanelLabel: 'Visitor details',
  pageHeading: 'Page',
  pageUrl: 'Address',
  pageTitle: 'Title',
  referrer: 'Came from',
  productHeading: 'Product',
  productName: 'Name',
  sku: 'SKU',
  price: 'Price',
  availability: 'Availability',
  brand: 'Brand',
  availabilityValues: {
    InStock: 'In stock',
    OutOfStock: 'Out of stock',
    SoldOut: 'Sold out',
    PreOrder: 'Pre-order',
    PreSale: 'Pre-sale',
    BackOrder: 'Back-order',
    LimitedAvailability: 'Limited availability',
    Discontinued: 'Discontinued',
    OnlineOnly: 'Online only',
    InStoreOnly: 'In store only',
  },
  visitorHeading: 'Visitor',
  locale: 'Language',
  languages: 'Other languages',
  browser: 'Browser',
  browserOn: (browser, os) => `${browser} on ${os}`,
  unknownBrowser: 'Unknown browser',
  localTime: 'Local time',
  timeZone: 'Time zone',
  screen: 'Screen',
  screenSize: (width, height) => `${width} × ${height}`,
  customHeading: 'From the shop',
  noContext: 'The shopper’s page has not sent any details yet.',
  startedAt: 'Started',

  quickRepliesHeading: 'Quick replies',
  quickRepliesIntro: 'Canned answers for the whole team. Type / and the shortcut in the reply box to insert one.',
  noQuickReplies: 'No quick replies yet.',
  shortcutLabel: 'Shortcut',
  shortcutHint: 'Letters, digits, _ or -, up to 32 characters.',
  textLabel: 'Text',
  addQuickReply: 'Add quick reply',
  editQuickReplyHeading: 'Edit quick reply',
  newQuickReplyHeading: 'New quick reply',
  save: 'Save',
  edit: 'Edit',
  delete: 'Delete',
  deleteConfirm: (shortcut) => `Delete /${shortcut}?`,
  close: 'Close',
  shortcutInvalid: 'Use 1 to 32 letters, digits, _ or -.',
  shortcutTaken: 'Another quick reply already uses this shortcut.',
  textRequired: 'Enter the text to insert.',
  textTooLong: 'Use at most 4000 characters.',
  saving: 'Saving…',

  handledBy: (responder) => `Handled by ${responder}`,
  needsPerson: 'Needs a person',
  takeOverHint: (responder) => `${responder} is answering this conversation. Your reply takes it over.`,
  followUpHeading: 'Follow-up',
  leftEmail: 'Email to answer',
  rating: 'Rating',
  ratingValue: (score) => `${'★'.repeat(score)}${'☆'.repeat(5 - score)} ${score} of 5`,
  ratingComment: 'Comment',

  identityHeading: 'Signed-in shopper',
  identityName: 'Name',
  identityEmail: 'Email',
  identityUserId: 'User ID',
  verified: 'Verified',
  notVerified: 'Not verified',
  verifiedHint: 'The shop signed this identity and the relay checked the signature.',
  notVerifiedHint: 'The page claimed this identity; nothing checked it. Confirm before sharing account details.',
  profileHeading: 'Pre-chat answers',
  profileLabel: (key) => ({ name: 'Name', email: 'Email', phone: 'Phone', order: 'Order number' })[key] ?? key,

  attachmentsLabel: 'Attachments',
  openImage: (name) => `Open ${name} in a new tab`,
  downloadFile: (name, size) => `Download ${name}, ${size}`,
  productsLabel: 'Products',
  linkButtonsLabel: 'Links',
  attachFile: 'Attach file',
  filesToSend: 'Files to send',
  removeFile: (name) => `Remove ${name}`,
  uploading: 'Uploading…',

  addProduct: 'Add product',
  addLinkButton: 'Add link button',
  productFormHeading: 'Product card',
  linkButtonFormHeading: 'Link button',
  productNameLabel: 'Name',
  productPriceLabel: 'Price',
  productPriceHint: 'Digits with an optional decimal point, such as 129.00.',
  productCurrencyLabel: 'Currency',
  productCurrencyHint: 'Three-letter code, such as EUR or CNY.',
  productImageLabel: 'Image URL',
  productUrlLabel: 'Product URL',
  optional: '(optional)',
  useShopperProduct: (name) => `Use the shopper’s product: ${name}`,
  linkLabelLabel: 'Label',
  linkUrlLabel: 'URL',
  linkUrlHint: 'An https://, http:// or mailto: address.',
  addCard: 'Add',
  cardsToSend: 'Cards and links to send',
  productChip: (name, price) => (price ? `Product: ${name}, ${price}` : `Product: ${name}`),
  linkChip: (label) => `Link: ${label}`,
  removeCard: (name) => `Remove ${name}`,
  cardErrors: {
    nameRequired: 'Enter the product’s name.',
    nameTooLong: 'Use at most 300 characters.',
    priceInvalid: 'Write the price with digits and an optional decimal point, such as 129.00.',
    priceTooLong: 'Use at most 40 characters.',
    priceRequired: 'Enter the price this currency is for, or clear the currency.',
    currencyInvalid: 'Use a three-letter currency code, such as EUR.',
    webUrlInvalid: 'Use a full address starting with https:// or http://.',
    urlTooLong: 'Use at most 2048 characters.',
    labelRequired: 'Enter the text the button shows.',
    labelTooLong: 'Use at most 100 characters.',
    linkUrlRequired: 'Enter the address the button opens.',
    linkUrlInvalid: 'Use a full address starting with https://, http:// or mailto:.',
  },
  refusedWith: (code) => `The relay refused it (${code}).`,

  deliveriesButton: 'Failed deliveries',
  deliveriesHeading: 'Failed deliveries',
  deliveriesIntro:
    'Events a helpdesk or bot did not take after every retry. Replay sends one again with the same delivery id, so a backend that got it before can recognise it.',
  noDeliveries: 'Nothing failed: every event was delivered.',
  loadingDeliveries: 'Loading deliveries…',
  refresh: 'Refresh',
  replay: 'Replay',
  replaying: 'Replaying…',
  replayed: 'Sent again',
  deliveryEvent: (type) => ({ message: 'Message', 'conversation-started': 'Conversation started', status: 'Status change', handover: 'Hand-over', rating: 'Rating', contact: 'Email left', identity: 'Identity', profile: 'Pre-chat answers' })[type] ?? type,
  deliveryAttempts: (count) => (count === 1 ? '1 attempt' : `${count} attempts`),
  deliveryAdapter: 'To',
  deliveryConversation: 'Conversation',
  deliveryError: 'Last error',
  deliveryCreated: 'Queued',

  errors: {
    load: 'Could not load the latest data from the relay.',
    send: 'The reply was not sent.',
    close: 'Could not close the conversation.',
    quickReply: 'Could not save the quick replies.',
    deliveries: 'Could not load the failed deliveries.',
    replay: 'The delivery was not replayed.',
    generic: 'Something went wrong.',
  },
  dismiss: 'Dismiss',
};

/** Simplified Chinese strings. */
export const zhCN: Strings = {
  lang: 'zh-CN',
  appName: 'Confab 客服台',
  documentTitle: (unread) => (unread > 0 ? `(${unread}) Confab 客服台` : 'Confab 客服台'),

  signInHeading: '登录客服台',
  signInIntro: '请粘贴中继服务启动时打印的客服令牌，或管理员提供给你的令牌。',
  tokenLabel: '客服令牌',
  tokenHint: '只保存在当前标签页中，关闭标签页后即被清除。',
  nameLabel: '你的名字',
  nameHint: '顾客会在你的回复旁看到这个名字。',
  signInSubmit: '登录',
  tokenRequired: '请输入客服令牌。',
  nameRequired: '请输入顾客看到的名字。',
  nameTooLong: '最多 100 个字符。',
  tokenRejected: '中继服务拒绝了这个客服令牌。请检查后重新登录。',
  versionUnsupported: '此客服台与中继服务的协议版本不兼容。中继服务更新后请重新加载页面。',

  headerLabel: 'Confab 客服台',
  signedInAs: (name) => `当前登录：${name}`,
  quickRepliesButton: '快捷回复',
  signOut: '退出登录',
  connection: {
    idle: '未连接',
    connecting: '正在连接…',
    open: '实时',
    reconnecting: '正在重新连接…',
    closed: '已断开',
  },

  conversationsLabel: '会话',
  filterLabel: '显示',
  filters: { open: '进行中', closed: '已关闭', all: '全部' },
  noConversations: '暂无会话。',
  loadMoreConversations: '加载更多会话',
  loadingConversations: '正在加载会话…',
  visitorName: (shortId) => `访客 ${shortId}`,
  unreadCount: (count) => `${count} 条未读消息`,
  online: '在线',
  offline: '离线',
  closedBadge: '已关闭',
  nameSeparator: '，',
  noMessagesYet: '暂无消息',
  typingPreview: '正在输入…',
  previewFrom: (author, text) => `${author}：${text}`,

  noConversationSelected: '请从列表中选择一个会话。',
  transcriptLabel: '消息',
  loadEarlier: '加载更早的消息',
  loadingEarlier: '正在加载更早的消息…',
  loadingTranscript: '正在加载消息…',
  transcriptFailed: '无法加载消息。',
  retryLoad: '重试',
  authorVisitor: '访客',
  authorAgent: '客服',
  authorBot: '机器人',
  authorSystem: '系统',
  sending: '正在发送…',
  notSent: '未发送。',
  retrySend: '重试',
  discard: '放弃',
  seen: '已读',
  beginning: '会话从这里开始。',
  typing: (names) => `${names.join('、')}正在输入…`,

  replyLabel: '回复',
  replyPlaceholder: '输入回复…（输入 / 使用快捷回复）',
  replyHint: '按 Enter 发送，Shift+Enter 换行。',
  send: '发送',
  conversationClosedNote: '此会话已关闭。顾客再次发送消息时会重新打开。',
  quickReplyMenuLabel: '快捷回复',
  quickReplyMatches: (count) => `${count} 条快捷回复`,
  noQuickReplyMatches: '没有匹配的快捷回复。',

  statusOpen: '进行中',
  statusClosed: '已关闭',
  closeConversation: '关闭会话',
  closeConfirmTitle: '要关闭此会话吗？',
  closeConfirmBody: '会话将移到“已关闭”列表。顾客再次发送消息时会重新打开。',
  closeConfirm: '关闭会话',
  cancel: '取消',

  visitorPanelLabel: '访客信息',
  pageHeading: '页面',
  pageUrl: '网址',
  pageTitle: '标题',
  referrer: '来源',
  productHeading: '商品',
  productName: '名称',
  sku: 'SKU',
  price: '价格',
  availability: '库存',
  brand: '品牌',
  availabilityValues: {
    InStock: '有货',
    OutOfStock: '缺货',
    SoldOut: '已售罄',
    PreOrder: '预订',
    PreSale: '预售',
    BackOrder: '可延期订购',
    LimitedAvailability: '库存有限',
    Discontinued: '已停产',
    OnlineOnly: '仅限网店',
    InStoreOnly: '仅限门店',
  },
  visitorHeading: '访客',
  locale: '语言',
  languages: '其他语言',
  browser: '浏览器',
  browserOn: (browser, os) => `${browser}（${os}）`,
  unknownBrowser: '未知浏览器',
  localTime: '当地时间',
  timeZone: '时区',
  screen: '屏幕',
  screenSize: (width, height) => `${width} × ${height}`,
  customHeading: '商店提供的信息',
  noContext: '顾客的页面尚未发送任何信息。',
  startedAt: '开始时间',

  quickRepliesHeading: '快捷回复',
  quickRepliesIntro: '整个团队共用的预设回复。在回复框中输入 / 和快捷词即可插入。',
  noQuickReplies: '暂无快捷回复。',
  shortcutLabel: '快捷词',
  shortcutHint: '字母、数字、_ 或 -，最多 32 个字符。',
  textLabel: '内容',
  addQuickReply: '添加快捷回复',
  editQuickReplyHeading: '编辑快捷回复',
  newQuickReplyHeading: '新建快捷回复',
  save: '保存',
  edit: '编辑',
  delete: '删除',
  deleteConfirm: (shortcut) => `要删除 /${shortcut} 吗？`,
  close: '关闭',
  shortcutInvalid: '请使用 1 到 32 个字母、数字、_ 或 -。',
  shortcutTaken: '已有快捷回复使用了这个快捷词。',
  textRequired: '请输入要插入的内容。',
  textTooLong: '最多 4000 个字符。',
  saving: '正在保存…',

  handledBy: (responder) => `由 ${responder} 处理`,
  needsPerson: '待人工处理',
  takeOverHint: (responder) => `${responder} 正在回复此会话。您一回复，会话即由您接手。`,
  followUpHeading: '后续跟进',
  leftEmail: '回复邮箱',
  rating: '满意度',
  ratingValue: (score) => `${'★'.repeat(score)}${'☆'.repeat(5 - score)} ${score} 分（满分 5 分）`,
  ratingComment: '评价',

  identityHeading: '已登录顾客',
  identityName: '姓名',
  identityEmail: '邮箱',
  identityUserId: '用户 ID',
  verified: '已验证',
  notVerified: '未验证',
  verifiedHint: '商店为此身份签名，中继服务已校验签名。',
  notVerifiedHint: '此身份由页面自行声明，未经校验。透露账户信息前请先确认。',
  profileHeading: '咨询前填写',
  profileLabel: (key) => ({ name: '姓名', email: '邮箱', phone: '电话', order: '订单号' })[key] ?? key,

  attachmentsLabel: '附件',
  openImage: (name) => `在新标签页中打开 ${name}`,
  downloadFile: (name, size) => `下载 ${name}（${size}）`,
  productsLabel: '商品',
  linkButtonsLabel: '链接',
  attachFile: '添加附件',
  filesToSend: '待发送的文件',
  removeFile: (name) => `移除 ${name}`,
  uploading: '正在上传…',

  addProduct: '添加商品',
  addLinkButton: '添加链接按钮',
  productFormHeading: '商品卡片',
  linkButtonFormHeading: '链接按钮',
  productNameLabel: '名称',
  productPriceLabel: '价格',
  productPriceHint: '数字，可带小数点，例如 129.00。',
  productCurrencyLabel: '币种',
  productCurrencyHint: '三个字母的代码，例如 CNY 或 EUR。',
  productImageLabel: '图片网址',
  productUrlLabel: '商品网址',
  optional: '（可选）',
  useShopperProduct: (name) => `使用顾客正在看的商品：${name}`,
  linkLabelLabel: '按钮文字',
  linkUrlLabel: '网址',
  linkUrlHint: '以 https://、http:// 或 mailto: 开头的地址。',
  addCard: '添加',
  cardsToSend: '待发送的卡片和链接',
  productChip: (name, price) => (price ? `商品：${name}，${price}` : `商品：${name}`),
  linkChip: (label) => `链接：${label}`,
  removeCard: (name) => `移除 ${name}`,
  cardErrors: {
    nameRequired: '请输入商品名称。',
    nameTooLong: '最多 300 个字符。',
    priceInvalid: '价格请用数字，可带小数点，例如 129.00。',
    priceTooLong: '最多 40 个字符。',
    priceRequired: '请输入与此币种对应的价格，或清空币种。',
    currencyInvalid: '请使用三个字母的币种代码，例如 CNY。',
    webUrlInvalid: '请输入以 https:// 或 http:// 开头的完整地址。',
    urlTooLong: '最多 2048 个字符。',
    labelRequired: '请输入按钮上显示的文字。',
    labelTooLong: '最多 100 个字符。',
    linkUrlRequired: '请输入按钮打开的地址。',
    linkUrlInvalid: '请输入以 https://、http:// 或 mailto: 开头的完整地址。',
  },
  refusedWith: (code) => `中继服务拒绝了此回复（${code}）。`,

  deliveriesButton: '投递失败',
  deliveriesHeading: '投递失败',
  deliveriesIntro: '这些事件在多次重试后仍未被客服系统或机器人接收。重新投递会以相同的投递 ID 再次发送，已收到过的后端可以识别出重复。',
  noDeliveries: '没有失败的投递，所有事件均已送达。',
  loadingDeliveries: '正在加载投递记录…',
  refresh: '刷新',
  replay: '重新投递',
  replaying: '正在重新投递…',
  replayed: '已重新投递',
  deliveryEvent: (type) => ({ message: '消息', 'conversation-started': '会话开始', status: '状态变更', handover: '转接', rating: '评分', contact: '留下邮箱', identity: '顾客身份', profile: '咨询前填写' })[type] ?? type,
  deliveryAttempts: (count) => `已尝试 ${count} 次`,
  deliveryAdapter: '发往',
  deliveryConversation: '会话',
  deliveryError: '最近错误',
  deliveryCreated: '入队时间',

  errors: {
    load: '无法从中继服务加载最新数据。',
    send: '回复未发送。',
    close: '无法关闭会话。',
    quickReply: '无法保存快捷回复。',
    deliveries: '无法加载投递失败记录。',
    replay: '未能重新投递。',
    generic: '出错了。',
  },
  dismiss: '关闭提示',
};

/**
 * Picks the strings for the agent's preferred languages: Simplified Chinese for `zh`, `zh-CN`,
 * `zh-Hans…` and `zh-SG`, English otherwise. Traditional Chinese (`zh-TW`, `zh-HK`, `zh-Hant`)
 * falls through to the next preference, since Simplified is not what those readers asked for.
 * @example
 * const strings = pickStrings(navigator.languages);
 */
export function pickStrings(languages: readonly string[]): Strings {
  for (const tag of languages) {
    const lower = tag.toLowerCase();
    if (lower === 'en' || lower.startsWith('en-')) return en;
    if (lower === 'zh' || lower.startsWith('zh-')) {
      if (/^zh-(tw|hk|mo|hant)/.test(lower)) continue;
      return zhCN;
    }
  }
  return en;
}
