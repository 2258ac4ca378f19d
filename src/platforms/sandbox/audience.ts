/**
 * The sandbox network's simulated audience: a cast of people who comment (buyers, investors, neighbours,
 * critics, spam accounts), what each kind of comment sounds like, and a pool of names for the many
 * people who only like. Stable data, so a post's engagement replays identically.
 */

/** What a comment is about: the intents the engagement inbox later has to tell apart. */
export type Intent = 'price' | 'availability' | 'showing' | 'financing' | 'compliment' | 'complaint' | 'spam';

export interface Person {
  handle: string;
  name: string;
}

const person = (handle: string, name: string): Person => ({ handle, name });

const buyers = [
  person('jenna.buys.homes', 'Jenna Morales'),
  person('mike_and_tara', 'Mike & Tara Collins'),
  person('first.home.dreams', 'Priya Shah'),
  person('davidkwan', 'David Kwan'),
  person('relocating_rachel', 'Rachel Brooks'),
  person('the.okafors', 'Chidi Okafor'),
  person('sam.h.nguyen', 'Sam Nguyen'),
];
const investors = [
  person('cashflow_carl', 'Carl Jensen'),
  person('brightkey.invest', 'Brightkey Investments'),
];
const neighbours = [
  person('nana.on.maple', 'Louise Hartley'),
  person('homedecor.hannah', 'Hannah Becker'),
  person('local.eats.lee', 'Lee Park'),
];
const critics = [person('grumpy.gus', 'Gus Whitfield'), person('honest_appraiser', 'Tom Reyes')];
const spammers = [
  person('growth.boost.daily', 'Growth Boost'),
  person('crypto_wealth_amy', 'Amy | Crypto Coach'),
  person('followers4u.official', 'Followers 4U'),
];

/** Who writes each kind of comment. */
export const commenters: Record<Intent, Person[]> = {
  price: [...buyers, ...investors],
  availability: [...buyers, ...investors],
  showing: buyers,
  financing: buyers,
  compliment: [...neighbours, ...buyers.slice(0, 3)],
  complaint: critics,
  spam: spammers,
};

/**
 * What people say, by intent. `{place}` becomes the street named in the post, or "this one" when the
 * post names none.
 */
export const commentTemplates: Record<Intent, string[]> = {
  price: [
    "What's the asking price?",
    'How much?',
    'Price?? 😍',
    'What are they asking for {place}?',
    "Can you share the price? Couldn't find it in the post.",
  ],
  availability: [
    'Is this still available?',
    'Is {place} still on the market?',
    'Still available? Any offers yet?',
    'Is it vacant or owner-occupied? When could a buyer move in?',
  ],
  showing: [
    'Can I see it Saturday?',
    "We'd love a tour this weekend. Is Sunday afternoon possible?",
    'Could we schedule a showing Thursday evening?',
    'Any open house coming up? Would love to walk through {place}.',
  ],
  financing: [
    'Would the sellers take an FHA loan?',
    'What would the monthly payment be with 10% down?',
    'Do they accept VA financing?',
    'Any idea what the mortgage would run with 20% down?',
  ],
  compliment: [
    'Gorgeous! That kitchen 😍',
    'Beautiful home, congrats on the listing!',
    'Love the light in this one.',
    'Dream house 🏡',
    'Stunning. Someone is going to be very happy at {place}.',
  ],
  complaint: [
    'Way overpriced for this area.',
    'Those photos are heavily edited, it looks nothing like that in person.',
    'Another overpriced flip. Hard pass.',
    'Your office never called me back after the last open house. Not impressed.',
  ],
  spam: [
    'DM me for cheap followers 🚀',
    '🔥 Grow your page fast, check my bio!',
    'I made $5,000 this week trading crypto, DM me to learn how 💰',
  ],
};

/** A second comment by someone who asked the price earlier: people come back. */
export const followUps: { intent: Intent; text: string }[] = [
  { intent: 'price', text: 'Thanks! Is there any room on the price?' },
  { intent: 'financing', text: 'Thanks! Would the sellers cover some closing costs?' },
  { intent: 'showing', text: 'Thanks! Could we come see it this week?' },
];

/** Names of the people who only like; combined first × last, so hundreds of distinct likers. */
// prettier-ignore
export const firstNames = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Mateo', 'Isabella', 'Lucas', 'Mia', 'Amir',
  'Chloe', 'Ethan', 'Grace', 'Daniel', 'Aria', 'Henry', 'Zoe', 'Jack', 'Nora', 'Owen', 'Leah', 'Kai',
];
// prettier-ignore
export const lastNames = [
  'Smith', 'Garcia', 'Johnson', 'Lee', 'Brown', 'Martinez', 'Davis', 'Lopez', 'Wilson', 'Anderson', 'Thomas',
  'Patel', 'Moore', 'Kim', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'Allen',
];
