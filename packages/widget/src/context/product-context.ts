import type { ProductContext } from '@confab/protocol';
import { capText, decimalString, httpUrl } from './text.js';

// Field limits of productContextSchema in @confab/protocol; longer values would fail validation
// on the relay and lose the whole context, so they are cut (or, for URLs, dropped) here.
const MAX = { name: 300, sku: 100, price: 40, currency: 8, availability: 100, url: 2048, brand: 200 } as const;

/** The `data-product-*` attributes the widget reads, each the name of a {@link ProductContext} field. */
export const PRODUCT_ATTRIBUTES = ['name', 'sku', 'price', 'currency', 'availability', 'image', 'url', 'brand'] as const;

const PRODUCT_TYPES = new Set(['Product', 'ProductGroup', 'ProductModel', 'IndividualProduct', 'SomeProducts']);
// How deep to look through arrays, @graph and mainEntity; real pages nest two or three levels.
const MAX_DEPTH = 6;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A string, a number or a JSON-LD value object (`{"@value": …}`) as text. */
function textOf(value: unknown): string | undefined {
  const single = first(value);
  if (typeof single === 'string') return single;
  if (typeof single === 'number') return decimalString(single);
  if (isObject(single) && '@value' in single) return textOf(single['@value']);
  return undefined;
}

function typeNames(node: JsonObject): string[] {
  const types = node['@type'];
  const list = Array.isArray(types) ? types : [types];
  // "Product", "schema:Product" and "https://schema.org/Product" all name the same type.
  return list.filter((type): type is string => typeof type === 'string').map((type) => type.replace(/^.*[/:#]/, ''));
}

function findProduct(node: unknown, depth: number): JsonObject | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findProduct(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  if (typeNames(node).some((type) => PRODUCT_TYPES.has(type))) return node;
  return findProduct(node['@graph'], depth + 1) ?? findProduct(node['mainEntity'], depth + 1);
}

/** `"https://schema.org/InStock"` → `"InStock"`; other words are kept as written. */
function shortAvailability(value: string | undefined): string | undefined {
  return capText(value?.replace(/^.*[/:#]/, ''), MAX.availability);
}

function imageUrl(value: unknown, base: string): string | undefined {
  const single = first(value);
  if (isObject(single)) return httpUrl(textOf(single['url'] ?? single['contentUrl']), base, MAX.url);
  return httpUrl(textOf(single), base, MAX.url);
}

function brandName(value: unknown): string | undefined {
  const single = first(value);
  return capText(isObject(single) ? textOf(single['name']) : textOf(single), MAX.brand);
}

/** The offer that carries the price: the first of a list; an AggregateOffer's low price. */
function readOffer(value: unknown, base: string): ProductContext {
  const offer = first(value);
  if (!isObject(offer)) return {};
  const specification = first(offer['priceSpecification']);
  const spec = isObject(specification) ? specification : {};
  const nested = offer['offers'] === undefined ? {} : readOffer(offer['offers'], base);
  const price = textOf(offer['price'] ?? offer['lowPrice'] ?? spec['price']);
  return {
    ...nested,
    ...defined({
      price: capText(price, MAX.price),
      currency: capText(textOf(offer['priceCurrency'] ?? spec['priceCurrency']), MAX.currency),
      availability: shortAvailability(textOf(offer['availability'])),
      url: httpUrl(textOf(offer['url']), base, MAX.url),
    }),
  };
}

function defined(product: ProductContext): ProductContext {
  const result: ProductContext = {};
  for (const [key, value] of Object.entries(product) as Array<[keyof ProductContext, string | undefined]>) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}

function fromJsonLd(product: JsonObject, base: string): ProductContext {
  const offer = readOffer(product['offers'], base);
  return {
    ...offer,
    ...defined({
      name: capText(textOf(product['name']), MAX.name),
      sku: capText(textOf(product['sku']), MAX.sku),
      brand: brandName(product['brand']),
      image: imageUrl(product['image'], base),
      url: httpUrl(textOf(product['url']), base, MAX.url) ?? offer.url,
    }),
  };
}

/**
 * The first schema.org Product described by the page's `<script type="application/ld+json">`
 * blocks: top-level objects or arrays, `@graph`, and `mainEntity` of a page node are searched.
 * Invalid JSON is skipped silently (it is the shop's markup, not an error of the widget).
 */
export function readJsonLdProduct(doc: Document = document): ProductContext | undefined {
  const scripts = doc.querySelectorAll('script[type="application/ld+json" i]');
  for (const script of scripts) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const product = findProduct(data, 0);
    if (product) return fromJsonLd(product, doc.baseURI);
  }
  return undefined;
}

/**
 * Product fields from `data-product-*` attributes anywhere on the page (the first element with
 * each attribute wins), for shops without JSON-LD or to correct it: these win over JSON-LD.
 *
 * @example <main data-product-sku="AST-090" data-product-price="89.00" data-product-currency="EUR">
 */
export function readAttributeProduct(doc: Document = document): ProductContext {
  const value = (field: (typeof PRODUCT_ATTRIBUTES)[number]) =>
    doc.querySelector(`[data-product-${field}]`)?.getAttribute(`data-product-${field}`);
  const base = doc.baseURI;
  return defined({
    name: capText(value('name'), MAX.name),
    sku: capText(value('sku'), MAX.sku),
    price: capText(value('price'), MAX.price),
    currency: capText(value('currency'), MAX.currency),
    availability: shortAvailability(value('availability') ?? undefined),
    image: httpUrl(value('image'), base, MAX.url),
    url: httpUrl(value('url'), base, MAX.url),
    brand: capText(value('brand'), MAX.brand),
  });
}

/**
 * The product the shopper is looking at: schema.org Product JSON-LD merged with `data-product-*`
 * attributes (which win), or `undefined` when the page describes no product.
 */
export function readProductContext(doc: Document = document): ProductContext | undefined {
  const product = { ...readJsonLdProduct(doc), ...readAttributeProduct(doc) };
  return Object.keys(product).length > 0 ? product : undefined;
}
