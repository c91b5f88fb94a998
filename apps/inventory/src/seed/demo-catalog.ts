/** The demo catalog `make up` seeds (prices in euro cents). Re-seeding keeps what admins changed in stock. */
export interface DemoProduct {
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly priceMinor: number;
  readonly stock: number;
}

export const DEMO_CURRENCY = 'EUR';

export const DEMO_CATALOG: readonly DemoProduct[] = [
  {
    sku: 'MUG-CLASSIC',
    name: 'Classic mug',
    description: 'Stoneware, 330 ml, dishwasher safe.',
    priceMinor: 1290,
    stock: 120,
  },
  {
    sku: 'MUG-TRAVEL',
    name: 'Travel mug',
    description: 'Double-walled steel, keeps coffee hot for 6 h.',
    priceMinor: 2490,
    stock: 60,
  },
  {
    sku: 'TEE-LOGO-M',
    name: 'Logo T-shirt (M)',
    description: 'Organic cotton, unisex fit.',
    priceMinor: 1990,
    stock: 80,
  },
  {
    sku: 'TEE-LOGO-L',
    name: 'Logo T-shirt (L)',
    description: 'Organic cotton, unisex fit.',
    priceMinor: 1990,
    stock: 80,
  },
  {
    sku: 'HOODIE-GREY',
    name: 'Grey hoodie',
    description: 'Brushed fleece, kangaroo pocket.',
    priceMinor: 4990,
    stock: 40,
  },
  {
    sku: 'CAP-NAVY',
    name: 'Navy cap',
    description: 'Adjustable strap, embroidered logo.',
    priceMinor: 1790,
    stock: 50,
  },
  {
    sku: 'BAG-TOTE',
    name: 'Canvas tote bag',
    description: 'Heavy canvas, 15 l.',
    priceMinor: 1490,
    stock: 100,
  },
  {
    sku: 'NOTEBOOK-A5',
    name: 'A5 notebook',
    description: 'Dotted pages, lay-flat binding.',
    priceMinor: 990,
    stock: 200,
  },
  {
    sku: 'PEN-GEL-BLK',
    name: 'Black gel pen',
    description: '0.5 mm, refillable.',
    priceMinor: 290,
    stock: 500,
  },
  {
    sku: 'STICKER-PACK',
    name: 'Sticker pack',
    description: 'Ten vinyl stickers.',
    priceMinor: 490,
    stock: 300,
  },
  {
    sku: 'KB-MECH-87',
    name: 'Mechanical keyboard (87 keys)',
    description: 'Hot-swappable switches, PBT keycaps.',
    priceMinor: 8999,
    stock: 25,
  },
  {
    sku: 'MOUSE-WL',
    name: 'Wireless mouse',
    description: 'Silent clicks, 70 days per charge.',
    priceMinor: 3499,
    stock: 45,
  },
  {
    sku: 'PAD-XL',
    name: 'XL desk pad',
    description: '90 x 40 cm, stitched edges.',
    priceMinor: 2299,
    stock: 70,
  },
  {
    sku: 'CABLE-USBC-2M',
    name: 'USB-C cable (2 m)',
    description: '100 W, braided.',
    priceMinor: 1299,
    stock: 150,
  },
  {
    sku: 'HUB-USBC-7',
    name: '7-port USB-C hub',
    description: 'HDMI 4K60, 100 W pass-through.',
    priceMinor: 5499,
    stock: 30,
  },
  {
    sku: 'STAND-LAPTOP',
    name: 'Laptop stand',
    description: 'Aluminium, six heights.',
    priceMinor: 3999,
    stock: 35,
  },
  {
    sku: 'LAMP-DESK',
    name: 'Desk lamp',
    description: 'Dimmable LED, warm to cold white.',
    priceMinor: 4599,
    stock: 20,
  },
  {
    sku: 'BOTTLE-750',
    name: 'Water bottle (750 ml)',
    description: 'Insulated steel, leak-proof lid.',
    priceMinor: 2190,
    stock: 90,
  },
  {
    sku: 'BOOK-DDIA',
    name: 'Designing data-intensive applications',
    description: 'The classic, paperback.',
    priceMinor: 4490,
    stock: 15,
  },
  {
    sku: 'LIMITED-PRINT',
    name: 'Limited art print',
    description: 'Signed, numbered: only 10 exist.',
    priceMinor: 9900,
    stock: 10,
  },
];
