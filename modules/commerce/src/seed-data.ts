/**
 * The demo catalog: a small shop in English and Russian, priced in US
 * dollars and roubles (minor units: cents, kopecks).
 */
export interface DemoCategory {
  handle: string;
  parent?: string;
  en: string;
  ru: string;
}

export interface DemoProduct {
  en: string;
  ru: string;
  descriptionEn: string;
  descriptionRu: string;
  category: string;
  productType: string;
  vendor: string;
  tags: string[];
  /** Base prices; sizes and colours do not change the price. */
  usd: number;
  rub: number;
  /** Option name (English) → [English value, Russian value][]. */
  options?: Record<string, Array<[string, string]>>;
}

export const OPTION_NAMES_RU: Readonly<Record<string, string>> = { Size: 'Размер', Color: 'Цвет', Volume: 'Объём' };

export const DEMO_CATEGORIES: DemoCategory[] = [
  { handle: 'apparel', en: 'Apparel', ru: 'Одежда' },
  { handle: 't-shirts', parent: 'apparel', en: 'T-shirts', ru: 'Футболки' },
  { handle: 'hoodies', parent: 'apparel', en: 'Hoodies', ru: 'Худи' },
  { handle: 'footwear', en: 'Footwear', ru: 'Обувь' },
  { handle: 'accessories', en: 'Accessories', ru: 'Аксессуары' },
  { handle: 'home', en: 'Home', ru: 'Дом' },
];

const SIZES: Array<[string, string]> = [['S', 'S'], ['M', 'M'], ['L', 'L']];
const SHOE_SIZES: Array<[string, string]> = [['40', '40'], ['42', '42'], ['44', '44']];
const COLORS: Array<[string, string]> = [['Black', 'Чёрный'], ['White', 'Белый']];

const tee = (en: string, ru: string, color: string, colorRu: string, usd: number, rub: number): DemoProduct => ({
  en,
  ru,
  descriptionEn: `A soft ${color.toLowerCase()} cotton t-shirt with a relaxed fit. Machine washable.`,
  descriptionRu: `Мягкая хлопковая футболка (${colorRu.toLowerCase()}) свободного кроя. Можно стирать в машине.`,
  category: 't-shirts',
  productType: 'T-shirt',
  vendor: 'Northwind Apparel',
  tags: ['cotton', 'summer', color.toLowerCase()],
  usd,
  rub,
  options: { Size: SIZES },
});

export const DEMO_PRODUCTS: DemoProduct[] = [
  tee('Classic T-shirt', 'Классическая футболка', 'White', 'Белая', 1999, 149900),
  tee('Midnight T-shirt', 'Футболка «Полночь»', 'Black', 'Чёрная', 2199, 159900),
  tee('Forest T-shirt', 'Футболка «Лес»', 'Green', 'Зелёная', 2199, 159900),
  tee('Ocean T-shirt', 'Футболка «Океан»', 'Blue', 'Синяя', 2199, 159900),
  tee('Sunset T-shirt', 'Футболка «Закат»', 'Orange', 'Оранжевая', 2399, 169900),
  tee('Striped T-shirt', 'Футболка в полоску', 'Navy', 'Тёмно-синяя', 2499, 179900),
  tee('Organic Tee', 'Футболка из органического хлопка', 'Beige', 'Бежевая', 2999, 219900),
  tee('Graphic Tee "Fox"', 'Футболка с принтом «Лиса»', 'Grey', 'Серая', 2799, 199900),
  ...(['Grey', 'Black', 'Olive', 'Burgundy'] as const).map((color, i): DemoProduct => ({
    en: `Zip Hoodie ${color}`,
    ru: `Худи на молнии, ${['серое', 'чёрное', 'оливковое', 'бордовое'][i]}`,
    descriptionEn: `A warm fleece hoodie with a full zip and two pockets, in ${color.toLowerCase()}.`,
    descriptionRu: 'Тёплое флисовое худи на молнии с двумя карманами.',
    category: 'hoodies',
    productType: 'Hoodie',
    vendor: 'Northwind Apparel',
    tags: ['fleece', 'winter'],
    usd: 4999 + i * 500,
    rub: 389900 + i * 20000,
    options: { Size: SIZES },
  })),
  ...(['Runner', 'Trail', 'Court', 'City', 'Canvas'] as const).map((model, i): DemoProduct => ({
    en: `${model} Sneakers`,
    ru: `Кроссовки ${['«Бегун»', '«Тропа»', '«Корт»', '«Город»', 'из парусины'][i]}`,
    descriptionEn: `Light, comfortable ${model.toLowerCase()} sneakers with a cushioned sole.`,
    descriptionRu: 'Лёгкие удобные кроссовки с амортизирующей подошвой.',
    category: 'footwear',
    productType: 'Sneakers',
    vendor: 'Stride Co.',
    tags: ['shoes', model.toLowerCase()],
    usd: 7999 + i * 1000,
    rub: 599900 + i * 50000,
    options: { Size: SHOE_SIZES, Color: COLORS.slice(0, 1) },
  })),
  ...([['Canvas Tote Bag', 'Холщовая сумка'], ['Leather Backpack', 'Кожаный рюкзак'], ['Baseball Cap', 'Бейсболка'], ['Wool Beanie', 'Шерстяная шапка'], ['Silk Scarf', 'Шёлковый шарф'], ['Leather Belt', 'Кожаный ремень'], ['Sunglasses', 'Солнцезащитные очки']] as const).map(([en, ru], i): DemoProduct => ({
    en,
    ru,
    descriptionEn: `${en}: made to last, designed to go with everything.`,
    descriptionRu: `${ru}: прочная вещь, которая подходит ко всему.`,
    category: 'accessories',
    productType: 'Accessory',
    vendor: i % 2 === 0 ? 'Northwind Apparel' : 'Atelier Nord',
    tags: ['gift'],
    usd: 1499 + i * 700,
    rub: 99900 + i * 50000,
    ...(i === 2 || i === 3 ? { options: { Color: COLORS } } : {}),
  })),
  ...([['Ceramic Mug', 'Керамическая кружка'], ['Scented Candle', 'Ароматическая свеча'], ['Linen Cushion', 'Льняная подушка'], ['Wool Throw Blanket', 'Шерстяной плед'], ['Enamel Teapot', 'Эмалированный чайник'], ['Oak Cutting Board', 'Дубовая разделочная доска']] as const).map(([en, ru], i): DemoProduct => ({
    en,
    ru,
    descriptionEn: `${en} for a cosy home.`,
    descriptionRu: `${ru} для уютного дома.`,
    category: 'home',
    productType: 'Home',
    vendor: 'Hearth & Oak',
    tags: ['home', 'gift'],
    usd: 1299 + i * 900,
    rub: 89900 + i * 60000,
    ...(i === 0 ? { options: { Volume: [['300 ml', '300 мл'], ['450 ml', '450 мл']] as Array<[string, string]> } } : {}),
  })),
];

/** A market of the demo store: a region with its shipping options (amounts in minor units). */
export interface DemoRegion {
  name: string;
  currency: string;
  countries: string[];
  taxRateBp: number;
  pricesIncludeTax: boolean;
  shipping: Array<{ name: string; amount: string; freeOver?: string }>;
}

/**
 * One region per demo currency. US prices exclude tax (0 % here: US sales
 * tax depends on the state); Russian prices include 20 % VAT, as shown on
 * Russian price tags.
 */
export const DEMO_REGIONS: DemoRegion[] = [
  {
    name: 'North America',
    currency: 'USD',
    countries: ['CA', 'US'],
    taxRateBp: 0,
    pricesIncludeTax: false,
    shipping: [
      { name: 'Standard (5–7 days)', amount: '599', freeOver: '7500' },
      { name: 'Express (1–2 days)', amount: '1499' },
    ],
  },
  {
    name: 'Россия',
    currency: 'RUB',
    countries: ['RU'],
    taxRateBp: 2000,
    pricesIncludeTax: true,
    shipping: [
      { name: 'Почта России', amount: '39900', freeOver: '500000' },
      { name: 'Курьер', amount: '79900' },
    ],
  },
];

/** Promotion codes a demo shopper can try at checkout. */
export const DEMO_PROMOTIONS = [
  { code: 'WELCOME10', kind: 'percentage' as const, value: '1000', perCustomerLimit: 1 },
  { code: 'FREESHIP', kind: 'free_shipping' as const },
];
