import { describe, expect, it } from 'vitest';
import {
  ANSWER_CONTAINS_FIRST_NAME,
  ANSWER_CONTAINS_LAST_NAME,
  ANSWER_CONTAINS_QUESTION,
  ANSWER_CONTAINS_USERNAME,
  answerProblemDetails,
  answerProblems,
  CUSTOM_QUESTION_KEY,
  hashAnswer,
  normalizeAnswer,
  resolveQuestion,
  SECURITY_QUESTIONS,
  verifyAnswer,
} from './security-question';

const TOO_SHORT = 'The security question answer must be at least 4 characters in length';
const BLANK = 'This field cannot be left blank';
const TOO_LONG = 'This field cannot exceed the maximum allowed characters';
/** Cheap scrypt cost: these tests check behaviour, not strength. */
const COST = 1024;

const profile = { login: 'jane.doe@example.com', firstName: 'Jane', lastName: 'Doe' };
const food = SECURITY_QUESTIONS.disliked_food ?? '';

describe('SECURITY_QUESTIONS', () => {
  it("lists Okta's 19 predefined questions in the enrollment form's order", () => {
    expect(Object.keys(SECURITY_QUESTIONS)).toEqual([
      'disliked_food',
      'name_of_first_plush_toy',
      'first_award',
      'favorite_security_question',
      'favorite_toy',
      'first_computer_game',
      'favorite_movie_quote',
      'first_sports_team_mascot',
      'first_music_purchase',
      'favorite_art_piece',
      'grandmother_favorite_desert',
      'first_thing_cooked',
      'childhood_dream_job',
      'place_where_significant_other_was_met',
      'favorite_vacation_location',
      'new_years_two_thousand',
      'favorite_speaker_actor',
      'favorite_book_movie_character',
      'favorite_sports_player',
    ]);
  });

  it.each([
    ['disliked_food', 'What is the food you least liked as a child?'],
    ['name_of_first_plush_toy', 'What is the name of your first stuffed animal?'],
    ['favorite_vacation_location', 'Where did you go for your favorite vacation?'],
    ['grandmother_favorite_desert', "What was your grandmother's favorite dessert?"],
    ['new_years_two_thousand', "Where were you on New Year's Eve in the year 2000?"],
  ])('%s reads %j', (key, text) => {
    expect(SECURITY_QUESTIONS[key]).toBe(text);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(SECURITY_QUESTIONS)).toBe(true);
  });
});

describe('resolveQuestion', () => {
  it('resolves a predefined key to its text', () => {
    expect(resolveQuestion({ questionKey: 'favorite_toy' })).toEqual({
      ok: true,
      key: 'favorite_toy',
      text: 'What is the toy/stuffed animal you liked the most as a kid?',
    });
  });

  it('ignores `question` for a predefined key', () => {
    expect(resolveQuestion({ questionKey: 'disliked_food', question: 'Something else?' })).toEqual({
      ok: true,
      key: 'disliked_food',
      text: food,
    });
  });

  it('takes the trimmed text of a custom question', () => {
    expect(resolveQuestion({ questionKey: CUSTOM_QUESTION_KEY, question: '  What was my first car?  ' })).toEqual({
      ok: true,
      key: 'custom',
      text: 'What was my first car?',
    });
  });

  it('accepts a custom question of exactly 255 characters (code points)', () => {
    const q = `${'é'.repeat(254)}?`;
    expect(resolveQuestion({ questionKey: 'custom', question: q })).toEqual({ ok: true, key: 'custom', text: q });
    const emoji = '🙂'.repeat(255); // 510 UTF-16 units, 255 characters
    expect(resolveQuestion({ questionKey: 'custom', question: emoji }).ok).toBe(true);
  });

  it.each([
    ['missing key', { questionKey: undefined }, 'questionKey', BLANK],
    ['blank key', { questionKey: '  ' }, 'questionKey', BLANK],
    ['non-string key', { questionKey: 42 }, 'questionKey', BLANK],
    ['custom without question', { questionKey: 'custom' }, 'question', BLANK],
    ['custom with blank question', { questionKey: 'custom', question: ' \t ' }, 'question', BLANK],
    ['custom with non-string question', { questionKey: 'custom', question: ['q'] }, 'question', BLANK],
    ['custom with 256 characters', { questionKey: 'custom', question: 'a'.repeat(256) }, 'question', TOO_LONG],
  ])('%s → %s error', (_label, input, field, message) => {
    expect(resolveQuestion(input)).toMatchObject({ ok: false, field, message });
  });

  it.each(['first_kiss_location', 'DISLIKED_FOOD', 'toString', '__proto__', 'constructor', 'Custom'])(
    'rejects unknown key %j',
    (questionKey) => {
      expect(resolveQuestion({ questionKey })).toMatchObject({ ok: false, field: 'questionKey' });
    },
  );

  it("carries the widget's i18n keys for blank and too long", () => {
    expect(resolveQuestion({ questionKey: '' })).toMatchObject({ i18n: { key: 'model.validation.field.blank' } });
    expect(resolveQuestion({ questionKey: 'custom', question: 'x'.repeat(300) })).toMatchObject({
      i18n: { key: 'model.validation.field.string.maxLength' },
    });
  });
});

describe('answerProblems', () => {
  const check = (answer: string, question = food, p: Parameters<typeof answerProblems>[1]['profile'] = profile) =>
    answerProblems(answer, { question, profile: p });

  it.each(['pizza', 'Brussels sprouts', 'liver and onions', 'abcd', 'ñoño'])('accepts %j', (answer) => {
    expect(check(answer)).toEqual([]);
  });

  describe('at least 4 characters', () => {
    it.each([
      ['', true],
      ['abc', true],
      ['   abc   ', true], // surrounding spaces don't count
      ['a  b', true], // nor doubled inner spaces: "a b" is 3
      ['🍕🍕🍕', true], // characters, not UTF-16 units
      ['abcd', false],
      ['a b c', false],
      ['🍕🍕🍕🍕', false],
    ])('%j too short: %s', (answer, tooShort) => {
      expect(check(answer).includes(TOO_SHORT)).toBe(tooShort);
    });

    it("uses Okta's message and i18n key", () => {
      expect(answerProblemDetails('abc', { question: food, profile })).toEqual([
        { message: TOO_SHORT, i18n: { key: 'securityQuestion.answer.tooShort.arg', params: [4] } },
      ]);
    });
  });

  describe('no part of the question', () => {
    it.each([
      ['cauliflower as a child', true], // "child"
      ['FOOD', true], // case-insensitive
      ['least favorite: beets', true],
      ['fast-food', true],
      ['childhood spinach', true], // substring: "child" in "childhood"
      ['you know, beets', false], // "you" is under 4 letters
      ['the beets', false], // "the" too
      ['as is', false],
      ['beets', false],
    ])('%j contains the question: %s', (answer, contains) => {
      expect(check(answer).includes(ANSWER_CONTAINS_QUESTION)).toBe(contains);
    });

    it('splits words at punctuation and apostrophes', () => {
      const q = SECURITY_QUESTIONS.grandmother_favorite_desert ?? '';
      expect(check('grandmother pie', q)).toContain(ANSWER_CONTAINS_QUESTION);
      expect(check('apple pie', q)).toEqual([]);
      const toy = SECURITY_QUESTIONS.favorite_toy ?? '';
      expect(check('a stuffed bear', toy)).toContain(ANSWER_CONTAINS_QUESTION); // from "toy/stuffed"
    });

    it('counts digits in the question as words', () => {
      const q = SECURITY_QUESTIONS.new_years_two_thousand ?? '';
      expect(check('home in 2000', q)).toContain(ANSWER_CONTAINS_QUESTION);
      expect(check('at home', q)).toEqual([]);
    });

    it('applies to custom questions too', () => {
      expect(check('my Corvette', 'What was your first car, a Corvette?')).toContain(ANSWER_CONTAINS_QUESTION);
    });
  });

  describe('no username', () => {
    it.each([
      ['jane.doe@example.com', 'jane.doe rocks', true], // the whole local part
      ['jane.doe@example.com', 'JANE.DOE', true],
      ['jsmith_2024@example.com', 'jsmith lives here', true], // a part of four or more
      ['jsmith_2024@example.com', 'year 2024!', true],
      ['jsmith-x@example.com', 'x marks the spot', false], // "x" is too short a part
      ['pat.ng@example.com', 'pat and ng', false], // parts under 4 characters
      ['jsmith@example.com', 'example text', false], // the domain is not the username
      ['jsmith', 'jsmith again', true], // login without '@'
    ])('login %s, answer %j: %s', (login, answer, contains) => {
      expect(check(answer, food, { login }).includes(ANSWER_CONTAINS_USERNAME)).toBe(contains);
    });
  });

  describe('no first or last name', () => {
    it.each([
      [{ firstName: 'Jane' }, 'aunt jane cooked', ANSWER_CONTAINS_FIRST_NAME],
      [{ firstName: 'Jane' }, 'janet', ANSWER_CONTAINS_FIRST_NAME],
      [{ lastName: 'Doe' }, 'the doe family', ANSWER_CONTAINS_LAST_NAME],
      [{ firstName: 'José' }, 'jose\u0301 likes', ANSWER_CONTAINS_FIRST_NAME], // decomposed é still matches
    ])('%o / %j → %s', (names, answer, message) => {
      expect(check(answer, food, names)).toContain(message);
    });

    it.each([
      [{ firstName: 'Al', lastName: 'Ng' }, 'salads and gnocchi'], // names under 3 letters are ignored
      [{ firstName: null, lastName: undefined }, 'anything goes'],
      [{}, 'anything goes'],
    ])('%o / %j is fine', (names, answer) => {
      expect(check(answer, food, names)).toEqual([]);
    });
  });

  it('reports every broken rule, in a fixed order', () => {
    expect(check('Doe', food, { login: 'doe', firstName: 'Do', lastName: 'Doe' })).toEqual([TOO_SHORT, ANSWER_CONTAINS_LAST_NAME]);
    expect(check('jane doe child food', food, profile)).toEqual([
      ANSWER_CONTAINS_QUESTION,
      ANSWER_CONTAINS_USERNAME,
      ANSWER_CONTAINS_FIRST_NAME,
      ANSWER_CONTAINS_LAST_NAME,
    ]);
  });
});

describe('normalizeAnswer', () => {
  it.each([
    ['  Pizza  ', 'pizza'],
    ['Brussels   Sprouts', 'brussels sprouts'],
    ['tab\there\nnewline', 'tab here newline'],
    ['non\u00a0breaking', 'non breaking'],
    ['CAFE\u0301', 'café'], // decomposed → composed
    ['ÉCOLE', 'école'],
  ])('%j → %j', (input, output) => {
    expect(normalizeAnswer(input)).toBe(output);
  });
});

describe('hashAnswer / verifyAnswer', () => {
  it('round-trips and rejects a wrong answer', async () => {
    const stored = await hashAnswer('Brussels sprouts', COST);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(stored.toLowerCase()).not.toContain('brussels');
    await expect(verifyAnswer('Brussels sprouts', stored)).resolves.toBe(true);
    await expect(verifyAnswer('Brussel sprouts', stored)).resolves.toBe(false);
    await expect(verifyAnswer('', stored)).resolves.toBe(false);
  });

  it.each(['brussels sprouts', '  BRUSSELS   SPROUTS ', 'Brussels\tSprouts', 'brussels\u00a0sprouts'])(
    'matches the normalised form %j',
    async (variant) => {
      const stored = await hashAnswer('Brussels sprouts', COST);
      await expect(verifyAnswer(variant, stored)).resolves.toBe(true);
    },
  );

  it('matches composed and decomposed accents', async () => {
    const stored = await hashAnswer('Crème brûlée', COST);
    await expect(verifyAnswer('cre\u0300me bru\u0302le\u0301e', stored)).resolves.toBe(true);
    await expect(verifyAnswer('creme brulee', stored)).resolves.toBe(false);
  });

  it('salts: the same answer hashes differently each time', async () => {
    expect(await hashAnswer('pizza', COST)).not.toBe(await hashAnswer('pizza', COST));
  });

  it('records the cost, so answers hashed at another cost still verify', async () => {
    const cheap = await hashAnswer('pizza', 16);
    expect(cheap.startsWith('scrypt$16$')).toBe(true);
    await expect(verifyAnswer('pizza', cheap)).resolves.toBe(true);
  });

  it.each([0, 1, 1000, -1024, 1.5, Number.NaN])('refuses cost %s', async (cost) => {
    await expect(hashAnswer('pizza', cost)).rejects.toThrow(RangeError);
  });

  it.each([
    '',
    'pizza',
    'scrypt$1024$8$1$salt',
    'bcrypt$1024$8$1$c2FsdA$aGFzaA',
    'scrypt$1000$8$1$c2FsdA$aGFzaA', // N not a power of two
    'scrypt$1024$0$1$c2FsdA$aGFzaA',
    'scrypt$1024$8$1$c2FsdA$aGFzaA', // hash of the wrong length
    'scrypt$1024$8$1$c2FsdA$aGFzaA$extra',
  ])('is false, not a throw, for malformed stored value %j', async (stored) => {
    await expect(verifyAnswer('pizza', stored)).resolves.toBe(false);
  });
});
