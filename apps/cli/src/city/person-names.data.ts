// Names as they occur among a Swedish city's staff, most common first (the generator weights
// them by rank, so Anna and Andersson are frequent and namesakes appear as they do in real
// registers). Besides plain Swedish names the lists carry what trips up account naming:
// å/ä/ö and é, hyphenated given names and surnames, particles (af, von), long names, and names
// of origins common in Sweden (Finland, the Balkans, Poland, the Middle East, Somalia, Iran,
// Turkey, Latin America, Asia).
import type { Sex } from './city.model';

export const SWEDISH_GIVEN: Readonly<Record<Sex, readonly string[]>> = {
  F: [
    'Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Kristina', 'Lena', 'Emma', 'Kerstin', 'Marie', 'Malin', 'Ingrid', 'Jenny', 'Hanna',
    'Linda', 'Elin', 'Annika', 'Susanne', 'Johanna', 'Ida', 'Sofia', 'Åsa', 'Birgitta', 'Inger', 'Camilla', 'Helena', 'Cecilia',
    'Louise', 'Frida', 'Maja', 'Matilda', 'Elsa', 'Agnes', 'Ebba', 'Klara', 'Julia', 'Lisa', 'Ulla', 'Margareta', 'Monica',
    'Anna-Karin', 'Ann-Charlotte', 'Eva-Lena', 'Ann-Sofie', 'Britt-Marie', 'Anne-Marie', 'Mari-Louise', 'Linnéa', 'Therése',
    'Renée', 'Désirée', 'Märta', 'Gunnel', 'Solveig', 'Ylva', 'Petra', 'Josefine', 'Mikaela', 'Rebecka', 'Tove', 'Moa',
    'Wilma', 'Alva', 'Ellen', 'Astrid', 'Siv', 'Gun', 'Barbro', 'Pia', 'Anneli', 'Jessica', 'Amanda', 'Emelie', 'Åse', 'Maud',
    'Christina', 'Charlotte', 'Alexandra', 'Elisabeth', 'Katarina', 'Gunilla', 'Ulrika', 'Magdalena', 'Maximiliana', 'Carolina',
  ],
  M: [
    'Lars', 'Mikael', 'Anders', 'Johan', 'Per', 'Erik', 'Karl', 'Peter', 'Thomas', 'Jan', 'Daniel', 'Fredrik', 'Hans', 'Bengt',
    'Mats', 'Magnus', 'Stefan', 'Andreas', 'Jonas', 'Björn', 'Örjan', 'Åke', 'Göran', 'Sören', 'Håkan', 'Kjell', 'Ulf', 'Nils',
    'Oskar', 'Axel', 'Viktor', 'Emil', 'Gustav', 'Olof', 'Karl-Johan', 'Per-Olof', 'Jan-Erik', 'Lars-Göran', 'Carl-Henrik',
    'Hans-Åke', 'Sven-Erik', 'Bo', 'Leo', 'Elias', 'Hugo', 'Linus', 'Isak', 'André', 'René', 'Joël', 'Tommy', 'Roger', 'Patrik',
    'Niklas', 'Henrik', 'Martin', 'Marcus', 'Robert', 'Sebastian', 'Simon', 'Tobias', 'Kent', 'Leif', 'Rolf', 'Sten', 'Gösta',
    'Ove', 'Lennart', 'Christoffer', 'Maximilian', 'Alexander', 'Jean-Philippe', 'Carl-Fredrik', 'Östen', 'Ragnar', 'Gunnar',
  ],
};

export const SWEDISH_SURNAMES: readonly string[] = [
  'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson',
  'Pettersson', 'Jonsson', 'Jansson', 'Hansson', 'Bengtsson', 'Jönsson', 'Lindberg', 'Jakobsson', 'Magnusson', 'Olofsson',
  'Lindström', 'Lindqvist', 'Lindgren', 'Berg', 'Axelsson', 'Bergström', 'Lundberg', 'Lind', 'Lundgren', 'Lundqvist',
  'Mattsson', 'Berglund', 'Fredriksson', 'Sandberg', 'Henriksson', 'Forsberg', 'Sjöberg', 'Wallin', 'Engström', 'Eklund',
  'Danielsson', 'Lundin', 'Håkansson', 'Björk', 'Bergman', 'Gunnarsson', 'Holm', 'Wikström', 'Samuelsson', 'Isaksson',
  'Fransson', 'Bergqvist', 'Nyström', 'Holmberg', 'Arvidsson', 'Löfgren', 'Söderberg', 'Nyberg', 'Blomqvist', 'Claesson',
  'Nordström', 'Mårtensson', 'Lundström', 'Viklund', 'Björklund', 'Eliasson', 'Pålsson', 'Berggren', 'Sandström', 'Lund',
  'Nordin', 'Ström', 'Åberg', 'Hermansson', 'Ekström', 'Holmgren', 'Sundberg', 'Hedlund', 'Dahlberg', 'Hellström', 'Sjögren',
  'Abrahamsson', 'Falk', 'Öberg', 'Andreasson', 'Blom', 'Ek', 'Månsson', 'Strand', 'Åkesson', 'Sundström', 'Sjöström',
  'Högberg', 'Ågren', 'Östlund', 'Åström', 'Söderström', 'Dahl', 'Nyqvist', 'Hedberg', 'Ekberg', 'Gyllenhammar',
  'Wachtmeister', 'Östergren', 'Öhrström', 'Thörnqvist', 'Kjellström', 'Ljungqvist', 'Bäckström', 'Löwenhielm', 'Zetterström',
];

/** Swedish surnames with a particle, rare but real: the account name keeps them (af-klercker). */
export const NOBLE_SURNAMES: readonly string[] = ['af Klercker', 'von Essen', 'De Geer', 'af Ugglas', 'von Platen', 'Lagerlöf af Eckersholm'];

/** Names of origins common in Sweden, each origin's given names and surnames together. */
export const FOREIGN_ORIGINS: readonly { weight: number; given: Readonly<Record<Sex, readonly string[]>>; surnames: readonly string[] }[] = [
  {
    // Arabic-speaking countries
    weight: 30,
    given: {
      F: ['Fatima', 'Amina', 'Leila', 'Maryam', 'Yasmin', 'Nour', 'Hiba', 'Rania', 'Sara', 'Aya', 'Zainab', 'Layla'],
      M: ['Mohammed', 'Ahmed', 'Ali', 'Omar', 'Hassan', 'Hussein', 'Mustafa', 'Ibrahim', 'Khaled', 'Samir', 'Ahmad', 'Youssef'],
    },
    surnames: ['Mohammed', 'Ahmed', 'Hassan', 'Ali', 'Hussein', 'Ibrahim', 'Abdullah', 'Al-Hassan', 'Khalil', 'Saleh', 'Al-Khalidi', 'Mahmoud'],
  },
  {
    // Somalia
    weight: 10,
    given: { F: ['Hodan', 'Fadumo', 'Ayan', 'Hawa', 'Sahra', 'Khadija'], M: ['Abdullahi', 'Abdirahman', 'Mohamed', 'Yusuf', 'Hamza', 'Abdi'] },
    surnames: ['Abdi', 'Mohamed', 'Farah', 'Warsame', 'Abdirahman Mohamed', 'Hirsi', 'Jama', 'Osman'],
  },
  {
    // Iran
    weight: 10,
    given: { F: ['Shirin', 'Mina', 'Parisa', 'Negin', 'Maryam', 'Azadeh'], M: ['Reza', 'Amir', 'Ali', 'Mehdi', 'Dariush', 'Farhad'] },
    surnames: ['Hosseini', 'Ahmadi', 'Karimi', 'Rezaei', 'Mohammadi', 'Jafari', 'Moradi', 'Tehrani'],
  },
  {
    // Finland
    weight: 14,
    given: { F: ['Päivi', 'Tuula', 'Riitta', 'Anneli', 'Sirpa', 'Marjatta'], M: ['Juha', 'Matti', 'Jukka', 'Pekka', 'Kari', 'Mikko'] },
    surnames: ['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Heikkinen', 'Koskinen', 'Järvinen', 'Lehtonen'],
  },
  {
    // Former Yugoslavia
    weight: 12,
    given: { F: ['Dragana', 'Jelena', 'Milica', 'Ana', 'Amra', 'Emina'], M: ['Goran', 'Nikola', 'Dragan', 'Milan', 'Zoran', 'Emir'] },
    surnames: ['Jovanović', 'Petrović', 'Nikolić', 'Hodžić', 'Kovačević', 'Babić', 'Marković', 'Begić', 'Đurić', 'Šehić'],
  },
  {
    // Poland
    weight: 8,
    given: { F: ['Katarzyna', 'Agnieszka', 'Małgorzata', 'Joanna', 'Aleksandra'], M: ['Tomasz', 'Piotr', 'Dariusz', 'Paweł', 'Łukasz'] },
    surnames: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski', 'Zieliński'],
  },
  {
    // Turkey
    weight: 6,
    given: { F: ['Zeynep', 'Elif', 'Ayşe', 'Emine'], M: ['Mehmet', 'Emre', 'Murat', 'Hüseyin'] },
    surnames: ['Yilmaz', 'Kaya', 'Demir', 'Şahin', 'Öztürk', 'Çelik', 'Aydın'],
  },
  {
    // Latin America
    weight: 5,
    given: { F: ['María José', 'Carolina', 'Valentina', 'Gabriela'], M: ['José', 'Andrés', 'Carlos', 'Juan Pablo'] },
    surnames: ['González', 'Rodríguez', 'Muñoz', 'Pérez', 'Hernández', 'Sánchez Olivares'],
  },
  {
    // Eritrea and Ethiopia
    weight: 3,
    given: { F: ['Selam', 'Helen', 'Meron'], M: ['Dawit', 'Yonas', 'Tesfaye'] },
    surnames: ['Tesfaye', 'Gebremedhin', 'Haile', 'Berhane'],
  },
  {
    // Asia
    weight: 4,
    given: { F: ['Linh', 'Mai', 'Mei', 'Priya'], M: ['Minh', 'Wei', 'Arjun', 'Hiroshi'] },
    surnames: ['Nguyen', 'Tran', 'Le', 'Chen', 'Wang', 'Sharma', 'Patel'],
  },
];
