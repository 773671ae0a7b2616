/**
 * Texts that must come out of the relay exactly as they went in, code unit for code unit: no
 * normalisation (NFC and NFD forms stay distinct), no trimming, no replacement characters.
 */
export const TRICKY_TEXTS: readonly string[] = [
  '这个水壶有现货吗？今天下单明天发货。',
  '日本語のテキスト、カタカナ、ｈａｌｆ－ｗｉｄｔｈ ｶﾀｶﾅ; 한국어 안녕하세요',
  // Emoji ZWJ sequences, skin tones, keycaps and presentation selectors.
  '👩‍👩‍👧‍👦 👨🏽‍💻 🧑🏿‍🤝‍🧑🏻 🏳️‍🌈 ❤️‍🔥 1️⃣ #️⃣',
  '👋🏻👋🏼👋🏽👋🏾👋🏿 ✌︎ ✌️',
  // Regional-indicator flags and a subdivision flag made of tag characters (astral plane).
  '🇨🇳🇺🇸🇯🇵🇩🇪🇮🇱🇸🇦 🏴󠁧󠁢󠁳󠁣󠁴󠁿',
  // Right-to-left text with embedding, override, isolate and mark characters.
  '\u202Bمرحبا بالعالم ١٢٣\u202C and \u202Eevil.exe\u202C',
  '\u200Fשלום\u200E world \u2067עברית\u2069 \u2066ltr\u2069 \u061Cعربي',
  // Combining marks: NFD e + acute next to precomposed é, stacked marks, Indic and Thai clusters.
  'e\u0301 é Z\u0364\u0308a\u0324l\u0308g\u0308o नमस्ते สวัสดี \u1100\u1161\u11A8',
  // Astral-plane characters: mathematical letters, Gothic, CJK extension B, musical symbols.
  '𝒜𝓁𝓅𝒽𝒶 𐍈𐌰 𠜎𠜱𠝹 𝄞𝄢 🀄',
  'tabs\tand\nnew\r\nlines\r\n\t  indented  ',
  '"quotes" \\ back\\slash / </script> \u2028 line sep \u2029 para sep',
  'zero\u200Bwidth\u200Cnon\u200Djoiner\u2060word\uFEFFbom \u00A0nbsp \u3000ideographic',
  '\uFFFD replacement char sent on purpose, \uFFFC object, \uE000 private use, \u{10FFFD} astral private',
];

/** A text the relay refuses with `CONFAB_TEXT_INVALID`, written as a JSON string literal. */
export interface InvalidText {
  what: string;
  /** The JSON string literal, escapes included (so lone surrogates reach the relay as sent). */
  json: string;
}

/** Texts that must be refused with `CONFAB_TEXT_INVALID` on every path, and never stored. */
export const INVALID_TEXTS: readonly InvalidText[] = [
  { what: 'a lone high surrogate', json: '"\\ud800"' },
  { what: 'a lone low surrogate before text', json: '"\\udc00x"' },
  { what: 'a high surrogate at the end', json: '"text \\ud83d"' },
  { what: 'a surrogate pair in the wrong order', json: '"\\ude00\\ud83d"' },
  { what: 'NUL', json: '"\\u0000"' },
  { what: 'NUL inside text', json: '"a\\u0000b"' },
  { what: 'a C0 control (bell)', json: '"ding\\u0007"' },
  { what: 'escape (terminal sequences)', json: '"\\u001b[31mred"' },
  { what: 'vertical tab and form feed', json: '"a\\u000bb\\u000c"' },
  { what: 'DEL', json: '"del\\u007f"' },
  { what: 'a C1 control (NEL)', json: '"next\\u0085line"' },
  { what: 'a C1 control (CSI)', json: '"\\u009b31m"' },
  { what: 'blank text', json: '" \\t\\r\\n "' },
];
