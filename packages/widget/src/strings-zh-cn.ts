import type { Strings } from './strings.js';

/**
 * The Simplified Chinese strings (zh-CN), loaded as a separate chunk by `loadStrings('zh-CN')`.
 * `launcher` repeats `LAUNCHER_LABELS['zh-CN']` (a test keeps them equal) so that this chunk
 * imports nothing.
 */
export const zhCN: Strings = {
  lang: 'zh-CN',
  launcher: '在线客服',
  launcherUnread: (count) => `在线客服，${count} 条未读消息`,
  panel: '在线客服',
  title: '在线客服',
  close: '关闭聊天',
  messages: '消息',
  greeting: '您好！关于商品、订单或配送，有任何问题都可以问我们。',
  input: '消息',
  placeholder: '输入消息…',
  send: '发送',
  typing: (name) => (name ? `${name} 正在输入…` : '客服正在输入…'),
  authors: { visitor: '我', agent: '客服', bot: '智能助手', system: '系统消息' },
  status: { pending: '发送中…', sent: '已发送', read: '已读', failed: '发送失败' },
  newMessages: '新消息',
  reconnecting: '连接已断开，正在重新连接…',
  offline: '网络已断开。恢复联网后，您的消息会自动发送。',
  unavailable: '客服暂时无法使用，请稍后再试。',
  closed: '本次会话已结束。发送消息即可开始新的会话。',
  tooLong: (max) => `消息太长了，最多 ${max} 个字符。`,
  invalidText: '消息中含有无法发送的字符。',
  quickReplies: '推荐回复',
  away: (when) => `我们现在不在线，将于${when} 回复您。`,
  awayNoTime: '我们现在不在线，会尽快回复您。',
  openingTime: (day, time) => `${day} ${time}`,
  emailPrompt: '留下邮箱，即使您关闭页面，我们也会通过邮件回复您。',
  emailPlaceholder: 'name@example.com',
  emailSubmit: '提交',
  emailInvalid: '请输入有效的邮箱地址，例如 ana@example.com。',
  emailSaved: (email) => `谢谢！我们会发邮件到 ${email}。`,
  requestFailed: '提交失败，请重试。',
  ratingQuestion: '您对本次服务满意吗？',
  ratingScores: ['1 星，非常不满意', '2 星，不满意', '3 星，一般', '4 星，满意', '5 星，非常满意'],
  ratingComment: '还有什么想告诉我们的吗？（选填）',
  ratingSubmit: '提交评价',
  ratingChooseScore: '请先选择评分。',
  ratingThanks: '感谢您的评价！',
};
