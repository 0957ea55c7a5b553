/**
 * ISO 4217 currencies that can carry a price, with their minor-unit exponent
 * (digits after the decimal point: JPY 0, EUR 2, KWD 3). Precious metals,
 * test and "no currency" codes (XAU, XTS, XXX, …) have no minor unit and are
 * left out on purpose: a price in them is refused like an unknown code.
 * Source: the ISO 4217 list one (SIX), including 2024–2025 additions (XCG, ZWG).
 */
const EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  ...digits(0, 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'),
  ...digits(3, 'BHD IQD JOD KWD LYD OMR TND'),
  ...digits(4, 'CLF UYW'),
  ...digits(
    2,
    `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
     CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
     GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL
     MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK
     PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
     TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG`,
  ),
});

function digits(exponent: number, codes: string): Record<string, number> {
  return Object.fromEntries(codes.split(/\s+/).filter(Boolean).map((code) => [code, exponent]));
}

/** The minor-unit exponent of an ISO 4217 code, or null when it is not a currency prices can be in. */
export function currencyExponent(code: string): number | null {
  return Object.prototype.hasOwnProperty.call(EXPONENTS, code) ? (EXPONENTS[code] as number) : null;
}
