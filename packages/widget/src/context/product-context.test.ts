import { productContextSchema } from '@confab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { readAttributeProduct, readJsonLdProduct, readProductContext } from './product-context.js';

function addJsonLd(data: unknown): void {
  const script = document.createElement('script');
  script.type = 'application/ld+json';
  script.textContent = typeof data === 'string' ? data : JSON.stringify(data);
  document.head.append(script);
}

afterEach(() => {
  document.head.replaceChildren();
  document.body.replaceChildren();
});

describe('readJsonLdProduct', () => {
  it('reads a plain Product with one Offer, brand object and image list', () => {
    addJsonLd({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Aster Gooseneck Kettle',
      sku: 'AST-090-BLK',
      brand: { '@type': 'Brand', name: 'Lumen & Oak' },
      image: ['/kettle.svg', '/kettle-side.svg'],
      offers: {
        '@type': 'Offer',
        price: '89.00',
        priceCurrency: 'EUR',
        availability: 'https://schema.org/InStock',
        url: '/p/aster',
      },
    });
    expect(readJsonLdProduct()).toEqual({
      name: 'Aster Gooseneck Kettle',
      sku: 'AST-090-BLK',
      brand: 'Lumen & Oak',
      image: new URL('/kettle.svg', document.baseURI).href,
      price: '89.00',
      currency: 'EUR',
      availability: 'InStock',
      url: new URL('/p/aster', document.baseURI).href,
    });
  });

  it('finds the Product in a top-level array and in @graph, with @type given as a list', () => {
    addJsonLd([{ '@type': 'BreadcrumbList' }, { '@type': ['Thing', 'Product'], name: 'In an array' }]);
    expect(readJsonLdProduct()?.name).toBe('In an array');
    document.head.replaceChildren();
    addJsonLd({
      '@context': 'https://schema.org',
      '@graph': [{ '@type': 'WebPage', name: 'Page' }, { '@type': 'schema:Product', name: 'In a graph', sku: 42 }],
    });
    expect(readJsonLdProduct()).toMatchObject({ name: 'In a graph', sku: '42' });
  });

  it('finds the Product as the mainEntity of an ItemPage', () => {
    addJsonLd({ '@type': 'ItemPage', mainEntity: { '@type': 'http://schema.org/Product', name: 'Main entity' } });
    expect(readJsonLdProduct()?.name).toBe('Main entity');
  });

  it('reads an offers array, an AggregateOffer low price and a price specification', () => {
    addJsonLd({ '@type': 'Product', name: 'A', offers: [{ price: 12.5, priceCurrency: 'USD' }, { price: 99 }] });
    expect(readJsonLdProduct()).toMatchObject({ price: '12.5', currency: 'USD' });
    document.head.replaceChildren();

    addJsonLd({
      '@type': 'Product',
      name: 'B',
      offers: { '@type': 'AggregateOffer', lowPrice: 19, highPrice: 49, priceCurrency: 'CNY', offerCount: 3 },
    });
    expect(readJsonLdProduct()).toMatchObject({ price: '19', currency: 'CNY' });
    document.head.replaceChildren();

    addJsonLd({
      '@type': 'Product',
      name: 'C',
      offers: { '@type': 'Offer', priceSpecification: { '@type': 'UnitPriceSpecification', price: 7.25, priceCurrency: 'GBP' } },
    });
    expect(readJsonLdProduct()).toMatchObject({ price: '7.25', currency: 'GBP' });
  });

  it('writes numeric prices as plain decimal strings, never in exponent notation', () => {
    addJsonLd({ '@type': 'Product', offers: { price: 0.0000001 } });
    expect(readJsonLdProduct()?.price).toBe('0.0000001');
    document.head.replaceChildren();
    addJsonLd({ '@type': 'Product', offers: { price: 1e21 } });
    expect(readJsonLdProduct()?.price).toBe('1000000000000000000000');
  });

  it('reads image as a string, an ImageObject or a list of ImageObjects, and brand as a string', () => {
    addJsonLd({ '@type': 'Product', image: 'https://cdn.example/a.jpg', brand: 'Acme' });
    expect(readJsonLdProduct()).toMatchObject({ image: 'https://cdn.example/a.jpg', brand: 'Acme' });
    document.head.replaceChildren();
    addJsonLd({ '@type': 'Product', image: { '@type': 'ImageObject', url: 'https://cdn.example/b.jpg' } });
    expect(readJsonLdProduct()?.image).toBe('https://cdn.example/b.jpg');
    document.head.replaceChildren();
    addJsonLd({ '@type': 'Product', image: [{ '@type': 'ImageObject', contentUrl: 'https://cdn.example/c.jpg' }] });
    expect(readJsonLdProduct()?.image).toBe('https://cdn.example/c.jpg');
  });

  it('skips invalid JSON silently and uses the next block', () => {
    addJsonLd('{ "@type": "Product", "name": broken');
    addJsonLd({ '@type': 'Product', name: 'Second block' });
    expect(readJsonLdProduct()?.name).toBe('Second block');
  });

  it('returns undefined when no block describes a product', () => {
    addJsonLd({ '@type': 'Organization', name: 'Shop' });
    addJsonLd('not json');
    expect(readJsonLdProduct()).toBeUndefined();
  });

  it('drops URLs that are not http(s), so javascript: never reaches an agent as a link', () => {
    addJsonLd({ '@type': 'Product', name: 'X', url: 'javascript:alert(1)', image: 'data:image/png;base64,AAAA' });
    const product = readJsonLdProduct();
    expect(product).toEqual({ name: 'X' });
  });

  it('cuts long values to the protocol limits so the context always validates', () => {
    addJsonLd({
      '@type': 'Product',
      name: 'N'.repeat(1000),
      sku: 'S'.repeat(500),
      brand: { name: 'B'.repeat(500) },
      image: `https://cdn.example/${'i'.repeat(5000)}.jpg`,
      offers: { price: '9'.repeat(100), priceCurrency: 'EURO-DOLLAR', availability: 'A'.repeat(300) },
    });
    const product = readJsonLdProduct()!;
    expect(product.name).toHaveLength(300);
    expect(product.sku).toHaveLength(100);
    expect(product.brand).toHaveLength(200);
    expect(product.price).toHaveLength(40);
    expect(product.currency).toHaveLength(8);
    expect(product.availability).toHaveLength(100);
    expect(product.image).toBeUndefined();
    expect(() => productContextSchema.parse(product, 'product')).not.toThrow();
  });

  it('never cuts a name in the middle of a surrogate pair', () => {
    addJsonLd({ '@type': 'Product', name: `${'a'.repeat(299)}😀` });
    const name = readJsonLdProduct()!.name!;
    expect(name).toBe('a'.repeat(299));
  });
});

describe('readAttributeProduct', () => {
  it('reads every data-product-* attribute from wherever it is on the page', () => {
    document.body.innerHTML = `
      <main data-product-name="Aster Kettle" data-product-sku="AST-1" data-product-brand="Lumen">
        <span data-product-price="89.00" data-product-currency="EUR"></span>
        <span data-product-availability="https://schema.org/OutOfStock"></span>
        <img data-product-image="/img/aster.jpg" data-product-url="/p/aster">
      </main>`;
    expect(readAttributeProduct()).toEqual({
      name: 'Aster Kettle',
      sku: 'AST-1',
      brand: 'Lumen',
      price: '89.00',
      currency: 'EUR',
      availability: 'OutOfStock',
      image: new URL('/img/aster.jpg', document.baseURI).href,
      url: new URL('/p/aster', document.baseURI).href,
    });
  });

  it('ignores empty attributes and non-http URLs', () => {
    document.body.innerHTML = `<div data-product-name="  " data-product-url="javascript:alert(1)" data-product-sku="K"></div>`;
    expect(readAttributeProduct()).toEqual({ sku: 'K' });
  });
});

describe('readProductContext', () => {
  it('lets data-product-* attributes win over JSON-LD, field by field', () => {
    addJsonLd({ '@type': 'Product', name: 'From JSON-LD', sku: 'OLD', offers: { price: '10.00', priceCurrency: 'EUR' } });
    document.body.innerHTML = `<main data-product-sku="NEW" data-product-price="12.00"></main>`;
    expect(readProductContext()).toEqual({ name: 'From JSON-LD', sku: 'NEW', price: '12.00', currency: 'EUR' });
  });

  it('returns undefined on a page without a product', () => {
    document.body.innerHTML = '<p>About us</p>';
    expect(readProductContext()).toBeUndefined();
  });
});
