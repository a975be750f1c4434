#!/usr/bin/env node
// Writes a small, reproducible HR snapshot for the demo city: node make-snapshot.mjs <employees> <start YYYY-MM-DD>
// Names, units and job codes are typical of welfare, school and administration; every
// personnummer is valid (Luhn), born 1960-1999, never a real person's by design of the seed.
const [count = '24', start = new Date().toISOString().slice(0, 10)] = process.argv.slice(2);
const given = ['Anna', 'Åsa', 'Björn', 'Eva', 'Örjan', 'Lena', 'Mohammed', 'Sara', 'Per', 'Ingrid', 'Jonas', 'Fatima', 'Karl-Johan', 'Märta', 'Elin', 'Ahmed'];
const surnames = ['Andersson', 'Öberg', 'Nilsson', 'Lindqvist-Åström', 'Karlsson', 'Svensson', 'Ali', 'Berg', 'Johansson', 'Håkansson', 'Petersson', 'Ek'];
const units = [
  ['N138', 'N138-HT1', 'Hemtjänst Centrum 1', '13800', 'VÅRD01', 'Undersköterska'],
  ['N138', 'N138-ÄB2', 'Äldreboende Solgården', '13810', 'VÅRD02', 'Vårdbiträde'],
  ['N141', 'N141-IFO', 'Individ- och familjeomsorg', '14100', 'SOC01', 'Socialsekreterare'],
  ['B110', 'B110-SK3', 'Hvitfeldtska gymnasiet', '11000', 'LÄR01', 'Gymnasielärare'],
  ['B110', 'B110-FS1', 'Förskola Björkdalen', '11010', 'FSK01', 'Förskollärare'],
  ['K171', 'K171-IT', 'Digitalisering', '17100', 'ADM03', 'Systemförvaltare'],
];
let seed = 20261122;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(random() * list.length)];
const luhn = (digits) => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return (10 - (sum % 10)) % 10;
};
const rows = ['anstallningsnr;personnr;fornamn;efternamn;organisationskod;enhetskod;enhetsnamn;ansvar;befattningskod;befattning;anstallningsform;sysselsattningsgrad;startdatum;slutdatum;chef_anstallningsnr;skyddad_identitet'];
for (let i = 1; i <= Number(count); i++) {
  const year = 1960 + Math.floor(random() * 40);
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
  const serial = String(100 + Math.floor(random() * 899));
  const short = `${String(year).slice(2)}${month}${day}${serial}`;
  const pnr = `${year}${month}${day}-${serial}${luhn(short)}`;
  const [customer, unit, unitName, costCentre, jobCode, title] = pick(units);
  const form = i % 7 === 0 ? 'VIK' : 'TV';
  const protectedIdentity = i % 23 === 0 ? 'J' : 'N';
  rows.push([`E${10000 + i}`, pnr, pick(given), pick(surnames), customer, unit, unitName, costCentre, jobCode, title, form, form === 'VIK' ? 50 : 100, start, '', i > 1 ? 'E10001' : '', protectedIdentity].join(';'));
}
process.stdout.write(`${rows.join('\n')}\n`);
