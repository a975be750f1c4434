// The customers (kunder) of a large Swedish city's IT services, invented but shaped like the real
// thing: 25 administrations (förvaltningar and a few boards, nämnder) and 37 companies and
// federations (bolag, kommunalförbund). Codes are one letter and three digits (N138, B110, K171,
// I060). `weight` is the share of the city's staff: welfare and school employ most people, a
// housing company or a small board few. The three digits are unique across the register because
// the cost centres (kostnadsstallen) are built from them and a cost centre has one customer.
import type { CustomerProfile } from './city.model';

/** The city's districts and, in each, the neighbourhoods (stadsdelar) units are named after. */
export const DISTRICTS: Readonly<Record<string, readonly string[]>> = {
  Centrum: ['Vallgraven', 'Kvarnberget', 'Stora Torget', 'Hagalund', 'Majviken', 'Lindbacka', 'Slottsskogen', 'Johannesberg'],
  Nordost: ['Björkdalen', 'Granhöjden', 'Lövåsen', 'Bergsjön', 'Rönneberg', 'Kärralund', 'Stenhöjden', 'Gårdsten'],
  Norr: ['Ekebacka', 'Sjöviken', 'Åkerslund', 'Älvängen', 'Lindholmen', 'Kungsängen', 'Tuvedal', 'Biskopsgården'],
  Sydväst: ['Örnäs', 'Strandängen', 'Solberga', 'Västerlund', 'Fridhem', 'Önnestad', 'Frölunda torg', 'Askimsviken'],
};
export const DISTRICT_NAMES = Object.keys(DISTRICTS);

export const CUSTOMER_PROFILES: readonly CustomerProfile[] = [
  // Administrations (förvaltningar) and boards (nämnder).
  { code: 'N138', name: 'Socialförvaltningen Centrum', type: 'forvaltning', weight: 3.0, district: 'Centrum', kinds: [['social-services', 55], ['residential-care', 12], ['youth-and-leisure', 15], ['disability-housing', 10], ['administration', 8]] },
  { code: 'N141', name: 'Socialförvaltningen Nordost', type: 'forvaltning', weight: 3.2, district: 'Nordost', kinds: [['social-services', 55], ['residential-care', 12], ['youth-and-leisure', 15], ['disability-housing', 10], ['administration', 8]] },
  { code: 'N143', name: 'Socialförvaltningen Norr', type: 'forvaltning', weight: 3.0, district: 'Norr', kinds: [['social-services', 55], ['residential-care', 12], ['youth-and-leisure', 15], ['disability-housing', 10], ['administration', 8]] },
  { code: 'N145', name: 'Socialförvaltningen Sydväst', type: 'forvaltning', weight: 2.8, district: 'Sydväst', kinds: [['social-services', 55], ['residential-care', 12], ['youth-and-leisure', 15], ['disability-housing', 10], ['administration', 8]] },
  { code: 'N150', name: 'Äldre samt vård- och omsorgsförvaltningen', type: 'forvaltning', weight: 9.5, kinds: [['home-care', 45], ['elderly-housing', 42], ['home-health', 7], ['needs-assessment', 4], ['administration', 2]] },
  { code: 'N152', name: 'Funktionsstödsförvaltningen', type: 'forvaltning', weight: 6.0, kinds: [['disability-housing', 48], ['personal-assistance', 25], ['daily-activity', 20], ['needs-assessment', 5], ['administration', 2]] },
  { code: 'B110', name: 'Utbildningsförvaltningen', type: 'forvaltning', weight: 2.6, kinds: [['upper-secondary', 92], ['administration', 8]] },
  { code: 'B112', name: 'Grundskoleförvaltningen', type: 'forvaltning', weight: 10.5, kinds: [['compulsory-school', 96], ['administration', 4]] },
  { code: 'B114', name: 'Förskoleförvaltningen', type: 'forvaltning', weight: 7.5, kinds: [['preschool', 96], ['administration', 4]] },
  { code: 'B116', name: 'Arbetsmarknads- och vuxenutbildningsförvaltningen', type: 'forvaltning', weight: 1.0, kinds: [['adult-education', 50], ['labour-market', 45], ['administration', 5]] },
  { code: 'K171', name: 'Stadsledningskontoret', type: 'forvaltning', weight: 0.7, kinds: [['administration', 100]] },
  { code: 'K173', name: 'Serviceförvaltningen', type: 'forvaltning', weight: 0.9, kinds: [['it-services', 60], ['contact-centre', 20], ['administration', 20]] },
  { code: 'K175', name: 'Fastighetskontoret', type: 'forvaltning', weight: 0.45, kinds: [['property', 70], ['administration', 30]] },
  { code: 'K177', name: 'Stadsbyggnadskontoret', type: 'forvaltning', weight: 0.45, kinds: [['urban-planning', 85], ['administration', 15]] },
  { code: 'K179', name: 'Stadsmiljöförvaltningen', type: 'forvaltning', weight: 0.7, kinds: [['urban-planning', 60], ['parks', 25], ['administration', 15]] },
  { code: 'K181', name: 'Park- och naturförvaltningen', type: 'forvaltning', weight: 0.5, kinds: [['parks', 85], ['administration', 15]] },
  { code: 'K183', name: 'Kulturförvaltningen', type: 'forvaltning', weight: 0.8, kinds: [['culture', 85], ['administration', 15]] },
  { code: 'K185', name: 'Idrotts- och föreningsförvaltningen', type: 'forvaltning', weight: 0.6, kinds: [['sports', 85], ['administration', 15]] },
  { code: 'K187', name: 'Miljöförvaltningen', type: 'forvaltning', weight: 0.25, kinds: [['urban-planning', 80], ['administration', 20]] },
  { code: 'K189', name: 'Kretslopp och vatten', type: 'forvaltning', weight: 0.7, kinds: [['utilities', 75], ['administration', 25]] },
  { code: 'K191', name: 'Konsument- och medborgarservice', type: 'forvaltning', weight: 0.3, kinds: [['contact-centre', 85], ['administration', 15]] },
  { code: 'K193', name: 'Inköp och upphandling', type: 'forvaltning', weight: 0.15, kinds: [['administration', 100]] },
  { code: 'K195', name: 'Lokalförvaltningen', type: 'forvaltning', weight: 0.4, kinds: [['property', 75], ['administration', 25]] },
  { code: 'N197', name: 'Överförmyndarnämnden', type: 'namnd', weight: 0.08, kinds: [['administration', 100]] },
  { code: 'N199', name: 'Valnämnden', type: 'namnd', weight: 0.01, kinds: [['administration', 100]] },
  // Companies (bolag) and federations (kommunalförbund).
  { code: 'I010', name: 'Älvstad Stadshus AB', type: 'bolag', weight: 0.03, kinds: [['administration', 100]] },
  { code: 'I012', name: 'Älvstads Spårvägar AB', type: 'bolag', weight: 2.4, kinds: [['public-transport', 92], ['administration', 8]] },
  { code: 'I014', name: 'Älvstad Energi AB', type: 'bolag', weight: 1.1, kinds: [['utilities', 80], ['contact-centre', 10], ['administration', 10]] },
  { code: 'I016', name: 'Älvstad Energi Nät AB', type: 'bolag', weight: 0.25, kinds: [['utilities', 90], ['administration', 10]] },
  { code: 'I018', name: 'Älvstad Biogas AB', type: 'bolag', weight: 0.03, kinds: [['utilities', 100]] },
  { code: 'I020', name: 'Förvaltnings AB Stadsbostäder', type: 'bolag', weight: 0.1, kinds: [['administration', 100]] },
  { code: 'I022', name: 'Bostads AB Vågen', type: 'bolag', weight: 0.35, kinds: [['housing', 85], ['administration', 15]] },
  { code: 'I024', name: 'Familjebostäder i Älvstad AB', type: 'bolag', weight: 0.35, kinds: [['housing', 85], ['administration', 15]] },
  { code: 'I026', name: 'Bostadsbolaget Älvstränder AB', type: 'bolag', weight: 0.4, kinds: [['housing', 85], ['administration', 15]] },
  { code: 'I028', name: 'Stenhöjdens Bostäder AB', type: 'bolag', weight: 0.05, kinds: [['housing', 100]] },
  { code: 'I030', name: 'Egnahemsbolaget i Älvstad AB', type: 'bolag', weight: 0.03, kinds: [['housing', 100]] },
  { code: 'I032', name: 'Älvstad Parkering AB', type: 'bolag', weight: 0.25, kinds: [['port-and-parking', 90], ['administration', 10]] },
  { code: 'I034', name: 'Lokalbolaget i Älvstad AB', type: 'bolag', weight: 0.2, kinds: [['property', 90], ['administration', 10]] },
  { code: 'I036', name: 'Älvstad Evenemang AB', type: 'bolag', weight: 0.35, kinds: [['events', 90], ['administration', 10]] },
  { code: 'I038', name: 'Nöjesparken Älvstad AB', type: 'bolag', weight: 0.5, kinds: [['events', 95], ['administration', 5]] },
  { code: 'I040', name: 'Älvstad & Co Besöksnäring AB', type: 'bolag', weight: 0.15, kinds: [['administration', 70], ['events', 30]] },
  { code: 'I042', name: 'Business Region Älvstad AB', type: 'bolag', weight: 0.12, kinds: [['administration', 100]] },
  { code: 'I044', name: 'Älvstads Stads Leasing AB', type: 'bolag', weight: 0.02, kinds: [['administration', 100]] },
  { code: 'I046', name: 'Försäkrings AB Älvstad Stad', type: 'bolag', weight: 0.01, kinds: [['administration', 100]] },
  { code: 'I048', name: 'Bostadsförmedlingen i Älvstad AB', type: 'bolag', weight: 0.04, kinds: [['contact-centre', 100]] },
  { code: 'I050', name: 'Älvstränderna Utveckling AB', type: 'bolag', weight: 0.04, kinds: [['urban-planning', 60], ['administration', 40]] },
  { code: 'I052', name: 'Gryning Vård AB', type: 'bolag', weight: 0.9, kinds: [['residential-care', 60], ['disability-housing', 35], ['administration', 5]] },
  { code: 'I054', name: 'Stadsnätet Älvstad AB', type: 'bolag', weight: 0.04, kinds: [['it-services', 100]] },
  { code: 'I056', name: 'Älvstad Störningsjour AB', type: 'bolag', weight: 0.03, kinds: [['contact-centre', 100]] },
  { code: 'I058', name: 'Renhållningsbolaget Älvstad AB', type: 'bolag', weight: 0.5, kinds: [['waste', 90], ['administration', 10]] },
  { code: 'I060', name: 'Älvstad Hamn AB', type: 'bolag', weight: 0.15, kinds: [['port-and-parking', 85], ['administration', 15]] },
  { code: 'I062', name: 'Hamnfastigheter i Älvstad AB', type: 'bolag', weight: 0.02, kinds: [['property', 100]] },
  { code: 'I064', name: 'Älvstad Kongresshall AB', type: 'bolag', weight: 0.05, kinds: [['events', 100]] },
  { code: 'I066', name: 'Älvstad Vindkraft AB', type: 'bolag', weight: 0.01, kinds: [['utilities', 100]] },
  { code: 'I068', name: 'Upphandlingsbolaget i Älvstad AB', type: 'bolag', weight: 0.03, kinds: [['administration', 100]] },
  { code: 'I070', name: 'Älvstad Kulturhus AB', type: 'bolag', weight: 0.08, kinds: [['culture', 60], ['performing-arts', 40]] },
  { code: 'I072', name: 'Stadsteatern i Älvstad AB', type: 'bolag', weight: 0.3, kinds: [['performing-arts', 90], ['administration', 10]] },
  { code: 'I074', name: 'Älvstad Symfoniker AB', type: 'bolag', weight: 0.15, kinds: [['performing-arts', 90], ['administration', 10]] },
  { code: 'F210', name: 'Räddningstjänstförbundet Älvstad', type: 'forbund', weight: 0.7, kinds: [['rescue', 88], ['administration', 12]] },
  { code: 'F212', name: 'Älvstadsregionens kommunalförbund', type: 'forbund', weight: 0.2, kinds: [['administration', 70], ['adult-education', 30]] },
  { code: 'F214', name: 'Samordningsförbundet Älvstad', type: 'forbund', weight: 0.01, kinds: [['administration', 100]] },
  { code: 'F216', name: 'Kommunalförbundet Stadsarkivet', type: 'forbund', weight: 0.03, kinds: [['administration', 100]] },
];
