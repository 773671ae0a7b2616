import type { ProductContext } from '@confab/protocol';
import { capText, decimalString, httpUrl } from './text.js';

/** The `data-product-*` attributes the widget reads, each the name of a {@link ProductContext} field. */
export const PRODUCT_ATTRIBUTES = ['name', 'sku', 'price', 'currency', 'availability', 'image', 'url', 'brand'] as const;

type ProductField = (typeof PRODUCT_ATTRIBUTES)[number];

// Field limits of productContextSchema in @confab/protocol; longer values would fail validation
// on the relay and lose the whole context, so they are cut here. The URL fields (0 here) are
// not cut but dropped when longer than 2048, the limit of the schema's urlText.
const MAX: Record<ProductField, number> = { name: 300, sku: 100, price: 40, currency: 8, availability: 100, image: 0, url: 0, brand: 200 };

// "Product", "schema:Product" and "https://schema.org/Product" all name the same type.
const PRODUCT_TYPE = /(^|[/:#])(Product|ProductGroup|ProductModel|IndividualProduct|SomeProducts)$/;

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

function findProduct(node: unknown, depth: number): JsonObject | undefined {
  // How deep to look through arrays, @graph and mainEntity; real pages nest two or three levels.
  if (depth > 6) return undefined;
  let children = Array.isArray(node) ? node : [];
  if (isObject(node)) {
    if ([node['@type']].flat().some((type) => typeof type === 'string' && PRODUCT_TYPE.test(type))) return node;
    children = [node['@graph'], node['mainEntity']];
  }
  for (const child of children) {
    const found = findProduct(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * `product` with the fields of `raw` that are set put on it, each trimmed and cut to its limit; URLs made absolute against
 * `base` (non-http ones dropped); availability shortened (`"https://schema.org/InStock"` →
 * `"InStock"`, other words are kept as written).
 */
function cleanProduct(raw: Partial<Record<ProductField, string | null>>, base: string, product: ProductContext = {}): ProductContext {
  for (const field of PRODUCT_ATTRIBUTES) {
    const text = field === 'availability' ? raw[field]?.replace(/^.*[/:#]/, '') : raw[field];
    const value = MAX[field] ? capText(text, MAX[field]) : httpUrl(text, base, 2048);
    if (value !== undefined) product[field] = value;
  }
  return product;
}

/** The offer that carries the price: the first of a list; an AggregateOffer's low price. */
function readOffer(value: unknown, base: string): ProductContext {
  const offer = first(value);
  if (!isObject(offer)) return {};
  const specification = first(offer['priceSpecification']);
  const spec = isObject(specification) ? specification : {};
  return cleanProduct(
    {
      price: textOf(offer['price'] ?? offer['lowPrice'] ?? spec['price']),
      currency: textOf(offer['priceCurrency'] ?? spec['priceCurrency']),
      availability: textOf(offer['availability']),
      url: textOf(offer['url']),
    },
    base,
    readOffer(offer['offers'], base),
  );
}

function fromJsonLd(product: JsonObject, base: string): ProductContext {
  const image = first(product['image']);
  const brand = first(product['brand']);
  return cleanProduct(
    {
      name: textOf(product['name']),
      sku: textOf(product['sku']),
      brand: textOf(isObject(brand) ? brand['name'] : brand),
      image: textOf(isObject(image) ? (image['url'] ?? image['contentUrl']) : image),
      url: textOf(product['url']),
    },
    base,
    // The offer's URL stays when the product has none (or an unusable one).
    readOffer(product['offers'], base),
  );
}

/**
 * The first schema.org Product described by the page's `<script type="application/ld+json">`
 * blocks: top-level objects or arrays, `@graph`, and `mainEntity` of a page node are searched.
 * Invalid JSON is skipped silently (it is the shop's markup, not an error of the widget).
 */
export function readJsonLdProduct(doc: Document = document): ProductContext | undefined {
  for (const script of doc.querySelectorAll('script[type="application/ld+json" i]')) {
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
  const raw: Partial<Record<ProductField, string | null>> = {};
  for (const field of PRODUCT_ATTRIBUTES) {
    raw[field] = doc.querySelector(`[data-product-${field}]`)?.getAttribute(`data-product-${field}`);
  }
  return cleanProduct(raw, doc.baseURI);
}

/**
 * The product the shopper is looking at: schema.org Product JSON-LD merged with `data-product-*`
 * attributes (which win), or `undefined` when the page describes no product.
 */
export function readProductContext(doc: Document = document): ProductContext | undefined {
  const product = { ...readJsonLdProduct(doc), ...readAttributeProduct(doc) };
  return Object.keys(product).length > 0 ? product : undefined;
}
