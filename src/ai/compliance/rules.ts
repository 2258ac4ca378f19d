/**
 * Fair-housing advertising rules (42 U.S.C. §3604(c)): words that state a preference, limitation or
 * discrimination about a protected class, and steering language.
 *
 * Grounded in HUD's January 1995 guidance on §804(c) advertising (the "Achtenberg memo") and the word
 * lists of the withdrawn 24 CFR 109.20, which HUD staff still use. What the memo says is acceptable is
 * deliberately NOT matched here: describing the property or the area ("family room", "single-family",
 * "walk-in closet", "walking distance to the park", "mother-in-law suite", "apartment with chapel",
 * "kosher kitchen"), describing accessibility features ("wheelchair ramp", "accessible entrance"), and
 * naming landmarks ("near St. Mary's Hospital"). Words that also describe things (white, black, Italian,
 * Spanish, colored) are matched only next to a word about people or places people live.
 *
 * Severity: `error` when the words state a preference on their face; `warning` when they are lawful in
 * the right circumstances or merely dated, so an agent should look again:
 * - "master bedroom": the memo says it is no violation; many MLSs now prefer "primary bedroom".
 * - "55+", "senior community": lawful for housing for older persons (HOPA) only if it qualifies.
 * - "family-friendly", "low crime", a named denomination's church nearby: not facially discriminatory,
 *   but often read as steering.
 *
 * Pattern syntax: regex source, matched case-insensitively at word boundaries, where a space stands
 * for any run of spaces, line breaks or hyphens ("kid friendly" matches "kid-friendly" and
 * "kid\nfriendly"). Curly apostrophes and dashes are normalised before matching. Never write ` ?`
 * (it would become a lazy quantifier); write `(?:x )?` instead.
 */
import type { ComplianceCategory } from './review.js';

export type RuleCategory = Exclude<ComplianceCategory, 'missing_disclosure' | 'missing_license'>;

export interface ComplianceRule {
  id: string;
  category: RuleCategory;
  severity: 'error' | 'warning';
  patterns: readonly string[];
  /** Why it is a problem, one sentence a non-lawyer understands. */
  reason: string;
  /** What to write instead: describe the property, not who should live there. */
  suggestion: string;
}

/** Words for a person of one sex. */
const SEXED =
  '(?:m[ae]n|wom[ae]n|males?|females?|lad(?:y|ies)|gentlem[ae]n|guys?|gals?|boys?|girls?|bachelor(?:ette)?s?|moms?|dads?|mothers?|fathers?)';
/** "perfect for", "ideal starter home for a", "great fit for the": a preference, up to a few words apart. */
const SUITS =
  "(?:perfect|ideal|great|suited|suitable|fit|made|designed|best|good) (?:[\\w'-]+ ){0,3}for (?:a |an |the |your )?(?:[\\w-]+ ){0,2}";
/** "mostly white", "predominantly Hispanic": describing who lives in an area. */
const MOSTLY = '(?:mostly|predominantly|primarily|largely|mainly|overwhelmingly|heavily)';
/** Languages named as a requirement ("Spanish speakers", "English-speaking"). */
const LANGUAGES =
  '(?:english|spanish|chinese|mandarin|cantonese|korean|vietnamese|russian|arabic|french|hindi|urdu|tagalog|polish|portuguese)';

/** Words for groups of people or places where people live; a descriptive word next to one describes people. */
const PEOPLE =
  '(?:people|persons?|folks|famil(?:y|ies)|buyers?|tenants?|renters?|residents?|occupants?|owners?|' +
  'homeowners?|neighbou?rs?|neighbou?rhoods?|communit(?:y|ies)|enclaves?|households?|couples?|' +
  'part of town|only|preferred|girls?|boys?|guys?|gals?|lad(?:y|ies)|gentlem[ae]n|m[ae]n|wom[ae]n)';
const FAITHS =
  '(?:christian|catholic|jewish|muslim|islamic|protestant|hindu|buddhist|mormon|lds|baptist|methodist|' +
  'lutheran|episcopal|presbyterian|evangelical|orthodox|hasidic|amish|sikh)';
const NATIONALITY_NAMES =
  'mexican|puerto rican|cuban|dominican|chinese|japanese|korean|vietnamese|filipino|philippine|' +
  'indian|pakistani|arab|arabic|middle eastern|somali|african|european|polish|hungarian|irish|italian|' +
  'german|russian|greek|spanish|portuguese|haitian|jamaican|immigrant';
const NATIONALITIES = `(?:${NATIONALITY_NAMES})`;
/**
 * After "mostly X": the end of the phrase or a word for people or places ("mostly white.", "mostly
 * Asian area"), not a thing ("mostly white cabinets").
 */
const ABOUT_PEOPLE = `(?:(?![\\s-]*\\p{L})|(?= (?:${PEOPLE}|areas?|blocks?|streets?|towns?|suburbs?)))`;

export const complianceRules: readonly ComplianceRule[] = [
  // ── Race ──────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'race-terms',
    category: 'race',
    severity: 'error',
    patterns: [
      'caucasians?',
      'negro(?:es)?',
      'orientals',
      `(?:african americans?|asian(?: americans?)?|american indians?|native americans?|oriental|biracial|mixed race|caucasian) ${PEOPLE}`,
      'no (?:minorities|asians)',
      `minority ${PEOPLE}`,
      'minorities',
      '(?:same|one) race',
      `${MOSTLY} (?:asian|caucasian|african american|oriental)s?${ABOUT_PEOPLE}`,
    ],
    reason:
      'Naming a race in an ad tells buyers who is (or is not) wanted, which the Fair Housing Act forbids.',
    suggestion:
      "Remove any mention of race and describe the home: 'renovated 3-bedroom ranch on a quiet street'.",
  },
  {
    id: 'race-integration',
    category: 'race',
    severity: 'warning',
    patterns: [
      '(?:racially|ethnically) (?:mixed|diverse|integrated|homogeneous)',
      '(?:integrated|segregated) (?:neighbou?rhoods?|communit(?:y|ies)|areas?|buildings?|blocks?)',
      'segregated',
    ],
    reason: 'Describing the racial make-up of an area is read as steering buyers by race.',
    suggestion:
      "Describe the area by its amenities instead: 'tree-lined street two blocks from the library'.",
  },
  // ── Color ─────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'color-terms',
    category: 'color',
    severity: 'error',
    patterns: [
      // "the Brown family" is a surname, not a colour.
      `(?<!the )(?:white|black|brown|colou?red) ${PEOPLE}`,
      'white private homes?',
      '(?:whites|blacks) only',
      'no (?:whites|blacks|colou?reds)',
      '(?:dark|light|fair|brown) skinned',
      '(?:people|persons|families|buyers|tenants) of colou?r',
      'skin (?:colou?r|tone)',
      `${MOSTLY} (?:white|black)${ABOUT_PEOPLE}`,
    ],
    reason: "Words about people's skin colour state a preference the Fair Housing Act forbids.",
    suggestion: "Use colour words only for the house itself: 'white shaker cabinets, black iron railings'.",
  },
  // ── Religion ──────────────────────────────────────────────────────────────────────────────────
  {
    id: 'religion-terms',
    category: 'religion',
    severity: 'error',
    patterns: [
      `${FAITHS} (?:${PEOPLE}|homes?|buyers)`,
      '(?:christians|jews|muslims|catholics|hindus|mormons|protestants|buddhists) (?:only|preferred|welcome)',
      'no (?:christians|jews|muslims|catholics|hindus|mormons|atheists)',
      'god fearing',
      'church going',
      'churchgoing',
      'bible believing',
      `${MOSTLY} ${FAITHS}${ABOUT_PEOPLE}`,
    ],
    reason:
      'Naming a religion for the buyers or the neighbours tells people of other faiths they are not wanted.',
    suggestion:
      "Leave religion out and describe the home: 'four bedrooms, a finished basement and a large yard'.",
  },
  {
    id: 'religion-proximity',
    category: 'religion',
    severity: 'warning',
    patterns: [
      `(?:near|close to|next to|across from|steps (?:from|to)|minutes (?:from|to)|walk(?:ing distance)? to|walkable to|blocks? from) (?:the |a |your )?${FAITHS} (?:church|cathedral|parish|synagogue|temple|mosque|chapel|school)`,
      '(?:near|close to|next to|across from|steps (?:from|to)|minutes (?:from|to)|walk(?:ing distance)? to|walkable to|blocks? from) (?:the |a |your )?(?:synagogue|mosque)',
    ],
    reason: "Pointing to one faith's place of worship can read as a preference for buyers of that faith.",
    suggestion:
      "Give the location by neutral landmarks or distance: 'half a mile from Main Street shops and the park'.",
  },
  // ── Sex (including sexual orientation and gender identity, per HUD since 2021) ─────────────
  {
    id: 'sex-terms',
    category: 'sex',
    severity: 'error',
    patterns: [
      '(?:men|women|males?|females?|ladies|gentlemen|guys|gals|boys|girls) only',
      'only (?:men|women|males|females)',
      'no (?:men|women|males|females|guys|girls)',
      '(?:male|female) (?:tenants?|buyers?|residents?|occupants?) (?:only|preferred|wanted)',
      `${SUITS}${SEXED}(?! in law)`,
      '(?:straight|gay|lesbian|heterosexual|homosexual|transgender) (?:couples?|people|persons|tenants|buyers|residents|only|neighbou?rhoods?|communit(?:y|ies))',
    ],
    reason: 'Saying which sex (or orientation) the home suits is a preference the Fair Housing Act forbids.',
    suggestion:
      "Describe the space, not the occupant: 'bright one-bedroom with an open kitchen and in-unit laundry'.",
  },
  {
    id: 'sex-dated-terms',
    category: 'sex',
    severity: 'warning',
    patterns: [
      'master (?:bed(?:room)?s?|suites?|baths?|bathrooms?|closets?|retreat|wing|br|ba)',
      'man caves?',
      'she sheds?',
      '(?:gay|lgbtq?\\+?|queer|straight) friendly',
    ],
    reason:
      'Not a fair-housing violation (HUD said so in 1995), but many MLSs and buyers now prefer gender-neutral names.',
    suggestion: "Use a neutral name: 'primary bedroom', 'primary suite', 'bonus room' or 'studio'.",
  },
  // ── Disability ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'disability-terms',
    category: 'disability',
    severity: 'error',
    patterns: [
      'no (?:wheelchairs?|handicapped|disabled|crutches|service animals?|emotional support animals?|mentally ill)',
      'able bodied',
      'physically (?:fit|able|healthy)',
      '(?:must|should|need to|needs to|have to|has to) be (?:able to (?:walk|climb|see|hear|use stairs)|ambulatory|healthy|able bodied|physically fit)',
      'ambulatory (?:only|residents|tenants|buyers)',
      "(?:not|isn't|is not) (?:suitable|suited|ideal|appropriate|recommended|meant) for (?:the )?(?:handicapped|disabled|wheelchairs?|wheelchair users|people with disabilities|persons with disabilities|the blind|the deaf)",
      'mentally (?:ill|disabled|handicapped|retarded|unstable)',
      'cripple[ds]?',
      'retarded',
      'invalids',
      "(?:must not|mustn't|can't|cannot|may not|should not|won't) (?:use|have|bring|need) (?:a )?(?:wheelchairs?|walkers?|service animals?)",
      "(?:not|isn't|is not) (?:a )?(?:good |great )?(?:fit|suitable|suited|ideal|appropriate|recommended|meant|for) (?:for )?(?:people|persons|anyone|someone|tenants|buyers|those) (?:in|using|who use|with) (?:a )?(?:wheelchairs?|walkers?|disabilit(?:y|ies)|mobility (?:issues|problems))",
      '(?:deaf|blind|disabled|handicapped) (?:people|persons|tenants|buyers|residents) (?:only|need not apply|not allowed)',
    ],
    reason:
      'Excluding or discouraging people with disabilities is forbidden; the ad should describe the home only.',
    suggestion:
      "Describe the home's features and let buyers judge: 'second-floor unit reached by stairs; no elevator'.",
  },
  {
    id: 'disability-dated-terms',
    category: 'disability',
    severity: 'warning',
    patterns: ['handicap(?:ped)?'],
    reason:
      "Describing accessibility is welcome, but 'handicapped' is dated and can read as a label on people.",
    suggestion: "Describe the feature: 'accessible entrance', 'step-free shower', 'wheelchair ramp'.",
  },
  // ── Familial status ───────────────────────────────────────────────────────────────────────────
  {
    id: 'familial-limits',
    category: 'familial_status',
    severity: 'error',
    patterns: [
      'no (?:kids|children|child|minors|teens|teenagers|babies|infants|toddlers|large families|families)',
      "(?:kids|children|child|minors) (?:not|aren't|are not|is not|isn't) (?:allowed|permitted|welcome)",
      'adults? only',
      '(?<!active )adult (?:communit(?:y|ies)|buildings?|complex|living|residences?)',
      '(?:singles|couples) only',
      "(?:not|isn't|is not) (?:suitable|suited|ideal|appropriate|meant) for (?:kids|children|families|large families)",
      '(?:maximum|max|limit of|no more than) (?:one|two|1|2) (?:kids|children|child)',
      '(?:no|not for) pregnant',
      'mature (?:couples?|adults?|persons?|individuals|buyers|tenants|residents)',
      '(?:without|no) (?:kids|children)',
      'childless',
      '(?:seniors|singles|couples|families|adults|mature adults) (?:preferred|wanted)',
    ],
    reason: 'Turning away or discouraging households with children is familial-status discrimination.',
    suggestion: "Describe the home instead: 'quiet top-floor two-bedroom with a private balcony'.",
  },
  {
    id: 'familial-preferences',
    category: 'familial_status',
    severity: 'error',
    patterns: [
      // Not "ideal for family gatherings": there family describes the event, not who lives there.
      `${SUITS}(?:famil(?:y|ies)(?! (?:room|gatherings?|dinners?|meals?|fun|time|events?|holidays?|reunions?|style|size|sized|use|living|entertaining))|kids|children|couples?|singles?|newlyweds|empty nesters|mature (?:couples?|adults?))`,
      'empty nesters?',
      'newlyweds',
    ],
    reason:
      'Saying who the home suits (families, couples, singles) states a preference about familial status.',
    suggestion:
      "Describe the property, not who should live there: 'spacious 4-bedroom home with a fenced yard'.",
  },
  {
    id: 'familial-soft',
    category: 'familial_status',
    severity: 'warning',
    patterns: ['(?:family|kid|kids|child|children) (?:friendly|oriented)'],
    reason: "'Family-friendly' can read as a preference for households with children over others.",
    suggestion: "Name what makes it so: 'fenced backyard, two blocks from the park and playground'.",
  },
  {
    id: 'older-persons',
    category: 'familial_status',
    severity: 'warning',
    patterns: [
      '(?:55|62)\\s*\\+',
      '(?:55|62) (?:and|or) (?:older|over|up)',
      '(?:over|age) (?:55|62)',
      'age restricted',
      'senior (?:communit(?:y|ies)|living|housing|complex|only)',
      'seniors only',
      'active adult',
    ],
    reason:
      'Age limits are lawful only for qualifying housing for older persons (HOPA); otherwise they exclude families with children.',
    suggestion: "Keep it only if the community qualifies, and say so plainly: 'a 55+ community under HOPA'.",
  },
  // ── National origin ───────────────────────────────────────────────────────────────────────────
  {
    id: 'national-origin-terms',
    category: 'national_origin',
    severity: 'error',
    patterns: [
      `${NATIONALITIES} ${PEOPLE}`,
      'hispanics?',
      'latin(?:o|a|x)s?',
      'chicanos?',
      'immigrants',
      'foreigners',
      '(?:real|true) americans?',
      'americans? only',
      `${LANGUAGES} speak(?:ing|ers?)(?: only)?`,
      `${MOSTLY} (?:${NATIONALITY_NAMES}|hispanic|latino)${ABOUT_PEOPLE}`,
      'must speak english',
      'english only',
      'no (?:immigrants|foreigners|foreign nationals)',
      `ethnic ${PEOPLE}`,
    ],
    reason: 'Naming a nationality or ancestry for buyers or neighbours states a preference the law forbids.',
    suggestion: "Describe the home and area instead: 'walk to cafés, the market and the light-rail station'.",
  },
  // ── Steering ──────────────────────────────────────────────────────────────────────────────────
  {
    id: 'steering-terms',
    category: 'steering',
    severity: 'error',
    patterns: [
      '(?:exclusive|restricted) (?:gated |private |golf )?(?:neighbou?rhoods?|communit(?:y|ies)|areas?|enclaves?|part of town|streets?|subdivisions?)',
      '(?:safe|safest|safer) (?:neighbou?rhoods?|areas?|communit(?:y|ies)|streets?|part of town|place to raise)',
      `${SUITS}(?:professionals?|retirees|students|seniors|millennials|executives)`,
      'young professionals',
      '(?:the )?right (?:kind|sort|type|class) of (?:people|neighbou?rs|buyers|tenants|families|residents)',
      '(?:better|quality|desirable|respectable|upscale|clean cut|good|nice) class of (?:people|neighbou?rs|residents|tenants|families)',
      '(?:better|quality|desirable|respectable|upscale|clean cut) (?:people|neighbou?rs|residents|tenants|families|clientele|crowd)',
      'undesirables?',
      'riff raff',
      '(?:only )?the (?:best|right|better|nicest) (?:kind of |sort of )?(?:people|families|neighbou?rs|buyers|tenants)',
      '(?:professionals?|students|retirees|executives|millennials) (?:preferred|only|wanted)',
    ],
    reason:
      'Words that hint at who lives nearby or who belongs steer buyers by protected class, even without naming one.',
    suggestion:
      "State facts about the property and area: 'cul-de-sac lot, 5 minutes to the train, a park next door'.",
  },
  {
    id: 'steering-soft',
    category: 'steering',
    severity: 'warning',
    patterns: [
      'low crime',
      'crime free',
      '(?:free of|no) crime',
      '(?:traditional|changing|transitional) (?:neighbou?rhoods?|communit(?:y|ies)|areas?)',
      '(?:bad|rough|sketchy|dangerous) (?:neighbou?rhoods?|areas?|part of town)',
      'ghettos?',
    ],
    reason: 'Claims about crime or the character of a neighbourhood are often read as coded steering.',
    suggestion:
      "Point buyers to facts they can check: 'see the city's public safety map' or name nearby amenities.",
  },
];
