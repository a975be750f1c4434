import { parseAccessRules } from './access-rules.parser';

const VALID = `# access rules
groups:
  - key: ehalsa-journal
    dn: CN=G-Ehalsa-Journal,OU=Groups,OU=itops,DC=itops,DC=test
    owner: owner-ehalsa
    policy: enforce
    requestable: true
    maxDays: 365
  - key: intranet
    dn: CN=G-Intranet,OU=Groups,OU=itops,DC=itops,DC=test
    policy: report
roles:
  - key: preschool-teacher
    name: Förskollärare
    when:
      customers: [N138]
      unitPrefixes: [U47]
      jobCodes: [AID-2311]
      forms: [PERMANENT, FIXED_TERM]
    grants:
      groups: [ehalsa-journal]
      licences: [M365-A3]
      devices: [PC]
`;

/** The valid file with one line replaced (1-based), to put one error on a known line. */
const withLine = (line: number, text: string): string => VALID.split('\n').map((l, i) => (i === line - 1 ? text : l)).join('\n');

describe('parseAccessRules', () => {
  it('reads a valid file into groups and roles', () => {
    const parsed = parseAccessRules(VALID);
    expect(parsed.errors).toEqual([]);
    expect(parsed.ruleSet).toEqual({
      groups: [
        { key: 'ehalsa-journal', dn: 'CN=G-Ehalsa-Journal,OU=Groups,OU=itops,DC=itops,DC=test', owner: 'owner-ehalsa', policy: 'enforce', requestable: true, maxDays: 365 },
        { key: 'intranet', dn: 'CN=G-Intranet,OU=Groups,OU=itops,DC=itops,DC=test', owner: null, policy: 'report', requestable: false, maxDays: null },
      ],
      roles: [
        {
          key: 'preschool-teacher',
          name: 'Förskollärare',
          when: { customers: ['N138'], unitPrefixes: ['U47'], jobCodes: ['AID-2311'], forms: ['PERMANENT', 'FIXED_TERM'] },
          grants: { groups: ['ehalsa-journal'], licences: ['M365-A3'], devices: ['PC'] },
        },
      ],
    });
  });

  it.each([
    ['an unknown top-level key', withLine(1, 'extra: 1'), 1, /unknown key 'extra'; allowed: groups, roles/],
    ['an unknown key in a group', withLine(5, '    colour: red'), 5, /unknown key 'colour' in groups\[0\]/],
    ['a bad group key', withLine(3, '  - key: Ehalsa_Journal'), 3, /groups\[0\]\.key 'Ehalsa_Journal' is not allowed/],
    ['a bad DN', withLine(4, '    dn: G-Ehalsa-Journal'), 4, /is not a group DN/],
    ['a bad policy', withLine(6, '    policy: sometimes'), 6, /policy 'sometimes' is not a policy; allowed: enforce, report, ignore/],
    ['requestable not a boolean', withLine(7, '    requestable: maybe'), 7, /requestable must be true or false/],
    ['maxDays not a number of days', withLine(8, '    maxDays: -3'), 8, /maxDays must be a whole number of days/],
    ['a duplicate group key', withLine(9, '  - key: ehalsa-journal'), 9, /group key 'ehalsa-journal' is defined twice \(first on line 3\)/],
    ['a duplicate DN', withLine(10, '    dn: cn=g-ehalsa-journal,OU=Groups,OU=itops,DC=itops,DC=test'), 10, /already the DN of another group \(line 3\)/],
    ['an unknown key in when', withLine(16, '      customerz: [N138]'), 16, /unknown key 'customerz' in roles\[0\]\.when/],
    ['a bad customer code', withLine(16, '      customers: [n138]'), 16, /'n138' is not a customer code/],
    ['a bad form', withLine(19, '      forms: [PERMANENT, INTERN]'), 19, /forms\[1\] 'INTERN' is not an employment form; allowed: PERMANENT, FIXED_TERM, SUBSTITUTE, HOURLY/],
    ['an unknown group in grants', withLine(21, '      groups: [ehalsa-jurnal]'), 21, /'ehalsa-jurnal' is not a group of the catalogue; allowed: ehalsa-journal, intranet/],
    ['a bad licence code', withLine(22, '      licences: [m365 e3]'), 22, /is not a licence product code/],
    ['an unknown key in grants', withLine(23, '      computers: [PC]'), 23, /unknown key 'computers' in roles\[0\]\.grants/],
    ['a duplicate mapping key', withLine(15, '    name: Lärare'), 15, /duplicate key/],
    ['a list where a mapping belongs', withLine(15, '    when: [N138]').replace(/ {6}customers: \[N138\]\n {6}unitPrefixes: \[U47\]\n {6}jobCodes: \[AID-2311\]\n {6}forms: \[PERMANENT, FIXED_TERM\]\n/, ''), 15, /when is missing or not a mapping/],
    ['a value listed twice', withLine(19, '      forms: [PERMANENT, PERMANENT]'), 19, /'PERMANENT' is listed twice/],
    ['broken YAML', withLine(12, 'roles: [unclosed'), 12, /not valid YAML/],
  ])('refuses %s, naming its line', (_what, text, line, message) => {
    const parsed = parseAccessRules(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.errors).toEqual(expect.arrayContaining([expect.objectContaining({ line, message: expect.stringMatching(message) })]));
  });

  it('reports every error at once, in line order', () => {
    const text = withLine(6, '    policy: sometimes').replace('customers: [N138]', 'customers: [x1]').replace('devices: [PC]', 'devices: [pc!]');
    const parsed = parseAccessRules(text);
    expect(parsed.errors.map((e) => e.line)).toEqual([6, 16, 23]);
  });

  describe('the optional catalogue of requestable licences', () => {
    const LICENCES = `${VALID}licences:
  - code: VISIO-P2
    owner: owner-licens
    requestable: true
    maxDays: 365
  - code: PROJECT-P3
    owner: owner-licens
    maxDays: 90
`;
    /** VALID has 23 lines: `licences:` is line 24, the first licence starts on line 25. */
    const licenceLine = (line: number, text: string): string => LICENCES.split('\n').map((l, i) => (i === line - 1 ? text : l)).join('\n');

    it('reads the licences (requestable defaults to false) and leaves them out when the key is absent', () => {
      const parsed = parseAccessRules(LICENCES);
      expect(parsed.errors).toEqual([]);
      expect(parsed.ruleSet?.licences).toEqual([
        { code: 'VISIO-P2', owner: 'owner-licens', requestable: true, maxDays: 365 },
        { code: 'PROJECT-P3', owner: 'owner-licens', requestable: false, maxDays: 90 },
      ]);
      expect(parseAccessRules(VALID).ruleSet).not.toHaveProperty('licences');
    });

    it.each([
      ['a bad licence code', licenceLine(25, '  - code: visio p2'), 25, /licences\[0\]\.code 'visio p2' is not a licence product code/],
      ['a licence listed twice', licenceLine(29, '  - code: VISIO-P2'), 29, /licence 'VISIO-P2' is listed twice \(first on line 25\)/],
      ['an owner with spaces', licenceLine(26, '    owner: owner licens'), 26, /licences\[0\]\.owner must be a subject without spaces/],
      ['a missing owner', licenceLine(26, '    policy: enforce'), 25, /licences\[0\]\.owner is missing/],
      ['an unknown key', licenceLine(26, '    policy: enforce'), 26, /unknown key 'policy' in licences\[0\]; allowed: code, owner, requestable, maxDays/],
      ['requestable not a boolean', licenceLine(27, '    requestable: yes please'), 27, /licences\[0\]\.requestable must be true or false/],
      ['maxDays out of range', licenceLine(28, '    maxDays: 4000'), 28, /licences\[0\]\.maxDays must be a whole number of days from 1 to 3650/],
      ['a missing maxDays', licenceLine(28, ''), 25, /licences\[0\]\.maxDays is missing; it is required/],
      ['licences not a list', `${VALID}licences: VISIO-P2\n`, 24, /licences is not a list/],
    ])('refuses %s, naming its line', (_what, text, line, message) => {
      const parsed = parseAccessRules(text);
      expect(parsed.ok).toBe(false);
      expect(parsed.errors).toEqual(expect.arrayContaining([expect.objectContaining({ line, message: expect.stringMatching(message) })]));
    });
  });

  it('refuses a role without conditions: it would apply to everybody', () => {
    const parsed = parseAccessRules('groups: []\nroles:\n  - key: all\n    name: All\n    when: {}\n    grants:\n      licences: [M365-F3]\n');
    expect(parsed.errors).toEqual([expect.objectContaining({ line: 5, message: expect.stringMatching(/has no condition/) })]);
  });

  it('refuses a file that is not a mapping', () => {
    expect(parseAccessRules('- a\n- b\n').errors).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/must be a mapping/) })]);
  });
});
